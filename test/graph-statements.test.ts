/**
 * No N+1: the number of SQL statements a request sends does not grow with the rows it returns.
 * Shape: county -> agencies(first: A) -> enforcementCases(first: C) -> township (A x C case nodes).
 */
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let busy: string[];
beforeAll(async () => {
  app = await startTestApp();
  // Agencies with at least 100 cases, so every page below is full.
  busy = (await app.sql<{ code: string }>(`SELECT a.code FROM agency a JOIN enforcement_case c ON c.agency_id = a.id
    WHERE a.county_id = (SELECT id FROM county WHERE code = '410726') GROUP BY a.code HAVING count(*) >= 100 ORDER BY a.code`)).map((r) => r.code);
});
afterAll(() => app.close());

function nested(agencies: number, cases: number): string {
  return `{ county(code: "410726") { name agencies(first: ${agencies}, filter: { code: { in: ${JSON.stringify(busy)} } }) {
    nodes { code enforcementCases(first: ${cases}) { nodes { caseNumber township { code } agency { code } } } } } } }`;
}

describe('SQL statements per request', () => {
  it('stay the same for 10, 100 and 1000 nested case nodes', async () => {
    expect(busy.length).toBeGreaterThanOrEqual(10);
    const counts: Record<number, number> = {};
    for (const [agencies, cases] of [[10, 1], [10, 10], [10, 100]]) {
      const res = await app.gql(nested(agencies, cases));
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.county.agencies.nodes.reduce((n: number, a: { enforcementCases: { nodes: unknown[] } }) => n + a.enforcementCases.nodes.length, 0);
      expect(nodes).toBe(agencies * cases);
      counts[nodes] = res.statements;
    }
    // county, agencies (one batch), cases (one LATERAL statement for all agencies), townships by id; agencies are cached.
    expect(counts).toEqual({ 10: 4, 100: 4, 1000: 4 });
  });

  it('batches child connections with totalCount too (one count statement for all parents)', async () => {
    const small = await app.gql(`{ county(code: "410726") { agencies(first: 5) { nodes { enforcementCases(first: 2) { totalCount } } } } }`);
    const large = await app.gql(`{ county(code: "410726") { agencies(first: 38) { nodes { enforcementCases(first: 2) { totalCount } } } } }`);
    expect(small.statements).toBe(large.statements);
    expect(large.statements).toBe(4); // county, agencies, cases, counts
  });

  it('sends the pages of all parents in a single LATERAL statement', async () => {
    const res = await app.gql(nested(10, 100));
    const lateral = res.sql.filter((s) => /CROSS JOIN LATERAL/.test(s) && /"enforcement_case"/.test(s));
    expect(lateral).toHaveLength(1);
  });
});
