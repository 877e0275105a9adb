/**
 * Issue 17.3/17.4: the comparison dashboard at /dashboard in a real headless Chromium against the
 * real server. The ranking it draws (bar order and values, read from the chart through the page's
 * test hook) and the CSV it downloads equal what the API answers to the same query sent here
 * directly; a county without a value is a gap with its reason, not a zero; Yanjin's page shows its
 * 50 MATCH lines; an API key typed into the page is sent as a bearer token; the page logs no
 * errors and asks nothing of another origin. Screenshots go to test-output/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { Db } from '../src/db/db';
import { Role } from '../src/modules/auth/api-key.entity';
import { createKey } from '../src/modules/auth/keys.service';
import { dashboardReady, launchChromium, offOrigin, screenshotPath, watchedPage } from './helpers/browser';
import { postGraphql, startTestApp, type TestApp } from './helpers/harness';

jest.setTimeout(180_000);

// Two counties publish it (Guangshan, Xin County), the other real counties have a gap.
const INDICATOR = 'ASSESS_EXCELLENT_YEARS_CITY';
const YEAR = 2023;

interface Cell {
  year: number; value: number | null; unit: string | null; qualifier: string | null; rank: number | null; rankedOf: number | null;
  gap: string | null; changeFromPreviousYear: number | null; quote: string | null; figure: { report: { title: string; sourceUrl: string | null } } | null;
}
interface Line { county: { code: string; name: string; nameEn: string | null }; cell: Cell }

let app: TestApp;
let browser: Browser;
let page: Page;
let origin: string;
const requested: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ http: true });
  origin = new URL(app.http!.url.replace('localhost', '127.0.0.1')).origin;
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page = await watchedPage(context, requested, consoleErrors);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const ready = () => dashboardReady(page);

async function api(query: string, variables: object = {}): Promise<any> {
  const res = await postGraphql(app, { query, variables });
  expect(res.json.errors).toBeUndefined();
  return res.json.data;
}

/** The API's own comparison for the same indicator and years, ranked as the dashboard's rule says: ranks, then gaps, by code. */
async function expectedRanking(years: number[]): Promise<Line[]> {
  const { comparison } = await api(`query ($indicator: String!, $years: [Int!]!) {
    comparison(indicator: $indicator, years: $years) { rows { county { code name nameEn }
      cells { year value unit qualifier rank rankedOf gap changeFromPreviousYear quote figure { report { title sourceUrl } } } } } }`,
  { indicator: INDICATOR, years });
  const lines: Line[] = comparison.rows.map((r: { county: Line['county']; cells: Cell[] }) => ({ county: r.county, cell: r.cells.find((c) => c.year === YEAR)! }));
  const byCode = (a: Line, b: Line) => a.county.code.localeCompare(b.county.code);
  return [
    ...lines.filter((l) => l.cell.rank !== null).sort((a, b) => a.cell.rank! - b.cell.rank! || byCode(a, b)),
    ...lines.filter((l) => l.cell.rank === null).sort(byCode),
  ];
}

it('ranks the counties for an indicator as the API does, with gaps as gaps and the caveats above', async () => {
  await page.goto(`${origin}/dashboard`);
  await ready();
  await page.selectOption('#indicator', INDICATOR);
  await ready();
  expect(await page.evaluate('location.hash')).toContain(`indicator=${INDICATOR}`);
  const years = (await page.locator('input[name=year]:checked').evaluateAll((boxes) => boxes.map((b) => Number((b as unknown as { value: string }).value))));
  expect(years).toContain(YEAR);

  const expected = await expectedRanking(years);
  expect(expected.filter((l) => l.cell.rank !== null).length).toBeGreaterThanOrEqual(2);
  expect(expected.filter((l) => l.cell.gap !== null).length).toBeGreaterThanOrEqual(1);

  // The bars, in order, with their values; a gap is a category without a bar (null), never 0.
  const drawn = await page.evaluate<{ categories: string[]; values: (number | null)[] }>(`dashboardTestHook.chart('ranking-${YEAR}')`);
  expect(drawn.values).toEqual(expected.map((l) => l.cell.value));
  expect(drawn.categories.map((c) => c.split(' ')[0])).toEqual(expected.map((l) => l.county.name));

  // Each gap is listed with its reason.
  for (const line of expected.filter((l) => l.cell.gap)) {
    const item = page.locator(`section.year[data-year="${YEAR}"] ul.gaps li[data-county="${line.county.code}"]`);
    await expect(item.innerText()).resolves.toContain(`(${line.cell.gap})`);
  }
  await expect(page.locator('#caveats li[data-kind=COMPARABILITY]').count()).resolves.toBe(1);

  // Hovering the first bar shows its quote and the report it comes from.
  await page.evaluate(`dashboardTestHook.showTip('ranking-${YEAR}', 0)`);
  const tip = page.locator(`section.year[data-year="${YEAR}"] .tip`);
  await tip.waitFor();
  const tipText = await tip.innerText();
  expect(tipText).toContain(expected[0].cell.quote!);
  expect(tipText).toContain(expected[0].cell.figure!.report.title);
  expect(tipText).toContain(`rank 1 of ${expected[0].cell.rankedOf}`);
  // The year's section only: a full-page screenshot of a software-rendered page takes seconds.
  await page.locator(`section.year[data-year="${YEAR}"]`).screenshot({ path: screenshotPath('dashboard-comparison') });
});

it('downloads the ranking table as CSV (UTF-8 with BOM) whose rows are the API\'s answer', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`button.csv[data-table="ranking-${YEAR}"]`).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${INDICATOR}-${YEAR}-ranking.csv`);
  const bytes = await readFile((await download.path())!);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const [header, ...rows] = parse(bytes.toString('utf8').slice(1)) as string[][];
  expect(header.slice(0, 3)).toEqual(['排名 Rank', '参与排名数 Ranked of', '县代码 County code']);

  const years = (await page.locator('input[name=year]:checked').evaluateAll((boxes) => boxes.map((b) => Number((b as unknown as { value: string }).value))));
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  const expected = (await expectedRanking(years)).map(({ county, cell }) => [
    text(cell.rank), text(cell.rankedOf), county.code, county.name, text(county.nameEn), text(cell.value), text(cell.unit), text(cell.qualifier),
    text(cell.changeFromPreviousYear), text(cell.gap), cell.gap ? expect.stringContaining(cell.gap) : '', text(cell.quote),
    text(cell.figure?.report.title), text(cell.figure?.report.sourceUrl),
  ]);
  expect(rows).toEqual(expected);
  // The table on the page shows the same rows.
  const shown = await page.locator(`table[data-table="ranking-${YEAR}"] tbody tr`).evaluateAll((trs) =>
    trs.map((tr) => [...(tr as unknown as { cells: { textContent: string }[] }).cells].map((td) => td.textContent)));
  expect(shown).toEqual(rows);
});

it('shows Yanjin\'s page: 50 MATCH in its reconciliation, and its cases by department, township and month', async () => {
  await page.goto(`${origin}/dashboard#/county/410726`);
  await ready();
  await expect(page.locator('.reconciliation-summary [data-status=MATCH]').getAttribute('data-count')).resolves.toBe('50');
  await expect(page.locator('table[data-table=reconciliation] tbody tr').count()).resolves.toBe(50);
  await expect(page.locator('.note').innerText()).resolves.toContain('fewer than 3 cases');

  const { enforcementCaseStats } = await api(`{ enforcementCaseStats(filter: { countyCode: { eq: "410726" }, year: { eq: 2023 } }, groupBy: [YEAR, MONTH]) { nodes { month count } } }`);
  const months = [...enforcementCaseStats.nodes].sort((a: { month: number }, b: { month: number }) => a.month - b.month);
  const drawn = await page.evaluate<{ values: number[] }>(`dashboardTestHook.chart('cases-by-month')`);
  expect(drawn.values).toEqual(months.map((m: { count: number }) => m.count));
  await expect(page.locator('table[data-table=cases-by-agency] tbody tr').count()).resolves.toBeGreaterThan(10);
  await page.screenshot({ path: screenshotPath('dashboard-county') });
});

it('sends the API key typed into the page as a bearer token, and keeps it across a reload', async () => {
  const key = (await createKey(new Db(app.orm), Role.ANALYST, null, 'dashboard browser test')).secret;
  await page.fill('#api-key', key);
  const sent = page.waitForRequest((r) => r.url().endsWith('/graphql') && r.headers().authorization === `Bearer ${key}`);
  await page.press('#api-key', 'Enter');
  await page.locator('#api-key').blur();
  await sent;
  await ready();
  await page.reload();
  await ready();
  await expect(page.inputValue('#api-key')).resolves.toBe(key);
  await expect(page.locator('.note').innerText()).resolves.toContain('every group is shown');
});

it('logged no errors and asked nothing of another origin', () => {
  expect(offOrigin(requested, origin)).toEqual([]);
  expect(requested.some((url) => /\/dashboard\/dashboard-\w+\.js$/.test(url))).toBe(true);
  expect(consoleErrors).toEqual([]);
});
