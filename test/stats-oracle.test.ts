/**
 * The independent oracle of issue 11: for every fact x every scope (root, and each parent type it
 * has: County, Agency, Township, TaskForce) x single dimensions and pairs x every measure kind,
 * the API's groups equal groups computed here from raw rows (test/helpers/oracle.ts: one plain
 * SELECT per fact, aggregation in TypeScript). Run with summaries (ROLLUPS) on and off on the same
 * database, as seeded and again after random inserts, updates and deletes sent as plain SQL.
 *
 * Every case is generated from the declarations in src/analytics/facts.ts; nothing is listed per
 * fact except the plain-SQL writes of the second phase. fast-check runs with a fixed seed per test
 * (ORACLE_SEED changes the base seed, ORACLE_RUNS the total number of cases) and prints seed and
 * path on failure; it does not shrink (endOnFailure) so a failing run stays within time.
 * ORACLE_SURVEY=1 runs every case of every test and lists all failing ones.
 *
 * What the API is held to (computed in helpers/oracle.ts): NULL keys form a group of their own;
 * sum/avg/min/max ignore NULLs (avg = sum / non-null count; no non-null value gives null);
 * distinct counts count non-null values; a conditional count counts rows whose condition is true;
 * a ratio is that count over the denominator's count (all rows without one), null when it is 0;
 * percentiles are PostgreSQL's percentile_cont over non-null values; without groupBy there is one
 * total group even over no rows (count 0), as the root field answers, so a parent holding no rows
 * gets that group too. Money is compared in yuan rounded to the fen as the Money scalar sends it,
 * int averages, percentiles and ratios to 1e-9 relative, everything else exactly; totalCount and
 * the full set of groups over every page (first: 100 / after) are compared.
 */
import fc from 'fast-check';
import { facts } from '../src/analytics/facts';
import { seedProvince } from '../seeds/province';
import { startTestApp, type TestApp } from './helpers/harness';
import {
  compareAnswer, expectedGroups, filterLiteral, filterRows, globalId, groupSelection, loadRaw, measuresOf, scopesOf, statsArgs,
  type ApiAnswer, type Case, type FilterSpec, type Key, type OracleFact, type RawTable, type Scope,
} from './helpers/oracle';

const FACTS = facts as unknown as OracleFact[];
const PARENT_TYPES = ['County', 'Agency', 'Township', 'TaskForce'];
const BASE_SEED = Number(process.env.ORACLE_SEED ?? 20261129);
const PAGE = 100;
const SURVEY = process.env.ORACLE_SURVEY === '1';

const PLAN = FACTS.flatMap((fact) => scopesOf(fact, PARENT_TYPES).map((scope) => ({ fact, scope })));
const CONFIGS = [{ name: 'ROLLUPS on', env: {} }, { name: 'ROLLUPS off', env: { ROLLUPS: 'false' } }] as const;
const PHASES = ['as seeded', 'after plain-SQL writes'] as const;
const TOTAL = Number(process.env.ORACLE_RUNS ?? 2000);
const RUNS = Math.max(1, Math.ceil(TOTAL / (PLAN.length * CONFIGS.length * PHASES.length)));

function uncovered(): string[] {
  return FACTS.flatMap((fact) => [
    ...fact.dimensions.map((d) => `${fact.key} dimension ${d.name}`),
    ...measuresOf(fact).map((m) => `${fact.key} measure ${m.id}`),
  ]).filter((k) => !covered.has(k));
}

let on: TestApp;
let off: TestApp;
const apps = () => ({ 'ROLLUPS on': on, 'ROLLUPS off': off });

/** The current phase's raw rows and value pools, per fact. */
interface Snapshot {
  table: RawTable;
  /** Per filter field: values present in the rows (ints also one absent value). */
  filterValues: Map<string, Key[]>;
  /** Per scope: parent ids that hold rows, and some that hold none. */
  parents: Map<string, { withRows: number[]; empty: number[] }>;
}
const snapshots = new Map<string, Snapshot>();
const tally = { cases: 0, groups: 0, parents: 0, summaryAnswers: 0, rootSummaryAnswers: 0, laterPages: 0, byPhase: {} as Record<string, number> };
/** What the cases run so far exercised: fact x dimension, fact x measure, fact x filter field. */
const covered = new Set<string>();

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A small seeded generator for the plain-SQL writes. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tableOf(app: TestApp, type: string): string {
  const meta = (app.orm.getMetadata() as unknown as { find(name: string): { tableName: string } | undefined }).find(type);
  return meta?.tableName ?? type.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

async function takeSnapshot(): Promise<void> {
  snapshots.clear();
  for (const fact of FACTS) {
    const table = await loadRaw(on, fact);
    const filterValues = new Map<string, Key[]>();
    table.filters.forEach((f, i) => {
      const values = [...new Set(table.rows.map((r) => r.f[i]).filter((v) => v !== null))].sort() as Key[];
      if (f.kind === 'int' && values.length) values.push(Math.max(...(values as number[])) + 1);
      if (values.length) filterValues.set(f.name, values);
    });
    const parents = new Map<string, { withRows: number[]; empty: number[] }>();
    for (const scope of scopesOf(fact, PARENT_TYPES)) {
      if (!scope.dimension) continue;
      const di = fact.dimensions.indexOf(scope.dimension);
      const withRows = [...new Set(table.rows.map((r) => r.d[di]).filter((v): v is number => typeof v === 'number'))].sort((a, b) => a - b);
      const empty = (await on.sql<{ id: number }>(`SELECT id FROM "${tableOf(on, scope.name)}" WHERE NOT (id = ANY($1::int[])) ORDER BY id LIMIT 3`, [withRows])).map((r) => r.id);
      if (!withRows.length || !empty.length) throw new Error(`oracle setup: ${fact.key} under ${scope.name}: ${withRows.length} parents with rows, ${empty.length} without`);
      parents.set(scope.name, { withRows, empty });
    }
    snapshots.set(fact.key, { table, filterValues, parents });
  }
}

// ---------------------------------------------------------------------------------------------
// Cases.

interface GenCase extends Case {
  /** Scoped cases: parent ids asked for in one request (the last holds no rows of the fact). */
  parents: number[];
}

function caseArb(fact: OracleFact, scope: Scope, snap: Snapshot): fc.Arbitrary<GenCase> {
  const dims = fact.dimensions.map((d) => d.name);
  const extra = measuresOf(fact).map((m) => m.id).filter((id) => id !== 'count');
  const filterFields = [...snap.filterValues.keys()];
  const filterArb: fc.Arbitrary<FilterSpec | null> = filterFields.length
    ? fc.option(fc.constantFrom(...filterFields).chain((field) => {
      const values = snap.filterValues.get(field)!;
      const eq = fc.constantFrom(...values).map((v): FilterSpec => ({ field, op: 'eq', values: [v] }));
      // Booleans take eq only; the other kinds also take in.
      return values.length < 2 || snap.table.filters.find((f) => f.name === field)!.kind === 'bool' ? eq : fc.oneof(eq, fc.uniqueArray(fc.constantFrom(...values), { minLength: 2, maxLength: 2 }).map((vs): FilterSpec => ({ field, op: 'in', values: vs })));
    }), { freq: 2, nil: null })
    : fc.constant(null);
  const pool = scope.dimension ? snap.parents.get(scope.name)! : null;
  return fc.record({
    groupBy: fc.oneof(
      { weight: 1, arbitrary: fc.constant([] as string[]) },
      { weight: 4, arbitrary: fc.constantFrom(...dims).map((d) => [d]) },
      { weight: 5, arbitrary: fc.uniqueArray(fc.constantFrom(...dims), { minLength: 2, maxLength: 2 }) },
    ),
    measures: (extra.length ? fc.uniqueArray(fc.constantFrom(...extra), { maxLength: 3 }) : fc.constant([] as string[])).map((m) => ['count', ...m]),
    p: fc.oneof(fc.constantFrom(0, 0.5, 1), fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000)),
    filter: filterArb,
    parents: pool
      ? fc.tuple(fc.uniqueArray(fc.constantFrom(...pool.withRows), { minLength: 1, maxLength: 3 }), fc.constantFrom(...pool.empty)).map(([a, e]) => [...a, e])
      : fc.constant([] as number[]),
  }, { noNullPrototype: true });
}

function describeCase(fact: OracleFact, scope: Scope, c: GenCase, config: string, phase: string, snap: Snapshot): string {
  const pct = c.measures.some((m) => m.startsWith('percentile.')) ? ` (p: ${c.p})` : '';
  const parents = scope.dimension ? ` ${c.parents.map((id, i) => `${id}${i === c.parents.length - 1 ? ' (no rows)' : ''}`).join(', ')}` : '';
  return `fact ${fact.key} (${fact.field}), scope ${scope.name}${parents}, groupBy [${c.groupBy.join(', ')}], measures [${c.measures.join(', ')}]${pct}, `
    + `filter ${c.filter ? filterLiteral(snap.table, c.filter) : 'none'}, ${config}, ${phase}`;
}

// ---------------------------------------------------------------------------------------------
// Asking the API, every page.

interface Page extends ApiAnswer {
  servedFrom: unknown;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

function connectionSelection(fact: OracleFact, c: Case): string {
  return `{ totalCount servedFrom pageInfo { hasNextPage endCursor } nodes { ${groupSelection(fact, c)} } }`;
}

async function ask(app: TestApp, query: string): Promise<Record<string, any>> {
  const res = await app.gql(query);
  if (res.errors?.length) {
    const messages = [...new Set(res.errors.map((e) => `${e.message.replace(/\(id [0-9a-f-]+\)/, '(id …)')} [${e.extensions?.code ?? ''}]`))];
    throw new Error(`API error: ${messages.slice(0, 3).join('; ')}${messages.length > 3 ? '; …' : ''}\n  query: ${query}`);
  }
  return res.data!;
}

/** All pages of one connection: `read` runs the request for a cursor and returns the connection. */
async function allPages(read: (after: string | null) => Promise<Page | null>, first: Page): Promise<ApiAnswer & { servedFrom: unknown[] }> {
  const nodes = [...first.nodes];
  const servedFrom = [first.servedFrom];
  let page = first;
  for (let i = 0; page.pageInfo.hasNextPage; i++) {
    if (i > 200) throw new Error('more than 200 pages');
    if (!page.pageInfo.endCursor) throw new Error('hasNextPage without an endCursor');
    const next = await read(page.pageInfo.endCursor);
    if (!next) throw new Error('a later page did not come back');
    if (next.totalCount !== first.totalCount) throw new Error(`totalCount changed between pages: ${first.totalCount} then ${next.totalCount}`);
    nodes.push(...next.nodes);
    servedFrom.push(next.servedFrom);
    tally.laterPages += 1;
    page = next;
  }
  return { totalCount: first.totalCount, nodes, servedFrom };
}

async function askRoot(app: TestApp, fact: OracleFact, table: RawTable, c: Case) {
  const read = async (after: string | null) => {
    const args = `${statsArgs(table, c)}, first: ${PAGE}${after ? `, after: ${JSON.stringify(after)}` : ''}`;
    return (await ask(app, `{ s: ${fact.field}(${args}) ${connectionSelection(fact, c)} }`)).s as Page;
  };
  return allPages(read, await read(null));
}

/** Several parents in one request (nodes(ids:)), then the further pages of each alone (node(id:)). */
async function askScoped(app: TestApp, fact: OracleFact, scope: Scope, table: RawTable, c: GenCase) {
  const type = scope.name;
  const ids = c.parents.map((id) => globalId(type, id));
  const args = (after: string | null) => `${statsArgs(table, c)}, first: ${PAGE}${after ? `, after: ${JSON.stringify(after)}` : ''}`;
  const data = await ask(app, `{ nodes(ids: ${JSON.stringify(ids)}) { __typename ... on ${type} { id s: ${fact.field}(${args(null)}) ${connectionSelection(fact, c)} } } }`);
  const out: { parent: number; answer: (ApiAnswer & { servedFrom: unknown[] }) | null; problem?: string }[] = [];
  for (const [i, parent] of c.parents.entries()) {
    const node = (data.nodes as (Record<string, any> | null)[])[i];
    if (!node || node.__typename !== type || node.id !== ids[i]) {
      out.push({ parent, answer: null, problem: `nodes(ids:) returned ${JSON.stringify(node && { __typename: node.__typename, id: node.id })} for ${type} ${parent}` });
      continue;
    }
    const read = async (after: string | null) =>
      (await ask(app, `{ node(id: ${JSON.stringify(ids[i])}) { ... on ${type} { s: ${fact.field}(${args(after)}) ${connectionSelection(fact, c)} } } }`)).node?.s as Page | null;
    out.push({ parent, answer: await allPages(read, node.s as Page) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The property.

function property(fact: OracleFact, scope: Scope, config: keyof ReturnType<typeof apps>, phase: string) {
  return async (c: GenCase) => {
    const snap = snapshots.get(fact.key)!;
    const app = apps()[config];
    const label = describeCase(fact, scope, c, config, phase, snap);
    tally.cases += 1;
    tally.byPhase[`${phase}, ${config}`] = (tally.byPhase[`${phase}, ${config}`] ?? 0) + 1;
    for (const d of c.groupBy) covered.add(`${fact.key} dimension ${d}`);
    for (const m of c.measures) covered.add(`${fact.key} measure ${m}`);
    if (c.filter) covered.add(`${fact.key} filter ${c.filter.field}`);
    const problems: string[] = [];
    const checkServedFrom = (servedFrom: unknown[], where: string) => {
      const fromSummary = servedFrom.filter((s) => s !== fact.entity.table);
      if (fromSummary.length) tally.summaryAnswers += 1;
      if (fromSummary.length && !scope.dimension && config === 'ROLLUPS on') tally.rootSummaryAnswers += 1;
      if (config === 'ROLLUPS off' && fromSummary.length) problems.push(`${where}servedFrom ${JSON.stringify(fromSummary[0])} with ROLLUPS=false (expected ${fact.entity.table})`);
    };
    try {
      if (!scope.dimension) {
        const answer = await askRoot(app, fact, snap.table, c);
        const expected = expectedGroups(snap.table, c, filterRows(snap.table, c.filter));
        tally.groups += expected.size;
        problems.push(...compareAnswer(snap.table, c, expected, answer));
        checkServedFrom(answer.servedFrom, '');
      } else {
        const di = fact.dimensions.indexOf(scope.dimension);
        for (const { parent, answer, problem } of await askScoped(app, fact, scope, snap.table, c)) {
          const where = `${scope.name} ${parent}${parent === c.parents[c.parents.length - 1] ? ' (holds no rows)' : ''}: `;
          tally.parents += 1;
          if (!answer) {
            problems.push(where + problem);
            continue;
          }
          const expected = expectedGroups(snap.table, c, filterRows(snap.table, c.filter, { dimension: di, parent }));
          tally.groups += expected.size;
          problems.push(...compareAnswer(snap.table, c, expected, answer).map((p) => where + p));
          checkServedFrom(answer.servedFrom, where);
        }
      }
    } catch (err) {
      throw new Error(`${label}:\n  ${(err as Error).message}`);
    }
    if (problems.length) throw new Error(`${label}:\n  ${problems.slice(0, 8).join('\n  ')}${problems.length > 8 ? `\n  … ${problems.length - 8} more` : ''}`);
  };
}

// ---------------------------------------------------------------------------------------------
// Plain-SQL writes behind the engine's back (constraints respected: amounts >= 0, a leniency
// amount exactly when leniency <> 'NONE', a CANCELLED certificate with a date and an ACTIVE one
// without, unique case and certificate numbers, cases sampled by file reviews kept).

async function writeBehindTheEngine(app: TestApp): Promise<Record<string, number>> {
  const rnd = prng(BASE_SEED ^ 0x5eed);
  const ids = async (text: string) => (await app.sql<{ id: number }>(text)).map((r) => r.id);
  const pick = (xs: number[], n: number) => {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a.slice(0, Math.min(n, a.length));
  };
  const done: Record<string, number> = {};
  const run = async (what: string, text: string, values: unknown[]) => {
    const res = await app.sql(`WITH w AS (${text} RETURNING 1) SELECT count(*)::int AS n FROM w`, values);
    done[what] = res[0].n;
  };

  // Enforcement cases.
  const cases = await ids('SELECT id FROM enforcement_case ORDER BY id');
  await run('cases copied (new case numbers, every 4th without township)', `INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, township_id, action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen)
    SELECT county_id, provenance, source, left(case_number, 40) || '-oracle-' || id, agency_id, CASE WHEN id % 4 = 0 THEN NULL ELSE township_id END,
           action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen FROM enforcement_case WHERE id = ANY($1::int[])`, [pick(cases, 150)]);
  await run('cases deleted', `DELETE FROM enforcement_case c WHERE c.id = ANY($1::int[]) AND NOT EXISTS (SELECT 1 FROM case_file_review_item i WHERE i.enforcement_case_id = c.id)`, [pick(cases, 200)]);
  const plain = await ids(`SELECT id FROM enforcement_case WHERE leniency = 'NONE' ORDER BY id`);
  const actionIds = pick(plain, 120);
  const actions = ['PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE'];
  await run('cases with another action_type', `UPDATE enforcement_case c SET action_type = v.a FROM unnest($1::int[], $2::text[]) AS v(id, a) WHERE c.id = v.id`,
    [actionIds, actionIds.map(() => actions[Math.floor(rnd() * actions.length)])]);
  const fineIds = pick(await ids('SELECT id FROM enforcement_case ORDER BY id'), 120);
  await run('cases with another fine_amount_fen', `UPDATE enforcement_case c SET fine_amount_fen = v.f FROM unnest($1::int[], $2::bigint[]) AS v(id, f) WHERE c.id = v.id`,
    [fineIds, fineIds.map(() => (rnd() < 0.3 ? 0 : Math.floor(rnd() * 5_000_000)))]);
  await run('cases decided a year earlier', `UPDATE enforcement_case SET decided_on = (decided_on - interval '1 year')::date WHERE id = ANY($1::int[])`,
    [pick(await ids('SELECT id FROM enforcement_case ORDER BY id'), 120)]);
  await run('penalty cases made lenient', `UPDATE enforcement_case SET leniency = 'LIGHTER', leniency_amount_fen = fine_amount_fen + 10000 WHERE id = ANY($1::int[])`,
    [pick(await ids(`SELECT id FROM enforcement_case WHERE leniency = 'NONE' AND action_type = 'PENALTY' ORDER BY id`), 40)]);
  await run('lenient cases made plain', `UPDATE enforcement_case SET leniency = 'NONE', leniency_amount_fen = NULL WHERE id = ANY($1::int[])`,
    [pick(await ids(`SELECT id FROM enforcement_case WHERE leniency <> 'NONE' ORDER BY id`), 30)]);

  // Officers.
  const officers = await ids('SELECT id FROM enforcement_officer ORDER BY id');
  await run('officers copied (new certificate numbers)', `INSERT INTO enforcement_officer (county_id, provenance, source, agency_id, name, certificate_number, status, issued_on, cancelled_on, cancellation_reason)
    SELECT county_id, provenance, source, agency_id, name, left(certificate_number, 26) || '-o' || id, status, issued_on, cancelled_on, cancellation_reason
      FROM enforcement_officer WHERE id = ANY($1::int[])`, [pick(officers, 30)]);
  await run('officers deleted', 'DELETE FROM enforcement_officer WHERE id = ANY($1::int[])', [pick(officers, 30)]);
  await run('certificates cancelled', `UPDATE enforcement_officer SET status = 'CANCELLED', cancelled_on = issued_on + 30, cancellation_reason = 'TRANSFER' WHERE id = ANY($1::int[])`,
    [pick(await ids(`SELECT id FROM enforcement_officer WHERE status = 'ACTIVE' ORDER BY id`), 25)]);
  await run('certificates reactivated', `UPDATE enforcement_officer SET status = 'ACTIVE', cancelled_on = NULL, cancellation_reason = NULL WHERE id = ANY($1::int[])`,
    [pick(await ids(`SELECT id FROM enforcement_officer WHERE status = 'CANCELLED' ORDER BY id`), 10)]);
  await run('certificates issued a year earlier', `UPDATE enforcement_officer SET issued_on = (issued_on - interval '1 year')::date WHERE id = ANY($1::int[])`,
    [pick(await ids('SELECT id FROM enforcement_officer ORDER BY id'), 25)]);

  // Court cases.
  const lit = await ids('SELECT id FROM litigation_case ORDER BY id');
  await run('court cases copied (new case numbers, every 3rd without agency)', `INSERT INTO litigation_case (county_id, provenance, source, case_number, kind, defendant_agency_id, heard_on, head_appeared, outcome)
    SELECT county_id, provenance, source, left(case_number, 40) || '-oracle-' || id, kind, CASE WHEN id % 3 = 0 THEN NULL ELSE defendant_agency_id END, heard_on, head_appeared, outcome
      FROM litigation_case WHERE id = ANY($1::int[])`, [pick(lit, 10)]);
  await run('court cases deleted', 'DELETE FROM litigation_case WHERE id = ANY($1::int[])', [pick(lit, 8)]);
  const litIds = pick(await ids('SELECT id FROM litigation_case ORDER BY id'), 24);
  const kinds = ['ADMINISTRATIVE', 'CIVIL', 'ENFORCEMENT'];
  const outcomes = [null, 'MEDIATED', 'TRANSFERRED_TO_FILING', 'IN_MEDIATION', 'SETTLED_OR_TERMINATED'];
  await run('court cases changed (kind, outcome, head appeared)', `UPDATE litigation_case l SET kind = v.k, outcome = v.o, head_appeared = v.h
      FROM unnest($1::int[], $2::text[], $3::text[], $4::boolean[]) AS v(id, k, o, h) WHERE l.id = v.id`,
  [litIds, litIds.map(() => kinds[Math.floor(rnd() * kinds.length)]), litIds.map(() => outcomes[Math.floor(rnd() * outcomes.length)]), litIds.map(() => [true, false, null][Math.floor(rnd() * 3)])]);
  await run('court cases heard a year earlier', `UPDATE litigation_case SET heard_on = (heard_on - interval '1 year')::date WHERE id = ANY($1::int[])`,
    [pick(await ids('SELECT id FROM litigation_case ORDER BY id'), 6)]);

  // Every other fact table: a few deletes where nothing references the rows.
  const handled = new Set(['enforcement_case', 'enforcement_officer', 'litigation_case']);
  for (const fact of FACTS) {
    const t = fact.entity.table;
    if (handled.has(t)) continue;
    handled.add(t);
    const [{ refs }] = await app.sql<{ refs: number }>(`SELECT count(*)::int AS refs FROM pg_constraint WHERE contype = 'f' AND confrelid = $1::regclass`, [t]);
    if (refs) continue;
    const all = await ids(`SELECT id FROM "${t}" ORDER BY id`);
    await run(`${t} deleted`, `DELETE FROM "${t}" WHERE id = ANY($1::int[])`, [pick(all, Math.max(1, Math.round(all.length * 0.03)))]);
  }
  return done;
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  on = await startTestApp();
  // A second county over two years (2022, 2023) beside Yanjin 2023, summaries built by the seeder.
  await on.db.transaction((tx) => seedProvince(tx, { counties: 1, years: [2022, 2023], seed: 'oracle' }));
  // A township, an agency and a task force without records, so every scope has a parent that holds no rows.
  const source = '合成数据 (synthetic): test/stats-oracle.test.ts, a parent without records';
  await on.sql(`INSERT INTO township (code, name, name_en, kind, county_id, source) SELECT '410726999', '无记录乡', 'empty township', 'TOWNSHIP', id, $1 FROM county WHERE code = '410726'`, [source]);
  await on.sql(`INSERT INTO agency (code, name, name_en, level, county_id, provenance, source) SELECT '410726-ORACLE', '无记录局', 'Empty bureau', 'COUNTY_DEPARTMENT', id, 'SYNTHETIC', $1 FROM county WHERE code = '410726'`, [source]);
  await on.sql(`INSERT INTO task_force (county_id, provenance, source, code, name, kind) SELECT id, 'SYNTHETIC', $1, 'ORACLE_EMPTY', '无会议专班', 'TASK_FORCE' FROM county WHERE code = '410726'`, [source]);
  off = await startTestApp({ database: on.database, env: CONFIGS[1].env });
}, 120_000);

afterAll(async () => {
  // eslint-disable-next-line no-console
  console.log(`stats oracle: ${tally.cases} cases (${RUNS} per test, base seed ${BASE_SEED}), ${tally.parents} scoped parents, ${tally.groups} expected groups compared, ${tally.laterPages} later pages read, `
    + `${tally.summaryAnswers} answers served from summary tables (${tally.rootSummaryAnswers} at the root)\n${Object.entries(tally.byPhase).map(([k, v]) => `  ${k}: ${v} cases`).join('\n')}\n`
    + `  never exercised: ${uncovered().join(', ') || 'nothing (every dimension and measure of every fact)'}`);
  await off?.close();
  await on?.close();
});

for (const phase of PHASES) {
  describe(`${phase}`, () => {
    beforeAll(async () => {
      if (phase === 'after plain-SQL writes') {
        const done = await writeBehindTheEngine(on);
        // eslint-disable-next-line no-console
        console.log(`plain-SQL writes: ${JSON.stringify(done)}`);
      }
      await takeSnapshot();
    }, 60_000);

    for (const config of CONFIGS) {
      for (const { fact, scope } of PLAN) {
        const name = `${fact.key} ${scope.name === 'root' ? `at the root (${fact.field})` : `under ${scope.name} (${scope.name}.${fact.field})`}, ${config.name}`;
        it(name, async () => {
          const snap = snapshots.get(fact.key)!;
          const check = property(fact, scope, config.name, phase);
          // ORACLE_SURVEY=1: run every case and list the failing ones instead of stopping at the first.
          const failures: string[] = [];
          const run = SURVEY ? async (c: GenCase) => check(c).catch((e: Error) => void failures.push(e.message)) : check;
          await fc.assert(fc.asyncProperty(caseArb(fact, scope, snap), run), {
            numRuns: RUNS,
            seed: (BASE_SEED ^ hash(`${phase}|${name}`)) | 0,
            endOnFailure: true,
          });
          if (failures.length) throw new Error(`${failures.length} of ${RUNS} cases failed:\n${failures.join('\n')}`);
        });
      }
    }

    if (phase === 'as seeded') {
      it('the ROLLUPS on runs were answered from summary tables at least sometimes (else they test nothing more)', () => {
        expect(tally.rootSummaryAnswers).toBeGreaterThan(0);
      });
    }
  });
}
