/**
 * From a report's text to figures (issue 15). Expected values come from outside the code under
 * test: the Yanjin report's 50 hand-transcribed figures with their quotes
 * (seeds/data/reports/410726_2023_yanjin.json, a COMPLETE transcription of seeds/sources/yanjin_2023.txt),
 * and values written by hand below.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importCli } from './helpers/cli';
import { startTestApp, type TestApp } from './helpers/harness';
import { ANONYMOUS, type Viewer } from '../src/modules/auth/viewer';
import { Role } from '../src/modules/auth/api-key.entity';
import { parseChineseNumeral, parseDigits, shiftDecimal } from '../src/modules/propose/numerals';
import { findNumbers } from '../src/modules/propose/number-finder';
import { quoteStatesValue } from '../src/modules/report/quote';

const root = path.join(__dirname, '..');
const yanjinTextPath = path.join(root, 'seeds/sources/yanjin_2023.txt');
const YANJIN_EDITOR: Viewer = { keyId: 31, role: Role.EDITOR, countyCode: '410726', countyId: null, label: 'yanjin editor' };
const OTHER_EDITOR: Viewer = { keyId: 32, role: Role.EDITOR, countyCode: '410425', countyId: null, label: 'jiaxian editor' };
const ADMIN: Viewer = { keyId: 33, role: Role.ADMIN, countyCode: null, countyId: null, label: 'admin' };
const ANALYST: Viewer = { keyId: 34, role: Role.ANALYST, countyCode: null, countyId: null, label: 'analyst' };

interface Transcribed { indicator: string; value: number; unit: string; qualifier?: string; breakdown?: Record<string, string>; quote: string }

const PROPOSE = `query ($text: String!, $areaCode: String!, $year: Int!) {
  proposeFigures(text: $text, areaCode: $areaCode, year: $year) {
    areaCode areaName year matchedCount unmatchedCount reportFile
    figures { quote quoteStart start end written statedValue statedUnit value unit qualifier matched breakdown note
              indicator { code nameZh confidence value unit breakdown } runnerUp { code confidence } }
    skipped { written start end reason } } }`;

let app: TestApp;
let tmp: string;
let yanjinText: string;
let yanjinFigures: Transcribed[];
beforeAll(async () => {
  app = await startTestApp();
  tmp = await mkdtemp(path.join(os.tmpdir(), 'rolg-propose-'));
  yanjinText = await readFile(yanjinTextPath, 'utf8');
  yanjinFigures = JSON.parse(await readFile(path.join(root, 'seeds/data/reports/410726_2023_yanjin.json'), 'utf8')).figures;
});
afterAll(async () => {
  await app.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('numerals', () => {
  it('reads Chinese numerals', () => {
    const expected: [string, number][] = [
      ['两', 2], ['二', 2], ['十', 10], ['十二', 12], ['二十', 20], ['三十五', 35], ['一百', 100], ['一百零五', 105],
      ['两千三百', 2300], ['一千二百三十四', 1234], ['三万五千', 35000], ['十万', 100000], ['一亿二千万', 120000000], ['二〇二三', 2023],
    ];
    for (const [written, value] of expected) expect([written, parseChineseNumeral(written)]).toEqual([written, value]);
    expect(parseChineseNumeral('进一步')).toBeNull();
  });

  it('reads digits exactly and shifts magnitudes without floats', () => {
    expect(parseDigits('1,031')).toBe('1031');
    expect(parseDigits('39.09')).toBe('39.09');
    expect(parseDigits('１２')).toBe('12');
    expect(shiftDecimal('39.09', 4)).toBe('390900');
    expect(shiftDecimal('1.5', 4)).toBe('15000');
    expect(shiftDecimal('552', -4)).toBe('0.0552');
    expect(shiftDecimal('0.57', 2)).toBe('57');
  });

  it('a quote states a value written with 万 or 亿', () => {
    expect(quoteStatesValue('培训1.5万人次', 15000)).toBe(true);
    expect(quoteStatesValue('涉案金额39.09万元', 390900)).toBe(true);
    expect(quoteStatesValue('罚没款共计35605000元', 3560.5)).toBe(true); // a 万元 figure quoted in 元
    expect(quoteStatesValue('罚没金额3,560.5万元', 3560.5)).toBe(true);
    expect(quoteStatesValue('培训1.5万人次', 150)).toBe(false);
  });
});

describe('finding numbers', () => {
  const text = '关于2023年度法治政府建设情况的报告\n发布时间:2024-02-06 11:30:34 浏览量:9625\n'
    + '2023年,印发《某县2023年度学法计划》(某政〔2023〕5号)。一是全年办理案件1183件;二是培训约1.5万人次;'
    + '连续两年获评优秀,出庭应诉率91%以上,共有十二个乡镇,组织培训30余场,涉案金额39.09万元。\n某县人民政府\n2024年1月9日';

  it('proposes quantities with value, unit and qualifier; Arabic and Chinese numerals', () => {
    const { mentions } = findNumbers(text);
    expect(mentions.map((m) => [m.written, m.value, m.unit, m.qualifier])).toEqual([
      ['1183', '1183', '件', 'EXACT'],
      ['1.5万', '1.5', '万人次', 'APPROXIMATE'],
      ['两', '2', '年', 'EXACT'],
      ['91', '91', '%', 'AT_LEAST'],
      ['十二', '12', '个', 'EXACT'],
      ['30', '30', '场', 'AT_LEAST'],
      ['39.09万', '39.09', '万元', 'EXACT'],
    ]);
  });

  it('sets dates, years, document numbers, page furniture and ordinals aside, saying why', () => {
    const { mentions, skipped } = findNumbers(text);
    const at = (s: string, from = 0) => text.indexOf(s, from);
    const notFigures: [string, number, string][] = [
      ['2023', at('2023年度法治'), 'YEAR'], ['2024', at('2024-02-06'), 'DATE'], ['11', at('11:30'), 'DATE'], ['30', at('30:34'), 'DATE'],
      ['9625', at('9625'), 'PAGE_FURNITURE'], ['2023', at('2023年,印发'), 'YEAR'], ['2023', at('2023年度学法'), 'TITLE'],
      ['2023', at('2023〕'), 'DOCUMENT_NUMBER'], ['5', at('5号'), 'DOCUMENT_NUMBER'], ['一', at('一是'), 'ORDINAL'], ['二', at('二是'), 'ORDINAL'],
      ['2024', at('2024年1月9日'), 'DATE'], ['9', at('9日'), 'DATE'],
    ];
    for (const [written, start, reason] of notFigures) {
      expect(start).toBeGreaterThanOrEqual(0);
      expect(mentions.some((m) => m.start <= start && start < m.end)).toBe(false);
      expect(skipped.find((s) => s.start === start)).toMatchObject({ written, reason });
    }
  });
});

describe('proposeFigures on the Yanjin 2023 report', () => {
  let result: any;
  beforeAll(async () => {
    const res = await app.gql(PROPOSE, { text: yanjinText, areaCode: '410726', year: 2023 }, YANJIN_EDITOR);
    expect(res.errors).toBeUndefined();
    result = res.data!.proposeFigures;
  });

  /** Where a transcribed quote stands in the text: a proposal is for that figure when its number lies inside. */
  const spans = (quote: string): [number, number][] => {
    const out: [number, number][] = [];
    for (let i = yanjinText.indexOf(quote); i >= 0; i = yanjinText.indexOf(quote, i + 1)) out.push([i, i + quote.length]);
    return out;
  };
  const proposalsFor = (f: Transcribed) => result.figures.filter((p: any) => spans(f.quote).some(([s, e]) => p.start >= s && p.end <= e));

  it('proposes every transcribed figure with its value, unit and qualifier, and a verbatim quote stating it', () => {
    expect(result).toMatchObject({ areaCode: '410726', areaName: '延津县', year: 2023 });
    for (const f of yanjinFigures) {
      expect(spans(f.quote).length).toBeGreaterThan(0); // the ground truth is verbatim too
      const found = proposalsFor(f).filter((p: any) => p.value === f.value && p.unit === f.unit && p.qualifier === (f.qualifier ?? 'EXACT'));
      expect([f.quote, found.length]).toEqual([f.quote, 1]);
      const p = found[0];
      expect(yanjinText.slice(p.quoteStart, p.quoteStart + p.quote.length)).toBe(p.quote);
      expect(p.quoteStart <= p.start && p.end <= p.quoteStart + p.quote.length).toBe(true);
      expect(quoteStatesValue(p.quote, p.value)).toBe(true);
    }
  });

  it('matches at least 90% of them to the transcribed indicator', () => {
    const right = yanjinFigures.filter((f) => proposalsFor(f).some((p: any) => p.indicator?.code === f.indicator));
    expect(right.length).toBeGreaterThanOrEqual(45);
    const withBreakdown = yanjinFigures.filter((f) => proposalsFor(f).some((p: any) => p.indicator?.code === f.indicator
      && JSON.stringify(Object.entries(p.breakdown).sort()) === JSON.stringify(Object.entries(f.breakdown ?? {}).sort())));
    expect(withBreakdown.length).toBeGreaterThanOrEqual(45);
    // The breakdowns the issue names: 县直 and 乡镇.
    expect(result.figures.find((p: any) => p.quote.includes('877')).breakdown).toEqual({ agencyLevel: 'COUNTY_DEPARTMENT' });
    expect(result.figures.find((p: any) => p.quote.includes('154')).breakdown).toEqual({ agencyLevel: 'TOWNSHIP' });
  });

  it('proposes nothing else: no date, year, document title or page furniture (the transcription is complete)', () => {
    for (const p of result.figures) {
      expect([p.quote, yanjinFigures.some((f) => spans(f.quote).some(([s, e]) => p.start >= s && p.end <= e))]).toEqual([p.quote, true]);
    }
    expect(result.figures).toHaveLength(50);
    const skippedAt = (s: string) => result.skipped.find((k: any) => k.start === yanjinText.indexOf(s))?.reason;
    expect(skippedAt('2024-02-06')).toBe('DATE');
    expect(skippedAt('9625')).toBe('PAGE_FURNITURE');
    expect(skippedAt('2024年1月9日')).toBe('DATE');
    expect(skippedAt('2023年度政府领导干部学法计划')).toBe('TITLE');
    expect(skippedAt('2023年度,合法性审查')).toBe('YEAR');
  });

  it('drops nothing silently: each of the text\'s 72 digit groups is proposed or set aside with a reason', () => {
    const groups = [...yanjinText.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m.index!);
    expect(groups).toHaveLength(72); // the count
    for (const at of groups) {
      const proposed = result.figures.some((p: any) => p.start <= at && at < p.end);
      const setAside = result.skipped.some((k: any) => k.start <= at && at < k.end);
      expect([yanjinText.slice(at, at + 8), proposed !== setAside]).toEqual([yanjinText.slice(at, at + 8), true]);
    }
  });

  it('renders a draft report file that imports through importReport, with every quote checked against the text', async () => {
    const file = result.reportFile;
    expect(file.format).toBe('rule-of-law-report/v1');
    expect(file.report).toMatchObject({ areaCode: '410726', year: 2023, title: '中共延津县委关于2023年度法治政府建设情况的报告', publishedOn: '2024-02-06', transcription: 'PARTIAL' });
    const res = await app.gql(`mutation ($r: JSONObject!, $t: String) { importReport(report: $r, sourceText: $t) { status figures report { id } } }`,
      { r: file, t: yanjinText }, YANJIN_EDITOR);
    expect(res.errors).toBeUndefined();
    expect(res.data!.importReport.figures).toBe(50);
    const stored = await app.sql<{ code: string; value: string; unit: string; qualifier: string; breakdown: Record<string, string>; quote: string }>(
      `SELECT i.code, f.value::text AS value, f.unit, f.qualifier, f.breakdown, f.quote FROM figure f JOIN indicator i ON i.code = f.indicator_code
        JOIN report r ON r.id = f.report_id WHERE r.area_code = '410726' AND r.year = 2023`);
    // A stored figure is the transcribed one when indicator, value and unit agree and one quote holds the other.
    const right = yanjinFigures.filter((t) => stored.some((s) => s.code === t.indicator && Number(s.value) === t.value && s.unit === t.unit
      && (t.quote.includes(s.quote) || s.quote.includes(t.quote))));
    expect(right.length).toBeGreaterThanOrEqual(45);
  });
});

describe('numbers no indicator fits', () => {
  it('are listed unmatched, and the draft proposes a new indicator for each, in the catalogue format', async () => {
    const text = '2023年,我县开展普法宣传进社区活动12场,发放宣传资料约3000册,行政处罚906件。';
    const res = await app.gql(PROPOSE, { text, areaCode: '410725', year: 2023 }, ADMIN);
    expect(res.errors).toBeUndefined();
    const r = res.data!.proposeFigures;
    expect(r.figures.map((p: any) => [p.value, p.unit, p.qualifier, p.matched, p.indicator?.code ?? null])).toEqual([
      [12, '场', 'EXACT', false, null],
      [3000, '册', 'APPROXIMATE', false, null],
      [906, '件', 'EXACT', true, 'ENF_PENALTY_TOTAL'],
    ]);
    expect([r.matchedCount, r.unmatchedCount]).toEqual([1, 2]);
    expect(r.reportFile.indicators.map((i: any) => [i.code, i.unit, i.family])).toEqual([
      ['PROPOSED_410725_2023_01', '场', 'proposed'], ['PROPOSED_410725_2023_02', '册', 'proposed'],
    ]);
    const imported = await app.gql(`mutation ($r: JSONObject!, $t: String) { importReport(report: $r, sourceText: $t) { status figures } }`, { r: r.reportFile, t: text }, ADMIN);
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importReport).toEqual({ status: 'CREATED', figures: 3 });
  });
});

describe('a text written here for another county', () => {
  const text = '卫辉市人民政府关于2023年法治政府建设工作情况的报告\n'
    + '根据《法治政府建设与责任落实督察工作规定》(中办发〔2019〕52号)要求,现将有关情况报告如下。\n'
    + '(一)全年共办理行政复议案件45件,调解矛盾纠纷3200余件,办理法律援助案件520件。县政府常务会议共听取法治政府建设工作汇报两次。\n'
    + '(二)全年行政处罚案件1,245宗,罚没款共计35605000元。12345热线受理诉求1.2万件。\n2024年1月15日';

  it('matches what the catalogue holds, converts units, and leaves the rest unmatched rather than forcing it', async () => {
    const res = await app.gql(PROPOSE, { text, areaCode: '410781', year: 2023 }, ADMIN);
    expect(res.errors).toBeUndefined();
    const r = res.data!.proposeFigures;
    expect(r.figures.map((p: any) => [p.written, p.statedValue, p.statedUnit, p.value, p.unit, p.qualifier, p.indicator?.code ?? null])).toEqual([
      ['45', 45, '件', 45, '件', 'EXACT', null],
      ['3200', 3200, '件', 3200, '件', 'AT_LEAST', null],
      ['520', 520, '件', 520, '件', 'EXACT', null],
      ['两', 2, '次', 2, '次', 'EXACT', 'LEAD_EXEC_MEETINGS_ROL'],
      ['1,245', 1245, '宗', 1245, '宗', 'EXACT', 'ENF_PENALTY_TOTAL'],
      ['35605000', 35605000, '元', 3560.5, '万元', 'EXACT', 'ENF_PENALTY_AMOUNT'],
      ['1.2万', 1.2, '万件', 1.2, '万件', 'EXACT', null],
    ]);
    const reasons = Object.fromEntries(r.skipped.map((k: any) => [k.written, k.reason]));
    expect(reasons).toMatchObject({ 2019: 'DOCUMENT_NUMBER', 52: 'DOCUMENT_NUMBER', 12345: 'NAME', 15: 'DATE' });
    const imported = await app.gql(`mutation ($r: JSONObject!, $t: String) { importReport(report: $r, sourceText: $t) { status figures } }`, { r: r.reportFile, t: text }, ADMIN);
    expect(imported.errors).toBeUndefined();
    expect(imported.data!.importReport).toEqual({ status: 'CREATED', figures: 7 });
    const amount = await app.sql(`SELECT f.value::float8 AS value, f.unit FROM figure f JOIN report r ON r.id = f.report_id WHERE r.area_code = '410781' AND f.indicator_code = 'ENF_PENALTY_AMOUNT'`);
    expect(amount).toEqual([{ value: 3560.5, unit: '万元' }]);
  });
});

describe('who may propose, and bad input', () => {
  const ask = (viewer: Viewer, vars: Record<string, unknown> = {}) =>
    app.gql(`query ($text: String!, $areaCode: String!, $year: Int!) { proposeFigures(text: $text, areaCode: $areaCode, year: $year) { matchedCount } }`,
      { text: '行政处罚906件', areaCode: '410726', year: 2023, ...vars }, viewer);

  it('needs an editor key of the county, or an admin key', async () => {
    for (const viewer of [ANONYMOUS, ANALYST, OTHER_EDITOR]) expect((await ask(viewer)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect((await ask(YANJIN_EDITOR)).data!.proposeFigures.matchedCount).toBe(1);
    expect((await ask(ADMIN, { areaCode: '410425' })).data!.proposeFigures.matchedCount).toBe(1);
  });

  it('refuses a text too long or empty, an unknown area and an impossible year, naming the argument', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ text: '处罚1件。'.repeat(20001) }, 'text'], [{ text: '  ' }, 'text'], [{ text: 'ab\uFFFDcd' }, 'text'],
      [{ areaCode: '999999' }, 'areaCode'], [{ areaCode: 'yanjin' }, 'areaCode'], [{ year: 1800 }, 'year'],
    ];
    for (const [vars, argument] of cases) {
      const res = await ask(ADMIN, vars);
      expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

describe('npm run import -- propose', () => {
  it('prints a review list, writes the draft beside the text, and the draft imports', async () => {
    const out = path.join(tmp, 'draft.json');
    const proposed = await importCli(app, 'propose', yanjinTextPath, '--county', '410726', '--year', '2023', '--out', out);
    expect(proposed.stderr).toBe('');
    expect(proposed.code).toBe(0);
    expect(proposed.stdout).toContain('matched    1183件  ENF_PENALTY_TOTAL');
    expect(proposed.stdout).toMatch(/50 numbers proposed \(\d+ matched, \d+ unmatched\); set aside: /);
    const draft = JSON.parse(await readFile(out, 'utf8'));
    expect(path.resolve(tmp, draft.report.sourceText)).toBe(yanjinTextPath);
    const imported = await importCli(app, 'report', out);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^(CREATED|REVISED|UNCHANGED): report \d+ revision \d+, 50 figures/);
  });

  it('says what is wrong with its arguments', async () => {
    expect((await importCli(app, 'propose', yanjinTextPath, '--county', '410726')).code).toBe(2);
    const bad = await importCli(app, 'propose', yanjinTextPath, '--county', '123', '--year', '2023');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('areaCode "123" is not a six-digit GB/T 2260 code');
  });
});
