/**
 * SQL statements per aggregate path, for every fact and every scope it has: root and scoped
 * stats, reconciliation and comparison. The count does not grow with the groups, parents,
 * figures or counties a request covers.
 */
import { facts } from '../src/analytics/facts';
import { scopesOf, statsTypesByFact } from '../src/analytics/stats.resolver';
import { toGlobalId } from '../src/common/global-id';
import { seedProvince } from '../seeds/province';
import { startTestApp, type GqlResult, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.db.transaction((tx) => seedProvince(tx, { counties: 3, years: [2022, 2023], seed: 'statements' }));
});
afterAll(() => app.close());

const keyFields = (d: { field: string; key: { kind: string } }) => (d.key.kind === 'node' ? `${d.field} { id }` : d.field);

describe.each(facts.map((f) => [f.key, f] as const))('%s', (_key, fact) => {
  const [first, second] = fact.dimensions;

  it('root stats: the same statements for 1 group and for every group, keys navigated', async () => {
    const ask = (n: number) => app.gql(`{ ${fact.field}(groupBy: [${first.name}, ${second.name}], first: ${n}) { totalCount nodes { ${keyFields(first)} ${keyFields(second)} count } } }`);
    const one = await ask(1);
    const all = await ask(100);
    expect(one.errors).toBeUndefined();
    expect(all.errors).toBeUndefined();
    expect(all.data![fact.field].nodes.length).toBeGreaterThan(1);
    expect(all.statements).toBe(one.statements);
    // Summary state (facts with summaries), the aggregate, one loader per node key type.
    const nodeKeys = [first, second].filter((d) => d.key.kind === 'node').length;
    expect(one.statements).toBeLessThanOrEqual(2 + nodeKeys);
  });

  // Node keys are getters of the fact's Group class (stats.service.ts): each one navigates to its group's node, the others read null.
  for (const dim of scopesOf(statsTypesByFact[fact.key])) {
    const type = (dim.key as { entity: { name: string } }).entity.name;
    it(`grouped by ${dim.name}: each group's ${dim.field} is the node of its key, the other node keys null`, async () => {
      const others = scopesOf(statsTypesByFact[fact.key]).filter((d) => d !== dim);
      const nodes: Record<string, any>[] = [];
      for (let after: string | null = null, more = true; more;) {
        const res: GqlResult = await app.gql(`query ($after: String) { ${fact.field}(groupBy: [${dim.name}], first: 100, after: $after) {
          nodes { ${dim.field} { id } ${others.map((d) => `${d.field} { id }`).join(' ')} count } pageInfo { hasNextPage endCursor } } }`, { after });
        expect(res.errors).toBeUndefined();
        nodes.push(...res.data![fact.field].nodes);
        ({ hasNextPage: more, endCursor: after } = res.data![fact.field].pageInfo);
      }
      const want = await app.sql<{ id: number | null; n: string }>(`SELECT ${dim.sql} AS id, count(*) AS n FROM "${fact.entity.table}" ${fact.entity.alias} GROUP BY 1`);
      const key = (g: { id: string | null; count: number }) => `${g.id}:${g.count}`;
      const got = nodes.map((g) => {
        for (const d of others) expect(g[d.field]).toBeNull();
        return key({ id: g[dim.field]?.id ?? null, count: g.count });
      });
      expect(got.sort()).toEqual(want.map((w) => key({ id: w.id === null ? null : toGlobalId(type, w.id), count: Number(w.n) })).sort());
    });
  }

  for (const scope of scopesOf(statsTypesByFact[fact.key])) {
    const parent = (scope.key as { entity: { name: string } }).entity.name;
    it(`scoped under ${parent}: one statement for 1 parent or 12, equal to the root field filtered to each`, async () => {
      const column = scope.sql;
      const ids = (await app.sql<{ id: number }>(`SELECT DISTINCT ${column} AS id FROM "${fact.entity.table}" ${fact.entity.alias} WHERE ${column} IS NOT NULL ORDER BY 1 LIMIT 12`)).map((r) => r.id);
      expect(ids.length).toBeGreaterThan(0);
      const ask = (list: number[]) => app.gql(`{ nodes(ids: ${JSON.stringify(list.map((id) => toGlobalId(parent, id)))}) {
        ... on ${parent} { id ${fact.field}(groupBy: [YEAR]) { totalCount nodes { year count } } } } }`);
      const one = await ask(ids.slice(0, 1));
      const many = await ask(ids);
      expect(one.errors).toBeUndefined();
      expect(many.errors).toBeUndefined();
      expect(many.statements).toBe(one.statements);
      // Each parent's groups are its own: the plain count of its rows per year.
      for (const node of many.data!.nodes) {
        const id = Number(Buffer.from(node.id, 'base64url').toString().split(':')[1]);
        const want = await app.sql<{ year: number; n: string }>(`SELECT extract(year FROM ${fact.entity.mainDate})::int AS year, count(*) AS n
          FROM "${fact.entity.table}" ${fact.entity.alias} ${Object.values(fact.entity.joins).filter((j) => fact.entity.mainDate!.startsWith(j.split(' ')[2] + '.') || j.includes(` ${fact.entity.mainDate!.split('.')[0]} `)).join(' ')}
         WHERE ${column} = $1 GROUP BY 1 ORDER BY 1`, [id]);
        expect(node[fact.field].nodes).toEqual(want.map((w) => ({ year: w.year, count: Number(w.n) })));
      }
    });
  }
});

describe('reconciliation and comparison', () => {
  it('reconciliation of a county-year: about a dozen statements for its 50 figures, one per fact involved', async () => {
    const res = await app.gql('{ reconciliation(county: "410726", year: 2023) { status servedFrom } }');
    expect(res.errors).toBeUndefined();
    expect(res.data!.reconciliation.filter((r: { status: string }) => r.status === 'MATCH')).toHaveLength(50);
    const factsInvolved = new Set(res.data!.reconciliation.map((r: { servedFrom: string }) => r.servedFrom)).size;
    console.log(`reconciliation 410726/2023: ${res.statements} SQL statements for ${res.data!.reconciliation.length} lines`);
    expect(res.statements).toBeLessThanOrEqual(12);
    expect(res.statements).toBeGreaterThanOrEqual(factsInvolved);
  });

  it('comparison: the same statements for 1 county and 4, for 1 year and 2', async () => {
    const ask = (counties: string[], years: number[]) => app.gql(`{ comparison(indicator: "ENF_PENALTY_TOTAL", years: ${JSON.stringify(years)}, counties: ${JSON.stringify(counties)}) {
      rows { county { code } cells { year computed servedFrom } } } }`);
    const small = await ask(['410726'], [2023]);
    const large = await ask(['410726', '990101', '990102', '990103'], [2022, 2023]);
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.statements).toBe(small.statements);
    const penalties = await app.sql<{ code: string; year: number; n: string }>(`SELECT k.code, extract(year FROM c.decided_on)::int AS year, count(*) AS n FROM enforcement_case c JOIN county k ON k.id = c.county_id
      WHERE c.action_type = 'PENALTY' AND k.code = ANY($1) GROUP BY 1, 2`, [['990101', '990102', '990103']]);
    for (const p of penalties) {
      const row = large.data!.comparison.rows.find((r: { county: { code: string } }) => r.county.code === p.code);
      expect(row.cells.find((c: { year: number }) => c.year === p.year)).toMatchObject({ computed: Number(p.n), servedFrom: 'summary_enforcement_case_yearly' });
    }
  });
});
