/**
 * The table of proposed figures on the review page: one row per proposal, its quote with the number
 * highlighted, what was proposed (indicator, confidence, runner-up, breakdown), and fields to
 * correct the indicator (a select of the catalogue), value, unit and qualifier and to accept or
 * reject it. Unmatched numbers are rows too, marked, with an empty indicator to choose.
 */
import { el } from './dom';
import { QUALIFIER_LABELS } from './labels';
import { assignIndicator, type CatalogueIndicator, type Decision, type Qualifier, type ReviewRow } from './proposal-review';
import { dataTable, type Column } from './table';

export const DECISION_LABELS: Record<Decision, string> = { PENDING: '待定 pending', ACCEPTED: '采纳 accepted', REJECTED: '驳回 rejected' };

/** The quote, its number marked. */
function highlightedQuote(row: ReviewRow): Node {
  const { quote, quoteStart, start, end } = row.proposal;
  const [from, to] = [start - quoteStart, end - quoteStart];
  return el('span', { class: 'quote' }, quote.slice(0, from), el('mark', {}, quote.slice(from, to)), quote.slice(to));
}

function matchText(m: ReviewRow['proposal']['indicator']): string | null {
  return m ? `${m.code} ${m.nameZh} (${m.confidence})` : null;
}

function breakdownText(b: Record<string, unknown>): string {
  return Object.keys(b).length ? JSON.stringify(b) : '{}';
}

interface RowFields {
  decision: HTMLSelectElement;
  indicator: HTMLSelectElement;
  value: HTMLInputElement;
  unit: HTMLInputElement;
  qualifier: HTMLSelectElement;
  breakdown: HTMLElement;
}

/**
 * The review table. `onChange` runs after every edit (for the page's counts); a correction of a
 * pending row accepts it, since the editor has looked at it. `refresh` redraws every row from its state.
 */
export function reviewTable(rows: ReviewRow[], catalogue: CatalogueIndicator[], onChange: () => void): { element: HTMLElement; refresh: () => void } {
  const byCode = new Map(catalogue.map((i) => [i.code, i]));
  const fields = new Map<ReviewRow, RowFields>();

  const show = (row: ReviewRow) => {
    const f = fields.get(row)!;
    f.decision.value = row.decision;
    f.indicator.value = row.indicator;
    f.value.value = String(row.value);
    f.unit.value = row.unit;
    f.qualifier.value = row.qualifier;
    f.breakdown.textContent = breakdownText(row.breakdown);
    f.decision.closest('tr')?.setAttribute('data-decision', row.decision);
  };
  const edited = (row: ReviewRow, change: () => void) => () => {
    change();
    if (row.decision === 'PENDING' && row.indicator) row.decision = 'ACCEPTED';
    show(row);
    onChange();
  };

  for (const row of rows) {
    const n = String(row.number);
    const f: RowFields = {
      decision: el('select', { class: 'decision', 'data-row': n, 'aria-label': `决定 Decision ${n}` },
        (Object.keys(DECISION_LABELS) as Decision[]).map((d) => el('option', { value: d, disabled: d === 'ACCEPTED' && !row.indicator }, DECISION_LABELS[d]))),
      indicator: el('select', { class: 'indicator', 'data-row': n, 'aria-label': `指标 Indicator ${n}` },
        el('option', { value: '' }, '— 请选择指标 choose an indicator —'),
        catalogue.map((i) => el('option', { value: i.code }, `${i.code} ${i.nameZh} (${i.unit})`))),
      value: el('input', { class: 'value', 'data-row': n, type: 'number', step: 'any', min: '0', 'aria-label': `数值 Value ${n}` }),
      unit: el('input', { class: 'unit', 'data-row': n, size: '5', 'aria-label': `单位 Unit ${n}` }),
      qualifier: el('select', { class: 'qualifier', 'data-row': n, 'aria-label': `限定 Qualifier ${n}` },
        (['EXACT', 'AT_LEAST', 'APPROXIMATE'] as Qualifier[]).map((q) => el('option', { value: q }, `${q} ${QUALIFIER_LABELS[q] ?? ''}`.trim()))),
      breakdown: el('code', { class: 'breakdown' }),
    };
    fields.set(row, f);
    f.decision.addEventListener('change', () => { row.decision = f.decision.value as Decision; show(row); onChange(); });
    f.indicator.addEventListener('change', edited(row, () => {
      assignIndicator(row, byCode.get(f.indicator.value));
      // Accepting needs an indicator: an unmatched number without one can only stay pending or be rejected.
      f.decision.querySelector<HTMLOptionElement>('option[value=ACCEPTED]')!.disabled = !row.indicator;
      if (!row.indicator && row.decision === 'ACCEPTED') row.decision = 'PENDING';
    }));
    // An emptied field is no number (sent as null, refused by the import), never a silent 0.
    f.value.addEventListener('change', edited(row, () => { row.value = f.value.value.trim() === '' ? NaN : Number(f.value.value); }));
    f.unit.addEventListener('change', edited(row, () => { row.unit = f.unit.value.trim(); }));
    f.qualifier.addEventListener('change', edited(row, () => { row.qualifier = f.qualifier.value as Qualifier; }));
  }

  const columns: Column<ReviewRow>[] = [
    { title: '序号 No.', value: (r) => r.number },
    { title: '原文 Quote', value: (r) => r.proposal.quote, render: highlightedQuote },
    { title: '原文数字 As written', value: (r) => r.proposal.written },
    {
      title: '匹配 Match', value: (r) => (r.proposal.matched ? '已匹配 matched' : `未匹配 unmatched${r.proposal.note ? `: ${r.proposal.note}` : ''}`),
      className: (r) => (r.proposal.matched ? undefined : 'unmatched'),
    },
    { title: '拟定指标（置信度） Proposed indicator (confidence)', value: (r) => matchText(r.proposal.indicator) },
    { title: '次选（置信度） Runner-up (confidence)', value: (r) => matchText(r.proposal.runnerUp) },
    { title: '指标 Indicator', value: (r) => r.indicator, render: (r) => fields.get(r)!.indicator },
    { title: '数值 Value', value: (r) => r.value, render: (r) => fields.get(r)!.value },
    { title: '单位 Unit', value: (r) => r.unit, render: (r) => fields.get(r)!.unit },
    { title: '限定 Qualifier', value: (r) => r.qualifier, render: (r) => fields.get(r)!.qualifier },
    { title: '细分 Breakdown', value: (r) => breakdownText(r.breakdown), render: (r) => fields.get(r)!.breakdown },
    { title: '决定 Decision', value: (r) => r.decision, render: (r) => fields.get(r)!.decision },
  ];
  const table = dataTable('proposals', 'proposed-figures-review.csv', columns, rows, {
    rowAttributes: (r) => ({ 'data-row': String(r.number), 'data-decision': r.decision, ...(r.proposal.matched ? {} : { 'data-unmatched': '' }) }),
  });
  const refresh = () => rows.forEach(show);
  refresh();
  return { element: table, refresh };
}
