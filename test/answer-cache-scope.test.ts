/**
 * Issue 18.2: the answer cache drops exactly what a write changed, whoever writes and however.
 * The real server over HTTP, anonymous callers, `x-debug-sql` to tell a cached answer (no SQL) from
 * a computed one; expected values from plain SQL. A LISTEN session of the test's own reads what
 * each table's triggers announce.
 */
import { Client, type Notification } from 'pg';
import { facts } from '../src/analytics/facts';
import { DATA_CHANGED_CHANNEL } from '../src/db/data-changes';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

const A = '410726'; // Yanjin: records and reports
let B: string; // another county with published figures
let app: TestApp;
let listener: Client;
const heard: string[] = [];

/** An anonymous request: its data, and how many SQL statements it sent (0: served from the cache). */
async function anonymous(query: string): Promise<{ data: any; statements: number }> {
  const { status, json } = await postGraphql(app, { query }, { 'x-debug-sql': '1' });
  if (status !== 200 || json.errors) throw new Error(JSON.stringify(json));
  return { data: json.data, statements: json.extensions.sqlStatements };
}

/** Asks until the answer is computed again (the change was heard), at most 5 s. */
async function recomputed(query: string): Promise<{ data: any; statements: number }> {
  for (let i = 0; i < 50; i++) {
    const answer = await anonymous(query);
    if (answer.statements > 0) return answer;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`still cached: ${query}`);
}

/** Waits for the next announcement about `table` (after those already read). */
async function announced(table: string, from: number): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const hit = heard.slice(from).find((p) => p.split(' ')[0] === table);
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nothing announced for ${table}; heard ${heard.slice(from).join(' | ')}`);
}

const figuresOf = (code: string) => `{ figures(filter: { countyCode: { eq: "${code}" } }, first: 100, orderBy: [{ field: ID, direction: ASC }]) { totalCount nodes { id value } } }`;
const countyPage = (code: string) => `{ county(code: "${code}") { name figures(first: 5) { totalCount } } }`;
const anyCounty = '{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2022, 2023]) { rows { county { code } cells { year value } } } }';
/** An empty list of counties compares every county too. */
const anyCountyEmptyList = '{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2022, 2023], counties: []) { rows { county { code } cells { year value } } } }';

async function figureRows(code: string): Promise<{ totalCount: number; nodes: { value: number }[] }> {
  const rows = await app.sql<{ value: string }>(`SELECT f.value FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code = $1 ORDER BY f.id`, [code]);
  const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code = $1`, [code]);
  return { totalCount: Number(n), nodes: rows.slice(0, 100).map((r) => ({ value: Number(r.value) })) };
}
const valuesOnly = (answer: any) => ({ totalCount: answer.figures.totalCount, nodes: answer.figures.nodes.map((n: { value: number }) => ({ value: n.value })) });

beforeAll(async () => {
  app = await startTestApp({ http: true });
  [{ code: B }] = await app.sql<{ code: string }>(`SELECT c.code FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code <> $1 GROUP BY c.code ORDER BY count(*) DESC, c.code LIMIT 1`, [A]);
  listener = new Client({ connectionString: app.url });
  await listener.connect();
  listener.on('notification', (n: Notification) => { if (n.channel === DATA_CHANGED_CHANNEL) heard.push(n.payload ?? ''); });
  await listener.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
}, 120_000);

afterAll(async () => {
  await listener?.end();
  await app?.close();
});

describe('what is kept', () => {
  // Every published root field, and every fact's stats (a loop over the declarations).
  const cases: [string, string][] = [
    ['figures', figuresOf(A)],
    ['county', countyPage(A)],
    ['comparison', anyCounty],
    ['reconciliation', `{ reconciliation(county: "${A}", year: 2023) { indicator { code } status } }`],
    ['counties', '{ counties { code } }'],
    ['reports', `{ reports(filter: { countyCode: { eq: "${A}" } }, first: 5) { totalCount nodes { title } } }`],
    ['indicators', '{ indicators(first: 3) { nodes { code } } }'],
    ...facts.map((f): [string, string] => [f.field, `{ ${f.field}(filter: { countyCode: { eq: "${A}" } }) { totalCount nodes { count } } }`]),
  ];

  it.each(cases)('%s: computed once, then served without SQL, the same answer', async (_name, query) => {
    const first = await anonymous(query);
    expect(first.statements).toBeGreaterThan(0);
    expect(await anonymous(query)).toEqual({ data: first.data, statements: 0 });
  });

  it.each(facts.map((f) => [f.field, f.entity.table]))('%s of a county, cached, counts what plain SQL counts', async (field, table) => {
    const query = `{ ${field}(filter: { countyCode: { eq: "${A}" } }) { nodes { count } } }`;
    const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM "${table}" t JOIN county c ON c.id = t.county_id WHERE c.code = $1`, [A]);
    await anonymous(query);
    const cached = await anonymous(query);
    expect(cached.statements).toBe(0);
    expect(cached.data[field].nodes.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(Number(n));
  });

  it('keyed callers, and fields outside the published data, are never served from the cache', async () => {
    const key = await createKey(app.db, Role.ANALYST, null, 'cache scope analyst');
    const query = figuresOf(A);
    await anonymous(query);
    const keyed = await postGraphql(app, { query }, { 'x-debug-sql': '1', authorization: `Bearer ${key.secret}` });
    expect(keyed.json.extensions.sqlStatements).toBeGreaterThan(0);
    const cases = '{ agencies(first: 1) { totalCount } }';
    await anonymous(cases);
    expect((await anonymous(cases)).statements).toBeGreaterThan(0);
  });
});

describe('what a write drops', () => {
  let editorSecret: string;
  beforeAll(async () => {
    editorSecret = (await createKey(app.db, Role.ADMIN, null, 'cache scope importer')).secret;
  });

  /** Fills the cache with A's, B's and an any-county answer, and checks each is served from it. */
  async function cacheAll(): Promise<void> {
    for (const q of [figuresOf(A), figuresOf(B), countyPage(A), countyPage(B), anyCounty, anyCountyEmptyList]) {
      await anonymous(q);
      expect((await anonymous(q)).statements).toBe(0);
    }
  }

  it('an import of county A drops A\'s answers and the any-county ones, and keeps B\'s', async () => {
    await cacheAll();
    const report = { format: 'rule-of-law-report/v1', report: { areaCode: A, year: 2022, title: 'cache scope fixture', coverage: 'TEST FIXTURE' },
      figures: [{ indicator: 'ENF_PENALTY_TOTAL', value: 1000, unit: '件', quote: '全年办理行政处罚案件1000件' }] };
    const imported = await postGraphql(app, { query: 'mutation ($r: JSONObject!) { importReport(report: $r) { status } }', variables: { r: report } },
      { authorization: `Bearer ${editorSecret}` });
    expect(imported.json.errors).toBeUndefined();

    const a = await recomputed(figuresOf(A));
    expect(valuesOnly(a.data)).toEqual(await figureRows(A));
    expect(a.data.figures.nodes.map((n: { value: number }) => n.value)).toContain(1000);
    expect((await recomputed(countyPage(A))).statements).toBeGreaterThan(0);
    const any = await recomputed(anyCounty);
    const yanjin = any.data.comparison.rows.find((r: any) => r.county.code === A);
    expect(yanjin.cells.find((c: any) => c.year === 2022).value).toBe(1000);
    expect((await recomputed(anyCountyEmptyList)).data).toEqual(any.data);
    // B's answers were kept: still no SQL, and still what the database holds.
    const b = await anonymous(figuresOf(B));
    expect(b.statements).toBe(0);
    expect(valuesOnly(b.data)).toEqual(await figureRows(B));
    expect((await anonymous(countyPage(B))).statements).toBe(0);
  });

  it('hand-written SQL behind the cache\'s back (UPDATE, DELETE) drops B\'s answers, and keeps A\'s', async () => {
    await cacheAll();
    await app.sql(`UPDATE figure SET value = value + 7 WHERE id = (SELECT min(f.id) FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code = $1)`, [B]);
    const updated = await recomputed(figuresOf(B));
    expect(valuesOnly(updated.data)).toEqual(await figureRows(B));
    expect((await anonymous(figuresOf(A))).statements).toBe(0);
    expect((await anonymous(countyPage(A))).statements).toBe(0);

    await anonymous(figuresOf(B));
    await app.sql(`DELETE FROM figure WHERE id = (SELECT max(f.id) FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code = $1)`, [B]);
    const deleted = await recomputed(figuresOf(B));
    expect(valuesOnly(deleted.data)).toEqual(await figureRows(B));
    expect(deleted.data.figures.totalCount).toBe(updated.data.figures.totalCount - 1);
    expect((await anonymous(figuresOf(A))).statements).toBe(0);
  });

  it('a record written by SQL into a partition drops that county\'s stats', async () => {
    const stats = `{ enforcementCaseStats(filter: { countyCode: { eq: "${A}" }, year: { eq: 2023 } }) { nodes { count } } }`;
    await anonymous(stats);
    expect((await anonymous(stats)).statements).toBe(0);
    await anonymous(figuresOf(B));
    await app.sql(`INSERT INTO enforcement_case_2023 (county_id, provenance, source, case_number, agency_id, action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen)
      SELECT county_id, 'SYNTHETIC', 'cache scope test', 'CACHE-SCOPE-1', agency_id, action_type, '2023-06-01', fine_amount_fen, leniency, leniency_amount_fen
        FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = $1) AND decided_on >= '2023-01-01' LIMIT 1`, [A]);
    const after = await recomputed(stats);
    const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case e JOIN county c ON c.id = e.county_id
      WHERE c.code = $1 AND e.decided_on >= '2023-01-01' AND e.decided_on < '2024-01-01'`, [A]);
    expect(after.data.enforcementCaseStats.nodes.reduce((s: number, g: { count: number }) => s + g.count, 0)).toBe(Number(n));
    expect((await anonymous(figuresOf(B))).statements).toBe(0);
  });

  it('a catalogue change drops every answer; a selection that walks to other counties is about any county', async () => {
    const walk = `{ county(code: "${A}") { city { counties { code name } } } }`;
    await cacheAll();
    await anonymous(walk);
    expect((await anonymous(walk)).statements).toBe(0);
    await app.sql(`UPDATE county SET name = name || '' WHERE code = $1`, [B]);
    expect((await recomputed(walk)).statements).toBeGreaterThan(0);
    expect((await anonymous(countyPage(A))).statements).toBe(0);

    await app.sql(`UPDATE indicator SET description = description WHERE code = 'ENF_PENALTY_TOTAL'`);
    for (const q of [figuresOf(A), figuresOf(B), countyPage(A), anyCounty]) expect((await recomputed(q)).statements).toBeGreaterThan(0);
  });
});

describe('what each table announces', () => {
  /** Tables the triggers watch, from the catalog, with their partitions' triggers. */
  async function watched(): Promise<{ table: string; partitioned: boolean; unwatchedPartitions: number }[]> {
    return app.sql(`
      SELECT c.relname AS table, c.relkind = 'p' AS partitioned,
             (SELECT count(*)::int FROM pg_inherits i WHERE i.inhparent = c.oid
                AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = i.inhrelid AND t.tgname = 'rolg_changed_update')) AS "unwatchedPartitions"
        FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
       WHERE ns.nspname = 'public' AND NOT c.relispartition
         AND EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'rolg_changed_update')
       ORDER BY 1`);
  }

  it('every table with a county, and the catalogue and geography, is watched with all its partitions and four events', async () => {
    const tables = await watched();
    const names = tables.map((t) => t.table);
    const withCounty = await app.sql<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
       WHERE ns.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND a.attname = 'county_id' AND NOT a.attisdropped
         AND c.relname NOT LIKE 'summary\\_%' ORDER BY 1`);
    for (const { table } of withCounty) expect(names).toContain(table);
    for (const t of ['county', 'province', 'city', 'indicator', 'indicator_revision', 'report_revision']) expect(names).toContain(t);
    for (const t of tables) expect(t.unwatchedPartitions).toBe(0);
    const events = await app.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE c.relname = ANY($1) AND t.tgname LIKE 'rolg_changed_%'`, [names]);
    expect(events[0].n).toBe(names.length * 4);
  });

  it('an UPDATE of one row announces its table and its county (or * where rows have none); a statement that writes nothing announces nothing', async () => {
    const tables = await watched();
    for (const { table } of tables) {
      const [{ column }] = await app.sql<{ column: string }>(`SELECT attname AS column FROM pg_attribute WHERE attrelid = $1::regclass AND attnum = 1`, [`"${table}"`]);
      const [row] = await app.sql<{ tableoid: number; ctid: string }>(`SELECT tableoid::int, ctid::text FROM "${table}" LIMIT 1`);
      if (!row) continue; // nothing to update in the seeded data
      // The county the row belongs to, independently of the trigger.
      const county = await app.sql<{ code: string | null }>(
        table === 'county' ? `SELECT code FROM county WHERE tableoid = $1 AND ctid = $2::tid`
          : table === 'report_revision' ? `SELECT c.code FROM report_revision x JOIN report r ON r.id = x.report_id LEFT JOIN county c ON c.id = r.county_id WHERE x.tableoid = $1 AND x.ctid = $2::tid`
            : `SELECT (SELECT code FROM county c WHERE c.id = (to_jsonb(x) ->> 'county_id')::int) AS code FROM "${table}" x WHERE x.tableoid = $1 AND x.ctid = $2::tid`,
        [row.tableoid, row.ctid]);
      const from = heard.length;
      await app.sql(`UPDATE "${table}" SET "${column}" = "${column}" WHERE false`);
      await app.sql(`UPDATE "${table}" SET "${column}" = "${column}" WHERE tableoid = $1 AND ctid = $2::tid`, [row.tableoid, row.ctid]);
      const payload = await announced(table, from);
      expect([table, payload]).toEqual([table, `${table} ${county[0]?.code ?? '*'}`]);
      // The empty UPDATE came first and said nothing.
      expect(heard.slice(from).filter((p) => p.split(' ')[0] === table)).toEqual([payload]);
    }
  });
});
