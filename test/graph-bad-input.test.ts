/** Bad arguments to the graph: a coded error naming the argument; never a 500, never a silent empty success. */
import { globalId } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let small: TestApp;
beforeAll(async () => {
  [app, small] = await Promise.all([startTestApp(), startTestApp({ env: { MAX_PAGE_SIZE: '10' } })]);
});
afterAll(async () => {
  await app.close();
  await small.close();
});

async function error(query: string, variables?: Record<string, unknown>, on = app) {
  const res = await on.gql(query, variables);
  expect(res.errors).toBeDefined();
  return res.errors![0];
}

describe('bad input to connections', () => {
  it('a malformed cursor', async () => {
    expect(await error('{ enforcementCases(first: 5, after: "not a cursor!") { nodes { id } } }'))
      .toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  });

  it('a cursor from another list', async () => {
    const agencies = await app.gql('{ agencies(first: 1) { pageInfo { endCursor } } }');
    const cursor = agencies.data!.agencies.pageInfo.endCursor;
    const e = await error(`{ enforcementCases(first: 5, after: "${cursor}") { nodes { id } } }`);
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
    expect(e.message).toMatch(/another list/);
  });

  it('a cursor made with another orderBy', async () => {
    const page = await app.gql('{ enforcementCases(first: 1) { pageInfo { endCursor } } }');
    const e = await error(`{ enforcementCases(first: 5, after: "${page.data!.enforcementCases.pageInfo.endCursor}", orderBy: [{ field: FINE_AMOUNT }]) { nodes { id } } }`);
    expect(e.message).toMatch(/another orderBy/);
  });

  it('a forged cursor with values of the wrong type', async () => {
    const forged = Buffer.from(JSON.stringify({ t: 'EnforcementCase', o: 'DECIDED_ON:DESC,ID:DESC', v: ["2023-01-01'; DROP TABLE x; --", 'x'] })).toString('base64url');
    expect(await error(`{ enforcementCases(last: 5, before: "${forged}") { nodes { id } } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'before' } });
  });

  it('a global ID of another type', async () => {
    const [{ id }] = await app.sql<{ id: number }>(`SELECT id FROM county WHERE code = '410726'`);
    const e = await error(`{ enforcementCases(first: 5, filter: { agencyId: { eq: "${globalId('County', id)}" } }) { nodes { id } } }`);
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.agencyId.eq' } });
    expect(e.message).toMatch(/is a County, expected a Agency/);
  });

  it('an ID that is not a global ID at all, in node()', async () => {
    expect(await error('{ node(id: "1 OR 1=1") { id } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
    expect(await error(`{ node(id: "${globalId('Nonsense', 1)}") { id } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('first: -1', async () => {
    expect(await error('{ enforcementCases(first: -1) { nodes { id } } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('both first and last', async () => {
    expect(await error('{ enforcementCases(first: 5, last: 5) { nodes { id } } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('an unknown enum value, inline or in a variable', async () => {
    const inline = await error('{ enforcementCases(first: 5, filter: { actionType: { eq: BRIBERY } }) { nodes { id } } }');
    expect(inline.extensions?.code).toBe('BAD_USER_INPUT');
    expect(inline.message).toMatch(/BRIBERY/);
    const variable = await error('query ($t: ActionType!) { enforcementCases(first: 5, filter: { actionType: { eq: $t } }) { nodes { id } } }', { t: 'BRIBERY' });
    expect(variable.extensions?.code).toBe('BAD_USER_INPUT');
    expect(variable.message).toMatch(/\$t/);
  });

  it('a reversed range', async () => {
    const e = await error('{ enforcementCases(first: 5, filter: { decidedOn: { gte: "2023-12-01", lte: "2023-01-01" } }) { nodes { id } } }');
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter.decidedOn' } });
    expect((await error('{ enforcementCases(first: 5, filter: { fineAmount: { gt: 500, lt: 100 } }) { nodes { id } } }')).extensions?.argument).toBe('filter.fineAmount');
  });

  it('an impossible date', async () => {
    expect((await error('{ enforcementCases(first: 5, filter: { decidedOn: { eq: "2023-02-30" } }) { nodes { id } } }')).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('more than the maximum page size says the limit (100 by default, configurable)', async () => {
    const e = await error('{ enforcementCases(first: 101) { nodes { id } } }');
    expect(e).toMatchObject({ message: 'first must be at most 100 (the maximum page size), got 101', extensions: { code: 'BAD_USER_INPUT', argument: 'first', maxPageSize: 100 } });
    expect((await app.gql('{ enforcementCases(first: 100) { nodes { id } } }')).data!.enforcementCases.nodes).toHaveLength(100);
    expect((await error('{ agencies(last: 11) { nodes { id } } }', undefined, small)).message).toBe('last must be at most 10 (the maximum page size), got 11');
    expect((await small.gql('{ agencies(first: 10) { nodes { id } } }')).data!.agencies.nodes).toHaveLength(10);
  });

  it('a nested child page over the limit fails the same way', async () => {
    const e = await error('{ county(code: "410726") { agencies(first: 2) { nodes { enforcementCases(first: 500) { nodes { id } } } } } }');
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
  });

  it('too many IDs for nodes()', async () => {
    const ids = Array.from({ length: 101 }, (_, i) => globalId('EnforcementCase', i + 1));
    expect(await error('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids })).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'ids' } });
  });
});

describe('issue 12.9: very large inputs are coded 4xx errors, not internal errors', () => {
  it('a filter with 30,000 conditions is BAD_USER_INPUT naming the limit', async () => {
    const filter = { or: Array.from({ length: 30 }, () => ({ or: Array.from({ length: 1000 }, (_, i) => ({ fineAmount: { eq: i } })) })) };
    const e = await error('query ($f: EnforcementCaseFilter) { enforcementCases(first: 1, filter: $f) { totalCount } }', { f: filter });
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter' } });
    expect(e.message).toMatch(/1000 conditions/);
  });

  it('the same in an aggregate', async () => {
    const filter = { and: Array.from({ length: 3 }, () => ({ or: Array.from({ length: 1000 }, (_, i) => ({ fineAmount: { eq: i } })) })) };
    const e = await error('query ($f: EnforcementCaseFilter) { enforcementCaseStats(filter: $f) { nodes { count } } }', { f: filter });
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'filter' } });
  });

  it('1,000 conditions are still answered', async () => {
    const filter = { or: Array.from({ length: 999 }, (_, i) => ({ fineAmount: { eq: i } })) };
    const res = await app.gql('query ($f: EnforcementCaseFilter) { enforcementCases(first: 1, filter: $f) { totalCount } }', { f: filter });
    expect(res.errors).toBeUndefined();
  });
});

describe('issue 12.9: operations the server does not run', () => {
  it('a subscription is BAD_REQUEST, not an internal error', async () => {
    const res = await app.gql('subscription { counties { code } }');
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });
    expect(res.errors![0].message).toMatch(/Subscriptions are not supported/);
  });
});
