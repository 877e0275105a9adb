/**
 * Issue 15.2: the dashboard's review page (#/review) in a real headless Chromium against the real
 * server. An editor pastes the Yanjin 2023 report's text (seeds/sources/yanjin_2023.txt); the table
 * shows exactly what proposeFigures answers for the same text, asked here directly; one proposal's
 * indicator is corrected, one rejected, the rest accepted above a confidence; a bad value is refused
 * with its row named and nothing written; then the import writes exactly the accepted figures, read
 * back with plain SQL. A reader without an editor key is told FORBIDDEN in the page. No console
 * errors, nothing asked of another origin. Screenshot: test-output/screenshots/dashboard-review.png.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { dashboardReady, launchChromium, offOrigin, screenshotPath, watchedPage } from './helpers/browser';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

jest.setTimeout(240_000);

const COUNTY = '410726';
const YEAR = 2023;

interface Match { code: string; nameZh: string; confidence: number; value: number; unit: string; breakdown: Record<string, string> }
interface Proposal {
  quote: string; written: string; value: number; unit: string; qualifier: string; matched: boolean; breakdown: Record<string, string>;
  note: string | null; indicator: Match | null; runnerUp: Match | null;
}
interface FigureRow { indicator_code: string; value: string; unit: string; qualifier: string; breakdown: Record<string, string>; quote: string }

let app: TestApp;
let browser: Browser;
let page: Page;
let origin: string;
let text: string;
let editorKey: string;
let analystKey: string;
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ http: true });
  origin = new URL(app.http!.url.replace('localhost', '127.0.0.1')).origin;
  text = await readFile(path.join(__dirname, '..', 'seeds/sources/yanjin_2023.txt'), 'utf8');
  editorKey = (await createKey(app.db, Role.EDITOR, COUNTY, 'review page editor')).secret;
  analystKey = (await createKey(app.db, Role.ANALYST, null, 'review page reader')).secret;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  page = await watchedPage(context, requested, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const ready = () => dashboardReady(page);

async function useKey(key: string): Promise<void> {
  await page.fill('#api-key', key);
  await page.press('#api-key', 'Enter');
  await ready();
}

/** The county picker has found and chosen COUNTY (it looks the typed code up in countyDivisions). */
const countyChosen = () => page.waitForFunction((code) => (globalThis as any).document.querySelector('#review-county').value === code, COUNTY);

/** County by code, the year, the text; then "Propose figures". */
async function fillAndPropose(): Promise<void> {
  await page.fill('#review-county-search', COUNTY);
  await page.press('#review-county-search', 'Enter');
  await countyChosen();
  await page.fill('#review-year', String(YEAR));
  await page.fill('#review-text', text);
  await page.click('#review-propose');
}

async function reportFigures(): Promise<FigureRow[]> {
  return app.sql<FigureRow>(`SELECT f.indicator_code, f.value, f.unit, f.qualifier, f.breakdown, f.quote FROM figure f JOIN report r ON r.id = f.report_id
    WHERE r.area_code = $1 AND r.year = $2 AND r.document_type = 'RULE_OF_LAW_REPORT' ORDER BY f.position`, [COUNTY, YEAR]);
}

const revision = async () => (await app.sql<{ revision: number }>(`SELECT revision FROM report WHERE area_code = $1 AND year = $2 AND document_type = 'RULE_OF_LAW_REPORT'`, [COUNTY, YEAR]))[0].revision;

it('tells a reader without an editor key that proposing is FORBIDDEN, in the page', async () => {
  await page.goto(`${origin}/dashboard#/review`);
  await ready();
  await fillAndPropose();
  const anonymous = page.locator('#review-body .request-error');
  await anonymous.waitFor();
  await expect(anonymous.getAttribute('data-code')).resolves.toBe('FORBIDDEN');
  await expect(anonymous.innerText()).resolves.toContain('An EDITOR key of the county (or an ADMIN key) is needed');

  await useKey(analystKey);
  // The form survives the redraw a new key causes.
  await expect(page.inputValue('#review-text')).resolves.toBe(text);
  await countyChosen();
  await page.click('#review-propose');
  const analyst = page.locator('#review-body .request-error');
  await analyst.waitFor();
  await expect(analyst.getAttribute('data-code')).resolves.toBe('FORBIDDEN');
  await expect(page.locator('table[data-table=proposals]').count()).resolves.toBe(0);
});

it('shows every proposal proposeFigures makes for the text, corrects, rejects, refuses a bad value, and imports exactly the accepted figures', async () => {
  const before = await reportFigures();
  const revisionBefore = await revision();
  await useKey(editorKey);
  await countyChosen();
  await page.click('#review-propose');
  await page.locator('table[data-table=proposals]').waitFor();

  // The same text sent to the API directly, with the same key.
  const res = await postGraphql(app, {
    query: `query ($text: String!, $areaCode: String!, $year: Int!) { proposeFigures(text: $text, areaCode: $areaCode, year: $year) {
      unmatchedCount figures { quote written value unit qualifier matched breakdown note
        indicator { code nameZh confidence value unit breakdown } runnerUp { code nameZh confidence value unit breakdown } } } }`,
    variables: { text, areaCode: COUNTY, year: YEAR },
  }, { authorization: `Bearer ${editorKey}` });
  expect(res.json.errors).toBeUndefined();
  const proposals: Proposal[] = res.json.data.proposeFigures.figures;
  expect(proposals.length).toBeGreaterThanOrEqual(50);

  const shown = await page.locator('table[data-table=proposals] tbody tr').evaluateAll((trs) => trs.map((tr: any) => {
    const cell = (i: number) => tr.cells[i];
    return {
      quote: cell(1).textContent, mark: cell(1).querySelector('mark').textContent, written: cell(2).textContent, match: cell(3).textContent,
      proposed: cell(4).textContent, runnerUp: cell(5).textContent, indicator: cell(6).querySelector('select').value,
      value: Number(cell(7).querySelector('input').value), unit: cell(8).querySelector('input').value, qualifier: cell(9).querySelector('select').value,
      breakdown: JSON.parse(cell(10).textContent), decision: cell(11).querySelector('select').value, unmatched: tr.hasAttribute('data-unmatched'),
    };
  }));
  const matchText = (m: Match | null) => (m ? `${m.code} ${m.nameZh} (${m.confidence})` : '');
  expect(shown).toEqual(proposals.map((p) => ({
    quote: p.quote, mark: p.written, written: p.written, match: p.matched ? '已匹配 matched' : `未匹配 unmatched${p.note ? `: ${p.note}` : ''}`,
    proposed: matchText(p.indicator), runnerUp: matchText(p.runnerUp), indicator: p.indicator?.code ?? '',
    value: p.indicator?.value ?? p.value, unit: p.indicator?.unit ?? p.unit, qualifier: p.qualifier,
    breakdown: p.indicator?.breakdown ?? p.breakdown, decision: 'PENDING', unmatched: !p.matched,
  })));
  await expect(page.locator('#review-unmatched').getAttribute('data-count')).resolves.toBe(String(res.json.data.proposeFigures.unmatchedCount));

  // Correct one total's indicator to a catalogue indicator with the same unit that no proposal uses.
  const { data: { indicators } } = (await postGraphql(app, { query: '{ indicators(first: 100) { nodes { code unit } } }' })).json;
  const used = new Set(proposals.flatMap((p) => [p.indicator?.code, p.runnerUp?.code]));
  const corrected = proposals.findIndex((p) => p.matched && Object.keys(p.indicator!.breakdown).length === 0
    && indicators.nodes.some((i: { code: string; unit: string }) => i.unit === p.indicator!.unit && !used.has(i.code)));
  expect(corrected).toBeGreaterThanOrEqual(0);
  const target = indicators.nodes.find((i: { code: string; unit: string }) => i.unit === proposals[corrected].indicator!.unit && !used.has(i.code)).code as string;
  await page.selectOption(`select.indicator[data-row="${corrected + 1}"]`, target);
  await expect(page.locator(`tr[data-row="${corrected + 1}"]`).getAttribute('data-decision')).resolves.toBe('ACCEPTED');

  // Reject another; accept every pending one from confidence 0 up (the rejection stays).
  const rejected = corrected === 0 ? 1 : 0;
  await page.selectOption(`select.decision[data-row="${rejected + 1}"]`, 'REJECTED');
  await page.fill('#review-min-confidence', '0');
  await page.click('#review-accept-above');
  const acceptable = proposals.filter((p, i) => i === corrected || (i !== rejected && p.matched)).length;
  await expect(page.locator('#review-counts [data-decision=ACCEPTED]').getAttribute('data-count')).resolves.toBe(String(acceptable));
  await expect(page.locator('#review-counts [data-decision=REJECTED]').getAttribute('data-count')).resolves.toBe('1');

  // A bad value: refused with the row named, and nothing changes.
  const bad = [0, 1, 2].find((i) => i !== corrected && i !== rejected)!;
  await page.fill(`input.value[data-row="${bad + 1}"]`, '-5');
  await page.press(`input.value[data-row="${bad + 1}"]`, 'Tab');
  await page.click('#review-import');
  const refusal = page.locator('#review-outcome .request-error');
  await refusal.waitFor();
  await expect(refusal.getAttribute('data-code')).resolves.toBe('BAD_USER_INPUT');
  const refusalText = await refusal.innerText();
  expect(refusalText).toContain('Nothing was written');
  expect(refusalText).toContain(`row ${bad + 1})`);
  expect(await reportFigures()).toEqual(before);
  expect(await revision()).toBe(revisionBefore);

  // Fixed, imported.
  const badProposal = proposals[bad];
  await page.fill(`input.value[data-row="${bad + 1}"]`, String(badProposal.indicator!.value));
  await page.press(`input.value[data-row="${bad + 1}"]`, 'Tab');
  await page.evaluate(() => (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0));
  await page.screenshot({ path: screenshotPath('dashboard-review') });
  await page.click('#review-import');
  const result = page.locator('#review-result');
  await result.waitFor();
  await expect(result.getAttribute('data-status')).resolves.toBe('REVISED');
  await expect(result.innerText()).resolves.toContain(`${acceptable} 条数据 figures`);

  const expected = proposals.map((p, i) => ({ p, i })).filter(({ p, i }) => i === corrected || (i !== rejected && p.matched)).map(({ p, i }) => ({
    indicator_code: i === corrected ? target : p.indicator!.code, value: p.indicator!.value, unit: p.indicator!.unit, qualifier: p.qualifier,
    breakdown: p.indicator!.breakdown, quote: p.quote,
  }));
  expect((await reportFigures()).map((f) => ({ ...f, value: Number(f.value) }))).toEqual(expected);
  expect(await revision()).toBe(revisionBefore + 1);

  // The link leads to the county's page for that year.
  await page.click('#review-county-link');
  await ready();
  expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).toBe(`#/county/${COUNTY}?year=${YEAR}`);
  // Its published figures are the accepted ones, the corrected indicator among them.
  const listed = await page.locator('table[data-table=figures] tbody tr').evaluateAll((trs) => trs.map((tr: any) => [tr.cells[0].textContent, tr.cells[7].textContent]));
  expect(listed).toEqual(expected.map((f) => [f.indicator_code, f.quote]));
});

it('marks unmatched numbers, accepts one only once an indicator is chosen for it, and creates a new report', async () => {
  // Two numbers no indicator fits (12场 of outreach, 3000册 of leaflets), one that fits (行政处罚906件); no report is held for 2024.
  const short = '2024年,我县开展普法宣传进社区活动12场,发放宣传资料约3000册,行政处罚906件。';
  await page.goto(`${origin}/dashboard#/review`);
  await ready();
  await countyChosen();
  await page.fill('#review-year', '2024');
  await page.fill('#review-text', short);
  await page.click('#review-propose');
  await page.locator('table[data-table=proposals]').waitFor();
  await expect(page.locator('#review-unmatched').getAttribute('data-count')).resolves.toBe('2');
  await expect(page.locator('#review-unmatched li').allInnerTexts()).resolves.toEqual([
    expect.stringContaining('row 1: 12 — “'), expect.stringContaining('row 2: 3000 — “'),
  ]);
  await expect(page.locator('tr[data-unmatched]').count()).resolves.toBe(2);
  await expect(page.locator('select.indicator[data-row="1"]').inputValue()).resolves.toBe('');
  await expect(page.locator('select.decision[data-row="1"] option[value=ACCEPTED]').isDisabled()).resolves.toBe(true);
  await expect(page.locator('#review-held').count()).resolves.toBe(0);

  await page.fill('#review-min-confidence', '0');
  await page.click('#review-accept-above');
  await expect(page.locator('#review-counts [data-decision=ACCEPTED]').getAttribute('data-count')).resolves.toBe('1');
  await expect(page.locator('tr[data-row="1"]').getAttribute('data-decision')).resolves.toBe('PENDING');

  // The catalogue's outreach events (counted in 次) for the first: the row is accepted, in the indicator's unit.
  const sessions = 'TRAIN_OUTREACH_EVENTS';
  await page.selectOption('select.indicator[data-row="1"]', sessions);
  await expect(page.locator('tr[data-row="1"]').getAttribute('data-decision')).resolves.toBe('ACCEPTED');
  await expect(page.locator('input.unit[data-row="1"]').inputValue()).resolves.toBe('次');
  await expect(page.locator('input.value[data-row="1"]').inputValue()).resolves.toBe('12');
  await page.selectOption('select.decision[data-row="2"]', 'REJECTED');

  await page.click('#review-import');
  await page.locator('#review-result').waitFor();
  await expect(page.locator('#review-result').getAttribute('data-status')).resolves.toBe('CREATED');
  const written = await app.sql(`SELECT f.indicator_code, f.value::float8 AS value, f.unit, f.qualifier, f.quote FROM figure f JOIN report r ON r.id = f.report_id
    WHERE r.area_code = $1 AND r.year = 2024 ORDER BY f.position`, [COUNTY]);
  expect(written).toEqual([
    { indicator_code: sessions, value: 12, unit: '次', qualifier: 'EXACT', quote: expect.stringContaining('12场') },
    { indicator_code: 'ENF_PENALTY_TOTAL', value: 906, unit: '件', qualifier: 'EXACT', quote: expect.stringContaining('行政处罚906件') },
  ]);
  // No indicator was added to the catalogue for the unmatched numbers.
  await expect(app.sql(`SELECT code FROM indicator WHERE code LIKE 'PROPOSED_%'`)).resolves.toEqual([]);
});

it('logged no errors and asked nothing of another origin', () => {
  expect(offOrigin(requested, origin)).toEqual([]);
  expect(consoleErrors).toEqual([]);
});
