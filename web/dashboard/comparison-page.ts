/**
 * The comparison (#/ and #/?indicator=…&years=…&counties=…): one indicator across counties and
 * years, a ranked bar chart per year with each bar's quote and source on hover, gaps drawn as gaps
 * with their reason (never as zero), rank "of N", change from the previous year, the caveats
 * above the charts, and each year's ranking as a table with its CSV.
 */
import type { ResultOf } from 'gql.tada';
import { query } from './api';
import { barChart, escapeHtml } from './charts';
import { bilingual, el } from './dom';
import { CAVEAT_LABELS, QUALIFIER_LABELS, gapText } from './labels';
import { Comparison, ComparisonChoices } from './operations';
import { allNodes } from './paging';
import { dataTable, type Column } from './table';

type ComparisonResult = ResultOf<typeof Comparison>['comparison'];
type Row = ComparisonResult['rows'][number];
type Cell = Row['cells'][number];
/** One county's cell of one year: a line of the ranking. */
export interface RankedLine { county: Row['county']; cell: Cell }

interface Selection { indicator: string; years: number[]; counties: string[] | null }

function readSelection(params: URLSearchParams, indicators: string[], years: number[]): Selection {
  const indicator = params.get('indicator') ?? (indicators.includes('ENF_PENALTY_TOTAL') ? 'ENF_PENALTY_TOTAL' : indicators[0]);
  const chosenYears = params.get('years')?.split(',').map(Number).filter((y) => Number.isInteger(y)) ?? years;
  const counties = params.get('counties')?.split(',').filter(Boolean) ?? null;
  return { indicator, years: chosenYears.length ? chosenYears : years, counties };
}

function writeSelection(selection: Selection): void {
  const params = new URLSearchParams({ indicator: selection.indicator, years: selection.years.join(',') });
  if (selection.counties) params.set('counties', selection.counties.join(','));
  location.hash = `#/?${params}`;
}

/** Ranked counties first, by rank (then code); then the gaps, in code order. */
export function rankingOf(result: ComparisonResult, year: number): RankedLine[] {
  const lines = result.rows.map((row) => ({ county: row.county, cell: row.cells.find((c) => c.year === year)! })).filter((l) => l.cell);
  const ranked = lines.filter((l) => l.cell.rank !== null).sort((a, b) => a.cell.rank! - b.cell.rank! || a.county.code.localeCompare(b.county.code));
  const gaps = lines.filter((l) => l.cell.rank === null).sort((a, b) => a.county.code.localeCompare(b.county.code));
  return [...ranked, ...gaps];
}

const rankingColumns: Column<RankedLine>[] = [
  { title: '排名 Rank', value: (l) => l.cell.rank },
  { title: '参与排名数 Ranked of', value: (l) => l.cell.rankedOf },
  { title: '县代码 County code', value: (l) => l.county.code },
  { title: '县 County', value: (l) => l.county.name },
  { title: '县（英文）County (English)', value: (l) => l.county.nameEn },
  { title: '数值 Value', value: (l) => l.cell.value },
  { title: '单位 Unit', value: (l) => l.cell.unit },
  { title: '限定 Qualifier', value: (l) => l.cell.qualifier },
  { title: '较上年 Change from previous year', value: (l) => l.cell.changeFromPreviousYear },
  { title: '缺口 Gap', value: (l) => l.cell.gap, className: (l) => (l.cell.gap ? 'gap' : undefined) },
  { title: '缺口原因 Gap reason', value: (l) => (l.cell.gap ? gapText(l.cell.gap) : null), className: (l) => (l.cell.gap ? 'gap' : undefined) },
  { title: '原文 Quote', value: (l) => l.cell.quote },
  { title: '报告 Report', value: (l) => l.cell.figure?.report.title },
  { title: '来源 Source URL', value: (l) => l.cell.figure?.report.sourceUrl },
];

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function tooltip(line: RankedLine, unit: string): string {
  const { county, cell } = line;
  const head = `<b>${escapeHtml(county.name)}</b> ${escapeHtml(county.nameEn ?? '')}`;
  if (cell.gap) return `${head}<br><span class="gap">缺口 Gap: ${escapeHtml(gapText(cell.gap))}</span>`;
  const parts = [
    head,
    `${cell.value} ${escapeHtml(cell.unit ?? unit)} ${escapeHtml(QUALIFIER_LABELS[cell.qualifier ?? 'EXACT'] ?? '')}`,
    `第 ${cell.rank} 名，共 ${cell.rankedOf} 个 · rank ${cell.rank} of ${cell.rankedOf}`,
    cell.changeFromPreviousYear !== null ? `较上年 Change from previous year: ${signed(cell.changeFromPreviousYear)}` : '较上年 Change: — (上年未公布 previous year not published)',
    `原文 Quote: “${escapeHtml(cell.quote ?? '')}”`,
    `报告 Report: ${escapeHtml(cell.figure?.report.title ?? '')}`,
    `来源 Source: ${escapeHtml(cell.figure?.report.sourceUrl ?? '—')}`,
  ];
  return `<div class="tip">${parts.join('<br>')}</div>`;
}

function yearSection(result: ComparisonResult, year: number): HTMLElement {
  const lines = rankingOf(result, year);
  const unit = result.indicator.unit;
  const ranked = lines.filter((l) => l.cell.rank !== null).length;
  // A year nobody published has no bars to draw: its gaps and table say it all.
  const chart = ranked === 0 ? el('p', { class: 'gap' }, '本年无县公布此指标 No county published it that year.') : barChart(`ranking-${year}`, {
    horizontal: true,
    unit,
    categories: lines.map((l) => (l.cell.gap ? `${l.county.name} — 缺口 gap` : `${l.county.name} ${l.county.nameEn ?? ''}`.trim())),
    values: lines.map((l) => l.cell.value),
    gaps: lines.map((l) => l.cell.gap !== null),
    label: (i) => {
      const { cell } = lines[i];
      const change = cell.changeFromPreviousYear !== null ? ` (${signed(cell.changeFromPreviousYear)})` : '';
      return `${cell.value} · ${cell.rank}/${cell.rankedOf}${change}`;
    },
    tooltip: (i) => tooltip(lines[i], unit),
  });
  const gapList = el('ul', { class: 'gaps', 'data-year': String(year) },
    lines.filter((l) => l.cell.gap).map((l) => el('li', { class: 'gap', 'data-county': l.county.code }, `${l.county.name} ${l.county.nameEn ?? ''}: ${gapText(l.cell.gap!)}`)));
  return el('section', { class: 'year', 'data-year': String(year) },
    el('h3', {}, `${year} 年 · ${year}: `, `${ranked} 个县排名 counties ranked, ${lines.length - ranked} 个缺口 gaps`),
    chart,
    lines.some((l) => l.cell.gap) ? el('div', { class: 'gap-note' }, '缺口（无数值，不按零计） Gaps (no value, not zero):', gapList) : null,
    dataTable(`ranking-${year}`, `${result.indicator.code}-${year}-ranking.csv`, rankingColumns, lines));
}

function caveatsBox(result: ComparisonResult): HTMLElement {
  return el('section', { class: 'caveats', id: 'caveats' },
    el('h3', {}, '注意事项 Caveats'),
    result.caveats.length === 0 ? el('p', {}, '无 None known.') : el('ul', {}, result.caveats.map((c) => el('li', { 'data-kind': c.kind },
      el('b', {}, (CAVEAT_LABELS[c.kind] ?? [c.kind, ''])!.join(' '), ': '), c.noteZh, el('br'), el('span', { class: 'en' }, c.note)))));
}

/** The county list stays open across the redraw that ticking a county causes. */
let countyListOpen = false;

function countyPicker(...children: HTMLElement[]): HTMLDetailsElement {
  const details = el('details', { open: countyListOpen }, ...children);
  details.addEventListener('toggle', () => { countyListOpen = details.open; });
  return details;
}

export async function renderComparison(root: HTMLElement, params: URLSearchParams): Promise<void> {
  // Counties and years come with every page; the last page's are kept.
  let choices!: ResultOf<typeof ComparisonChoices>;
  const indicators = await allNodes(async (after) => (choices = await query(ComparisonChoices, { after })).indicators);
  indicators.sort((a, b) => a.code.localeCompare(b.code));
  const realCounties = choices.counties.filter((c) => !c.synthetic);
  const [newest, oldest] = [choices.newest.nodes[0]?.year, choices.oldest.nodes[0]?.year];
  const years = newest === undefined ? [] : Array.from({ length: newest - oldest + 1 }, (_, i) => newest - i);
  const selection = readSelection(params, indicators.map((i) => i.code), years);

  const indicatorPicker = el('select', { id: 'indicator' }, indicators.map((i) =>
    el('option', { value: i.code, selected: i.code === selection.indicator }, `${i.nameZh} · ${i.nameEn} (${i.code}, ${i.unit})`)));
  const yearBoxes = years.map((y) => el('input', { type: 'checkbox', name: 'year', value: String(y), checked: selection.years.includes(y) }));
  const countyBoxes = realCounties.map((c) => el('input', { type: 'checkbox', name: 'county', value: c.code, checked: !selection.counties || selection.counties.includes(c.code) }));
  const update = () => writeSelection({
    indicator: indicatorPicker.value,
    years: yearBoxes.filter((b) => b.checked).map((b) => Number(b.value)),
    // Every real county is the default, and the URL stays short for it.
    counties: countyBoxes.every((b) => b.checked) ? null : countyBoxes.filter((b) => b.checked).map((b) => b.value),
  });
  for (const input of [indicatorPicker, ...yearBoxes, ...countyBoxes]) input.addEventListener('change', update);

  const controls = el('section', { class: 'controls' },
    el('label', {}, bilingual('指标', 'Indicator'), indicatorPicker),
    el('fieldset', {}, el('legend', {}, bilingual('年度', 'Years')), years.map((y, i) => el('label', {}, yearBoxes[i], String(y)))),
    countyPicker(el('summary', {}, bilingual('县', 'Counties'), ` (${countyBoxes.filter((b) => b.checked).length}/${realCounties.length})`),
      el('div', { class: 'county-boxes' }, realCounties.map((c, i) => el('label', {}, countyBoxes[i], `${c.name} ${c.nameEn ?? ''}`)))),
    el('p', { class: 'county-links' }, '县页面 County pages: ', realCounties.map((c) => el('a', { href: `#/county/${c.code}` }, c.name))));
  const body = el('div', { id: 'comparison-body' }, '加载中… Loading…');
  root.replaceChildren(el('h2', {}, bilingual('县际对比', 'Comparison across counties')), controls, body);

  const { comparison } = await query(Comparison, { indicator: selection.indicator, years: selection.years, counties: selection.counties });
  body.replaceChildren(
    el('p', { class: 'indicator' }, el('b', {}, comparison.indicator.nameZh), ` ${comparison.indicator.nameEn} · ${comparison.indicator.code} · 单位 unit ${comparison.indicator.unit}`),
    caveatsBox(comparison),
    ...[...comparison.years].sort((a, b) => b - a).map((year) => yearSection(comparison, year)));
}
