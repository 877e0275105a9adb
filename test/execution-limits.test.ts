/**
 * Issue 12.1: no request can take the server down. The cost estimate comes from the schema (every
 * connection costs its effective page size, defaults included); what still gets through is
 * stopped by a response-size budget and an execution deadline, as one coded error.
 * Expected page sizes come from the SDL's own documentation (schema/schema.graphql), connection
 * fields from its naming convention (…Connection), not from the code under test.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, getIntrospectionQuery, isInterfaceType, isObjectType, getNamedType, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Db } from '../src/db/db';
import { measureOperation } from '../src/graphql/query-cost';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { getSchema } from '../src/schema';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

const sdl = buildSchema(readFileSync(path.join(__dirname, '../schema/schema.graphql'), 'utf8'));
const MAX_PAGE_SIZE = 100; // the default of MAX_PAGE_SIZE (README configuration table)

/** The default page size a connection field documents for `first` ("default 20", or MAX_PAGE_SIZE for groups). */
function documentedDefault(parent: string, field: string): number {
  const type = sdl.getType(parent);
  if (!isObjectType(type) && !isInterfaceType(type)) throw new Error(parent);
  const first = type.getFields()[field].args.find((a) => a.name === 'first')!;
  if (/MAX_PAGE_SIZE/.test(first.description ?? '') && !/default \d+/.test(first.description ?? '')) return MAX_PAGE_SIZE;
  return Number(/default (\d+)/.exec(first.description ?? '')![1]);
}

/** Every field of the SDL whose type is named …Connection, with the parent it can be reached through. */
function connectionFields(): { parent: string; field: string; reach: (inner: string) => string }[] {
  const out: { parent: string; field: string; reach: (inner: string) => string }[] = [];
  for (const type of Object.values(sdl.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const isNode = type.getInterfaces().some((i) => i.name === 'Node');
    if (type.name !== 'Query' && !isNode) continue;
    for (const f of Object.values(type.getFields())) {
      if (!/Connection$/.test(getNamedType(f.type).name)) continue;
      const reach = type.name === 'Query' ? (inner: string) => inner : (inner: string) => `node(id: "x") { ... on ${type.name} { ${inner} } }`;
      out.push({ parent: type.name, field: f.name, reach });
    }
  }
  return out;
}

async function cost(query: string, variables: Record<string, unknown> = {}): Promise<number> {
  const doc = parse(query);
  const op = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return measureOperation(await getSchema(), op, {}, variables, { maxDepth: 12, defaultPageSize: 20, defaultGroupPageSize: MAX_PAGE_SIZE }).cost;
}

describe('cost from the schema: every connection costs its effective page size', () => {
  const fields = connectionFields();

  it('covers the connections the old hand-kept list missed', () => {
    const names = fields.map((f) => `${f.parent}.${f.field}`);
    for (const missed of ['Agency.enforcementOfficers', 'Query.legalityReviews', 'Query.litigationCases', 'Query.supervisionInspections', 'Query.trainings',
      'Query.taskForces', 'Query.caseFileReviews', 'Query.taskForceMeetings', 'Query.auditLog', 'EnforcementCase.caseFileReviews', 'Query.enforcementCaseStats']) {
      expect(names).toContain(missed);
    }
    expect(fields.length).toBeGreaterThan(40);
  });

  it('no first/last, first: $n unset, and first: $n defaulted all cost what the page holds', async () => {
    const wrong: string[] = [];
    for (const { parent, field, reach } of fields) {
      const at = (args: string) => `{ ${reach(`${field}${args} { nodes { __typename } }`)} }`;
      const d = documentedDefault(parent, field);
      const zero = await cost(at('(first: 0)'));
      const perItem = (await cost(at('(first: 4)'))) - (await cost(at('(first: 3)')));
      const checks: [string, number, number][] = [
        ['one more item costs 1', perItem, 1],
        ['no first: the documented default page', (await cost(at(''))) - zero, d],
        ['first: $n unset', (await cost(`query ($n: Int) { ${reach(`${field}(first: $n) { nodes { __typename } }`)} }`)) - zero, d],
        ['first: $n = 7 by default', (await cost(`query ($n: Int = 7) { ${reach(`${field}(first: $n) { nodes { __typename } }`)} }`)) - zero, 7],
        ['first: $n = 9 given', (await cost(`query ($n: Int) { ${reach(`${field}(first: $n) { nodes { __typename } }`)} }`, { n: 9 })) - zero, 9],
        ['edges count like nodes', (await cost(`{ ${reach(`${field}(first: 5) { edges { __typename } }`)} }`)) - zero, 5],
      ];
      const parentType = sdl.getType(parent);
      if (isObjectType(parentType) && parentType.getFields()[field].args.some((a) => a.name === 'last')) {
        checks.push(['last: 6', (await cost(at('(last: 6)'))) - zero, 6]);
      }
      for (const [what, got, want] of checks) if (got !== want) wrong.push(`${parent}.${field} ${what}: ${got}, expected ${want}`);
    }
    expect(wrong).toEqual([]);
  });

  it('an aggregate costs more with each groupBy dimension and each percentile, beyond the values it returns', async () => {
    const stats = (groupBy: string, pct: number) =>
      `{ enforcementCaseStats(groupBy: [${groupBy}], first: 10) { nodes { count ${Array.from({ length: pct }, (_, i) => `p${i}: percentile(p: 0.${i + 1}) { fineAmount }`).join(' ')} } } }`;
    const oneDim = await cost(stats('YEAR', 1));
    const twoDims = await cost(stats('YEAR, AGENCY', 1));
    expect(twoDims).toBeGreaterThan(oneDim); // the same values returned, one more dimension
    const twoPct = await cost(stats('YEAR', 2));
    // A percentile adds 2 values per group (the field and its amount), 20 for 10 groups; it costs more.
    expect(twoPct - oneDim).toBeGreaterThan(20);
    const previousYear = `{ enforcementCaseStats(groupBy: [YEAR], first: 10) { nodes { count percentile(p: 0.5) { fineAmount } previousYear { count percentile(p: 0.5) { fineAmount } } } } }`;
    const withoutPct = `{ enforcementCaseStats(groupBy: [YEAR], first: 10) { nodes { count percentile(p: 0.5) { fineAmount } previousYear { count } } } }`;
    expect((await cost(previousYear)) - (await cost(withoutPct))).toBeGreaterThan(20);
  });
});

/** The query of the issue: officers of agencies of officers of agencies..., each page at its default. */
function crashQuery(levels: number, first = ''): string {
  let q = 'id';
  for (let i = 0; i < levels; i++) q = `enforcementOfficers${first} { nodes { agency { ${q} } } }`;
  return `agencies(first: 100) { nodes { ${q} } }`;
}

/** Record-level lists need a key: the requests of the issue came from an analyst. */
async function analyst(on: TestApp): Promise<Record<string, string>> {
  return { authorization: `Bearer ${(await createKey(new Db(on.orm), Role.ANALYST, null, 'analyst')).secret}` };
}

let app: TestApp;
let asAnalyst: Record<string, string>;
beforeAll(async () => {
  app = await startTestApp({ http: true, env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  asAnalyst = await analyst(app);
});
afterAll(() => app.close());

describe('limits over HTTP (defaults)', () => {
  it('the crashing analyst request is refused before it runs, alone and as three aliases, and with first: $n unset', async () => {
    // 100 agencies x 20 officers x 20 x 20: at least this many officer nodes would come back.
    const nodes = 100 * 20 * 20 * 20;
    for (const [query, variables] of [
      [`{ ${crashQuery(3)} }`, {}],
      [`{ a: ${crashQuery(3)} b: ${crashQuery(3)} c: ${crashQuery(3)} }`, {}],
      [`query ($n: Int) { ${crashQuery(3, '(first: $n)')} }`, {}],
      [`query ($n: Int) { ${crashQuery(3, '(first: $n)')} }`, { n: null }],
    ] as const) {
      const res = await postGraphql(app, { query, variables }, asAnalyst);
      expect(res.status).toBe(400);
      expect(res.json.errors).toHaveLength(1);
      expect(res.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
      expect(res.json.errors[0].extensions.cost).toBeGreaterThanOrEqual(nodes);
    }
    expect((await postGraphql(app, { query: '{ county(code: "410726") { name } }' })).json.data.county.name).toBe('延津县');
  });

  it('one document sent again and again with other variables is measured for each: refused with large pages, answered with small ones', async () => {
    // The measure is kept per operation and variables (query-limits.ts); each answer must follow its own variables.
    const query = `query ($n: Int) { ${crashQuery(3, '(first: $n)')} }`;
    for (const n of [20, 1, 20, 2, 1, 20]) {
      const res = await postGraphql(app, { query, variables: { n } }, asAnalyst);
      if (n === 20) {
        expect(res.status).toBe(400);
        expect(res.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
        expect(res.json.errors[0].extensions.cost).toBeGreaterThanOrEqual(100 * 20 * 20 * 20);
      } else {
        expect(res.status).toBe(200);
        expect(res.json.errors).toBeUndefined();
        expect(res.json.data.agencies.nodes.length).toBeGreaterThan(0);
      }
    }
  });

  it("graphql-js's standard introspection query passes the limits", async () => {
    for (const query of [getIntrospectionQuery(), getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true })]) {
      const res = await postGraphql(app, { query });
      expect(res.status).toBe(200);
      expect(res.json.errors).toBeUndefined();
      expect(res.json.data.__schema.types.length).toBeGreaterThan(100);
    }
  });

  it("the README's examples are answered in full", async () => {
    const readme = readFileSync(path.join(__dirname, '../README.md'), 'utf8');
    const queries = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    queries.push(JSON.parse(/-d '(\{"query":.*\})'/.exec(readme)![1]).query);
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) {
      const res = await postGraphql(app, { query });
      expect(res.json.errors).toBeUndefined();
      expect(res.status).toBe(200);
    }
  });
});

describe('what the estimate lets through is stopped while it runs', () => {
  // About 2,000 cases with their agency: more than 100 kB of JSON, within the cost limit; the budget is half
  // of that, as the response size is estimated while it is built (within about 20% of the JSON sent).
  const BIG = '{ agencies(first: 100) { nodes { code enforcementCases(first: 20) { nodes { id caseNumber decidedOn agency { name } } } } } }';
  let small: TestApp;
  let hurried: TestApp;
  beforeAll(async () => {
    [small, hurried] = await Promise.all([
      startTestApp({ http: true, env: { MAX_RESPONSE_BYTES: '50000', RATE_LIMIT_PER_MINUTE: '100000' } }),
      startTestApp({ http: true, env: { EXECUTION_TIMEOUT_MS: '300', RATE_LIMIT_PER_MINUTE: '100000' } }),
    ]);
  });
  afterAll(() => Promise.all([small.close(), hurried.close()]));

  it('a response past MAX_RESPONSE_BYTES becomes one RESPONSE_TOO_LARGE error, no data', async () => {
    // The oracle: with the default budget the same request is answered, and it is larger than 100 kB.
    const reference = await postGraphql(app, { query: BIG }, asAnalyst);
    expect(reference.json.errors).toBeUndefined();
    expect(Buffer.byteLength(JSON.stringify(reference.json.data))).toBeGreaterThan(100_000);

    const res = await postGraphql(small, { query: BIG }, await analyst(small));
    expect(res.status).toBeLessThan(500);
    expect(res.json.data).toBeNull();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', maxResponseBytes: 50_000 });
    expect(res.json.errors[0].path).toBeUndefined();
    // Small requests are untouched.
    expect((await postGraphql(small, { query: '{ county(code: "410726") { name } }' })).json).toEqual({ data: { county: { name: '延津县' } } });
  });

  it('the crashing request, were the cost limit lifted, is stopped by the default response budget before its rows load', async () => {
    // Cost limit out of the way: only the response budget (default 8 MB) stands. Each connection promises what its
    // selection will hold before it loads, so the batched levels (up to 800,000 officers in one statement) never run.
    const unguarded = await startTestApp({ http: true, env: { MAX_QUERY_COST: '100000000', RATE_LIMIT_PER_MINUTE: '100000' } });
    try {
      const key = await analyst(unguarded);
      const res = await postGraphql(unguarded, { query: `{ ${crashQuery(3)} }` }, key);
      expect(res.status).toBeLessThan(500);
      expect(res.json.data).toBeNull();
      expect(res.json.errors).toHaveLength(1);
      expect(res.json.errors[0].extensions.code).toBe('RESPONSE_TOO_LARGE');
      expect((await postGraphql(unguarded, { query: '{ county(code: "410726") { name } }' })).json.data.county.name).toBe('延津县');
    } finally {
      await unguarded.close();
    }
  });

  it('an operation past EXECUTION_TIMEOUT_MS becomes one EXECUTION_TIMEOUT error, no data', async () => {
    // The cases table is locked, so the list waits in PostgreSQL past the 300 ms deadline.
    await hurried.sql('BEGIN');
    await hurried.sql('LOCK TABLE enforcement_case IN ACCESS EXCLUSIVE MODE');
    const key = await analyst(hurried);
    const pending = postGraphql(hurried, { query: '{ enforcementCases(first: 50) { nodes { id caseNumber agency { name } } } }' }, key);
    await new Promise((r) => setTimeout(r, 1500));
    await hurried.sql('ROLLBACK');
    const res = await pending;
    expect(res.status).toBeLessThan(500);
    expect(res.json.data).toBeNull();
    expect(res.json.errors).toHaveLength(1);
    expect(res.json.errors[0].extensions).toMatchObject({ code: 'EXECUTION_TIMEOUT', executionTimeoutMs: 300 });
    expect((await postGraphql(hurried, { query: '{ county(code: "410726") { name } }' })).json).toEqual({ data: { county: { name: '延津县' } } });
  });
});
