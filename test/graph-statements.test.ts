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
    // county, agencies (one batch), cases with their townships joined (one LATERAL statement for all agencies); agencies are cached.
    expect(counts).toEqual({ 10: 3, 100: 3, 1000: 3 });
  });

  it('batches child connections with totalCount too (one count statement for all parents)', async () => {
    const small = await app.gql(`{ county(code: "410726") { agencies(first: 5) { nodes { enforcementCases(first: 2) { totalCount } } } } }`);
    const large = await app.gql(`{ county(code: "410726") { agencies(first: 38) { nodes { enforcementCases(first: 2) { totalCount } } } } }`);
    expect(small.statements).toBe(large.statements);
    expect(large.statements).toBe(4); // county, agencies, cases, counts
  });

  it('joins the townships a page selects into its own statement, with the same answer as plain SQL', async () => {
    const res = await app.gql(`{ county(code: "410726") { agencies(first: 10, filter: { code: { in: ${JSON.stringify(busy)} } }) {
      nodes { code enforcementCases(first: 30) { edges { node { caseNumber township { code name kind } } } } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(3); // county, agencies, cases joined with their townships
    const lateral = res.sql.find((s) => /LATERAL/.test(s) && /LEFT JOIN "township"/.test(s))!;
    expect(lateral).toBeDefined();
    // Only the columns the selection reads: no case's source text, no township's aliases.
    expect(lateral).not.toMatch(/enforcement_case\.\*|"source"|"aliases"/);
    const expected = await app.sql<{ agency: string; case_number: string; township: { code: string; name: string; kind: string } | null }>(`
      SELECT a.code AS agency, c.case_number, CASE WHEN t.id IS NULL THEN NULL ELSE json_build_object('code', t.code, 'name', t.name, 'kind', t.kind) END AS township
        FROM (SELECT * FROM agency WHERE code = ANY($1) AND county_id = (SELECT id FROM county WHERE code = '410726') ORDER BY level, code, id LIMIT 10) a
        CROSS JOIN LATERAL (SELECT * FROM enforcement_case WHERE agency_id = a.id ORDER BY decided_on DESC, id DESC LIMIT 30) c
        LEFT JOIN township t ON t.id = c.township_id
       ORDER BY a.level, a.code, a.id, c.decided_on DESC, c.id DESC`, [busy]);
    const got = res.data!.county.agencies.nodes.flatMap((a: { code: string; enforcementCases: { edges: { node: { caseNumber: string; township: unknown } }[] } }) =>
      a.enforcementCases.edges.map((e) => ({ agency: a.code, case_number: e.node.caseNumber, township: e.node.township })));
    expect(got).toEqual(expected);
    expect(got.some((r: { township: unknown }) => r.township !== null)).toBe(true);
  });

  it('answers a node read by id in full beside a page that read only some columns of the same rows', async () => {
    const [row] = await app.sql<{ id: number; source: string; code: string | null; agency: string }>(`SELECT c.id, c.source, t.code, a.code AS agency FROM enforcement_case c
      JOIN agency a ON a.id = c.agency_id LEFT JOIN township t ON t.id = c.township_id
      WHERE a.code = $1 ORDER BY c.decided_on DESC, c.id DESC LIMIT 1`, [busy[0]]);
    const id = Buffer.from(`EnforcementCase:${row.id}`).toString('base64url');
    const res = await app.gql(`{ county(code: "410726") { agencies(first: 1, filter: { code: { eq: "${row.agency}" } }) { nodes { enforcementCases(first: 1) { nodes { caseNumber township { name } } } } } }
      node(id: "${id}") { ... on EnforcementCase { source township { code } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toEqual({ source: row.source, township: row.code === null ? null : { code: row.code } });
  });

  it('sends the pages of all parents in a single LATERAL statement', async () => {
    const res = await app.gql(nested(10, 100));
    const lateral = res.sql.filter((s) => /CROSS JOIN LATERAL/.test(s) && /"enforcement_case"/.test(s));
    expect(lateral).toHaveLength(1);
  });
});
