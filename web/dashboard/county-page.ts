/**
 * A county's page (#/county/410726, optionally ?year=2023): its reconciliation (published figures
 * against what its records compute, MATCH/MISMATCH per indicator), its enforcement cases grouped
 * by department, township and month, each as a chart and a table with its CSV, and every figure
 * its reports of the year publish, with their quotes.
 */
import type { ResultOf } from 'gql.tada';
import { apiKey } from './api-key';
import { query } from './api';
import { barChart, escapeHtml } from './charts';
import { bilingual, el } from './dom';
import { LEVEL_LABELS, STATUS_LABELS, statusText } from './labels';
import { CaseStats, CountyFigures, CountyOverview, Reconciliation } from './operations';
import { allNodes } from './paging';
import { dataTable, type Column } from './table';

type Line = ResultOf<typeof Reconciliation>['reconciliation'][number];
type Group = ResultOf<typeof CaseStats>['enforcementCaseStats']['nodes'][number];
type Figure = ResultOf<typeof CountyFigures>['figures']['nodes'][number];
type Dimension = 'AGENCY' | 'TOWNSHIP' | 'MONTH';

const reconciliationColumns: Column<Line>[] = [
  { title: '指标代码 Indicator code', value: (l) => l.indicator.code },
  { title: '指标 Indicator', value: (l) => l.indicator.nameZh },
  { title: '指标（英文）Indicator (English)', value: (l) => l.indicator.nameEn },
  { title: '细分 Breakdown', value: (l) => (Object.keys(l.breakdown).length ? JSON.stringify(l.breakdown) : null) },
  { title: '单位 Unit', value: (l) => l.unit },
  { title: '公布值 Reported', value: (l) => l.reported },
  { title: '记录计算值 Computed from records', value: (l) => l.computed },
  { title: '差额 Difference', value: (l) => l.difference },
  { title: '状态 Status', value: (l) => l.status, className: (l) => `status ${l.status.toLowerCase()}` },
  { title: '说明 Meaning', value: (l) => (STATUS_LABELS[l.status] ?? [l.status, '']).join(' ') },
  { title: '原文 Quote', value: (l) => l.quote },
];

const figureColumns: Column<Figure>[] = [
  { title: '指标代码 Indicator code', value: (f) => f.indicator.code },
  { title: '指标 Indicator', value: (f) => f.indicator.nameZh },
  { title: '指标（英文）Indicator (English)', value: (f) => f.indicator.nameEn },
  { title: '细分 Breakdown', value: (f) => (Object.keys(f.breakdown).length ? JSON.stringify(f.breakdown) : null) },
  { title: '数值 Value', value: (f) => f.value },
  { title: '单位 Unit', value: (f) => f.unit },
  { title: '限定 Qualifier', value: (f) => f.qualifier },
  { title: '原文 Quote', value: (f) => f.quote },
  { title: '报告（版本）Report (revision)', value: (f) => `${f.report.title} (${f.report.revision})` },
];

const MONTH_ZH = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
const MONTH_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface GroupView {
  title: [string, string];
  label: (g: Group) => string;
  columns: Column<Group>[];
  horizontal: boolean;
}

const measureColumns: Column<Group>[] = [
  { title: '案件数 Cases', value: (g) => g.count },
  { title: '罚款合计（元）Fines (yuan)', value: (g) => g.sum?.fineAmount ?? null },
];

const views: Record<Dimension, GroupView> = {
  AGENCY: {
    title: ['按部门', 'By department'],
    label: (g) => g.agency?.name ?? '—',
    horizontal: true,
    columns: [
      { title: '部门代码 Agency code', value: (g) => g.agency?.code },
      { title: '部门 Agency', value: (g) => g.agency?.name },
      { title: '部门（英文）Agency (English)', value: (g) => g.agency?.nameEn },
      { title: '层级 Level', value: (g) => (g.agency ? LEVEL_LABELS[g.agency.level] ?? g.agency.level : null) },
      ...measureColumns,
    ],
  },
  TOWNSHIP: {
    title: ['按乡镇', 'By township'],
    label: (g) => g.township?.name ?? '未记录 not recorded',
    horizontal: true,
    columns: [
      { title: '乡镇代码 Township code', value: (g) => g.township?.code },
      { title: '乡镇 Township', value: (g) => g.township?.name ?? '未记录 not recorded' },
      { title: '乡镇（英文）Township (English)', value: (g) => g.township?.nameEn },
      ...measureColumns,
    ],
  },
  MONTH: {
    title: ['按月份', 'By month'],
    label: (g) => `${MONTH_ZH[g.month! - 1]}月 ${MONTH_EN[g.month! - 1]}`,
    horizontal: false,
    columns: [{ title: '月份 Month', value: (g) => g.month }, ...measureColumns],
  },
};

/** Every group of a county-year by one dimension, a page of 100 at a time. */
async function caseGroups(county: string, year: number, dimension: Dimension): Promise<Group[]> {
  const groups = await allNodes((after) => query(CaseStats, {
    filter: { countyCode: { eq: county }, year: { eq: year } },
    groupBy: dimension === 'MONTH' ? ['YEAR', 'MONTH'] : [dimension],
    after,
  }).then((r) => r.enforcementCaseStats));
  if (dimension === 'MONTH') groups.sort((a, b) => a.month! - b.month!);
  return groups;
}

/** The chart shows the first 20 groups (the biggest, or every month); the table all of them. */
const CHART_GROUPS = 20;

function groupSection(county: string, year: number, dimension: Dimension, groups: Group[]): HTMLElement {
  const view = views[dimension];
  const shown = dimension === 'MONTH' ? groups : groups.slice(0, CHART_GROUPS);
  const name = `cases-by-${dimension.toLowerCase()}`;
  return el('section', { class: 'groups', 'data-dimension': dimension },
    el('h3', {}, bilingual(view.title[0], view.title[1]), `: ${groups.length} 组 groups`,
      groups.length > shown.length ? ` (图中前 ${shown.length} 组 chart shows the first ${shown.length})` : ''),
    groups.length ? barChart(name, {
      horizontal: view.horizontal,
      unit: '件',
      categories: shown.map(view.label),
      values: shown.map((g) => g.count),
      tooltip: (i) => `<b>${escapeHtml(view.label(shown[i]))}</b><br>案件 Cases: ${shown[i].count}<br>罚款 Fines: ${shown[i].sum?.fineAmount ?? 0} 元 yuan`,
    }) : el('p', {}, '无记录 No records.'),
    dataTable(name, `${county}-${year}-${name}.csv`, view.columns, groups));
}

export async function renderCounty(root: HTMLElement, code: string, params: URLSearchParams): Promise<void> {
  const { county } = await query(CountyOverview, { code });
  const years = [...new Set([...county.reports.nodes.map((r) => r.year), ...county.enforcementCaseStats.nodes.map((g) => g.year!)])].sort((a, b) => b - a);
  const year = Number(params.get('year')) || years[0];
  const yearPicker = el('select', { id: 'year' }, years.map((y) => el('option', { value: String(y), selected: y === year }, String(y))));
  yearPicker.addEventListener('change', () => { location.hash = `#/county/${code}?year=${yearPicker.value}`; });

  const title = el('h2', {}, bilingual(county.name, county.nameEn), ` · ${county.code} · ${county.city.name}`);
  const header = el('section', { class: 'controls' }, el('a', { href: '#/' }, '← 县际对比 Comparison'), ' ', el('label', {}, bilingual('年度', 'Year'), yearPicker));
  if (!year) {
    root.replaceChildren(title, header, el('p', {}, '该县暂无报告或记录 No reports or records of this county yet.'));
    return;
  }
  const body = el('div', {}, '加载中… Loading…');
  root.replaceChildren(title, header, body);

  const [{ reconciliation }, figures, ...grouped] = await Promise.all([
    query(Reconciliation, { county: code, year }),
    allNodes((after) => query(CountyFigures, { county: code, year, after }).then((r) => r.figures)),
    ...(['AGENCY', 'TOWNSHIP', 'MONTH'] as const).map((d) => caseGroups(code, year, d)),
  ]);
  const counts = new Map<string, number>();
  for (const line of reconciliation) counts.set(line.status, (counts.get(line.status) ?? 0) + 1);
  const summary = el('p', { class: 'reconciliation-summary' }, [...counts].map(([status, n]) =>
    el('span', { class: `status ${status.toLowerCase()}`, 'data-status': status, 'data-count': String(n) }, `${n} ${statusText(status)}`)));

  body.replaceChildren(
    el('section', { class: 'reconciliation' },
      el('h3', {}, bilingual('公布数与记录核对', 'Reconciliation: published figures against records'), ` · ${year}`),
      summary,
      dataTable('reconciliation', `${code}-${year}-reconciliation.csv`, reconciliationColumns, reconciliation)),
    el('h3', {}, bilingual('执法案件', 'Enforcement cases'), ` · ${year}`),
    el('p', { class: 'note' }, apiKey()
      ? '已使用 API 密钥：显示全部分组。 With your API key: every group is shown.'
      : '匿名访问时，少于 3 件的分组不显示（保护个案信息）；填写 API 密钥可看全部。 Without an API key, groups of fewer than 3 cases are left out (so single cases cannot be rebuilt); enter a key above to see them all.'),
    ...(['AGENCY', 'TOWNSHIP', 'MONTH'] as const).map((d, i) => groupSection(code, year, d, grouped[i] as Group[])),
    el('section', { class: 'figures' },
      el('h3', {}, bilingual('公布数据', 'Published figures'), ` · ${year}: ${figures.length} 条 figures`),
      dataTable('figures', `${code}-${year}-figures.csv`, figureColumns, figures)));
}
