/**
 * Issue 16: compiled execution (graphql-jit, EXECUTOR=compiled, the default) answers exactly as
 * graphql-js does (EXECUTOR=graphql-js). Two servers on one database, one per executor, are sent
 * every example of schema/examples with its role, every GraphQL example of the README, graphql-js's
 * standard introspection query and a corpus that covers what differs between the two engines:
 * promised properties (totalCount, stats keys), fragments, variables, directives, aliases, unions
 * of errors and data, non-null propagation, coded errors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import { readExamples, type ExampleRole } from '../src/explorer/examples';
import { Role } from '../src/modules/auth/api-key.entity';
import { recordAudit } from '../src/modules/auth/audit.service';
import { ANONYMOUS, type Viewer } from '../src/modules/auth/viewer';
import { ANALYST, startTestApp, type GqlResult, type TestApp } from './helpers/harness';

const VIEWERS: Record<ExampleRole, Viewer> = {
  anonymous: ANONYMOUS,
  analyst: ANALYST,
  editor: { keyId: 7, role: Role.EDITOR, countyCode: '410726', countyId: null, label: 'test editor' },
  admin: { keyId: 8, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' },
};

const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const readmeQueries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);

/** What the two engines could answer differently, each with the viewer it runs as. */
const corpus: [string, string, Record<string, unknown>?, Viewer?][] = [
  ['connection with totalCount, edges, cursors, nested relations', `{ county(code: "410726") { townships(first: 3) { totalCount edges { cursor node { code name county { code } } } pageInfo { hasNextPage endCursor startCursor } } } }`],
  ['W2: nested pages with a many-to-one at the leaves', `{ county(code: "410726") { agencies(first: 5) { nodes { name enforcementCases(first: 4) { totalCount nodes { caseNumber decidedOn fineAmount township { name } agency { code } } } } } } }`],
  ['stats with navigable keys, percentile, previous year, having, order', `{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [AGENCY, YEAR, ACTION_TYPE], having: { count: { gte: 5 } }, orderBy: [{ by: COUNT, direction: DESC }], first: 7) { totalCount servedFrom nodes { agency { name township { name } } year actionType count sum { fineAmount } percentile(p: 0.9) { fineAmount } previousYear { count } } pageInfo { hasNextPage } } }`],
  ['scoped stats under a relation', `{ county(code: "410726") { agencies(first: 3) { nodes { code enforcementCaseStats(groupBy: [MONTH]) { nodes { month count } } } } } }`],
  ['fragments, inline fragments on an interface, __typename', `query Q { counties { ...C } county(code: "410726") { ... on Node { __typename id } } } fragment C on County { code name __typename }`],
  ['variables with defaults, @include and @skip', `query ($code: String! = "410726", $more: Boolean!, $less: Boolean = true) { county(code: $code) { name nameEn @include(if: $more) city @skip(if: $less) { name } } }`, { more: true }],
  ['aliases of one field with different arguments', `{ a: county(code: "410726") { name } b: county(code: "410182") { name } c: indicator(code: "ENF_PENALTY_TOTAL") { code revision revisions { revision changeNote } } }`],
  ['errors beside data: one root field fails, the others answer', `{ county(code: "410726") { name } missing: county(code: "999999") { name } bad: county(code: "x") { name } }`],
  ['a coded error from an argument check inside a resolver', `{ enforcementCases(first: 100000) { nodes { id } } }`],
  ['record-level list refused to an anonymous caller', `{ enforcementCases(first: 2) { nodes { id } } }`, {}, ANONYMOUS],
  ['comparison with gaps, caveats and normalisation', `{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2022, 2023], normalizeBy: PER_10K_RESIDENTS) { caveats { kind note } rows { county { code } cells { year status gap value rank rankedOf computed normalized normalizationNote indicatorRevision figure { quote report { title } } } } } }`],
  ['reconciliation', `{ reconciliation(county: "410726", year: 2023) { indicator { code } breakdown reported computed status servedFrom } }`],
  ['a filter variable (a recursive input type), a list of input objects, money and dates in variables',
    'query ($f: EnforcementCaseFilter!, $o: [EnforcementCaseOrder!] = [{ field: FINE_AMOUNT, direction: DESC }], $n: Int! = 4) { enforcementCases(first: $n, filter: $f, orderBy: $o) { totalCount nodes { caseNumber fineAmount decidedOn actionType } } }',
    { f: { and: [{ countyCode: { eq: '410726' } }, { not: { actionType: { eq: 'INSPECTION' } } }], or: [{ fineAmount: { gte: 200.5 } }, { decidedOn: { lt: '2023-03-01' } }] } }],
  ['an input object variable that is wrong: the same coded error', 'query ($f: EnforcementCaseFilter) { enforcementCases(first: 2, filter: $f) { totalCount } }', { f: { nope: { eq: 1 } } }],
  ['county-level units of all China', `{ countyDivisions(filter: { name: { contains: "luoshan" } }) { totalCount nodes { code name nameEn pinyin county { code } } pageInfo { hasNextPage endCursor } } }`],
];

let jsApp: TestApp;
let jitApp: TestApp;
beforeAll(async () => {
  jsApp = await startTestApp({ env: { EXECUTOR: 'graphql-js' } });
  jitApp = await startTestApp({ database: jsApp.database, env: { EXECUTOR: 'compiled' } });
});
afterAll(async () => {
  await jitApp.close();
  await jsApp.close();
});

/** The answer without what legitimately differs per request (error ids). */
function comparable(res: GqlResult): unknown {
  const text = JSON.stringify({ data: res.data ?? null, errors: res.errors ?? null });
  return JSON.parse(text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'));
}

/**
 * The compiled server interprets an operation the first time it sees it and compiles it the second
 * (COMPILE_POLICY): it is sent twice, and both answers must be graphql-js's.
 */
async function both(query: string, variables: Record<string, unknown> | undefined, viewer: Viewer) {
  const js = await jsApp.gql(query, variables, viewer);
  const [first, second] = [await jitApp.gql(query, variables, viewer), await jitApp.gql(query, variables, viewer)];
  expect(comparable(first)).toEqual(comparable(second));
  return { js: comparable(js), jit: comparable(second), raw: js, executions: [first.execution, second.execution] };
}

it('each server runs the executor it was configured with', () => {
  expect([jsApp.config.executor, jitApp.config.executor]).toEqual(['graphql-js', 'compiled']);
});

it.each(readExamples().map((e) => [e.file, e]))('schema/examples/%s: the same answer', async (_file, example) => {
  const { js, jit, executions } = await both(example.query, example.variables, VIEWERS[example.role]);
  expect(jit).toEqual(js);
  expect(executions).toEqual(example.query.includes('__schema') || example.query.includes('__type') ? ['interpreted', 'interpreted'] : ['interpreted', 'compiled']);
});

it.each(readmeQueries.map((q, i) => [i, q]))('README example %i: the same answer', async (_i, query) => {
  const { js, jit, raw, executions } = await both(query, undefined, ANONYMOUS);
  expect(raw.errors).toBeUndefined();
  expect(jit).toEqual(js);
  expect(executions).toEqual(['interpreted', 'compiled']);
});

it("graphql-js's standard introspection query: the same answer", async () => {
  const { js, jit, executions } = await both(getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), undefined, ANONYMOUS);
  expect(jit).toEqual(js);
  // Operations that read the schema are always interpreted (see COERCED_VARIABLE in jit-executor.ts).
  expect(executions).toEqual(['interpreted', 'interpreted']);
});

// Every row has all four cells: jest takes a test function with more parameters than cells for a done-callback test.
it.each(corpus.map(([name, query, variables, viewer]) => [name, query, variables ?? {}, viewer ?? ANALYST] as const))('%s: the same answer', async (_name, query, variables, viewer) => {
  const { js, jit, raw, executions } = await both(query, variables, viewer);
  // The corpus means what it says: data where it should, errors where it should.
  expect(raw.data !== null || raw.errors !== undefined).toBe(true);
  expect(jit).toEqual(js);
  // An operation refused before execution (its variables, its cost) answers without data.
  expect(executions).toEqual(raw.data === undefined ? [undefined, undefined] : ['interpreted', 'compiled']);
});

/**
 * node(id) and nodes(ids) for every type implementing Node (from the schema, not a list kept here):
 * the interface's type resolution is where graphql-jit and type-graphql's async resolveType disagreed.
 */
const ADMIN = VIEWERS.admin;
it('node(id) and nodes(ids): the same answer for an object of every Node type', async () => {
  const schema = await jsApp.gql<{ __type: { possibleTypes: { name: string }[] } }>('{ __type(name: "Node") { possibleTypes { name } } }');
  const types = schema.data!.__type.possibleTypes.map((t) => t.name);
  expect(types.length).toBeGreaterThanOrEqual(19);
  // The seeded database has no audit entry yet: one written the way a write records it.
  await recordAudit(jsApp.db, ADMIN, 'conformance', null, 0, {});
  const ids: string[] = [];
  for (const type of types) {
    if (type === 'Indicator') {
      ids.push(Buffer.from('Indicator:ENF_PENALTY_TOTAL').toString('base64url'));
      continue;
    }
    const table = jsApp.orm.getMetadata().find(type)!.tableName;
    const [row] = await jsApp.sql<{ id: number }>(`SELECT min(id) AS id FROM "${table}"`);
    expect({ type, id: row.id }).toEqual({ type, id: expect.any(Number) });
    ids.push(Buffer.from(`${type}:${row.id}`).toString('base64url'));
  }
  const query = `query ($id: ID!, $ids: [ID!]!) { node(id: $id) { __typename id } nodes(ids: $ids) { __typename id ... on County { code } ... on EnforcementCase { caseNumber agency { name } } } }`;
  for (const [i, id] of ids.entries()) {
    const { js, jit, raw, executions } = await both(query, { id, ids }, ADMIN);
    expect(raw.errors).toBeUndefined();
    expect(executions).toEqual(i === 0 ? ['interpreted', 'compiled'] : ['compiled', 'compiled']);
    expect((raw.data as { node: { __typename: string } }).node.__typename).toBe(types[i]);
    expect(jit).toEqual(js);
  }
});
