/**
 * Issue 13.4: townships and agencies import for any county, so its cases can follow. A county
 * other than Yanjin (with no townships or agencies yet) gets two townships, a county department
 * and a township government by the importRecords mutation, then cases naming them, and its
 * statistics count those cases. Bad rows are refused with their row and column, all in one pass,
 * and nothing is written; the same files again change nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startTestApp, type TestApp } from './helpers/harness';
import { tableChecksums } from './helpers/checksums';
import { Role } from '../src/modules/auth/api-key.entity';

let app: TestApp;
let county: { code: string; name: string };
const ADMIN = { keyId: null, role: Role.ADMIN, countyCode: null, countyId: null, label: 'test admin' };

beforeAll(async () => {
  app = await startTestApp();
  [county] = await app.sql<{ code: string; name: string }>(`
    SELECT k.code, k.name FROM county k
     WHERE k.code <> '410726' AND NOT EXISTS (SELECT 1 FROM agency a WHERE a.county_id = k.id) AND NOT EXISTS (SELECT 1 FROM township t WHERE t.county_id = k.id)
     ORDER BY k.code LIMIT 1`);
});
afterAll(() => app.close());

const importRecords = (kind: string, lines: string[]) =>
  app.gql(`mutation ($csv: String!) { importRecords(kind: ${kind}, csv: $csv) { rows inserted updated unchanged } }`, { csv: `${lines.join('\n')}\n` }, ADMIN);

const townships = () => [
  'county_code,code,name,kind,name_en,source',
  `${county.code},${county.code}001,城关镇,TOWN,Chengguan,test list`,
  `${county.code},${county.code}201,山店乡,TOWNSHIP,,test list`,
];
const agencies = () => [
  'county_code,code,name,level,township_code,name_en,source',
  `${county.code},${county.code}-SCJGJ,市场监督管理局,COUNTY_DEPARTMENT,,,test list`,
  `${county.code},${county.code}-T201,山店乡人民政府,TOWNSHIP,${county.code}201,,test list`,
];
const cases = () => [
  'county_code,case_number,agency_code,township_code,action_type,decided_on,fine_amount,leniency,leniency_amount,source',
  `${county.code},T-2023-1,${county.code}-SCJGJ,${county.code}001,PENALTY,2023-04-03,500,NONE,,test export`,
  `${county.code},T-2023-2,${county.code}-SCJGJ,${county.code}201,PENALTY,2023-05-04,1200.50,NONE,,test export`,
  `${county.code},T-2023-3,${county.code}-T201,${county.code}201,INSPECTION,2023-06-05,,NONE,,test export`,
];

it('a county other than Yanjin is found with no places or agencies yet', () => {
  expect(county).toBeDefined();
});

it('refuses bad rows with row and column, all problems at once, and writes nothing', async () => {
  const before = await tableChecksums(app);
  const res = await importRecords('AGENCIES', [
    'county_code,code,name,level,township_code,name_en,source',
    `${county.code},SCJGJ,市场监督管理局,COUNTY_DEPARTMENT,,,x`, // code without the county prefix
    `${county.code},${county.code}-T9,某乡人民政府,TOWNSHIP,,,x`, // township government without its township
    `${county.code},${county.code}-T8,某乡人民政府,TOWNSHIP,${county.code}999,,x`, // township not imported (reference check)
  ]);
  const problems = res.errors?.[0]?.extensions?.issues as { row: number; column: string }[] | undefined;
  expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // Cell and row checks, and the reference check, in one pass.
  expect(problems?.map((p) => [p.row, p.column])).toEqual([[2, 'code'], [3, 'township_code'], [4, 'township_code']]);
  const towns = await importRecords('TOWNSHIPS', ['county_code,code,name,kind,name_en,source', `${county.code},410726001,错县,TOWN,,x`]);
  expect((towns.errors?.[0]?.extensions?.issues as { column: string }[])[0].column).toBe('code');
  expect(await tableChecksums(app)).toEqual(before);
});

it('imports townships, then agencies, then cases naming them; the county\'s statistics count them; again changes nothing', async () => {
  expect((await importRecords('TOWNSHIPS', townships())).data?.importRecords).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
  expect((await importRecords('AGENCIES', agencies())).data?.importRecords).toEqual({ rows: 2, inserted: 2, updated: 0, unchanged: 0 });
  expect((await importRecords('CASES', cases())).data?.importRecords).toEqual({ rows: 3, inserted: 3, updated: 0, unchanged: 0 });

  const places = await app.sql<{ township: string; agency: string | null }>(`
    SELECT t.code AS township, a.code AS agency FROM township t JOIN county k ON k.id = t.county_id LEFT JOIN agency a ON a.township_id = t.id
     WHERE k.code = $1 ORDER BY t.code`, [county.code]);
  expect(places).toEqual([{ township: `${county.code}001`, agency: null }, { township: `${county.code}201`, agency: `${county.code}-T201` }]);

  const res = await app.gql(`query ($c: String!) { county(code: $c) {
      townships { nodes { code government { code } } }
      enforcementCaseStats(groupBy: [AGENCY, TOWNSHIP]) { nodes { agency { code } township { code } count sum { fineAmount } } } } }`, { c: county.code });
  expect(res.errors).toBeUndefined();
  expect(res.data!.county.townships.nodes).toEqual([
    { code: `${county.code}001`, government: null },
    { code: `${county.code}201`, government: { code: `${county.code}-T201` } },
  ]);
  const groups = res.data!.county.enforcementCaseStats.nodes.map((n: any) => [n.agency.code, n.township.code, n.count, n.sum.fineAmount]);
  expect(groups.sort()).toEqual([
    [`${county.code}-SCJGJ`, `${county.code}001`, 1, 500],
    [`${county.code}-SCJGJ`, `${county.code}201`, 1, 1200.5],
    [`${county.code}-T201`, `${county.code}201`, 1, 0],
  ].sort());

  for (const [kind, lines] of [['TOWNSHIPS', townships()], ['AGENCIES', agencies()], ['CASES', cases()]] as const) {
    expect([kind, (await importRecords(kind, lines)).data?.importRecords.unchanged]).toEqual([kind, lines.length - 1]);
  }
});

describe('any county of China', () => {
  /** The GB/T 2260 lists as the seed data holds them, read here as plain CSV. */
  const csv = (file: string) => readFileSync(path.join(__dirname, '../seeds/data', file), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
  const counties = csv('gbt2260_county_level.csv');
  const cities = new Map(csv('gbt2260_cities.csv').map(([code, name]) => [code, name]));
  const provinces = new Map(csv('gbt2260_provinces.csv').map(([code, name]) => [code, name]));

  it('is found by part of its name, with its city and province, and whether the platform holds it', async () => {
    const expected = counties.filter(([, name]) => name.includes('罗山'))
      .map(([code, name, city, province]) => ({ code, name, cityName: cities.get(city), provinceName: provinces.get(province) }));
    expect(expected.length).toBeGreaterThan(0);
    const res = await app.gql(`{ countyDivisions(filter: { name: { contains: "罗山" } }) { totalCount nodes { code name cityName provinceName } }
      yanjin: countyDivisions(filter: { name: { contains: "延津" } }) { nodes { code county { name } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.countyDivisions).toEqual({ totalCount: expected.length, nodes: expected });
    expect(res.data!.yanjin.nodes).toEqual([{ code: '410726', county: { name: '延津县' } }]);
    for (const bad of ['{ countyDivisions(filter: { name: { contains: "" } }, first: 5) { totalCount } }', '{ countyDivisions(filter: {}) { totalCount } }',
      '{ countyDivisions(filter: { code: { startsWith: "41x" } }) { totalCount } }', '{ countyDivisions(filter: { code: { startsWith: "41" } }, after: "bm90LWEtY3Vyc29y") { totalCount } }']) {
      expect([bad, (await app.gql(bad)).errors?.[0]?.extensions?.code]).toEqual([bad, 'BAD_USER_INPUT']);
    }
  });

  it('is found by pinyin or English name too (tones, spaces and apostrophes ignored), named in both', async () => {
    const pick = (q: string) => app.gql(`{ countyDivisions(filter: { name: { contains: ${JSON.stringify(q)} } }, first: 100) { nodes { code name nameEn pinyin cityNameEn provinceNameEn } } }`);
    const luoshan = { code: '411521', name: '罗山县', nameEn: 'Luoshan County', pinyin: 'luo shan xian', cityNameEn: 'Xinyang City', provinceNameEn: 'Henan Province' };
    for (const q of ['luoshan', 'Luo Shan', 'LUOSHAN COUNTY']) expect((await pick(q)).data!.countyDivisions.nodes).toContainEqual(luoshan);
    // Place-name readings a dictionary gets wrong: 六安 Lu'an, 乐亭 Laoting, 单县 Shan County.
    expect((await pick('裕安')).data!.countyDivisions.nodes.map((n: { cityNameEn: string }) => n.cityNameEn)).toEqual(["Lu'an City"]);
    expect((await pick('laoting')).data!.countyDivisions.nodes.map((n: { nameEn: string }) => n.nameEn)).toEqual(['Laoting County']);
    expect((await pick('单县')).data!.countyDivisions.nodes.map((n: { nameEn: string }) => n.nameEn)).toEqual(['Shan County']);
    const autonomous = (await pick('长阳')).data!.countyDivisions.nodes.map((n: { nameEn: string }) => n.nameEn);
    expect(autonomous).toEqual(['Changyang Tujia Autonomous County']);
  });

  it('pages through a province in code order: every county-level unit once, as the GB/T 2260 list has them', async () => {
    const want = counties.filter(([code]) => code.startsWith('41')).map(([code]) => code).sort();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const res: any = await app.gql(`query ($after: String) { countyDivisions(filter: { code: { startsWith: "41" } }, first: 50, after: $after) { totalCount nodes { code } pageInfo { hasNextPage endCursor } } }`, { after });
      const c = res.data!.countyDivisions;
      expect(c.totalCount).toBe(want.length);
      seen.push(...c.nodes.map((n: { code: string }) => n.code));
      if (!c.pageInfo.hasNextPage) break;
      after = c.pageInfo.endCursor;
    }
    expect(seen).toEqual(want);
  });

  it('a county no report has named yet is created by the first record file naming it, with its city and province', async () => {
    const held = new Set((await app.sql<{ code: string }>('SELECT code FROM county')).map((r) => r.code));
    const [code, name, city, province] = counties.find(([c, n]) => !held.has(c) && !c.startsWith('41') && n.endsWith('县'))!;
    const res = await importRecords('TOWNSHIPS', ['county_code,code,name,kind,name_en,source', `${code},${code}100,城关镇,TOWN,,test list`]);
    expect(res.data?.importRecords).toEqual({ rows: 1, inserted: 1, updated: 0, unchanged: 0 });
    const [row] = await app.sql<{ name: string; city: string; province: string; name_en: string | null }>(`
      SELECT k.name, c.name AS city, p.name AS province, k.name_en FROM county k JOIN city c ON c.id = k.city_id JOIN province p ON p.id = c.province_id WHERE k.code = $1`, [code]);
    expect(row).toEqual({ name, city: cities.get(city), province: provinces.get(province), name_en: expect.stringMatching(/^[A-Z][a-z']+ County$/) });
    // An unknown code is still refused, and creates nothing.
    const unknown = await importRecords('TOWNSHIPS', ['county_code,code,name,kind,name_en,source', '999999,999999100,某镇,TOWN,,x']);
    expect((unknown.errors?.[0]?.extensions?.issues as { column: string; message: string }[])[0]).toMatchObject({ column: 'county_code', message: 'unknown county code' });
    expect(await app.sql('SELECT 1 FROM county WHERE code = $1', ['999999'])).toEqual([]);
  });
});

describe('population by year', () => {
  it('imports as a record file and makes values per 10,000 residents appear for the years held', async () => {
    const rows = ['county_code,year,population,source', '410726,2023,421100,延津县2023年国民经济和社会发展统计公报 (test)'];
    expect((await importRecords('POPULATION', rows)).data?.importRecords).toEqual({ rows: 1, inserted: 1, updated: 0, unchanged: 0 });
    const bad = await importRecords('POPULATION', ['county_code,year,population,source', '410726,1800,0,x', '410726,2022,many,x']);
    expect((bad.errors?.[0]?.extensions?.issues as { row: number; column: string }[]).map((i) => [i.row, i.column])).toEqual([[2, 'year'], [2, 'population'], [3, 'population']]);
    const [figure] = await app.sql<{ value: string }>(`
      SELECT f.value FROM figure f JOIN county c ON c.id = f.county_id WHERE c.code = '410726' AND f.year = 2023 AND f.indicator_code = 'ENF_PENALTY_TOTAL' AND f.breakdown = '{}'::jsonb`);
    const res = await app.gql('{ comparison(indicator: "ENF_PENALTY_TOTAL", years: [2022, 2023], counties: ["410726"], normalizeBy: PER_10K_RESIDENTS) { rows { cells { year value normalized normalizationNote } } } }');
    const [y2022, y2023] = res.data!.comparison.rows[0].cells;
    expect(y2023).toEqual({ year: 2023, value: Number(figure.value), normalized: Math.round((Number(figure.value) / 421100) * 10000 * 10000) / 10000, normalizationNote: null });
    expect(y2022.normalized).toBeNull();
  });
});
