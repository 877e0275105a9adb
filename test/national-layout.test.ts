/**
 * The national layout (issue 18.4), read from the migrated schema's catalog: record tables are
 * keyed so that Citus can distribute them by county_id, event tables are partitioned by year, and
 * a year-filtered query reads only that year's partitions. Expected values come from pg_catalog
 * (pg_constraint, pg_partitioned_table, pg_inherits), never from the migration's own lists.
 */
import { Client } from 'pg';
import { compileFilter } from '../src/query/filter-sql';
import { enforcementCaseDecl } from '../src/modules/enforcement/enforcement-case.decl';
import { sql, raw } from '../src/db/sql';
import { Db } from '../src/db/db';
import { initORM } from '../src/db/orm';
import { addCurrentYearPartitions } from '../src/db/year-partitions';
import { ANALYST, createDatabase, dropDatabase, serverUrl, startTestApp, type TestApp } from './helpers/harness';

/** The distribution plan of docs/scale-out.md, as the test states it. */
const REFERENCE = ['province', 'city', 'county', 'township', 'agency', 'indicator', 'indicator_revision', 'report', 'report_revision', 'figure', 'county_population'];
/** Dated events: distributed by county_id and partitioned by the year of their date. */
const EVENTS: Record<string, string> = {
  enforcement_case: 'decided_on', legality_review: 'reviewed_on', supervision_inspection: 'inspected_on',
  training: 'held_on', task_force_meeting: 'held_on', litigation_case: 'heard_on',
};
/** Registries (bounded per county, not growing by year): distributed by county_id, not partitioned. */
const REGISTRIES = ['enforcement_officer', 'task_force', 'task_force_member', 'case_file_review', 'case_file_review_item'];

describe('national layout (Citus-ready keys, partitions by year)', () => {
  let database: string;
  let db: Client;
  const q = async <R extends Record<string, any>>(text: string, values: unknown[] = []) => (await db.query<R>(text, values)).rows;

  beforeAll(async () => {
    database = await createDatabase();
    db = new Client({ connectionString: serverUrl(database) });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await dropDatabase(database);
  });

  /** Tables of the public schema (partitions left out) holding a county_id column. */
  async function countyTables(): Promise<string[]> {
    const rows = await q<{ name: string }>(`
      SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'county_id' AND NOT a.attisdropped)
       ORDER BY 1`);
    return rows.map((r) => r.name);
  }

  it('classifies every table with a county_id: reference, derived summary, or distributed record table', async () => {
    const tables = await countyTables();
    const distributed = tables.filter((t) => !REFERENCE.includes(t) && !t.startsWith('summary_'));
    expect(distributed.sort()).toEqual([...Object.keys(EVENTS), ...REGISTRIES].sort());
  });

  it('partitions every event table by range of its date, with yearly partitions ahead and a default one', async () => {
    const rows = await q<{ name: string; strategy: string; key: string; partitions: string[]; hasDefault: boolean }>(`
      SELECT c.relname AS name, p.partstrat AS strategy,
             (SELECT string_agg(a.attname, ',') FROM unnest(p.partattrs) k JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k) AS key,
             array(SELECT pg_get_expr(pc.relpartbound, pc.oid) FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhrelid WHERE i.inhparent = c.oid) AS partitions,
             p.partdefid <> 0 AS "hasDefault"
        FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`);
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(EVENTS).sort());
    const nextYear = new Date().getUTCFullYear() + 1;
    for (const r of rows) {
      expect({ table: r.name, strategy: r.strategy, key: r.key, hasDefault: r.hasDefault }).toEqual({ table: r.name, strategy: 'r', key: EVENTS[r.name], hasDefault: true });
      // Imports of this year and the next land in their own partition, not in the default one.
      for (const y of [nextYear - 1, nextYear]) expect(r.partitions).toContain(`FOR VALUES FROM ('${y}-01-01') TO ('${y + 1}-01-01')`);
    }
  });

  it('keeps a yearly partition for each year held, and this year and the next, no other; each has the triggers of its table', async () => {
    const thisYear = new Date().getUTCFullYear();
    for (const [table, date] of Object.entries(EVENTS)) {
      const held = (await q<{ y: number }>(`SELECT DISTINCT extract(year FROM "${date}")::int AS y FROM "${table}"`)).map((r) => r.y);
      const parts = await q<{ name: string; bound: string; triggers: string[] }>(`
        SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound,
               array(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = c.oid ORDER BY 1) AS triggers
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass`, [table]);
      const years = parts.map((p) => /FROM \('(\d{4})-01-01'\)/.exec(p.bound)?.[1]).filter(Boolean).map(Number).sort();
      expect({ table, years }).toEqual({ table, years: [...new Set([...held, thisYear, thisYear + 1])].sort() });
      // Every partition carries what its table's statement triggers do: a statement naming a partition fires only its own.
      const [{ triggers }] = await q<{ triggers: string[] }>(`SELECT array(SELECT t.tgname::text FROM pg_trigger t WHERE t.tgrelid = $1::regclass AND NOT t.tgisinternal ORDER BY 1) AS triggers`, [table]);
      const statementTriggers = triggers.filter((t) => t.startsWith('rolg_changed_') || t.startsWith('summary_dirty_'));
      expect(statementTriggers.length).toBeGreaterThanOrEqual(4);
      for (const p of parts) expect({ partition: p.name, has: statementTriggers.filter((t) => p.triggers.includes(t)) }).toEqual({ partition: p.name, has: statementTriggers });
    }
  });

  it('a server starting in a year without its partitions adds this year\'s and the next, with their triggers', async () => {
    const next = new Date().getUTCFullYear() + 1;
    const names = Object.keys(EVENTS).map((t) => `${t}_${next}`);
    for (const t of Object.keys(EVENTS)) await q(`ALTER TABLE "${t}" DETACH PARTITION "${t}_${next}"; DROP TABLE "${t}_${next}"`);
    expect(await q(`SELECT relname FROM pg_class WHERE relname = ANY($1)`, [names])).toEqual([]);
    const orm = await initORM({ url: serverUrl(database), poolSize: 1 });
    await addCurrentYearPartitions(new Db(orm)).finally(() => orm.close(true));
    const back = await q<{ relname: string; triggers: number }>(`SELECT c.relname, (SELECT count(*)::int FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname LIKE 'rolg_changed_%') AS triggers
      FROM pg_class c WHERE c.relname = ANY($1) AND c.relispartition ORDER BY 1`, [names]);
    expect(back).toEqual([...names].sort().map((relname) => ({ relname, triggers: 4 })));
  });

  it('puts county_id in every primary, unique and foreign key of the record tables; foreign keys between them join county to county', async () => {
    const records = [...Object.keys(EVENTS), ...REGISTRIES];
    const rows = await q<{ table: string; name: string; type: string; columns: string[]; target: string | null; targetColumns: string[] | null }>(`
      SELECT c.conrelid::regclass::text AS table, c.conname AS name, c.contype AS type,
             array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
             c.confrelid::regclass::text AS target,
             array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS "targetColumns"
        FROM pg_constraint c WHERE c.contype IN ('p', 'u', 'f') AND c.conrelid::regclass::text = ANY($1::text[]) AND c.conparentid = 0`, [records]);
    // Every record table has its primary key, and each one was read.
    expect(new Set(rows.filter((r) => r.type === 'p').map((r) => r.table))).toEqual(new Set(records));
    const offending = rows.filter((r) => !r.columns.includes('county_id')).map((r) => `${r.table}.${r.name}`);
    expect(offending).toEqual([]);
    for (const fk of rows.filter((r) => r.type === 'f' && records.includes(r.target!))) {
      // Colocated: the referencing county_id is matched with the referenced one.
      expect({ fk: fk.name, pair: fk.targetColumns![fk.columns.indexOf('county_id')] }).toEqual({ fk: fk.name, pair: 'county_id' });
    }
    // Foreign keys to agencies and townships name the county too (no record points into another county).
    const toPlaces = rows.filter((r) => r.type === 'f' && (r.target === 'agency' || r.target === 'township'));
    expect(toPlaces.length).toBeGreaterThan(0);
    for (const fk of toPlaces) expect({ fk: fk.name, targetColumns: fk.targetColumns }).toEqual({ fk: fk.name, targetColumns: ['county_id', 'id'] });
  });

  it('refuses a record whose agency belongs to another county', async () => {
    const [a] = await q<{ id: number; county_id: number }>(`SELECT id, county_id FROM agency ORDER BY id LIMIT 1`);
    const [other] = await q<{ id: number }>(`SELECT id FROM county WHERE id <> $1 ORDER BY id LIMIT 1`, [a.county_id]);
    await expect(db.query(`INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, action_type, decided_on)
      VALUES ($1, 'IMPORTED', 'test', 'X-1', $2, 'PENALTY', '2023-05-01')`, [other.id, a.id])).rejects.toThrow(/enforcement_case_agency_id_foreign/);
  });
});

describe('partition pruning of year-filtered queries', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  /** Partitions of a table whose range meets [from, to), from the catalog's partition bounds. */
  async function partitionsFor(table: string, from: string, to: string): Promise<string[]> {
    const rows = await app.sql<{ name: string; bound: string }>(`
      SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = $1::regclass`, [table]);
    const ranges = rows.map((r) => ({ name: r.name, m: /FROM \('([\d-]+)'\) TO \('([\d-]+)'\)/.exec(r.bound) }));
    const meeting = ranges.filter((r) => r.m && r.m[1] < to && r.m[2] > from);
    // A year of [from, to) without a partition of its own is in the default partition's range.
    const covered = (d: string) => ranges.some((r) => r.m && r.m[1] <= d && r.m[2] > d);
    const days: string[] = [];
    for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) < to; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10));
    const withDefault = days.some((d) => !covered(d)) ? ranges.filter((r) => /DEFAULT/.test(rows.find((x) => x.name === r.name)!.bound)) : [];
    return [...meeting, ...withDefault].map((r) => r.name).sort();
  }

  /** Relations the executed plan read (EXPLAIN ANALYZE: partitions pruned at plan or run time are absent). */
  async function scanned(filter: unknown, shiftYears = 0): Promise<string[]> {
    const where = compileFilter(enforcementCaseDecl, filter, { argument: 'filter', allowPersonal: false, shiftYears }).where;
    const a = enforcementCaseDecl.alias;
    const { text, values } = sql`EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM ${raw(`"enforcement_case" ${a}`)} WHERE ${where}`.compile();
    const [row] = await app.sql<{ 'QUERY PLAN': unknown }>(text, values);
    const names = new Set<string>();
    const walk = (node: any) => {
      if (node['Relation Name'] && (node['Actual Loops'] ?? 1) > 0) names.add(node['Relation Name']);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk((row['QUERY PLAN'] as any[])[0].Plan);
    return [...names].sort();
  }

  it('reads only the year asked for', async () => {
    expect(await scanned({ year: { eq: 2023 } })).toEqual(await partitionsFor('enforcement_case', '2023-01-01', '2024-01-01'));
    expect(await scanned({ year: { eq: 2023 } })).toHaveLength(1);
  });

  it('reads only the years listed, or the range asked for', async () => {
    expect(await scanned({ year: { in: [2022, 2023] } })).toEqual(await partitionsFor('enforcement_case', '2022-01-01', '2024-01-01'));
    expect(await scanned({ year: { gte: 2022, lte: 2023 } })).toEqual(await partitionsFor('enforcement_case', '2022-01-01', '2024-01-01'));
    expect(await scanned({ decidedOn: { gte: '2023-03-01', lt: '2023-04-01' } })).toEqual(await partitionsFor('enforcement_case', '2023-03-01', '2023-04-01'));
  });

  it('reads the previous year only, for previous-year values', async () => {
    expect(await scanned({ year: { eq: 2023 } }, 1)).toEqual(await partitionsFor('enforcement_case', '2022-01-01', '2023-01-01'));
  });

  it('sends the year as a date range from the API, with the same answer as counting by year', async () => {
    const r = await app.gql(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, year: { eq: 2023 } }, groupBy: [TOWNSHIP]) { nodes { count } } }`, {}, ANALYST);
    expect(r.errors).toBeUndefined();
    const total = (r.data!.enforcementCaseStats.nodes as { count: number }[]).reduce((n, g) => n + g.count, 0);
    const [expected] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case c JOIN county k ON k.id = c.county_id
      WHERE k.code = '410726' AND extract(year FROM c.decided_on) = 2023`);
    expect(total).toBe(Number(expected.n));
    expect(r.sql.some((s) => /decided_on" >= /.test(s) || /decided_on >= /.test(s))).toBe(true);
  });

  it('reads the whole province\'s newest (or oldest) cases, the list\'s default order, from an index in that order: no sort of every case', async () => {
    for (const page of ['first: 20', 'last: 20']) {
      const r = await app.gql(`{ enforcementCases(${page}) { nodes { caseNumber decidedOn } } }`, {}, ANALYST);
      expect(r.errors).toBeUndefined();
      const nodes = r.data!.enforcementCases.nodes as { caseNumber: string; decidedOn: string }[];
      // The page is the newest (oldest) 20 by date then id, as plain SQL orders them.
      const expected = await app.sql<{ case_number: string }>(`SELECT case_number FROM enforcement_case ORDER BY decided_on ${page.startsWith('first') ? 'DESC' : 'ASC'}, id ${page.startsWith('first') ? 'DESC' : 'ASC'} LIMIT 20`);
      const inOrder = page.startsWith('first') ? expected : [...expected].reverse();
      expect(nodes.map((n) => n.caseNumber)).toEqual(inOrder.map((e) => e.case_number));
      // The statement that read the page (its only value: the limit), as PostgreSQL plans it for the whole table.
      const [statement] = r.sql.filter((t) => /ORDER BY enforcement_case\.decided_on (ASC|DESC), enforcement_case\.id (ASC|DESC) LIMIT \$1$/.test(t.trim()));
      expect(statement).toBeDefined();
      const [{ 'QUERY PLAN': plan }] = await app.sql<{ 'QUERY PLAN': any[] }>(`EXPLAIN (FORMAT JSON) ${statement}`, [21]);
      const nodesOf = (node: any): any[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)];
      const all = nodesOf(plan[0].Plan);
      expect({ page, sorts: all.filter((n) => n['Node Type'] === 'Sort').length }).toEqual({ page, sorts: 0 });
      const scans = all.filter((n) => n['Relation Name']?.startsWith('enforcement_case_'));
      expect(scans.length).toBeGreaterThan(0);
      for (const scan of scans) expect({ page, scan: scan['Node Type'], index: scan['Index Name'] }).toEqual({ page, scan: 'Index Scan', index: expect.stringMatching(/_decided_on_id_idx$/) });
    }
  });
});
