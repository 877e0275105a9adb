/**
 * Issue 13.1: an open catalogue. Indicators are added by the importIndicators mutation, by
 * `npm run import -- indicators`, or inside the report file that needs them; everything is
 * validated (a definition's fact, measure and filter), a code already held with another content
 * is refused and nothing is written unless it deliberately revises the current revision, and a
 * report bringing its own indicator imports and its figure compares across counties.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Role } from '../src/modules/auth/api-key.entity';
import type { Viewer } from '../src/modules/auth/viewer';
import { tableChecksums } from './helpers/checksums';
import { importCli } from './helpers/cli';
import { ANALYST, startTestApp, type TestApp } from './helpers/harness';

const ADMIN: Viewer = { keyId: 1, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' };
const EDITOR: Viewer = { keyId: 2, role: Role.EDITOR, countyCode: '411521', countyId: null, label: 'Luoshan editor' };

const centres = {
  code: 'PUBLIC_LEGAL_SERVICE_CENTRES', nameZh: '公共法律服务中心（站）数量', nameEn: 'public legal service centres and stations',
  unit: '个', unitAliases: ['所'], family: 'legal_services', description: 'Public legal service centres (county) and stations (township) in operation at year end.',
  descriptionZh: '年末运行的县公共法律服务中心和乡镇公共法律服务站数量。',
};
const sessions = {
  code: 'LAW_STUDY_SESSIONS_DEMO', nameZh: '法治讲堂期数', nameEn: 'rule-of-law lecture sessions', unit: '次', unitAliases: ['期'],
  family: 'training_study', description: 'Sessions of the county rule-of-law lecture series held in the year.',
  descriptionZh: '年度举办县法治讲堂的期数。', comparability: 'Some counties count each venue.', comparabilityZh: '有的地方按场地分别计。',
  definition: { fact: 'training', measure: 'count', filter: { kind: { eq: 'LEADERSHIP_SPECIAL' } } },
};

let app: TestApp;
let tmp: string;
beforeAll(async () => {
  app = await startTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-indicators-'));
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

const importIndicators = (file: object, viewer: Viewer) =>
  app.gql(`mutation ($f: JSONObject!) { importIndicators(file: $f) { created unchanged revised } }`, { f: file }, viewer);

it('an editor adds indicators; the same file again changes nothing; the catalogue lists them', async () => {
  const file = { format: 'rule-of-law-indicators/v1', indicators: [centres, sessions] };
  expect((await importIndicators(file, EDITOR)).data?.importIndicators).toEqual({ created: [centres.code, sessions.code], unchanged: [], revised: [] });
  expect((await importIndicators(file, EDITOR)).data?.importIndicators).toEqual({ created: [], unchanged: [centres.code, sessions.code], revised: [] });
  const [row] = await app.sql<{ name_zh: string; unit_aliases: string[]; definition: unknown; description_zh: string; comparability_zh: string; revision: number }>(
    'SELECT name_zh, unit_aliases, definition, description_zh, comparability_zh, revision FROM indicator WHERE code = $1', [sessions.code]);
  expect(row).toEqual({ name_zh: sessions.nameZh, unit_aliases: ['期'], definition: sessions.definition, description_zh: sessions.descriptionZh, comparability_zh: sessions.comparabilityZh, revision: 1 });
  const listed = await app.gql(`{ indicators(filter: { family: { eq: "legal_services" } }) { nodes { code unit } } }`);
  expect(listed.data!.indicators.nodes).toContainEqual({ code: centres.code, unit: '个' });
});

it('refuses a redefinition, invalid entries and callers without a writing key, writing nothing', async () => {
  const before = await tableChecksums(app);
  const redefined = await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [{ ...centres, description: 'Something else.' }] }, ADMIN);
  expect(redefined.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ position: 'indicators[0]', field: 'code' }] });
  const invalid = await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [
    { ...centres, code: 'lower case' },
    { ...sessions, code: 'BAD_FACT_X', definition: { fact: 'bribes', measure: 'count' } },
    { ...sessions, code: 'BAD_MEASURE_X', definition: { fact: 'training', measure: 'sum.nothing' } },
    { ...sessions, code: 'BAD_FILTER_X', definition: { fact: 'training', measure: 'count', filter: { colour: { eq: 'red' } } } },
    { ...sessions, code: 'NO_CHINESE_X', descriptionZh: undefined },
    { ...sessions, code: 'REVISES_NOTHING_X', revises: 1, changeNote: 'new' },
  ] }, ADMIN);
  const issues = invalid.errors?.[0]?.extensions?.issues as { position: string; field: string }[];
  expect(issues.map((i) => [i.position, i.field])).toEqual([
    ['indicators[0]', 'code'], ['indicators[1]', 'definition.fact'], ['indicators[2]', 'definition.measure'], ['indicators[3]', 'definition.filter'],
    ['indicators[4]', 'descriptionZh'],
  ]);
  // Checked against the catalogue after the file itself is valid.
  const revisesNothing = await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [{ ...sessions, code: 'REVISES_NOTHING_X', revises: 1, changeNote: 'new' }] }, ADMIN);
  expect(revisesNothing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ position: 'indicators[0]', field: 'revises' }] });
  const noNote = await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [{ ...centres, description: 'Something else.', revises: 1 }] }, ADMIN);
  expect(noNote.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ position: 'indicators[0]', field: 'changeNote' }] });
  expect((await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [{ ...centres, code: 'ANALYST_TRY_X' }] }, ANALYST)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  expect(await tableChecksums(app)).toEqual(before);
});

it('npm run import -- indicators adds from a file', async () => {
  const file = path.join(tmp, 'indicators.json');
  await writeFile(file, JSON.stringify({ format: 'rule-of-law-indicators/v1', indicators: [{ ...centres, code: 'MEDIATION_COMMITTEES_DEMO', nameZh: '人民调解委员会数量', nameEn: 'people\'s mediation committees' }] }));
  const res = await importCli(app, 'indicators', file);
  expect([res.code, res.stdout.trim()]).toEqual([0, '1 indicators added (MEDIATION_COMMITTEES_DEMO), 0 revised, 0 already in the catalogue']);
});

it('a report file brings the indicator it needs; its figure imports (unit alias included) and compares', async () => {
  const own = { ...centres, code: 'LEGAL_AID_STATIONS_DEMO', nameZh: '法律援助工作站数量', nameEn: 'legal aid stations' };
  const report = {
    format: 'rule-of-law-report/v1',
    report: { areaCode: '411521', year: 2023, title: '罗山县2023年度法治政府建设情况的报告', coverage: 'Test excerpt.' },
    indicators: [own, sessions],
    figures: [
      { indicator: own.code, value: 18, unit: '所', quote: '建成法律援助工作站18所' },
      { indicator: sessions.code, value: 2, unit: '期', quote: '举办法治讲堂2期' },
    ],
  };
  const res = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status figures } }`, { r: report }, ADMIN);
  expect(res.errors).toBeUndefined();
  expect(res.data!.importReport).toEqual({ status: 'CREATED', figures: 2 });
  const compared = await app.gql(`{ comparison(indicator: "${own.code}", years: [2023], counties: ["411521"]) { rows { county { code } cells { value unit quote rank rankedOf } } } }`);
  expect(compared.data!.comparison.rows).toEqual([{ county: { code: '411521' }, cells: [{ value: 18, unit: '所', quote: '建成法律援助工作站18所', rank: 1, rankedOf: 1 }] }]);
  // A report may not redefine a held indicator either.
  const clash = await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: { ...report, indicators: [{ ...own, unit: '家' }] } }, ADMIN);
  expect(clash.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
});

it('a deliberate redefinition becomes the next revision: earlier figures keep theirs, the API lists both, and comparison says the values are not like for like', async () => {
  const code = 'NOTARY_OFFICES_DEMO';
  const first = { ...centres, code, nameZh: '公证处数量', nameEn: 'notary offices', description: 'Notary offices at year end.', descriptionZh: '年末公证处数量。' };
  const figureFile = (areaCode: string, value: number) => ({
    format: 'rule-of-law-report/v1',
    report: { areaCode, year: 2021, title: `${areaCode} 2021 test report`, coverage: 'Test excerpt.' },
    figures: [{ indicator: code, value, unit: '个', quote: `公证处${value}个` }],
  });
  expect((await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [first] }, ADMIN)).errors).toBeUndefined();
  expect((await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: figureFile('411521', 2) }, ADMIN)).errors).toBeUndefined();

  const second = { ...first, description: 'Notary offices and their branch offices at year end.', descriptionZh: '年末公证处及其分支机构数量。', revises: 1, changeNote: 'Branch offices now count.' };
  expect((await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [second] }, EDITOR)).data?.importIndicators).toEqual({ created: [], unchanged: [], revised: [code] });
  // The same revision again is no longer current: refused, nothing written.
  const before = await tableChecksums(app);
  const stale = await importIndicators({ format: 'rule-of-law-indicators/v1', indicators: [{ ...second, description: 'Yet another meaning.' }] }, EDITOR);
  expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', issues: [{ position: 'indicators[0]', field: 'revises' }] });
  expect(await tableChecksums(app)).toEqual(before);
  expect((await app.gql(`mutation ($r: JSONObject!) { importReport(report: $r) { status } }`, { r: figureFile('411522', 3) }, ADMIN)).errors).toBeUndefined();

  const read = await app.gql(`{ indicator(code: "${code}") { revision description revisions { revision description descriptionZh changeNote } } }`);
  expect(read.data!.indicator).toEqual({
    revision: 2, description: second.description,
    revisions: [
      { revision: 2, description: second.description, descriptionZh: second.descriptionZh, changeNote: second.changeNote },
      { revision: 1, description: first.description, descriptionZh: first.descriptionZh, changeNote: null },
    ],
  });
  const rows = await app.sql<{ code: string; indicator_revision: number }>(
    `SELECT c.code, f.indicator_revision FROM figure f JOIN county c ON c.id = f.county_id WHERE f.indicator_code = $1 ORDER BY c.code`, [code]);
  expect(rows).toEqual([{ code: '411521', indicator_revision: 1 }, { code: '411522', indicator_revision: 2 }]);
  const compared = await app.gql(`{ comparison(indicator: "${code}", years: [2021], counties: ["411521", "411522"]) { caveats { kind } rows { county { code } cells { value indicatorRevision } } } }`);
  expect(compared.data!.comparison).toEqual({
    caveats: [{ kind: 'MIXED_REVISIONS' }],
    rows: [{ county: { code: '411521' }, cells: [{ value: 2, indicatorRevision: 1 }] }, { county: { code: '411522' }, cells: [{ value: 3, indicatorRevision: 2 }] }],
  });
});
