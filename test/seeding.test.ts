/**
 * Seeding: deterministic (two runs, identical data), idempotent (a re-run changes nothing),
 * all-or-nothing on a malformed file, and the scalable generator's row counts for a small N.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { Db } from '../src/db/db';
import { initORM, migrate } from '../src/db/orm';
import { reportsDir, seedReports } from '../seeds/reports.seed';
import { runSeeds } from '../seeds/seed';
import { seedCatalogue } from '../seeds/catalogue.seed';
import { seedGeography } from '../seeds/geography.seed';
import { countyCode, provinceTargets, seedProvince } from '../seeds/province';
import { tableChecksums } from './helpers/checksums';
import { createDatabase, dropDatabase, serverUrl } from './helpers/harness';

interface Fresh {
  name: string;
  orm: MikroORM;
  pg: Client;
  sql: <R = Record<string, any>>(text: string, values?: unknown[]) => Promise<R[]>;
}

async function fresh(): Promise<Fresh> {
  const name = await createDatabase({ empty: true });
  const orm = await initORM({ url: serverUrl(name) });
  await migrate(orm);
  const pg = new Client({ connectionString: serverUrl(name) });
  await pg.connect();
  return { name, orm, pg, sql: async (text, values) => (await pg.query(text, values)).rows };
}

async function close(f: Fresh) {
  await f.pg.end();
  await f.orm.close(true);
  await dropDatabase(f.name);
}

// Timestamps of loading (reports, their revisions, indicator revisions) legitimately differ between runs.
// Summary state holds refresh times.
const VOLATILE = ['mikro_orm_migrations', 'report', 'report_revision', 'indicator_revision', 'summary_state'];

describe('seeding', () => {
  let a: Fresh;
  let b: Fresh;
  beforeAll(async () => {
    [a, b] = await Promise.all([fresh(), fresh()]);
  });
  afterAll(async () => {
    await close(a);
    await close(b);
  });

  it('two runs of the generator produce identical data, and a re-run changes nothing', async () => {
    await runSeeds(a.orm);
    await runSeeds(b.orm);
    const first = await tableChecksums(a, VOLATILE);
    expect(first.enforcement_case).toMatch(/^21085:/);
    expect(await tableChecksums(b, VOLATILE)).toEqual(first);
    // Run again on both (the same steps on both keep their id sequences in step for the next test).
    await runSeeds(a.orm);
    await runSeeds(b.orm);
    expect(await tableChecksums(a, VOLATILE)).toEqual(first);
    const [revisions] = await a.sql<{ n: string }>('SELECT count(*) AS n FROM report_revision');
    expect(Number(revisions.n)).toBe(10); // one per report: the re-run imported nothing
  });

  it('the scaled generator makes the expected rows for a small province, the same on every run', async () => {
    const years = [2022, 2023];
    const run = (f: Fresh) => new Db(f.orm).transaction((tx) => seedProvince(tx, { counties: 2, years, seed: 'test' }));
    const ra = await run(a);
    const rb = await run(b);
    expect(ra.counties).toBe(2);
    expect(rb.rows).toEqual(ra.rows);

    // Expected counts from the plan: per county-year the six action totals, per county 13 townships and 38 agencies.
    let cases = 0;
    let officers = 0;
    for (let i = 0; i < 2; i++) {
      const targets = provinceTargets('test', countyCode(i));
      for (const y of years) {
        const t = targets(y);
        cases += Object.values(t.actions).reduce((s, n) => s + n, 0);
        officers += t.cancelled;
      }
      const last = targets(2023);
      officers += last.activeDepartmentOfficers + last.activeTownshipOfficers;
    }
    const [counts] = await a.sql<{ cases: string; officers: string; townships: string; agencies: string; counties: string }>(`SELECT
      (SELECT count(*) FROM enforcement_case c JOIN county k ON k.id = c.county_id WHERE k.synthetic) AS cases,
      (SELECT count(*) FROM enforcement_officer o JOIN county k ON k.id = o.county_id WHERE k.synthetic) AS officers,
      (SELECT count(*) FROM township t JOIN county k ON k.id = t.county_id WHERE k.synthetic) AS townships,
      (SELECT count(*) FROM agency g JOIN county k ON k.id = g.county_id WHERE k.synthetic) AS agencies,
      (SELECT count(*) FROM county WHERE synthetic) AS counties`);
    expect(Number(counts.cases)).toBe(cases);
    expect(Number(counts.officers)).toBe(officers);
    expect(counts).toMatchObject({ townships: '26', agencies: '76', counties: '2' });
    expect(cases / 4).toBeGreaterThan(10000); // about Yanjin's volume per county-year

    const syntheticCodes = await a.sql<{ code: string }>('SELECT code FROM county WHERE synthetic ORDER BY code');
    expect(syntheticCodes.map((r) => r.code)).toEqual(['990101', '990102']);
    expect(await tableChecksums(b, VOLATILE)).toEqual(await tableChecksums(a, VOLATILE));

    // Loading again adds nothing.
    const again = await run(a);
    expect(again.counties).toBe(0);
  });
});

describe('a malformed seed file', () => {
  let db: Fresh;
  let root: string;
  let dir: string;
  beforeAll(async () => {
    db = await fresh();
    await new Db(db.orm).transaction(async (tx) => {
      await seedGeography(tx);
      await seedCatalogue(tx);
    });
    // The same layout as seeds/: data/reports/*.json and the sources/ the Yanjin file points at.
    root = await mkdtemp(path.join(os.tmpdir(), 'rolg-seed-'));
    dir = path.join(root, 'data', 'reports');
    await cp(reportsDir, dir, { recursive: true });
    await cp(path.join(reportsDir, '../../sources'), path.join(root, 'sources'), { recursive: true });
  });
  afterAll(async () => {
    await close(db);
    await rm(root, { recursive: true, force: true });
  });

  async function corrupt(file: string, change: (doc: any) => void) {
    const original = await readFile(path.join(reportsDir, file), 'utf8');
    const doc = JSON.parse(original);
    change(doc);
    await writeFile(path.join(dir, file), JSON.stringify(doc));
    return async () => writeFile(path.join(dir, file), original);
  }

  it.each([
    ['missing quote', (d: any) => delete d.figures[2].quote, /411627_2023_zhoukou_taikang\.json: .*figures\[2\] quote: is required/],
    ['unknown indicator', (d: any) => (d.figures[0].indicator = 'NOT_AN_INDICATOR'), /figures\[0\] indicator: unknown indicator "NOT_AN_INDICATOR"/],
    ['non-numeric value', (d: any) => (d.figures[1].value = 'many'), /figures\[1\] value: must be a number/],
  ])('%s: stops before writing anything and names the file, the entry and the problem', async (_label, change, message) => {
    const restore = await corrupt('411627_2023_zhoukou_taikang.json', change);
    try {
      const before = await tableChecksums(db);
      await expect(new Db(db.orm).transaction((tx) => seedReports(tx, dir))).rejects.toThrow(message);
      expect(await tableChecksums(db)).toEqual(before);
    } finally {
      await restore();
    }
  });
});
