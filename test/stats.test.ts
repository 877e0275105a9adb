/**
 * The aggregation engine against plain SQL on the Yanjin data: every dimension and measure,
 * typed navigable keys, sorting and paging of groups, and the statements it sends.
 */
import { keyOf } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const Y = `c.county_id = (SELECT id FROM county WHERE code = '410726')`;

type Group = Record<string, any>;

async function groups(query: string): Promise<Group[]> {
  const res = await app.gql(query);
  expect(res.errors).toBeUndefined();
  const field = Object.values(res.data!)[0] as { nodes: Group[] };
  return field.nodes;
}

function keyValue(v: any): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return String(keyOf(v.id));
  return String(v);
}

describe('enforcementCaseStats dimensions (count per group = SQL GROUP BY)', () => {
  it.each([
    ['COUNTY', 'county { id }', 'c.county_id'],
    ['AGENCY', 'agency { id }', 'c.agency_id'],
    ['AGENCY_LEVEL', 'agencyLevel', 'a.level'],
    ['TOWNSHIP', 'township { id }', 'c.township_id'],
    ['YEAR', 'year', 'extract(year FROM c.decided_on)::int'],
    ['QUARTER', 'quarter', 'extract(quarter FROM c.decided_on)::int'],
    ['MONTH', 'month', 'extract(month FROM c.decided_on)::int'],
    ['ACTION_TYPE', 'actionType', 'c.action_type'],
    ['LENIENCY', 'leniency', 'c.leniency'],
  ])('%s', async (dim, selection, expr) => {
    const got = await groups(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [${dim}], first: 100) { nodes { ${selection} count } } }`);
    const field = selection.split(' ')[0];
    const actual = Object.fromEntries(got.map((g) => [keyValue(g[field]), g.count]));
    const rows = await app.sql<{ k: unknown; n: string }>(`SELECT ${expr} AS k, count(*) AS n FROM enforcement_case c JOIN agency a ON a.id = c.agency_id WHERE ${Y} GROUP BY 1`);
    expect(actual).toEqual(Object.fromEntries(rows.map((r) => [r.k === null ? 'null' : String(r.k), Number(r.n)])));
  });

  it('several dimensions at once (AGENCY x QUARTER) and keys not grouped by are null', async () => {
    const got = await groups(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: PENALTY }, agencyLevel: { eq: TOWNSHIP } }, groupBy: [AGENCY, QUARTER], first: 100) { totalCount nodes { agency { id } quarter year actionType count } } }`);
    const rows = await app.sql<{ agency: number; q: number; n: string }>(`SELECT c.agency_id AS agency, extract(quarter FROM c.decided_on)::int AS q, count(*) AS n
      FROM enforcement_case c JOIN agency a ON a.id = c.agency_id WHERE ${Y} AND c.action_type = 'PENALTY' AND a.level = 'TOWNSHIP' GROUP BY 1, 2`);
    expect(got.length).toBeLessThan(100);
    expect(Object.fromEntries(got.map((g) => [`${keyOf(g.agency.id)}:${g.quarter}`, g.count]))).toEqual(Object.fromEntries(rows.map((r) => [`${r.agency}:${r.q}`, Number(r.n)])));
    expect(got.every((g) => g.year === null && g.actionType === null)).toBe(true);
  });

  it('no groupBy gives one total group', async () => {
    const got = await groups(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }) { nodes { count agency { id } } } }`);
    expect(got).toEqual([{ count: 21085, agency: null }]);
  });
});

describe('enforcementCaseStats measures', () => {
  it('sum, avg, min, max, distinct counts, percentiles, conditional counts and ratios equal SQL', async () => {
    const [g] = await groups(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: PENALTY } }) { nodes {
      count sum { fineAmount leniencyAmount } avg { fineAmount } min { fineAmount } max { fineAmount leniencyAmount }
      median: percentile(p: 0.5) { fineAmount } p90: percentile(p: 0.9) { fineAmount leniencyAmount }
      distinctCount { agencies townships } fined lenient leniencyRate } } }`);
    const [e] = await app.sql<Record<string, string>>(`SELECT count(*) AS n, sum(fine_amount_fen) AS fine, sum(leniency_amount_fen) AS len, avg(fine_amount_fen) AS avg,
      min(fine_amount_fen) AS min, max(fine_amount_fen) AS max, max(leniency_amount_fen) AS lmax,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY fine_amount_fen) AS p50, percentile_cont(0.9) WITHIN GROUP (ORDER BY fine_amount_fen) AS p90,
      percentile_cont(0.9) WITHIN GROUP (ORDER BY leniency_amount_fen) AS lp90,
      count(DISTINCT agency_id) AS agencies, count(DISTINCT township_id) AS townships,
      count(*) FILTER (WHERE fine_amount_fen > 0) AS fined, count(*) FILTER (WHERE leniency <> 'NONE') AS lenient
      FROM enforcement_case c WHERE ${Y} AND action_type = 'PENALTY'`);
    const yuan = (fen: string) => Math.round(Number(fen)) / 100;
    expect(g).toEqual({
      count: 1183,
      sum: { fineAmount: yuan(e.fine), leniencyAmount: yuan(e.len) },
      avg: { fineAmount: yuan(e.avg) },
      min: { fineAmount: yuan(e.min) },
      max: { fineAmount: yuan(e.max), leniencyAmount: yuan(e.lmax) },
      median: { fineAmount: yuan(e.p50) },
      p90: { fineAmount: yuan(e.p90), leniencyAmount: yuan(e.lp90) },
      distinctCount: { agencies: Number(e.agencies), townships: Number(e.townships) },
      fined: Number(e.fined),
      lenient: Number(e.lenient),
      leniencyRate: Number(e.lenient) / 1183,
    });
    // The published amounts: 39.09万 + 5.57万 + 1万 yuan involved in lenient cases.
    expect(g.sum.leniencyAmount).toBe(390900 + 55700 + 10000);
  });
});

describe('other facts', () => {
  it('officers by status and cancellation reason; holders at year end by agency level (877 + 154)', async () => {
    const byReason = await groups(`{ enforcementOfficerStats(filter: { countyCode: { eq: "410726" }, status: { eq: CANCELLED } }, groupBy: [CANCELLATION_REASON, CANCELLATION_YEAR]) { nodes { cancellationReason cancellationYear count } } }`);
    const rows = await app.sql<{ r: string; n: string }>(`SELECT cancellation_reason AS r, count(*) AS n FROM enforcement_officer c WHERE ${Y} AND status = 'CANCELLED' GROUP BY 1`);
    expect(Object.fromEntries(byReason.map((g) => [g.cancellationReason, g.count]))).toEqual(Object.fromEntries(rows.map((r) => [r.r, Number(r.n)])));
    expect(byReason.every((g) => g.cancellationYear === 2023)).toBe(true);
    const holders = await groups(`{ enforcementOfficerStats(filter: { countyCode: { eq: "410726" }, activeOn: "2023-12-31" }, groupBy: [AGENCY_LEVEL]) { nodes { agencyLevel count distinctCount { agencies } } } }`);
    expect(Object.fromEntries(holders.map((g) => [g.agencyLevel, g.count]))).toEqual({ COUNTY_DEPARTMENT: 877, TOWNSHIP: 154 });
  });

  it('case-file review: files, problems and distinct rounds by kind', async () => {
    const got = await groups(`{ caseFileReviewStats(filter: { countyCode: { eq: "410726" } }, groupBy: [KIND]) { nodes { kind count sum { problemsFound } avg { problemsFound } distinctCount { reviews agencies } } } }`);
    const rows = await app.sql<Record<string, string>>(`SELECT r.kind, count(*) AS n, sum(i.problems_found) AS p, avg(i.problems_found) AS a, count(DISTINCT i.review_id) AS rounds, count(DISTINCT i.agency_id) AS agencies
      FROM case_file_review_item i JOIN case_file_review r ON r.id = i.review_id GROUP BY 1`);
    expect(got).toEqual(expect.arrayContaining(rows.map((r) => ({ kind: r.kind, count: Number(r.n), sum: { problemsFound: Number(r.p) }, avg: { problemsFound: Number(r.a) }, distinctCount: { reviews: Number(r.rounds), agencies: Number(r.agencies) } }))));
    expect(got.reduce((s, g) => s + g.sum.problemsFound, 0)).toBe(170);
    expect(got.reduce((s, g) => s + g.distinctCount.reviews, 0)).toBe(13);
  });

  it('litigation: head-appearance rate by kind (91% published for administrative cases)', async () => {
    const got = await groups(`{ litigationCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [KIND], orderBy: [{ by: KIND }]) { nodes { kind count headAppearances headAppearanceRate } } }`);
    const admin = got.find((g) => g.kind === 'ADMINISTRATIVE')!;
    expect(admin).toEqual({ kind: 'ADMINISTRATIVE', count: 33, headAppearances: 30, headAppearanceRate: 30 / 33 });
    expect(Math.round(admin.headAppearanceRate * 100)).toBe(91);
    expect(got.find((g) => g.kind === 'CIVIL')!.headAppearanceRate).toBeNull(); // no administrative cases: no rate
  });

  it('trainings, legality reviews, task force meetings, supervision', async () => {
    const res = await app.gql(`{
      trainingStats(groupBy: [KIND], filter: { kind: { eq: OFFICER_GENERAL } }) { nodes { count sum { participants } } }
      legalityReviewStats(groupBy: [KIND], orderBy: [{ by: COUNT, direction: DESC }]) { nodes { kind count } }
      taskForceMeetingStats(groupBy: [TASK_FORCE], orderBy: [{ by: COUNT, direction: DESC }]) { nodes { taskForce { code name } count } }
      supervisionInspectionStats { nodes { count distinctCount { agencies } } } }`);
    expect(res.errors).toBeUndefined();
    const [{ s }] = await app.sql<{ s: string }>(`SELECT sum(participants) AS s FROM training WHERE kind = 'OFFICER_GENERAL'`);
    expect(res.data!.trainingStats.nodes).toEqual([{ count: 2, sum: { participants: Number(s) } }]);
    expect(res.data!.legalityReviewStats.nodes.map((g: Group) => [g.kind, g.count])).toEqual([
      ['GOVERNMENT_DOCUMENT', 520], ['MAJOR_PENALTY', 53], ['AGREEMENT', 27], ['NORMATIVE_DOCUMENT', 11], ['PARTY_NORMATIVE_DOCUMENT', 2], ['MAJOR_DECISION', 1]]);
    expect(res.data!.taskForceMeetingStats.nodes[0]).toEqual({ taskForce: { code: 'PROBLEM_HOUSING', name: '问题楼盘专班' }, count: 5 });
    expect(res.data!.supervisionInspectionStats.nodes).toEqual([{ count: 8, distinctCount: { agencies: 8 } }]);
  });
});

describe('typed keys, ordering and paging of groups', () => {
  it('top 10 departments by penalties, navigable to their county, in one statement plus one per key kind', async () => {
    const res = await app.gql(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, actionType: { eq: PENALTY } }, groupBy: [AGENCY],
      orderBy: [{ by: COUNT, direction: DESC }], first: 10) { totalCount nodes { agency { code name county { code } } count sum { fineAmount } } } }`);
    const rows = await app.sql<{ code: string; n: string }>(`SELECT a.code, count(*) AS n FROM enforcement_case c JOIN agency a ON a.id = c.agency_id
      WHERE ${Y} AND c.action_type = 'PENALTY' GROUP BY a.id, a.code ORDER BY count(*) DESC, a.id ASC LIMIT 10`);
    const nodes = res.data!.enforcementCaseStats.nodes;
    expect(nodes.map((g: Group) => [g.agency.code, g.count])).toEqual(rows.map((r) => [r.code, Number(r.n)]));
    expect(nodes.every((g: Group) => g.agency.county.code === '410726')).toBe(true);
    // summary state (the by-agency summary covers it), groups, agencies (one batch for all groups), counties (one batch)
    expect(res.statements).toBe(4);
  });

  it('sorting by a measure then paging with after visits every group once', async () => {
    const all: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const res: { data?: any } = await app.gql(`query ($after: String) { enforcementCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [TOWNSHIP, ACTION_TYPE],
        orderBy: [{ by: FINE_AMOUNT_SUM, direction: DESC }], first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { township { id } actionType sum { fineAmount } } } }`, { after });
      const conn = res.data!.enforcementCaseStats;
      all.push(...conn.nodes.map((g: Group) => `${g.township ? keyOf(g.township.id) : 'null'}:${g.actionType}`));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    const rows = await app.sql<{ t: number | null; a: string }>(`SELECT township_id AS t, action_type AS a FROM enforcement_case c WHERE ${Y}
      GROUP BY 1, 2 ORDER BY sum(fine_amount_fen) DESC NULLS LAST, 1 ASC NULLS LAST, 2 ASC`);
    expect(all).toEqual(rows.map((r) => `${r.t ?? 'null'}:${r.a}`));
  });

  it('having keeps groups meeting a condition on a selected measure (money in yuan)', async () => {
    const got = await groups(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" } }, groupBy: [AGENCY], having: { fineAmountSum: { gte: 100000 }, count: { lt: 5000 } }) { nodes { agency { id } count sum { fineAmount } } } }`);
    const rows = await app.sql<{ id: number }>(`SELECT agency_id AS id FROM enforcement_case c WHERE ${Y} GROUP BY 1 HAVING sum(fine_amount_fen) >= 10000000 AND count(*) < 5000`);
    expect(got.map((g) => keyOf(g.agency.id)).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(got.length).toBeGreaterThan(0);
  });

  it('scoped stats under many agencies share one statement', async () => {
    const few = await app.gql(`{ county(code: "410726") { agencies(first: 3) { nodes { enforcementCaseStats(groupBy: [ACTION_TYPE]) { nodes { actionType count } } } } } }`);
    const many = await app.gql(`{ county(code: "410726") { agencies(first: 38) { nodes { code enforcementCaseStats(groupBy: [ACTION_TYPE]) { nodes { actionType count } } } } } }`);
    expect(few.statements).toBe(many.statements);
    expect(many.statements).toBe(4); // county, agencies, summary state, one stats statement for all 38
    const scjgj = many.data!.county.agencies.nodes.find((a: Group) => a.code === '410726-SCJGJ');
    const rows = await app.sql<{ a: string; n: string }>(`SELECT action_type AS a, count(*) AS n FROM enforcement_case WHERE agency_id = (SELECT id FROM agency WHERE code = '410726-SCJGJ') GROUP BY 1`);
    expect(Object.fromEntries(scjgj.enforcementCaseStats.nodes.map((g: Group) => [g.actionType, g.count]))).toEqual(Object.fromEntries(rows.map((r) => [r.a, Number(r.n)])));
  });
});
