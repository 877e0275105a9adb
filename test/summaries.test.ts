/**
 * Summary tables: derived from their declarations, answering exactly like the base table on
 * random covered requests, chosen only when they cover a request, and never stale: every write
 * (plain SQL included, behind the engine's back) is seen by the next read.
 */
import fc from 'fast-check';
import { Client } from 'pg';
import { coveringSummaries, runAggregate } from '../src/analytics/engine';
import { enforcementCaseFact, facts } from '../src/analytics/facts';
import { measuresOf } from '../src/analytics/measures';
import { refreshSummaries, summaryStatus } from '../src/analytics/summaries/freshness';
import { summariesOf } from '../src/analytics/summaries/summary';
import { emptyMeasures, measureColumn, type StatsQuery } from '../src/analytics/stats-sql';
import { seedProvince } from '../seeds/province';
import { CLI } from '../src/modules/auth/viewer';
import { runCli } from './helpers/cli';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await app.db.transaction(async (tx) => {
    await seedProvince(tx, { counties: 2, years: [2022, 2023], seed: 'rollup' });
  });
});
afterAll(() => app.close());

const fact = enforcementCaseFact;
const dim = (name: string) => fact.dimensions.find((d) => d.name === name)!;
const MEASURES = [...measuresOf(fact).keys()];
const ON = { summaries: true, maxScanRows: null };
const OFF = { summaries: false, maxScanRows: null };

const filterArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('990101', '990102', '410726').map((c) => ({ countyCode: { eq: c } })),
  fc.subarray(['PENALTY', 'LICENSE', 'MEDIATION', 'COERCIVE_MEASURE'], { minLength: 1 }).map((a) => ({ actionType: { in: a } })),
  fc.constantFrom(2022, 2023).map((y) => ({ year: { eq: y } })),
  fc.constantFrom('COUNTY_DEPARTMENT', 'TOWNSHIP').map((l) => ({ agencyLevel: { eq: l } })),
  fc.tuple(fc.constantFrom('990101', '410726'), fc.constantFrom('NONE', 'MITIGATED')).map(([c, l]) => ({ and: [{ countyCode: { eq: c } }, { not: { leniency: { eq: l } } }] })),
);

const requestArb = fc.record({
  groupBy: fc.subarray(fact.dimensions.map((d) => d.name), { maxLength: 3 }),
  measures: fc.subarray(MEASURES, { minLength: 1, maxLength: 4 }),
  filter: filterArb,
  previousYear: fc.boolean(),
  filtered: fc.option(fc.tuple(fc.constantFrom(...MEASURES), filterArb), { nil: undefined }),
});

type Req = fc.Arbitrary<unknown> extends never ? never : { groupBy: string[]; measures: string[]; filter: unknown; previousYear: boolean; filtered?: [string, unknown] };

function query(r: Req): StatsQuery {
  const m = emptyMeasures();
  r.measures.forEach((id) => m.ids.add(id));
  const groupBy = r.groupBy.map(dim);
  const withYear = r.previousYear && groupBy.some((d) => d.name === 'YEAR');
  return {
    groupBy, filter: r.filter, allowPersonal: false, having: [], order: [], offset: 0, limit: 10000, measures: m, previousYear: withYear ? m : null,
    filtered: r.filtered ? [{ column: 'own', measure: r.filtered[0], filter: r.filtered[1] ?? {} }] : undefined,
  };
}

/** Comparable rows: keys and measures, rounded where float division may differ in the last digits. */
function normalise(rows: Record<string, unknown>[], q: StatsQuery): string[] {
  const value = (v: unknown) => (v === null || v === undefined ? 'null' : Number(Number(v).toFixed(6)).toString());
  return rows.map((r) => {
    const keys = q.groupBy.map((_, i) => String(r[`d${i}`]));
    const values = [...q.measures.ids].map((id) => value(r[measureColumn(id)]));
    const prev = r.__prev as Record<string, unknown> | null | undefined;
    const prevValues = prev ? [...q.measures.ids].map((id) => value(prev[measureColumn(id, 'p')])) : [];
    return [...keys, '|', ...values, '|', ...prevValues, '|', value(r.own)].join(',');
  }).sort();
}

describe('summaries answer exactly like the base table', () => {
  it('on 250 random requests (every measure, filters, previous year, filtered measures)', async () => {
    let covered = 0;
    await fc.assert(fc.asyncProperty(requestArb, async (r) => {
      const q = query(r as Req);
      const on = await runAggregate(app.db, fact, q, ON);
      const off = await runAggregate(app.db, fact, q, OFF);
      expect(off.servedFrom).toBe('enforcement_case');
      if (coveringSummaries(fact, q).length) {
        covered += 1;
        expect(on.servedFrom).toMatch(/^summary_/);
      } else expect(on.servedFrom).toBe('enforcement_case');
      expect(normalise(on.rows, q)).toEqual(normalise(off.rows, q));
    }), { numRuns: 250, seed: 7 });
    expect(covered).toBeGreaterThan(60);
  });
});

describe('derived from the declarations', () => {
  it('every declared summary keeps the base columns its dimensions read, at the grain of its finest calendar dimension', () => {
    const byName = Object.fromEntries(summariesOf(fact).map((s) => [s.name, s]));
    expect(byName.summary_enforcement_case_yearly).toMatchObject({ grain: 'year', columns: ['county_id', 'action_type', 'leniency', 'provenance'] });
    expect(byName.summary_enforcement_case_monthly).toMatchObject({ grain: 'month', columns: ['county_id', 'action_type', 'leniency', 'provenance'] });
    expect(byName.summary_enforcement_case_by_agency).toMatchObject({ grain: 'year', columns: ['county_id', 'agency_id', 'action_type', 'leniency', 'provenance'] });
  });

  it('the built tables have exactly the derived columns, and status reports them built, current and clean', async () => {
    const status = await summaryStatus(app.db);
    const declared = facts.flatMap((f) => summariesOf(f).map((s) => s.name)).sort();
    expect(status.map((s) => s.name).sort()).toEqual(declared);
    for (const s of status) {
      expect(s).toMatchObject({ built: true, current: true, dirtyCounties: [] });
      const cols = await app.sql<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [s.name]);
      const summary = summariesOf(fact).find((x) => x.name === s.name)!;
      expect(cols.map((c) => c.column_name)).toEqual([...summary.columns, ...(summary.grain === 'month' ? ['cal_year', 'cal_month'] : ['cal_year']), ...summary.atoms.map((a) => `a_${a.key}`)]);
      // The rows re-add to the base table's count per county.
      const [check] = await app.sql<{ a: string; b: string }>(`SELECT (SELECT sum(a_n) FROM "${s.name}") AS a, (SELECT count(*) FROM enforcement_case) AS b`);
      expect(check.a).toBe(check.b);
    }
  });
});

describe('which path a request takes', () => {
  it('province-wide county x year x action type: the yearly summary; months: the monthly one; townships or percentiles: the cases', async () => {
    const res = await app.gql(`{
      a: enforcementCaseStats(groupBy: [COUNTY, YEAR, ACTION_TYPE]) { servedFrom refreshedAt totalCount }
      m: enforcementCaseStats(groupBy: [COUNTY, MONTH]) { servedFrom }
      b: enforcementCaseStats(groupBy: [AGENCY_LEVEL, YEAR], filter: { countyCode: { eq: "410726" } }) { servedFrom }
      c: enforcementCaseStats(groupBy: [TOWNSHIP], filter: { countyCode: { eq: "410726" } }) { servedFrom refreshedAt }
      d: enforcementCaseStats(groupBy: [YEAR], filter: { countyCode: { eq: "410726" } }) { servedFrom nodes { percentile(p: 0.5) { fineAmount } } }
      e: enforcementCaseStats(filter: { countyCode: { eq: "410726" }, decidedOn: { gte: "2023-03-01" } }) { servedFrom } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.a.servedFrom).toBe('summary_enforcement_case_yearly');
    expect(res.data!.m.servedFrom).toBe('summary_enforcement_case_monthly');
    expect(new Date(res.data!.a.refreshedAt).getTime()).toBeGreaterThan(Date.now() - 3_600_000);
    expect(res.data!.b.servedFrom).toBe('summary_enforcement_case_by_agency');
    expect(res.data!.c).toEqual({ servedFrom: 'enforcement_case', refreshedAt: null });
    expect(res.data!.d.servedFrom).toBe('enforcement_case');
    expect(res.data!.e.servedFrom).toBe('enforcement_case'); // a day-level date filter is finer than any summary
  });

  it('ROLLUPS=false answers every request from the base table, reconciliation and comparison included', async () => {
    const off = await startTestApp({ env: { ROLLUPS: 'false' } });
    try {
      const res = await off.gql(`{ enforcementCaseStats(groupBy: [COUNTY, YEAR]) { servedFrom }
        reconciliation(county: "410726", year: 2023) { servedFrom }
        comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023], counties: ["410726"]) { rows { cells { servedFrom computed } } } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.enforcementCaseStats.servedFrom).toBe('enforcement_case');
      expect(new Set(res.data!.reconciliation.map((r: { servedFrom: string }) => r.servedFrom)).has('summary_enforcement_case_yearly')).toBe(false);
      expect(res.data!.comparison.rows[0].cells[0]).toEqual({ servedFrom: 'enforcement_case', computed: 1183 });
    } finally {
      await off.close();
    }
  });
});

const PENALTIES = '{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: PENALTY } }, groupBy: [MONTH]) { servedFrom refreshedAt nodes { month count sum { fineAmount } } } }';
const baseline = async () => app.sql<{ month: number; count: string; fine: string | null }>(`
  SELECT extract(month FROM decided_on)::int AS month, count(*) AS count, sum(fine_amount_fen) AS fine FROM enforcement_case
   WHERE county_id = (SELECT id FROM county WHERE code = '410726') AND action_type = 'PENALTY' GROUP BY 1 ORDER BY 1`);

async function expectFresh(): Promise<void> {
  const res = await app.gql(PENALTIES);
  expect(res.errors).toBeUndefined();
  const got = res.data!.enforcementCaseStats;
  expect(got.servedFrom).toBe('summary_enforcement_case_monthly');
  const want = await baseline();
  expect(got.nodes).toEqual(want.map((w) => ({ month: w.month, count: Number(w.count), sum: { fineAmount: w.fine === null ? null : Number(w.fine) / 100 } })));
}

describe('never stale, whoever writes', () => {
  const yanjin = "(SELECT id FROM county WHERE code = '410726')";
  // Cases sampled by a case-file review cannot be deleted (foreign key): pick others.
  const free = 'AND id NOT IN (SELECT enforcement_case_id FROM case_file_review_item WHERE enforcement_case_id IS NOT NULL)';

  it('a DELETE by plain SQL is seen by the next read (the summary is refreshed first)', async () => {
    const before = (await app.gql(PENALTIES)).data!.enforcementCaseStats.refreshedAt;
    await app.sql(`DELETE FROM enforcement_case WHERE id IN (SELECT id FROM enforcement_case WHERE county_id = ${yanjin} AND action_type = 'PENALTY' ${free} ORDER BY id LIMIT 3)`);
    expect((await app.sql(`SELECT county_id FROM summary_dirty WHERE base_table = 'enforcement_case'`)).length).toBe(1);
    await expectFresh();
    expect(new Date((await app.gql(PENALTIES)).data!.enforcementCaseStats.refreshedAt).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(await app.sql('SELECT * FROM summary_dirty')).toEqual([]);
  });

  it('an UPDATE that moves rows between groups and counties, and an INSERT, likewise', async () => {
    await app.sql(`UPDATE enforcement_case SET action_type = 'PENALTY', fine_amount_fen = 123456 WHERE id IN (SELECT id FROM enforcement_case WHERE county_id = ${yanjin} AND action_type = 'GUIDANCE' ORDER BY id LIMIT 5)`);
    await expectFresh();
    await app.sql(`UPDATE enforcement_case SET decided_on = decided_on + 40 WHERE id IN (SELECT id FROM enforcement_case WHERE county_id = ${yanjin} AND action_type = 'PENALTY' AND decided_on < '2023-11-01' ORDER BY id LIMIT 7)`);
    await expectFresh();
    await app.sql(`INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, township_id, action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen)
      SELECT county_id, provenance, source, case_number || '-copy', agency_id, township_id, action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen
        FROM enforcement_case WHERE county_id = ${yanjin} AND action_type = 'PENALTY' ORDER BY id LIMIT 11`);
    await expectFresh();
    // A row moved from another county into Yanjin: both counties are refreshed. (Only a case no
    // case-file review sampled can move: the review's items stay in their county.)
    await app.sql(`UPDATE enforcement_case SET county_id = ${yanjin}, agency_id = (SELECT agency_id FROM enforcement_case WHERE county_id = ${yanjin} LIMIT 1), township_id = NULL
      WHERE id IN (SELECT id FROM enforcement_case c WHERE county_id = (SELECT id FROM county WHERE code = '990101') AND action_type = 'PENALTY'
        AND NOT EXISTS (SELECT 1 FROM case_file_review_item i WHERE i.enforcement_case_id = c.id) ORDER BY id LIMIT 2)`);
    await expectFresh();
    const other = await app.gql('{ enforcementCaseStats(filter: { countyCode: { eq: "990101" } }, groupBy: [YEAR]) { servedFrom nodes { year count } } }');
    const want = await app.sql<{ year: number; n: string }>(`SELECT extract(year FROM decided_on)::int AS year, count(*) AS n FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '990101') GROUP BY 1 ORDER BY 1`);
    expect(other.data!.enforcementCaseStats).toEqual({ servedFrom: 'summary_enforcement_case_yearly', nodes: want.map((w) => ({ year: w.year, count: Number(w.n) })) });
  });

  it('while another transaction is refreshing, the request answers from the base table instead of waiting or serving stale rows', async () => {
    const holder = new Client({ connectionString: app.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query("SELECT pg_advisory_xact_lock(hashtext('summary:enforcement_case'))");
      await app.sql(`DELETE FROM enforcement_case WHERE id = (SELECT min(id) FROM enforcement_case WHERE county_id = ${yanjin} AND action_type = 'PENALTY' ${free})`);
      const res = await app.gql(PENALTIES);
      expect(res.data!.enforcementCaseStats.servedFrom).toBe('enforcement_case');
      const want = await baseline();
      expect(res.data!.enforcementCaseStats.nodes.map((n: { count: number }) => n.count)).toEqual(want.map((w) => Number(w.count)));
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await expectFresh();
  });

  it('a summary whose declaration changed is not used until rebuilt; refresh rebuilds it', async () => {
    await app.sql("UPDATE summary_state SET definition = 'old' WHERE name = 'summary_enforcement_case_monthly'");
    const res = await app.gql(PENALTIES);
    expect(res.data!.enforcementCaseStats.servedFrom).toBe('enforcement_case');
    await app.db.transaction((tx) => refreshSummaries(tx));
    await expectFresh();
  });

  it('TRUNCATE marks every county; an import refreshes in its own transaction', async () => {
    const csv = 'county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source\n410726,ROLLUP-1,410726-GAJ,,PENALTY,2023-09-09,200,NONE,,test';
    const imported = await app.gql('mutation ($c: String!) { importRecords(kind: CASES, csv: $c) { inserted } }', { c: csv }, CLI);
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importRecords.inserted).toBe(1);
    expect(await app.sql('SELECT * FROM summary_dirty')).toEqual([]);
    await expectFresh();
    await app.sql('TRUNCATE case_file_review_item, enforcement_case CASCADE');
    expect(await app.sql("SELECT county_id FROM summary_dirty WHERE base_table = 'enforcement_case'")).toEqual([{ county_id: 0 }]);
    const res = await app.gql('{ enforcementCaseStats(groupBy: [COUNTY, YEAR]) { servedFrom totalCount } }');
    expect(res.data!.enforcementCaseStats).toEqual({ servedFrom: 'summary_enforcement_case_yearly', totalCount: 0 });
  });
});

describe('npm run rollups', () => {
  it('status names each summary and its dirty counties; refresh cleans them', async () => {
    await app.sql(`DELETE FROM summary_dirty`);
    await app.db.transaction((tx) => refreshSummaries(tx, { all: true }));
    await app.sql(`INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, action_type, decided_on, fine_amount_fen, leniency)
      SELECT c.id, 'IMPORTED', 'test', 'CLI-1', a.id, 'PENALTY', '2023-05-05', 100, 'NONE' FROM county c JOIN agency a ON a.county_id = c.id WHERE c.code = '410726' LIMIT 1`);
    const [{ id }] = await app.sql<{ id: number }>("SELECT id FROM county WHERE code = '410726'");
    const status = await runCli(app, 'src/cli/rollups.ts', 'status');
    expect(status.code).toBe(0);
    for (const s of summariesOf(fact)) expect(status.stdout).toContain(`${s.name}  DIRTY (counties ${id})`);
    const refresh = await runCli(app, 'src/cli/rollups.ts', 'refresh');
    expect(refresh.code).toBe(0);
    for (const s of summariesOf(fact)) expect(refresh.stdout).toContain(`${s.name}  FRESH`);
    expect(await app.sql('SELECT * FROM summary_dirty')).toEqual([]);
  });
});
