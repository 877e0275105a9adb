/** Every filter operator, checked against plain SQL over the same rows. */
import { globalId, keyOf } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
let yanjinId: number;
let scjgj: number;
let sfj: number;
let wenyan: number;
beforeAll(async () => {
  app = await startTestApp();
  [{ id: yanjinId }] = await app.sql<{ id: number }>(`SELECT id FROM county WHERE code = '410726'`);
  [{ id: scjgj }] = await app.sql<{ id: number }>(`SELECT id FROM agency WHERE code = '410726-SCJGJ'`);
  [{ id: sfj }] = await app.sql<{ id: number }>(`SELECT id FROM agency WHERE code = '410726-SFJ'`);
  [{ id: wenyan }] = await app.sql<{ id: number }>(`SELECT id FROM township WHERE code = '410726001'`);
});
afterAll(() => app.close());

async function count(filter: string, entity = 'enforcementCases'): Promise<number> {
  const res = await app.gql(`{ ${entity}(first: 1, filter: ${filter}) { totalCount } }`);
  expect(res.errors).toBeUndefined();
  return res.data![entity].totalCount;
}

async function sqlCount(where: string, table = 'enforcement_case'): Promise<number> {
  const [r] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE ${where}`);
  return Number(r.n);
}

describe('enforcementCases filters', () => {
  it.each([
    ['enum eq', '{ actionType: { eq: LICENSE } }', `action_type = 'LICENSE'`],
    ['enum in', '{ actionType: { in: [GUIDANCE, COERCIVE_MEASURE] } }', `action_type IN ('GUIDANCE', 'COERCIVE_MEASURE')`],
    ['enum notIn', '{ actionType: { notIn: [LICENSE, INSPECTION] } }', `action_type NOT IN ('LICENSE', 'INSPECTION')`],
    ['leniency eq', '{ leniency: { eq: MITIGATED } }', `leniency = 'MITIGATED'`],
    ['date range', '{ decidedOn: { gte: "2023-03-01", lte: "2023-03-31" } }', `decided_on BETWEEN '2023-03-01' AND '2023-03-31'`],
    ['date gt / lt', '{ decidedOn: { gt: "2023-06-30", lt: "2023-08-01" } }', `decided_on > '2023-06-30' AND decided_on < '2023-08-01'`],
    ['year eq', '{ year: { eq: 2023 } }', `extract(year FROM decided_on) = 2023`],
    ['year in', '{ year: { in: [2021, 2022] } }', `extract(year FROM decided_on) IN (2021, 2022)`],
    ['money range', '{ fineAmount: { gte: 1000, lte: 5000.5 } }', `fine_amount_fen BETWEEN 100000 AND 500050`],
    ['money gt', '{ fineAmount: { gt: 20000 } }', `fine_amount_fen > 2000000`],
    ['leniency amount', '{ leniencyAmount: { gte: 10000 } }', `leniency_amount_fen >= 1000000`],
    ['text contains', '{ caseNumber: { contains: "市监罚决字" } }', `case_number ILIKE '%市监罚决字%'`],
    ['text startsWith', '{ caseNumber: { startsWith: "延文岩" } }', `case_number LIKE '延文岩%'`],
    ['county by code', '{ countyCode: { eq: "410726" } }', `county_id = (SELECT id FROM county WHERE code = '410726')`],
    ['agency by code', '{ agencyCode: { in: ["410726-SCJGJ", "410726-SFJ"] } }', `agency_id IN (SELECT id FROM agency WHERE code IN ('410726-SCJGJ', '410726-SFJ'))`],
    ['agency level', '{ agencyLevel: { eq: TOWNSHIP } }', `agency_id IN (SELECT id FROM agency WHERE level = 'TOWNSHIP')`],
    ['township by code', '{ townshipCode: { eq: "410726001" } }', `township_id = (SELECT id FROM township WHERE code = '410726001')`],
    ['provenance', '{ provenance: { eq: SYNTHETIC } }', `provenance = 'SYNTHETIC'`],
    ['and', '{ and: [{ actionType: { eq: PENALTY } }, { fineAmount: { gte: 3000 } }] }', `action_type = 'PENALTY' AND fine_amount_fen >= 300000`],
    ['or', '{ or: [{ actionType: { eq: COERCIVE_MEASURE } }, { leniency: { eq: EXEMPTED } }] }', `action_type = 'COERCIVE_MEASURE' OR leniency = 'EXEMPTED'`],
    ['not', '{ not: { actionType: { eq: LICENSE } } }', `NOT action_type = 'LICENSE'`],
    ['nested', '{ or: [{ and: [{ actionType: { eq: PENALTY } }, { not: { agencyLevel: { eq: TOWNSHIP } } }] }, { actionType: { eq: MEDIATION } }] }',
      `(action_type = 'PENALTY' AND agency_id NOT IN (SELECT id FROM agency WHERE level = 'TOWNSHIP')) OR action_type = 'MEDIATION'`],
  ])('%s', async (_label, filter, where) => {
    const expected = await sqlCount(where);
    expect(await count(filter)).toBe(expected);
  });

  it('IDs: eq / in / notIn by global ID', async () => {
    expect(await count(`{ agencyId: { eq: "${globalId('Agency', scjgj)}" } }`)).toBe(await sqlCount(`agency_id = ${scjgj}`));
    expect(await count(`{ agencyId: { in: ["${globalId('Agency', scjgj)}", "${globalId('Agency', sfj)}"] } }`)).toBe(await sqlCount(`agency_id IN (${scjgj}, ${sfj})`));
    expect(await count(`{ agencyId: { notIn: ["${globalId('Agency', scjgj)}"] } }`)).toBe(await sqlCount(`agency_id <> ${scjgj}`));
    expect(await count(`{ countyId: { eq: "${globalId('County', yanjinId)}" }, townshipId: { eq: "${globalId('Township', wenyan)}" } }`))
      .toBe(await sqlCount(`county_id = ${yanjinId} AND township_id = ${wenyan}`));
  });

  it('returns exactly the rows SQL returns, not just the same number', async () => {
    const res = await app.gql(`{ enforcementCases(first: 100, filter: { actionType: { eq: COERCIVE_MEASURE } }, orderBy: [{ field: ID }]) { nodes { id actionType } } }`);
    const ids = res.data!.enforcementCases.nodes.map((n: { id: string }) => keyOf(n.id));
    expect(ids).toEqual((await app.sql<{ id: number }>(`SELECT id FROM enforcement_case WHERE action_type = 'COERCIVE_MEASURE' ORDER BY id`)).map((r) => r.id));
  });
});

describe('filters of other entities', () => {
  it.each([
    ['enforcementOfficers', '{ status: { eq: CANCELLED }, cancellationReason: { in: [RETIREMENT, TRANSFER] } }', 'enforcement_officer', `status = 'CANCELLED' AND cancellation_reason IN ('RETIREMENT', 'TRANSFER')`],
    ['enforcementOfficers', '{ activeOn: "2023-12-31", agencyLevel: { eq: TOWNSHIP } }', 'enforcement_officer', `issued_on <= '2023-12-31' AND (cancelled_on IS NULL OR cancelled_on > '2023-12-31') AND agency_id IN (SELECT id FROM agency WHERE level = 'TOWNSHIP')`],
    ['legalityReviews', '{ kind: { eq: MAJOR_PENALTY } }', 'legality_review', `kind = 'MAJOR_PENALTY'`],
    ['trainings', '{ participants: { gte: 100 } }', 'training', 'participants >= 100'],
    ['litigationCases', '{ kind: { eq: ADMINISTRATIVE }, headAppeared: { eq: false } }', 'litigation_case', `kind = 'ADMINISTRATIVE' AND head_appeared = false`],
    ['taskForceMeetings', '{ taskForceCode: { eq: "PROBLEM_HOUSING" } }', 'task_force_meeting', `task_force_id IN (SELECT id FROM task_force WHERE code = 'PROBLEM_HOUSING')`],
    ['agencies', '{ name: { contains: "局" }, level: { eq: COUNTY_DEPARTMENT } }', 'agency', `name LIKE '%局%' AND level = 'COUNTY_DEPARTMENT'`],
    // contains ignores case (case numbers are Chinese now, so it is shown on agency codes)
    ['agencies', '{ code: { contains: "scjgj" } }', 'agency', `code ILIKE '%SCJGJ%'`],
    ['townships', '{ kind: { eq: TOWNSHIP } }', 'township', `kind = 'TOWNSHIP'`],
    ['figures', '{ indicator: { eq: "LIT_CASES" }, year: { eq: 2023 } }', 'figure', `indicator_code = 'LIT_CASES' AND year = 2023`],
    ['reports', '{ areaLevel: { eq: CITY } }', 'report', `area_level = 'CITY'`],
    ['indicators', '{ computable: { eq: true } }', 'indicator', 'definition IS NOT NULL'],
  ])('%s %s', async (entity, filter, table, where) => {
    expect(await count(filter, entity)).toBe(await sqlCount(where, table));
  });

  it('finds no officer by name: personal data cannot be filtered on without the right role', async () => {
    const res = await app.gql(`{ enforcementOfficers(first: 1, filter: { name: { contains: "王" } }) { totalCount } }`);
    expect(res.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });
});
