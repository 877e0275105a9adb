/**
 * Without a key, aggregates cannot rebuild the record-level rows a key protects (issue 12.7):
 * no filter that picks out one record (its id, its text), and groups of fewer than
 * ANONYMOUS_MIN_GROUP_SIZE rows are withheld. With a key, the same questions answer in full.
 */
import { facts } from '../src/analytics/facts';
import { toGlobalId } from '../src/common/global-id';
import { ANONYMOUS, ANONYMOUS_MIN_GROUP_SIZE } from '../src/modules/auth/viewer';
import { ANALYST, startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const keyFields = (d: { field: string; key: { kind: string } }) => (d.key.kind === 'node' ? `${d.field} { id }` : d.field);

describe.each(facts.map((f) => [f.key, f] as const))('%s without a key', (_key, fact) => {
  it('refuses filters that pick out one record (id, text fields); a key may use them', async () => {
    const [row] = await app.sql<{ id: number }>(`SELECT id FROM "${fact.entity.table}" ORDER BY id LIMIT 1`);
    const byId = `{ ${fact.field}(filter: { id: { eq: "${toGlobalId(fact.entity.name, row.id)}" } }) { nodes { count } } }`;
    const anonymous = await app.gql(byId, undefined, ANONYMOUS);
    expect(anonymous.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.id' });
    expect(anonymous.data?.[fact.field] ?? null).toBeNull();
    const keyed = await app.gql(byId, undefined, ANALYST);
    expect(keyed.data![fact.field].nodes).toEqual([{ count: 1 }]);
    for (const text of fact.entity.filters.filter((f) => f.kind === 'text' && !f.personal)) {
      const res = await app.gql(`{ ${fact.field}(filter: { ${text.name}: { contains: "1" } }) { nodes { count } } }`, undefined, ANONYMOUS);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: `filter.${text.name}` });
    }
  });

  it(`withholds groups of fewer than ${ANONYMOUS_MIN_GROUP_SIZE} rows, and only those`, async () => {
    const dims = fact.dimensions.filter((d) => ['COUNTY', 'MONTH', 'YEAR'].includes(d.name) || d.key.kind === 'enum').slice(0, 4);
    // Every page, for both callers.
    const all = async (viewer: typeof ANONYMOUS) => {
      const nodes: { count: number }[] = [];
      let after: string | null = null;
      let totalCount = 0;
      do {
        const q: string = `{ ${fact.field}(groupBy: [${dims.map((d) => d.name).join(', ')}], first: 100${after ? `, after: "${after}"` : ''}) {
          totalCount pageInfo { hasNextPage endCursor } nodes { ${dims.map(keyFields).join(' ')} count } } }`;
        const page: any = (await app.gql(q, undefined, viewer)).data![fact.field];
        nodes.push(...page.nodes);
        totalCount = page.totalCount;
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return { nodes, totalCount };
    };
    const keyed = await all(ANALYST);
    const anonymous = await all(ANONYMOUS);
    const kept = keyed.nodes.filter((g: { count: number }) => g.count >= ANONYMOUS_MIN_GROUP_SIZE);
    expect(anonymous.nodes).toEqual(kept);
    expect(anonymous.totalCount).toBe(keyed.totalCount - (keyed.nodes.length - kept.length));
  });
});

it('the attack from the issue: one officer rebuilt through stats is refused, and bisection finds no single row', async () => {
  const [officer] = await app.sql<{ id: number; agency_id: number; issued_on: string }>(`SELECT id, agency_id, to_char(issued_on, 'YYYY-MM-DD') AS issued_on FROM enforcement_officer ORDER BY id LIMIT 1`);
  const byId = await app.gql(`{ enforcementOfficerStats(filter: { id: { eq: "${toGlobalId('EnforcementOfficer', officer.id)}" } }, groupBy: [AGENCY, YEAR, MONTH, STATUS]) { nodes { count } } }`, undefined, ANONYMOUS);
  expect(byId.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  // Narrowed to its agency and exact issue day, the group holds too few rows to be shown.
  const [{ n }] = await app.sql<{ n: string }>('SELECT count(*) AS n FROM enforcement_officer WHERE agency_id = $1 AND issued_on = $2', [officer.agency_id, officer.issued_on]);
  const day = await app.gql(`{ enforcementOfficerStats(filter: { agencyId: { eq: "${toGlobalId('Agency', officer.agency_id)}" }, issuedOn: { gte: "${officer.issued_on}", lte: "${officer.issued_on}" } }) { nodes { count } } }`, undefined, ANONYMOUS);
  expect(day.errors).toBeUndefined();
  expect(day.data!.enforcementOfficerStats.nodes).toEqual(Number(n) >= ANONYMOUS_MIN_GROUP_SIZE ? [{ count: Number(n) }] : []);
});
