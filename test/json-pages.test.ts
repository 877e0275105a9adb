/**
 * Issue 16: compiled execution has PostgreSQL write a page's nodes as JSON when they select plain
 * columns (src/graphql/json-pages.ts). For every generated list field (root lists and child lists,
 * from the registry relations.ts fills, not a list kept here) and every scalar and enum field of
 * its nodes, alone and all together, with the many-to-one references' fields too: the
 * compiled server's answer is graphql-js's, and the statement that wrote it is seen. Every child
 * list inside a JSON page is read by that page's statement, forwards and backwards, at every depth
 * the registry allows. Then the cases where a page must not be written as JSON, or where its shape
 * is unusual, and child lists whose arguments fail (graphql-js's errors, from graphql-js).
 */
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { getSchema } from '../src/schema';
import { objectTypeName, registeredPageFields } from '../src/graphql/json-pages';
import { Role } from '../src/modules/auth/api-key.entity';
import { ANONYMOUS, type Viewer } from '../src/modules/auth/viewer';
import { ANALYST, startTestApp, type GqlResult, type TestApp } from './helpers/harness';

const ADMIN: Viewer = { keyId: 8, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' };

let jsApp: TestApp;
let jitApp: TestApp;
let rowsApp: TestApp;
let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await getSchema();
  jsApp = await startTestApp({ env: { EXECUTOR: 'graphql-js' } });
  jitApp = await startTestApp({ database: jsApp.database, env: { EXECUTOR: 'compiled' } });
  rowsApp = await startTestApp({ database: jsApp.database, env: { EXECUTOR: 'compiled', JSON_PAGES: 'false' } });
});
afterAll(async () => {
  await rowsApp.close();
  await jitApp.close();
  await jsApp.close();
});

const comparable = (res: GqlResult) => JSON.parse(JSON.stringify({ data: res.data ?? null, errors: res.errors ?? null }).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'));
/** A statement that wrote a page as JSON (json-page.ts aggregates each page's nodes with string_agg). */
const wroteJson = (res: GqlResult) => res.sql.some((s) => s.includes('string_agg('));

/**
 * The compiled server's answer (its second sighting of the operation) against graphql-js's: its own
 * first sighting, which graphql-js interprets, or the graphql-js server's when the operation was
 * seen before (another viewer, other variables). Whether JSON wrote the compiled one.
 */
async function compare(query: string, viewer: Viewer = ANALYST, variables?: Record<string, unknown>, execution = 'compiled'): Promise<{ json: boolean; answer: GqlResult; statements: number; sql: string[] }> {
  const first = await jitApp.gql(query, variables, viewer);
  const second = await jitApp.gql(query, variables, viewer);
  expect({ query, second: second.execution }).toEqual({ query, second: execution });
  const reference = first.execution === 'interpreted' ? first : await jsApp.gql(query, variables, viewer);
  if (first.execution === 'interpreted') expect(wroteJson(first)).toBe(false);
  expect({ query, answer: comparable(second) }).toEqual({ query, answer: comparable(reference) });
  return { json: wroteJson(second), answer: reference, statements: second.sql.length, sql: second.sql };
}

/** Fields without arguments of a scalar or enum type, whichever: JSON must write those it takes as graphql-js does, and leave the rest. */
function leaves(type: GraphQLObjectType): string[] {
  return Object.values(type.getFields()).filter((f) => !f.args.length && isLeafType(getNamedType(f.type))).map((f) => f.name);
}
/** Object-typed fields without arguments that are not connections: the many-to-one references. */
function references(type: GraphQLObjectType): [string, GraphQLObjectType][] {
  return Object.values(type.getFields()).flatMap((f) => {
    const t = getNamedType(f.type);
    return !f.args.length && isObjectType(t) && !('pageInfo' in t.getFields()) ? [[f.name, t] as [string, GraphQLObjectType]] : [];
  });
}

/** A query reaching `parentType.field` with `inner` as its selection: from a root list of the parent, or a county. */
function reach(parentType: string, field: string, inner: string): string {
  if (parentType === 'Query') return `{ ${field}(first: 4) ${inner} }`;
  if (parentType === 'County') return `{ county(code: "410726") { ${field}(first: 4) ${inner} } }`;
  const root = registeredPageFields().find((p) => p.parentType === 'Query' && objectTypeName(p.entity) === parentType);
  if (!root) throw new Error(`no root list of ${parentType} to reach ${parentType}.${field} from`);
  return `{ ${root.field}(first: 3) { nodes { ${field}(first: 4) ${inner} } } }`;
}

function nodeType(parentType: string, field: string): GraphQLObjectType {
  const parent = schema.getType(parentType) as GraphQLObjectType;
  const connection = getNamedType(parent.getFields()[field].type) as GraphQLObjectType;
  return getNamedType(connection.getFields().nodes.type) as GraphQLObjectType;
}

it('the registry holds the generated list fields, root and child', () => {
  const coordinates = registeredPageFields().map((p) => `${p.parentType}.${p.field}`);
  expect(coordinates).toEqual(expect.arrayContaining(['Query.enforcementCases', 'Agency.enforcementCases', 'County.agencies', 'Township.enforcementCases', 'Query.townships']));
  expect(coordinates.length).toBeGreaterThanOrEqual(40);
});

// The registry is filled when the schema is built (beforeAll), so the fields are gone through in a loop.
it('every list field: each leaf field of its nodes and of their references alone, then those JSON took together (forwards and backwards, with counts and page flags), then all: the same answers', async () => {
  const noJson: string[] = [];
  for (const { parentType, field } of registeredPageFields()) {
    const coordinate = `${parentType}.${field}`;
    const type = nodeType(parentType, field);
    // Each leaf alone; JSON takes those that are a stored column of a fitting type (not getters, numeric or enum columns…).
    const taken: string[] = [];
    for (const f of leaves(type)) if ((await compare(reach(parentType, field, `{ nodes { ${f} } }`), ADMIN)).json) taken.push(f);
    const refs: string[] = [];
    for (const [name, target] of references(type)) {
      const inner: string[] = [];
      for (const f of leaves(target)) if ((await compare(reach(parentType, field, `{ nodes { ${name} { ${f} } } }`), ADMIN)).json) inner.push(f);
      if (inner.length) refs.push(`${name} { __typename ${inner.join(' ')} }`);
    }
    if (!taken.length) noJson.push(coordinate);
    // Together, with counts and page flags: still JSON, forwards and backwards, for an analyst and an admin.
    const together = `{ totalCount pageInfo { hasNextPage hasPreviousPage } nodes { __typename ${taken.join(' ')} ${refs.join(' ')} } }`;
    for (const viewer of [ANALYST, ADMIN]) {
      for (const query of [reach(parentType, field, together), reach(parentType, field, together).replace(`${field}(first: 4)`, `${field}(last: 2)`)]) {
        const { json } = await compare(query, viewer);
        expect({ coordinate, query, json }).toEqual({ coordinate, query, json: true });
      }
    }
    // Everything, the references whole: whichever way it is read, graphql-js's answer.
    const all = references(type).map(([name, t]) => `${name} { ${leaves(t).join(' ')} }`).join(' ');
    await compare(reach(parentType, field, `{ nodes { ${leaves(type).join(' ')} ${all} } }`), ADMIN);
  }
  expect(noJson).toEqual([]);
}, 600_000);

/** The root list of a node type, if there is one. */
const rootOf = (type: string) => registeredPageFields().find((p) => p.parentType === 'Query' && objectTypeName(p.entity) === type)?.field;

describe('child lists inside JSON pages', () => {
  /** Every child list whose parent type has a root list, with what it selects: nested in the root list's page. */
  const nested = () => registeredPageFields().filter((p) => p.parentType !== 'Query' && rootOf(p.parentType));

  it('every such child list, forwards and backwards, with counts and page flags: graphql-js\'s answer, read by the page\'s one statement', async () => {
    const lists = nested();
    expect(lists.length).toBeGreaterThanOrEqual(12);
    let withNodes = 0;
    for (const { parentType, field } of lists) {
      const inner = '{ __typename totalCount pageInfo { hasNextPage __typename hasPreviousPage } nodes { __typename id } }';
      for (const page of [`${field}(first: 2)`, `${field}(last: 3)`]) {
        const query = `{ ${rootOf(parentType)}(first: 6) { nodes { id ${page} ${inner} } } }`;
        const { json, answer, statements } = await compare(query, ADMIN);
        expect({ query, json, statements }).toEqual({ query, json: true, statements: 1 });
        const nodes = (Object.values(answer.data!)[0] as { nodes: Record<string, { nodes: unknown[] }>[] }).nodes;
        if (nodes.some((n) => n[field].nodes.length)) withNodes += 1;
      }
    }
    // At least half of them have rows in the seeded data, so nodes were compared, not only empty pages.
    expect(withNodes).toBeGreaterThanOrEqual(lists.length);
  }, 300_000);

  it('child lists of child lists, as deep as the registry goes from a root list: one statement, graphql-js\'s answer', async () => {
    // Chains root list -> child list -> child list…, from the registry.
    const chains: string[][] = [];
    const extend = (chain: { type: string; fields: string[] }) => {
      const below = registeredPageFields().filter((p) => p.parentType === chain.type && chain.fields.length < 4);
      if (chain.fields.length >= 3) chains.push(chain.fields);
      for (const p of below) extend({ type: objectTypeName(p.entity), fields: [...chain.fields, p.field] });
    };
    for (const p of registeredPageFields().filter((q) => q.parentType === 'Query')) extend({ type: objectTypeName(p.entity), fields: [p.field] });
    expect(chains.length).toBeGreaterThanOrEqual(5);
    for (const chain of chains) {
      const query = `{ ${chain.reduceRight((inner, field, i) => `${field}(${i === 0 ? 'first: 5' : i % 2 ? 'first: 3' : 'last: 2'}) { totalCount nodes { id ${inner} } }`, '')} }`;
      const { json, statements } = await compare(query, ADMIN);
      // One statement, and one for the outer page's totalCount.
      expect({ query, json, statements }).toEqual({ query, json: true, statements: 2 });
    }
  }, 300_000);

  it('siblings, aliases and the same child list twice with other arguments; and under pages of a child list: graphql-js\'s answer', async () => {
    const queries = [
      '{ agencies(first: 4) { nodes { name a: enforcementCases(first: 2) { nodes { caseNumber } } b: enforcementCases(last: 1) { totalCount nodes { caseNumber decidedOn } } trainings(first: 1) { nodes { id } } taskForces(first: 2) { totalCount nodes { name } } } } }',
      '{ county(code: "410726") { x: agencies(first: 3) { nodes { enforcementCases(first: 1) { nodes { caseNumber } } } } y: agencies(first: 3) { nodes { enforcementCases(first: 3) { nodes { caseNumber } } } } } }',
      '{ county(code: "410726") { agencies(first: 3, orderBy: [{ field: NAME, direction: DESC }]) { nodes { code enforcementCases(first: 2, filter: { decidedOn: { lt: "2023-06-01" } }, orderBy: [{ field: CASE_NUMBER, direction: ASC }]) { nodes { caseNumber decidedOn township { name code } } } } } } }',
      '{ agencies(first: 3) { nodes { enforcementCases(first: 0) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { caseNumber } } } } }',
    ];
    for (const query of queries) expect((await compare(query, ADMIN)).json).toBe(true);
  });

  it('variables in a child list\'s arguments: bound per request', async () => {
    const query = 'query ($n: Int!, $f: EnforcementCaseFilter) { agencies(first: 3) { nodes { name enforcementCases(first: $n, filter: $f) { totalCount nodes { caseNumber } } } } }';
    for (const variables of [{ n: 1 }, { n: 4, f: { decidedOn: { gte: '2023-07-01' } } }]) {
      expect((await compare(query, ANALYST, variables)).json).toBe(true);
    }
    // A cursor (from a page read as rows) in a child list's arguments: the keyset, the counts without it, the page flags.
    const cursors = await jitApp.gql('{ agencies(first: 1) { nodes { enforcementCases(first: 2) { pageInfo { endCursor } } } } }');
    const after = (cursors.data as { agencies: { nodes: { enforcementCases: { pageInfo: { endCursor: string } } }[] } }).agencies.nodes[0].enforcementCases.pageInfo.endCursor;
    const paged = 'query ($after: String) { agencies(first: 3) { nodes { enforcementCases(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage } nodes { caseNumber decidedOn } } } } }';
    const { json, answer } = await compare(paged, ANALYST, { after });
    expect(json).toBe(true);
    expect(JSON.stringify(answer.data)).toContain('"hasPreviousPage":true');
  });

  it('a child list whose arguments fail, or that the viewer may not read: the request is interpreted, so its errors are graphql-js\'s', async () => {
    const badCursor = '{ agencies(first: 2) { nodes { name enforcementCases(first: 2, after: "nonsense") { nodes { caseNumber } } } } }';
    const bad = await compare(badCursor, ANALYST, undefined, 'interpreted');
    expect(bad.answer.errors?.[0]).toMatchObject({ path: ['agencies', 'nodes', 0, 'enforcementCases'], extensions: { code: 'BAD_USER_INPUT' } });
    // A variable that fails in one request and not in the next: each request bound on its own.
    const query = 'query ($n: Int!) { agencies(first: 2) { nodes { enforcementCases(first: $n) { nodes { caseNumber } } } } }';
    await compare(query, ANALYST, { n: 2 });
    const failing = await jitApp.gql(query, { n: -1 });
    expect(failing.execution).toBe('interpreted');
    expect(comparable(failing)).toEqual(comparable(await jsApp.gql(query, { n: -1 })));
    expect((await jitApp.gql(query, { n: 3 })).execution).toBe('compiled');
    // Anonymous callers read agencies, not cases.
    const anonymous = await compare('{ county(code: "410726") { agencies(first: 2) { nodes { name enforcementCases(first: 2) { nodes { caseNumber } } } } } }', ANONYMOUS, undefined, 'interpreted');
    expect(anonymous.answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

it('W2 is written as JSON in one statement, and its answer is graphql-js\'s and the row path\'s', async () => {
  const w2 = '{ county(code: "410726") { agencies(first: 50) { nodes { name enforcementCases(first: 20) { nodes { caseNumber decidedOn township { name } } } } } } }';
  const { json, answer, sql } = await compare(w2);
  // The county's row (unless it is kept: county-cache.ts), and one statement for the agencies and their cases.
  expect({ json, statements: sql.filter((s) => !/FROM "county"/.test(s)).length }).toEqual({ json: true, statements: 1 });
  const rows = [await rowsApp.gql(w2), await rowsApp.gql(w2)];
  expect(rows.map(wroteJson)).toEqual([false, false]);
  expect(comparable(rows[1])).toEqual(comparable(answer));
  // The answer holds what the cases table holds: every agency's first 20 cases by decision date, newest first.
  const agencies = (answer.data as { county: { agencies: { nodes: { name: string; enforcementCases: { nodes: { caseNumber: string }[] } }[] } } }).county.agencies.nodes;
  const expected = await jsApp.sql<{ name: string; n: string }>(`
    SELECT a.name, least(count(c.id), 20) AS n FROM agency a JOIN county k ON k.id = a.county_id LEFT JOIN enforcement_case c ON c.agency_id = a.id
     WHERE k.code = '410726' GROUP BY a.id, a.name ORDER BY a.id`);
  expect(agencies.map((a) => [a.name, a.enforcementCases.nodes.length]).sort()).toEqual(expected.map((e) => [e.name, Number(e.n)]).sort());
  expect(agencies.reduce((n, a) => n + a.enforcementCases.nodes.length, 0)).toBeGreaterThan(100);
});

it('text with quotes, backslashes, control and astral characters: written as JSON, read back as graphql-js reads it', async () => {
  const [{ id, source }] = await jsApp.sql<{ id: number; source: string }>('SELECT id, source FROM township ORDER BY id LIMIT 1');
  const odd = 'a"b\\c/d\n\t\r\b\f\u0001\u001f\u007f\u2028 😀 延津 </script>';
  await jsApp.sql('UPDATE township SET source = $1 WHERE id = $2', [odd, id]);
  try {
    const { json, answer } = await compare('{ townships(first: 5, orderBy: [{ field: ID, direction: ASC }]) { nodes { code source } } }');
    expect(json).toBe(true);
    expect((answer.data as { townships: { nodes: { source: string }[] } }).townships.nodes[0].source).toBe(odd);
  } finally {
    await jsApp.sql('UPDATE township SET source = $1 WHERE id = $2', [source, id]);
  }
});

describe('pages that are executed as written, and unusual shapes of those that are not', () => {
  const cases: [string, string, boolean][] = [
    ['aliases of the nodes and of their fields', '{ enforcementCases(first: 5) { items: nodes { no: caseNumber on: decidedOn kind: __typename place: township { n: name } } } }', true],
    ['a backward page with a cursor', '{ enforcementCases(last: 3, before: "X") { nodes { caseNumber } } }', false],
    ['cursors beside the nodes: read from rows', '{ enforcementCases(first: 3) { pageInfo { endCursor } nodes { caseNumber } } }', false],
    ['edges: read from rows', '{ enforcementCases(first: 3) { edges { cursor node { caseNumber } } } }', false],
    ['global IDs, of the nodes and of their references', '{ enforcementCases(first: 3) { nodes { id caseNumber township { id } agency { id name } } } }', true],
    ['a money field: made by its scalar', '{ enforcementCases(first: 3) { nodes { caseNumber fineAmount } } }', false],
    ['a directive inside the nodes', '{ enforcementCases(first: 3) { nodes { caseNumber decidedOn @skip(if: true) } } }', false],
    ['a fragment inside the nodes', '{ enforcementCases(first: 3) { nodes { ...F } } } fragment F on EnforcementCase { caseNumber }', false],
    ['the same page asked twice at one path (merged by GraphQL)', '{ enforcementCases(first: 3) { nodes { caseNumber } } ...Q } fragment Q on Query { enforcementCases(first: 3) { nodes { decidedOn } } }', false],
    ['the page inside a fragment, once', '{ ...Q } fragment Q on Query { enforcementCases(first: 3) { totalCount nodes { caseNumber } } }', true],
    ['one fragment spread at two paths', '{ a: county(code: "410726") { ...A } b: county(code: "410726") { ...A } } fragment A on County { agencies(first: 2) { nodes { name } } }', true],
    ['a filter and an order', '{ enforcementCases(first: 4, filter: { fineAmount: { gte: 100 } }, orderBy: [{ field: FINE_AMOUNT, direction: DESC }]) { nodes { caseNumber decidedOn } } }', true],
    ['an empty page', '{ enforcementCases(first: 4, filter: { caseNumber: { eq: "none such" } }) { totalCount pageInfo { hasNextPage } nodes { caseNumber } } }', true],
    ['first: 0 (no statement)', '{ enforcementCases(first: 0) { pageInfo { hasNextPage } nodes { caseNumber } } }', false],
  ];
  it.each(cases)('%s', async (_name, query, json) => {
    const { answer } = await compare(query);
    expect(answer.errors === undefined || query.includes('before: "X"')).toBe(true);
    const second = await jitApp.gql(query);
    expect(wroteJson(second)).toBe(json);
  });

  it('a caller who may not read the list gets the same coded error', async () => {
    const { answer } = await compare('{ enforcementCases(first: 2) { nodes { caseNumber } } }', ANONYMOUS);
    expect(answer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('variables for the page\'s arguments: the same answer, written as JSON', async () => {
    const query = 'query ($n: Int!, $f: EnforcementCaseFilter) { enforcementCases(first: $n, filter: $f) { nodes { caseNumber township { name } } } }';
    for (const variables of [{ n: 3 }, { n: 5, f: { decidedOn: { lt: '2023-06-01' } } }]) {
      const { json } = await compare(query, ANALYST, variables);
      expect(json).toBe(true);
    }
  });
});
