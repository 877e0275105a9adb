/** Year over year on a two-year fixture, bad input to the engine, and the reconciliation of Yanjin 2023. */
import { seedProvince } from '../seeds/province';
import { keyOf } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let tight: TestApp;
beforeAll(async () => {
  [app, tight] = await Promise.all([startTestApp(), startTestApp({ env: { MAX_SCAN_ROWS: '10000' } })]);
  // A synthetic county with two years of records (990101, 2022-2023).
  await app.db.transaction((tx) => seedProvince(tx, { counties: 1, years: [2022, 2023], seed: 'yoy' }));
});
afterAll(async () => {
  await app.close();
  await tight.close();
});

describe('previous year', () => {
  it('offers last year\'s measures for each group, from the same statement, null where that year has no rows', async () => {
    const res = await app.gql(`{ enforcementCaseStats(filter: { countyCode: { eq: "990101" } }, groupBy: [YEAR, AGENCY], first: 100) {
      nodes { year agency { id } count sum { fineAmount } previousYear { count sum { fineAmount } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(3); // summary state, groups (with previous year), agencies
    const rows = await app.sql<{ y: number; a: number; n: string; f: string }>(`SELECT extract(year FROM decided_on)::int AS y, agency_id AS a, count(*) AS n, sum(fine_amount_fen) AS f
      FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '990101') GROUP BY 1, 2`);
    const sqlBy = new Map(rows.map((r) => [`${r.y}:${r.a}`, { count: Number(r.n), sum: { fineAmount: Number(r.f) / 100 } }]));
    const nodes = res.data!.enforcementCaseStats.nodes;
    expect(nodes.length).toBe(rows.length);
    for (const g of nodes) {
      const a = keyOf(g.agency.id);
      expect({ count: g.count, sum: g.sum }).toEqual(sqlBy.get(`${g.year}:${a}`));
      expect(g.previousYear).toEqual(sqlBy.get(`${g.year - 1}:${a}`) ?? null);
    }
    expect(nodes.filter((g: { year: number; previousYear: unknown }) => g.year === 2023 && g.previousYear !== null).length).toBeGreaterThan(20);
    expect(nodes.filter((g: { year: number }) => g.year === 2022).every((g: { previousYear: unknown }) => g.previousYear === null)).toBe(true);
  });

  it('works when the filter keeps only the current year', async () => {
    const res = await app.gql(`{ enforcementCaseStats(filter: { countyCode: { eq: "990101" }, year: { eq: 2023 }, actionType: { eq: PENALTY } }, groupBy: [YEAR, QUARTER]) {
      nodes { year quarter count previousYear { count } } } }`);
    const rows = await app.sql<{ y: number; q: number; n: string }>(`SELECT extract(year FROM decided_on)::int AS y, extract(quarter FROM decided_on)::int AS q, count(*) AS n
      FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '990101') AND action_type = 'PENALTY' GROUP BY 1, 2`);
    const n = (y: number, q: number) => Number(rows.find((r) => r.y === y && r.q === q)!.n);
    expect(res.data!.enforcementCaseStats.nodes).toEqual([1, 2, 3, 4].map((q) => ({ year: 2023, quarter: q, count: n(2023, q), previousYear: { count: n(2022, q) } })));
  });
});

describe('bad input to stats', () => {
  async function error(query: string, on = app) {
    const res = await on.gql(query);
    expect(res.errors).toBeDefined();
    return res.errors![0];
  }

  it('grouping by a dimension the fact lacks', async () => {
    const e = await error('{ trainingStats(groupBy: [ACTION_TYPE]) { nodes { count } } }');
    expect(e.extensions?.code).toBe('BAD_USER_INPUT');
    expect(e.message).toMatch(/ACTION_TYPE/);
  });

  it('having on a measure not selected', async () => {
    const e = await error('{ enforcementCaseStats(groupBy: [AGENCY], having: { fineAmountSum: { gt: 10 } }) { nodes { count } } }');
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'having.fineAmountSum' } });
  });

  it('percentile outside 0..1', async () => {
    const e = await error('{ enforcementCaseStats { nodes { percentile(p: 1.5) { fineAmount } } } }');
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'p' } });
  });

  it('more groups than the page limit', async () => {
    const e = await error('{ enforcementCaseStats(groupBy: [AGENCY], first: 500) { nodes { count } } }');
    expect(e).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first', maxPageSize: 100 } });
  });

  it('previousYear without YEAR in groupBy', async () => {
    expect(await error('{ enforcementCaseStats(groupBy: [AGENCY]) { nodes { previousYear { count } } } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'groupBy' } });
  });

  it('ordering by a dimension not grouped by', async () => {
    expect(await error('{ enforcementCaseStats(groupBy: [AGENCY], orderBy: [{ by: YEAR }]) { nodes { count } } }')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'orderBy' } });
  });

  it('a cursor from another request', async () => {
    const page = await app.gql('{ enforcementCaseStats(groupBy: [AGENCY], first: 2) { pageInfo { endCursor } } }');
    const cursor = page.data!.enforcementCaseStats.pageInfo.endCursor;
    expect(await error(`{ enforcementCaseStats(groupBy: [TOWNSHIP], first: 2, after: "${cursor}") { nodes { count } } }`)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'after' } });
  });

  it('an unbounded scan beyond MAX_SCAN_ROWS is refused with a clear error; bounding it by county is fine', async () => {
    await tight.sql('ANALYZE enforcement_case');
    // TOWNSHIP is in no summary table, so this one would scan the cases themselves.
    const e = await error('{ enforcementCaseStats(groupBy: [TOWNSHIP]) { nodes { count } } }', tight);
    expect(e.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(e.message).toMatch(/MAX_SCAN_ROWS = 10000.*filter by county/);
    const ok = await tight.gql('{ enforcementCaseStats(groupBy: [TOWNSHIP], filter: { countyCode: { eq: "410726" } }) { totalCount } }');
    expect(ok.data!.enforcementCaseStats.totalCount).toBe(14);
  });
});

describe('reconciliation of Yanjin 2023', () => {
  it('reproduces every computable figure of the report exactly', async () => {
    const res = await app.gql(`{ reconciliation(county: "410726", year: 2023) { indicator { code } breakdown reported computed difference status quote } }`);
    expect(res.errors).toBeUndefined();
    const rows = res.data!.reconciliation as { indicator: { code: string }; breakdown: Record<string, string>; reported: number; computed: number; status: string }[];
    expect(rows).toHaveLength(50);
    expect(rows.filter((r) => r.status !== 'MATCH')).toEqual([]);
    const pick = (code: string, b: Record<string, string> = {}) => rows.find((r) => r.indicator.code === code && JSON.stringify(r.breakdown) === JSON.stringify(b))!;
    expect(pick('ENF_PENALTY_TOTAL')).toMatchObject({ reported: 1183, computed: 1183 });
    expect(pick('CERT_HOLDERS', { agencyLevel: 'COUNTY_DEPARTMENT' })).toMatchObject({ reported: 877, computed: 877 });
    expect(pick('CERT_HOLDERS', { agencyLevel: 'TOWNSHIP' })).toMatchObject({ reported: 154, computed: 154 });
    expect(pick('LIT_HEAD_APPEARANCE_RATE').reported).toBe(91);
    expect(pick('LIT_HEAD_APPEARANCE_RATE').computed).toBeCloseTo(90.909, 2);
    expect(pick('LENIENCY_EXEMPTED_AMOUNT')).toMatchObject({ reported: 39.09, computed: 39.09 });
  });

  it('a case deleted by plain SQL makes the penalty figure MISMATCH at once; putting it back makes it MATCH again', async () => {
    const status = async () => {
      const res = await app.gql('{ reconciliation(county: "410726", year: 2023) { indicator { code } breakdown computed status servedFrom } }');
      expect(res.errors).toBeUndefined();
      return res.data!.reconciliation.find((r: { indicator: { code: string } }) => r.indicator.code === 'ENF_PENALTY_TOTAL');
    };
    expect(await status()).toMatchObject({ computed: 1183, status: 'MATCH', servedFrom: 'summary_enforcement_case_yearly' });
    const [row] = await app.sql(`DELETE FROM enforcement_case WHERE id = (SELECT min(id) FROM enforcement_case WHERE action_type = 'PENALTY'
      AND county_id = (SELECT id FROM county WHERE code = '410726') AND id NOT IN (SELECT enforcement_case_id FROM case_file_review_item WHERE enforcement_case_id IS NOT NULL)) RETURNING *`);
    expect(await status()).toMatchObject({ computed: 1182, status: 'MISMATCH', servedFrom: 'summary_enforcement_case_yearly' });
    const columns = Object.keys(row);
    await app.sql(`INSERT INTO enforcement_case (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => row[c]));
    expect(await status()).toMatchObject({ computed: 1183, status: 'MATCH', servedFrom: 'summary_enforcement_case_yearly' });
  });

  it('turns to MISMATCH when a record is altered', async () => {
    await app.sql(`UPDATE enforcement_case SET action_type = 'INSPECTION' WHERE id = (SELECT id FROM enforcement_case WHERE action_type = 'PENALTY' AND leniency = 'NONE' AND county_id = (SELECT id FROM county WHERE code = '410726') ORDER BY id LIMIT 1)`);
    // Plain SQL behind the engine's back: no refresh is called, the summaries must notice.
    const res = await app.gql(`{ reconciliation(county: "410726", year: 2023) { indicator { code } reported computed difference status } }`);
    const bad = res.data!.reconciliation.filter((r: { status: string }) => r.status !== 'MATCH');
    expect(bad).toEqual([
      { indicator: { code: 'ENF_PENALTY_TOTAL' }, reported: 1183, computed: 1182, difference: -1, status: 'MISMATCH' },
      { indicator: { code: 'ENF_INSPECTION_TOTAL' }, reported: 1573, computed: 1574, difference: 1, status: 'MISMATCH' },
    ]);
  });

  it('lists NOT_REPORTED and NOT_COMPUTABLE rows for counties with the other side missing', async () => {
    const synthetic = await app.gql(`{ reconciliation(county: "990101", year: 2023) { indicator { code } status computed } }`);
    const statuses = new Set(synthetic.data!.reconciliation.map((r: { status: string }) => r.status));
    expect([...statuses]).toEqual(['NOT_REPORTED']);
    const jiaxian = await app.gql(`{ reconciliation(county: "410425", year: 2023) { indicator { code } status reported } }`);
    expect(jiaxian.data!.reconciliation.map((r: { status: string }) => r.status)).toEqual(['NOT_COMPUTABLE', 'NOT_COMPUTABLE', 'NOT_COMPUTABLE']);
  });
});
