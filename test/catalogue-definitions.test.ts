/**
 * Issue 13.2: precise definitions. Every indicator of the catalogue says in English and Chinese
 * what it counts and what not, and what differs between reports; the points the catalogue audit
 * found are fixed (each checked against the report files or plain SQL, not against the code); and a
 * comparison carries the comparability caveat so a reader sees when figures are not like for like.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/harness';

const seeds = path.join(__dirname, '..', 'seeds', 'data');
interface Seed { code: string; unit: string; unit_aliases: string[]; name_en: string; comparability: string; comparability_zh: string }
const catalogue: Seed[] = JSON.parse(readFileSync(path.join(seeds, 'indicators.json'), 'utf8')).indicators;
const reportFiles = ['410726_2023_yanjin.json', '331126_2024_lishui_qingyuan_enforcement.json', '410700_2023_xinxiang_city.json', '411522_2023_xinyang_guangshan.json', '411523_2023_xinyang_xinxian.json', '410425_2023_pingdingshan_jiaxian.json']
  .map((f) => JSON.parse(readFileSync(path.join(seeds, 'reports', f), 'utf8')) as { report: { areaCode: string }; figures: { indicator: string; value: number; unit: string; breakdown?: Record<string, string>; quote: string }[] });
const figuresOf = (areaCode: string) => reportFiles.find((r) => r.report.areaCode === areaCode)!.figures;
const CJK = /[\u4e00-\u9fff]/;

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('every indicator served states what it counts and what differs between reports, in English and in Chinese', async () => {
  const res = await app.gql(`{ indicators(first: 100) { nodes { code unit description descriptionZh comparability comparabilityZh revision } } }`);
  const nodes = res.data!.indicators.nodes as Record<string, string | number>[];
  expect(nodes.map((n) => n.code).sort()).toEqual(catalogue.map((c) => c.code).sort());
  for (const n of nodes) {
    const where = `${n.code}`;
    expect([where, String(n.description).length > 40, CJK.test(String(n.descriptionZh)), String(n.comparability).length > 10, CJK.test(String(n.comparabilityZh)), n.revision])
      .toEqual([where, true, true, true, true, 1]);
  }
});

it('the breakdown keys the catalogue note names are exactly those the report files use', () => {
  const note: string = JSON.parse(readFileSync(path.join(seeds, 'indicators.json'), 'utf8')).note;
  const used = new Set(reportFiles.flatMap((r) => r.figures.flatMap((f) => Object.keys(f.breakdown ?? {}))));
  const named = new Set([...note.matchAll(/\b(kind|agencyLevel|taskForceCode|outcome|reviewKind|taskForce|litigationKind)\b(?= \()/g)].map((m) => m[1]));
  expect([...named].sort()).toEqual([...used].sort());
});

it('task-force meetings leave out coordination meetings: 16 for Yanjin, the sum of its four task forces; the empowerment coordination meeting is its own indicator', async () => {
  const yanjin = figuresOf('410726');
  const taskForces = yanjin.filter((f) => f.indicator === 'TF_MEETINGS');
  expect(taskForces.map((f) => f.breakdown!.taskForceCode).sort()).toEqual(['ENFORCEMENT_TO_BANKRUPTCY', 'IDLE_LAND', 'PROBLEM_HOUSING', 'UNPERFORMED_JUDGMENTS']);
  const coordination = yanjin.filter((f) => f.indicator === 'COORD_MEETINGS');
  expect(coordination.map((f) => f.quote)).toEqual(['召开乡(镇、街道)赋权工作协调会2次']);
  const res = await app.gql(`{ tf: comparison(indicator: "TF_MEETINGS", years: [2023], counties: ["410726"]) { rows { cells { computed } } }
    coord: comparison(indicator: "COORD_MEETINGS", years: [2023], counties: ["410726"]) { rows { cells { computed } } } }`);
  expect(res.data!.tf.rows[0].cells[0].computed).toBe(taskForces.reduce((s, f) => s + f.value, 0));
  expect(res.data!.coord.rows[0].cells[0].computed).toBe(coordination[0].value);
});

it('administrative coercion counts coercive execution as well as coercive measures', async () => {
  const ask = async () => (await app.gql(`{ comparison(indicator: "ENF_COERCIVE_TOTAL", years: [2023], counties: ["410726"]) { rows { cells { value computed } } } }`)).data!.comparison.rows[0].cells[0];
  expect(await ask()).toEqual({ value: 13, computed: 13 });
  // Written behind the engine's back: one coercive execution decided in 2023.
  await app.sql(`INSERT INTO enforcement_case (county_id, provenance, source, case_number, agency_id, township_id, action_type, decided_on, fine_amount_fen, leniency, leniency_amount_fen)
    SELECT county_id, provenance, source, case_number || '-exec', agency_id, township_id, 'COERCIVE_EXECUTION', decided_on, 0, 'NONE', NULL
      FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '410726') AND action_type = 'COERCIVE_MEASURE' ORDER BY id LIMIT 1`);
  const [{ n }] = await app.sql<{ n: string }>(`SELECT count(*) AS n FROM enforcement_case WHERE county_id = (SELECT id FROM county WHERE code = '410726')
    AND action_type IN ('COERCIVE_MEASURE', 'COERCIVE_EXECUTION') AND decided_on BETWEEN '2023-01-01' AND '2023-12-31'`);
  expect(await ask()).toEqual({ value: 13, computed: Number(n) });
  expect(Number(n)).toBe(14);
});

it('figures that are not like for like sit under their own indicators: police-inclusive penalties, licences granted, assessment level', async () => {
  const qingyuan = figuresOf('331126');
  const byQuoteCode = (code: string) => qingyuan.filter((f) => f.indicator === code).map((f) => f.value);
  // The table lists administrative detention, which only the police decide: its total includes them.
  expect(byQuoteCode('ENF_PENALTY_DETENTION')).toEqual([504]);
  expect(byQuoteCode('ENF_PENALTY_TOTAL_INCL_POLICE')).toEqual([108156]);
  expect(byQuoteCode('ENF_PENALTY_TOTAL')).toEqual([]);
  // Granted (26462) = accepted (26569) - refused (102) - withdrawn (5): not "matters handled".
  expect(byQuoteCode('ENF_LICENSE_GRANTED')).toEqual([byQuoteCode('ENF_LICENSE_ACCEPTED')[0] - byQuoteCode('ENF_LICENSE_REFUSED')[0] - byQuoteCode('ENF_LICENSE_WITHDRAWN')[0]]);
  expect(catalogue.find((c) => c.code === 'ENF_LICENSE_TOTAL')!.name_en).not.toMatch(/granted/);

  const res = await app.gql(`{ p: comparison(indicator: "ENF_PENALTY_TOTAL", years: [2023, 2024]) { caveats { kind note noteZh } rows { county { code } cells { value } } }
    city: comparison(indicator: "ASSESS_EXCELLENT_YEARS_CITY", years: [2023]) { rows { county { code } cells { value rank rankedOf } } } }`);
  const penalty = catalogue.find((c) => c.code === 'ENF_PENALTY_TOTAL')!;
  expect(res.data!.p.caveats).toEqual([{ kind: 'COMPARABILITY', note: penalty.comparability, noteZh: penalty.comparability_zh }]);
  const published = (res.data!.p.rows as { county: { code: string }; cells: { value: number | null }[] }[]).filter((r) => r.cells.some((c) => c.value !== null));
  expect(published.map((r) => r.county.code)).not.toContain('331126');
  // City assessments of Xinyang's counties rank together; the provincial one (Xinxiang city's report) is apart.
  const city = (res.data!.city.rows as { county: { code: string }; cells: { value: number | null; rank: number | null; rankedOf: number | null }[] }[]).filter((r) => r.cells[0].value !== null);
  expect(city.map((r) => [r.county.code, r.cells[0].value, r.cells[0].rankedOf]).sort()).toEqual([
    ['411522', figuresOf('411522').find((f) => f.indicator === 'ASSESS_EXCELLENT_YEARS_CITY')!.value, 2],
    ['411523', figuresOf('411523').find((f) => f.indicator === 'ASSESS_EXCELLENT_YEARS_CITY')!.value, 2],
  ]);
  expect(figuresOf('410700').find((f) => f.indicator === 'ASSESS_EXCELLENT_YEARS_PROVINCIAL')!.quote).toContain('法治河南');
});

it('training participants are person-times (人次); the report\'s 人 is accepted as its alias', () => {
  const participants = catalogue.find((c) => c.code === 'TRAIN_OFFICER_GENERAL_PARTICIPANTS')!;
  expect([participants.unit, participants.unit_aliases]).toEqual(['人次', ['人']]);
  expect(figuresOf('410726').find((f) => f.indicator === participants.code)!.unit).toBe('人');
});
