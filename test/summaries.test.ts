/**
 * Rollups give the same answers as the base table: random covered requests run both ways and
 * compared row by row. Also: which requests they serve, and that imports keep them fresh.
 */
import fc from 'fast-check';
import { enforcementCaseFact } from '../src/analytics/facts';
import { coveringRollup, rollups } from '../src/analytics/rollups/rollups';
import { emptyMeasures, measureColumn, statsSql, type StatsQuery } from '../src/analytics/stats-sql';
import { seedProvince } from '../seeds/province';
import { CLI } from '../src/modules/auth/viewer';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.db.transaction((tx) => seedProvince(tx, { counties: 2, years: [2022, 2023], seed: 'rollup' }));
});
afterAll(() => app.close());

const fact = enforcementCaseFact;
const dim = (name: string) => fact.dimensions.find((d) => d.name === name)!;

const MEASURES = ['count', 'fineAmount.sum', 'fineAmount.min', 'fineAmount.max', 'fineAmount.avg', 'leniencyAmount.sum', 'leniencyAmount.avg', 'fined', 'lenient', 'leniencyRate'];

const filterArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('990101', '990102', '410726').map((c) => ({ countyCode: { eq: c } })),
  fc.subarray(['PENALTY', 'LICENSE', 'MEDIATION', 'COERCIVE_MEASURE'], { minLength: 1 }).map((a) => ({ actionType: { in: a } })),
  fc.constantFrom(2022, 2023).map((y) => ({ year: { eq: y } })),
  fc.constantFrom('COUNTY_DEPARTMENT', 'TOWNSHIP').map((l) => ({ agencyLevel: { eq: l } })),
  fc.tuple(fc.constantFrom('990101', '410726'), fc.constantFrom('NONE', 'MITIGATED')).map(([c, l]) => ({ and: [{ countyCode: { eq: c } }, { not: { leniency: { eq: l } } }] })),
);

const requestArb = fc.record({
  groupBy: fc.subarray(['COUNTY', 'AGENCY', 'AGENCY_LEVEL', 'YEAR', 'QUARTER', 'MONTH', 'ACTION_TYPE', 'LENIENCY'], { maxLength: 3 }),
  measures: fc.subarray(MEASURES, { minLength: 1, maxLength: 4 }),
  filter: filterArb,
  previousYear: fc.boolean(),
});

function query(r: { groupBy: string[]; measures: string[]; filter: unknown; previousYear: boolean }): StatsQuery {
  const m = emptyMeasures();
  m.count = true;
  for (const id of r.measures) {
    if (id === 'count') continue;
    if (id.includes('.')) m.aggregates.add(id);
    else m.conditional.add(id);
  }
  const groupBy = r.groupBy.map(dim);
  const withYear = r.previousYear && groupBy.some((d) => d.name === 'YEAR');
  return { groupBy, filter: r.filter, allowPersonal: false, having: [], order: [], offset: 0, limit: 10000, measures: m, previousYear: withYear ? m : null };
}

/** Comparable rows: keys and measures, money averages rounded to the fen as the API shows them. */
function normalise(rows: Record<string, unknown>[], q: StatsQuery, ids: string[]): string[] {
  return rows.map((r) => {
    const keys = q.groupBy.map((_, i) => String(r[`d${i}`]));
    const values = ['count', ...ids].map((id) => {
      const v = r[measureColumn(id)];
      return v === null || v === undefined ? 'null' : Number(Number(v).toFixed(6)).toString();
    });
    const prev = r.__prev as Record<string, unknown> | null | undefined;
    const prevValues = prev ? ['count', ...ids].map((id) => String(prev[measureColumn(id, 'p')] === null ? 'null' : Number(Number(prev[measureColumn(id, 'p')]).toFixed(6)))) : [];
    return [...keys, '|', ...values, '|', ...prevValues].join(',');
  }).sort();
}

describe('rollups answer exactly like the base table', () => {
  it('on 300 random covered requests', async () => {
    let covered = 0;
    await fc.assert(fc.asyncProperty(requestArb, async (r) => {
      const q = query(r);
      const rollup = coveringRollup(fact, q);
      if (!rollup) return; // e.g. AGENCY with MONTH: no summary table has both
      covered += 1;
      const ids = r.measures.filter((x) => x !== 'count');
      const base = await app.db.query(statsSql(fact, q));
      const fromRollup = await app.db.query(statsSql(rollup.fact, q));
      expect(normalise(fromRollup, q, ids)).toEqual(normalise(base, q, ids));
    }), { numRuns: 300, seed: 7 });
    expect(covered).toBeGreaterThan(150);
  });
});

describe('which path a request takes', () => {
  it('province-wide county x year x action type: the yearly rollup; months: the monthly one; townships or percentiles: the cases', async () => {
    const res = await app.gql(`{
      a: enforcementCaseStats(groupBy: [COUNTY, YEAR, ACTION_TYPE]) { servedFrom refreshedAt totalCount }
      m: enforcementCaseStats(groupBy: [COUNTY, MONTH]) { servedFrom }
      b: enforcementCaseStats(groupBy: [AGENCY, YEAR], filter: { countyCode: { eq: "410726" } }) { servedFrom }
      c: enforcementCaseStats(groupBy: [TOWNSHIP], filter: { countyCode: { eq: "410726" } }) { servedFrom refreshedAt }
      d: enforcementCaseStats(groupBy: [YEAR], filter: { countyCode: { eq: "410726" } }) { servedFrom nodes { percentile(p: 0.5) { fineAmount } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.servedFrom).toBe('enforcement_case_yearly');
    expect(res.data!.m.servedFrom).toBe('enforcement_case_monthly');
    expect(new Date(res.data!.a.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(res.data!.b.servedFrom).toBe('enforcement_case_by_agency');
    expect(res.data!.c).toEqual({ servedFrom: 'enforcement_case', refreshedAt: null });
    expect(res.data!.d.servedFrom).toBe('enforcement_case');
  });

  it('an import refreshes them in the same transaction', async () => {
    const before = await app.gql('{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: COERCIVE_MEASURE } }) { servedFrom nodes { count } } }');
    expect(before.data!.enforcementCaseStats).toEqual({ servedFrom: 'enforcement_case_yearly', nodes: [{ count: 13 }] });
    const csv = 'county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source\n410726,ROLLUP-1,410726-GAJ,,COERCIVE_MEASURE,2023-09-09,,,,test';
    const imported = await app.gql('mutation ($c: String!) { importRecords(kind: CASES, csv: $c) { inserted } }', { c: csv }, CLI);
    expect(imported.data!.importRecords.inserted).toBe(1);
    const after = await app.gql('{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: COERCIVE_MEASURE } }) { nodes { count } } }');
    expect(after.data!.enforcementCaseStats.nodes).toEqual([{ count: 14 }]);
  });

  it('every rollup is declared for a real table and refreshed with a timestamp', async () => {
    const state = await app.sql<{ name: string }>('SELECT name FROM rollup_state ORDER BY name');
    expect(state.map((s) => s.name)).toEqual(rollups.enforcementCase.map((r) => r.name).sort());
  });
});
