/** Every relation, navigated in both directions, agrees with the foreign keys in the database. */
import { keyOf } from './helpers/ids';
import { startTestApp, type TestApp } from './helpers/harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const ids = (nodes: { id: string }[]) => nodes.map((n) => keyOf(n.id)).sort((a, b) => a - b);
const sqlIds = async (q: string) => (await app.sql<{ id: number }>(q)).map((r) => r.id).sort((a, b) => a - b);

describe('relations', () => {
  it('County <-> Township, Agency', async () => {
    const res = await app.gql(`{ county(code: "410726") { id townships(first: 100) { totalCount nodes { id county { code } } } agencies(first: 100) { totalCount nodes { id county { code } } } } }`);
    const c = res.data!.county;
    expect(ids(c.townships.nodes)).toEqual(await sqlIds(`SELECT id FROM township WHERE county_id = ${keyOf(c.id)}`));
    expect(ids(c.agencies.nodes)).toEqual(await sqlIds(`SELECT id FROM agency WHERE county_id = ${keyOf(c.id)}`));
    expect(c.townships.totalCount).toBe(13);
    for (const n of [...c.townships.nodes, ...c.agencies.nodes]) expect(n.county.code).toBe('410726');
  });

  it('Agency <-> officers, cases; case -> agency, township, county', async () => {
    const res = await app.gql(`{ agencies(first: 1, filter: { code: { eq: "410726-YJJ" } }) { nodes { id
      enforcementOfficers(first: 100) { totalCount nodes { id agency { code } } }
      enforcementCases(first: 100) { totalCount nodes { id agency { code } township { code } county { code } } } } } }`);
    const a = res.data!.agencies.nodes[0];
    const agencyId = keyOf(a.id);
    expect(a.enforcementOfficers.totalCount).toBe(Number((await app.sql(`SELECT count(*) AS n FROM enforcement_officer WHERE agency_id = ${agencyId}`))[0].n));
    expect(a.enforcementCases.totalCount).toBe(Number((await app.sql(`SELECT count(*) AS n FROM enforcement_case WHERE agency_id = ${agencyId}`))[0].n));
    for (const o of a.enforcementOfficers.nodes) expect(o.agency.code).toBe('410726-YJJ');
    const rows = await app.sql<{ id: number; township: string | null }>(`SELECT c.id, t.code AS township FROM enforcement_case c LEFT JOIN township t ON t.id = c.township_id WHERE c.agency_id = ${agencyId}`);
    const byId = new Map(rows.map((r) => [r.id, r.township]));
    for (const c of a.enforcementCases.nodes) {
      expect(c.agency.code).toBe('410726-YJJ');
      expect(c.county.code).toBe('410726');
      expect(c.township?.code ?? null).toBe(byId.get(keyOf(c.id)));
    }
  });

  it('Township -> cases and government; government -> township', async () => {
    const res = await app.gql(`{ townships(first: 1, filter: { code: { eq: "410726202" } }) { nodes { id name aliases government { name township { code } } enforcementCases(first: 1) { totalCount } } } }`);
    const t = res.data!.townships.nodes[0];
    expect(t).toMatchObject({ name: '魏邱乡', aliases: ['位邱乡'], government: { name: '延津县魏邱乡人民政府', township: { code: '410726202' } } });
    expect(t.enforcementCases.totalCount).toBe(Number((await app.sql(`SELECT count(*) AS n FROM enforcement_case WHERE township_id = ${keyOf(t.id)}`))[0].n));
  });

  it('Case <-> the case-file reviews that sampled it', async () => {
    // Pages of 13 (the number of rounds): at the default page of 20 the nested reviews would cost more than MAX_QUERY_COST.
    const res = await app.gql(`{ caseFileReviews(first: 13) { totalCount nodes { kind heldOn items(first: 100) { totalCount nodes { problemsFound review { kind } enforcementCase { id actionType caseFileReviews(first: 13) { nodes { review { heldOn } } } } agency { code } } } } } }`);
    const rounds = res.data!.caseFileReviews;
    expect(rounds.totalCount).toBe(13);
    let files = 0;
    let problems = 0;
    for (const r of rounds.nodes) {
      files += r.items.totalCount;
      for (const i of r.items.nodes) {
        problems += i.problemsFound;
        expect(i.review.kind).toBe(r.kind);
        expect(i.enforcementCase.actionType).toBe('PENALTY');
        expect(i.enforcementCase.caseFileReviews.nodes.map((x: { review: { heldOn: string } }) => x.review.heldOn)).toContain(r.heldOn);
      }
    }
    expect([files, problems]).toEqual([85, 170]);
  });

  it('TaskForce -> meetings and member agencies; agency -> its task forces; meeting -> task force', async () => {
    const res = await app.gql(`{ taskForces(first: 10) { nodes { code name members { code taskForces { nodes { code } } } meetings { totalCount nodes { taskForce { code } } } } } }`);
    const byCode = Object.fromEntries(res.data!.taskForces.nodes.map((t: { code: string }) => [t.code, t]));
    expect(Object.keys(byCode).sort()).toEqual(['ENFORCEMENT_TO_BANKRUPTCY', 'IDLE_LAND', 'PROBLEM_HOUSING', 'TOWNSHIP_EMPOWERMENT', 'UNPERFORMED_JUDGMENTS']);
    expect(byCode.PROBLEM_HOUSING.meetings.totalCount).toBe(5);
    for (const tf of res.data!.taskForces.nodes) {
      for (const m of tf.meetings.nodes) expect(m.taskForce.code).toBe(tf.code);
      for (const member of tf.members) expect(member.taskForces.nodes.map((x: { code: string }) => x.code)).toContain(tf.code);
    }
  });

  it('Figure -> indicator, report, county; report -> figures, revisions', async () => {
    const res = await app.gql(`{ county(code: "410726") { reports { nodes { title year loadedAt revisions { revision changes loadedAt } figures(first: 100) { totalCount nodes { value unit quote breakdown indicator { code unit } report { year } county { code } } } } } } }`);
    const [report] = res.data!.county.reports.nodes;
    expect(report.title).toBe('中共延津县委关于2023年度法治政府建设情况的报告');
    expect(report.figures.totalCount).toBe(50);
    expect(report.revisions).toHaveLength(1);
    expect(new Date(report.loadedAt).getTime()).toBeGreaterThan(Date.UTC(2026, 0, 1));
    expect(report.revisions[0].loadedAt).toBe(report.loadedAt);
    const holders = report.figures.nodes.find((f: { indicator: { code: string }; breakdown: object }) => f.indicator.code === 'CERT_HOLDERS' && Object.keys(f.breakdown).length === 0);
    expect(holders).toMatchObject({ value: 1031, unit: '人', quote: '我县持有行政执法证件人员共计1031人', report: { year: 2023 }, county: { code: '410726' } });
  });

  it('litigation, training, legality review, supervision point at their agencies and county', async () => {
    const res = await app.gql(`{
      litigationCases(first: 100, filter: { kind: { eq: ADMINISTRATIVE } }) { totalCount nodes { defendantAgency { county { code } } county { code } } }
      trainings(first: 100) { totalCount nodes { organizer { code } county { code } } }
      legalityReviews(first: 1) { totalCount nodes { county { code } } }
      supervisionInspections(first: 10) { nodes { agency { code supervisionInspections { totalCount } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.litigationCases.totalCount).toBe(33);
    expect(res.data!.trainings.totalCount).toBe(61);
    expect(res.data!.legalityReviews.totalCount).toBe(614);
    const supervised = res.data!.supervisionInspections.nodes.map((n: { agency: { code: string } }) => n.agency.code);
    expect(supervised).toEqual(expect.arrayContaining(['410726-STHJJ', '410726-YJJ']));
    expect(new Set(supervised).size).toBe(8);
  });

  it('node and nodes refetch any object by global ID', async () => {
    const list = await app.gql(`{ enforcementCases(first: 2) { nodes { id caseNumber } } agencies(first: 1) { nodes { id name } } indicators(first: 1) { nodes { id code } } }`);
    const [c1, c2] = list.data!.enforcementCases.nodes;
    const agency = list.data!.agencies.nodes[0];
    const indicator = list.data!.indicators.nodes[0];
    const res = await app.gql(`query ($ids: [ID!]!, $one: ID!) {
      nodes(ids: $ids) { __typename id ... on EnforcementCase { caseNumber } ... on Agency { name } ... on Indicator { code } }
      node(id: $one) { id ... on EnforcementCase { caseNumber } } }`, { ids: [c1.id, agency.id, indicator.id, c2.id], one: c2.id });
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: 'EnforcementCase', id: c1.id, caseNumber: c1.caseNumber },
      { __typename: 'Agency', id: agency.id, name: agency.name },
      { __typename: 'Indicator', id: indicator.id, code: indicator.code },
      { __typename: 'EnforcementCase', id: c2.id, caseNumber: c2.caseNumber },
    ]);
    expect(res.data!.node).toEqual({ id: c2.id, caseNumber: c2.caseNumber });
  });

  it('node of an ID that no longer exists is null', async () => {
    const res = await app.gql(`{ node(id: "${Buffer.from('EnforcementCase:999999999').toString('base64url')}") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.node).toBeNull();
  });
});
