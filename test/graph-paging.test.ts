/** Cursor paging over the whole Yanjin case list: forwards and backwards, no row repeated or missing. */
import { keyOf } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const YANJIN = `county_id = (SELECT id FROM county WHERE code = '410726')`;

async function walk(orderBy: string, direction: 'forward' | 'backward', pageSize = 100): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const args: string = direction === 'forward'
      ? `first: ${pageSize}${cursor ? `, after: "${cursor}"` : ''}`
      : `last: ${pageSize}${cursor ? `, before: "${cursor}"` : ''}`;
    const res: { data?: any; errors?: unknown } = await app.gql(`{ enforcementCases(${args}, filter: { countyCode: { eq: "410726" } }${orderBy}) {
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } nodes { id } } }`);
    expect(res.errors).toBeUndefined();
    const conn: any = res.data!.enforcementCases;
    const ids = conn.nodes.map((n: { id: string }) => keyOf(n.id));
    if (direction === 'forward') {
      seen.push(...ids);
      if (!conn.pageInfo.hasNextPage) break;
      cursor = conn.pageInfo.endCursor;
    } else {
      seen.unshift(...ids);
      if (!conn.pageInfo.hasPreviousPage) break;
      cursor = conn.pageInfo.startCursor;
    }
  }
  return seen;
}

async function expected(orderSql: string): Promise<number[]> {
  return (await app.sql<{ id: number }>(`SELECT id FROM enforcement_case WHERE ${YANJIN} ORDER BY ${orderSql}`)).map((r) => r.id);
}

describe('paging the 21085 Yanjin cases', () => {
  it('forwards with the default order (newest first) visits every row once, in order', async () => {
    const ids = await walk('', 'forward');
    expect(ids).toHaveLength(21085);
    expect(new Set(ids).size).toBe(21085);
    expect(ids).toEqual(await expected('decided_on DESC, id DESC'));
  });

  it('backwards from the end gives the same rows in the same order', async () => {
    expect(await walk('', 'backward')).toEqual(await expected('decided_on DESC, id DESC'));
  });

  it('is stable under ties: ordering by fine amount (thousands of zero fines) still visits every row once', async () => {
    const order = ', orderBy: [{ field: FINE_AMOUNT, direction: ASC }]';
    const forward = await walk(order, 'forward', 97);
    expect(forward).toEqual(await expected('fine_amount_fen ASC, id ASC'));
    expect(await walk(order, 'backward', 89)).toEqual(forward);
  });

  it('orders by several keys in mixed directions', async () => {
    const order = ', orderBy: [{ field: ACTION_TYPE, direction: ASC }, { field: DECIDED_ON, direction: DESC }]';
    expect(await walk(order, 'forward', 100)).toEqual(await expected('action_type ASC, decided_on DESC, id DESC'));
  });

  it('reports hasPreviousPage / hasNextPage at both ends', async () => {
    const first = await app.gql(`{ enforcementCases(first: 5) { pageInfo { hasNextPage hasPreviousPage } } }`);
    expect(first.data!.enforcementCases.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    const last = await app.gql(`{ enforcementCases(last: 5) { pageInfo { hasNextPage hasPreviousPage } } }`);
    expect(last.data!.enforcementCases.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true });
  });

  it('edges carry the same nodes as the nodes shortcut, and totalCount counts over all pages', async () => {
    const res = await app.gql(`{ enforcementCases(first: 7, filter: { actionType: { eq: COERCIVE_MEASURE } }) { totalCount edges { cursor node { id } } nodes { id } } }`);
    const c = res.data!.enforcementCases;
    expect(c.totalCount).toBe(13);
    expect(c.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(c.nodes.map((n: { id: string }) => n.id));
    expect(new Set(c.edges.map((e: { cursor: string }) => e.cursor)).size).toBe(7);
  });
});
