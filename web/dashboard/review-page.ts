/**
 * Review a report (#/review): an editor picks the county and year, pastes the report's text, and
 * gets every number of it proposed as a figure (proposeFigures); accepts, rejects or corrects each,
 * and imports the accepted ones through importReport. Unmatched numbers are rows of the table too,
 * and listed above it; the numbers set aside (dates, document numbers…) are listed with their reason.
 */
import { query } from './api';
import { countyPicker } from './county-search';
import { bilingual, el } from './dom';
import { SKIP_REASON_LABELS } from './labels';
import { HeldReport, IndicatorCatalogue, ProposeFigures } from './operations';
import { allNodes } from './paging';
import { acceptAbove, countDecisions, reviewRows, type CatalogueIndicator, type Decision, type Proposals, type ReviewRow } from './proposal-review';
import { importSection } from './review-import';
import { DECISION_LABELS, reviewTable } from './review-table';
import { requestErrorView } from './request-errors';
import { dataTable } from './table';

/** What the form holds survives a redraw (a new API key typed into the header redraws the page). */
const form = { county: '', year: new Date().getFullYear() - 1, text: '' };

function catalogue() {
  return allNodes((after) => query(IndicatorCatalogue, { after }).then((r) => r.indicators)).then((all) => all.sort((a, b) => a.code.localeCompare(b.code)));
}

function unmatchedList(rows: ReviewRow[]): HTMLElement {
  const unmatched = rows.filter((r) => !r.proposal.matched);
  if (!unmatched.length) return el('p', { id: 'review-unmatched', 'data-count': '0' }, '未匹配 Unmatched: 无 none: every number fits an indicator of the catalogue.');
  return el('div', { class: 'unmatched-note', id: 'review-unmatched', 'data-count': String(unmatched.length) },
    `未匹配的数字（表中标出；须选择指标才能采纳） ${unmatched.length} unmatched numbers (marked in the table; choose an indicator to accept one):`,
    el('ul', {}, unmatched.map((r) => el('li', {}, `第 ${r.number} 行 row ${r.number}: ${r.proposal.written} — “${r.proposal.quote}”${r.proposal.note ? ` (${r.proposal.note})` : ''}`))));
}

function skippedTable(proposals: Proposals, text: string): HTMLElement {
  return el('details', { class: 'skipped' },
    el('summary', {}, `未作为数据的数字 ${proposals.skipped.length} numbers set aside (dates, years, document numbers, ordinals, names…)`),
    dataTable('skipped', 'numbers-set-aside.csv', [
      { title: '原文数字 As written', value: (s) => s.written },
      { title: '上下文 Context', value: (s) => text.slice(Math.max(0, s.start - 12), s.end + 12).replace(/\s+/g, ' ') },
      { title: '原因 Reason', value: (s) => `${s.reason} ${SKIP_REASON_LABELS[s.reason] ?? ''}`.trim() },
    ], proposals.skipped));
}

type Held = Parameters<typeof importSection>[1];

/** Everything below the form once proposals are in: counts, unmatched list, accept-above, the table, the numbers set aside, the import. */
function reviewBody(proposals: Proposals, indicators: CatalogueIndicator[], held: Held, text: string): HTMLElement[] {
  const rows = reviewRows(proposals);
  const counts = el('span', { id: 'review-counts' });
  const showCounts = () => {
    const c = countDecisions(rows);
    counts.replaceChildren(...(Object.keys(c) as Decision[]).map((d) => el('span', { 'data-decision': d, 'data-count': String(c[d]) }, `${DECISION_LABELS[d]}: ${c[d]}`)));
  };
  const table = reviewTable(rows, indicators, showCounts);
  const threshold = el('input', { id: 'review-min-confidence', type: 'number', min: '0', max: '1', step: '0.05', value: '0.8' });
  const acceptAll = el('button', { type: 'button', id: 'review-accept-above' }, '采纳 Accept');
  acceptAll.addEventListener('click', () => {
    acceptAbove(rows, Number(threshold.value));
    table.refresh();
    showCounts();
  });
  showCounts();
  return [
    el('p', { id: 'review-summary' }, `${proposals.areaName} ${proposals.areaCode} · ${proposals.year}: `,
      `${proposals.figures.length} 条拟提取 proposals, ${proposals.matchedCount} 已匹配 matched, ${proposals.unmatchedCount} 未匹配 unmatched`),
    unmatchedList(rows),
    el('p', { class: 'review-tools' },
      acceptAll, ' ', el('label', {}, '待定且置信度不低于 pending proposals with confidence at least ', threshold), ' ', counts),
    table.element,
    skippedTable(proposals, text),
    importSection(proposals, held, rows, text),
  ];
}

export async function renderReview(root: HTMLElement): Promise<void> {
  const picker = countyPicker(form.county, (code) => { form.county = code; });
  const year = el('input', { id: 'review-year', type: 'number', min: '1990', max: '2100', value: String(form.year) });
  const text = el('textarea', { id: 'review-text', rows: '10', cols: '100', placeholder: '粘贴报告全文 Paste the report\'s full text' }, form.text);
  const propose = el('button', { type: 'button', id: 'review-propose' }, '提取数据 Propose figures');
  const body = el('div', { id: 'review-body' });
  year.addEventListener('change', () => { form.year = Number(year.value); });
  text.addEventListener('input', () => { form.text = text.value; });

  propose.addEventListener('click', async () => {
    const [code, y, pasted] = [picker.code(), Number(year.value), text.value];
    if (!code || !Number.isInteger(y) || !pasted.trim()) {
      body.replaceChildren(el('p', { class: 'error', role: 'alert' }, '请选择县、填写年度并粘贴报告全文。 Choose a county, enter the year and paste the report\'s text.'));
      return;
    }
    propose.disabled = true;
    body.replaceChildren(el('p', {}, '提取中… Proposing…'));
    try {
      const [{ proposeFigures }, indicators, { reports }] = await Promise.all([
        query(ProposeFigures, { text: pasted, areaCode: code, year: y }), catalogue(), query(HeldReport, { county: code, year: y }),
      ]);
      body.replaceChildren(...reviewBody(proposeFigures, indicators, reports.nodes[0], pasted));
    } catch (err) {
      body.replaceChildren(requestErrorView(err));
    } finally {
      propose.disabled = false;
    }
  });

  root.replaceChildren(
    el('h2', {}, bilingual('审核报告', 'Review a report')),
    el('p', { class: 'note' }, '粘贴一份法治政府建设情况报告的全文，逐条审核系统提取的数据后导入。需要该县的编辑（EDITOR）密钥或管理员（ADMIN）密钥。 '
      + 'Paste the full text of a report, review each figure proposed from it, and import the accepted ones. Needs an EDITOR key of the county, or an ADMIN key (API key field above).'),
    el('section', { class: 'controls review-form' },
      picker.element,
      el('label', {}, bilingual('年度', 'Year'), ' ', year),
      el('label', { class: 'review-text' }, bilingual('报告全文', 'Report text'), text),
      propose),
    body);
}
