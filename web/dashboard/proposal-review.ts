/**
 * The editor's decisions on proposed figures, and the report file they make: one row per proposal
 * of proposeFigures, each pending, accepted or rejected, with the indicator, value, unit and
 * qualifier as corrected. No DOM here: the review page draws and edits these rows.
 */
import type { ResultOf } from 'gql.tada';
import type { IndicatorCatalogue, ProposeFigures } from './operations';

export type Proposals = ResultOf<typeof ProposeFigures>['proposeFigures'];
export type Proposal = Proposals['figures'][number];
export type CatalogueIndicator = ResultOf<typeof IndicatorCatalogue>['indicators']['nodes'][number];
export type Decision = 'PENDING' | 'ACCEPTED' | 'REJECTED';
export type Qualifier = Proposal['qualifier'];

export interface ReviewRow {
  /** 1-based, as the table numbers it. */
  number: number;
  proposal: Proposal;
  decision: Decision;
  /** Empty for an unmatched number until the editor picks one. */
  indicator: string;
  value: number;
  unit: string;
  qualifier: Qualifier;
  breakdown: Record<string, unknown>;
}

export function reviewRows(proposals: Proposals): ReviewRow[] {
  return proposals.figures.map((p, i) => ({
    number: i + 1,
    proposal: p,
    decision: 'PENDING',
    indicator: p.indicator?.code ?? '',
    value: p.indicator?.value ?? p.value,
    unit: p.indicator?.unit ?? p.unit,
    qualifier: p.qualifier,
    breakdown: p.indicator?.breakdown ?? p.breakdown,
  }));
}

/**
 * Assigns another indicator. The proposal's best match and runner-up bring their own value, unit
 * and breakdown. Any other indicator keeps the row's value and unit when that unit is one of its
 * own (or an alias), else takes the number as the text states it when that unit fits, else keeps
 * the value in the indicator's unit for the editor to convert; the breakdown stays as shown.
 */
export function assignIndicator(row: ReviewRow, indicator: CatalogueIndicator | undefined): void {
  const p = row.proposal;
  row.indicator = indicator?.code ?? '';
  const match = [p.indicator, p.runnerUp].find((m) => m && m.code === row.indicator);
  const fits = (unit: string) => !!indicator && (unit === indicator.unit || indicator.unitAliases.includes(unit));
  if (match) Object.assign(row, { value: match.value, unit: match.unit, breakdown: match.breakdown });
  else if (!indicator || fits(row.unit)) return;
  else if (fits(p.statedUnit)) Object.assign(row, { value: p.statedValue, unit: p.statedUnit });
  else row.unit = indicator.unit;
}

/** Accepts every pending proposal whose indicator was matched with at least this confidence; rejections stay. */
export function acceptAbove(rows: ReviewRow[], confidence: number): ReviewRow[] {
  const accepted = rows.filter((r) => r.decision === 'PENDING' && r.indicator && (r.proposal.indicator?.confidence ?? -1) >= confidence);
  for (const row of accepted) row.decision = 'ACCEPTED';
  return accepted;
}

export function countDecisions(rows: ReviewRow[]): Record<Decision, number> {
  const counts: Record<Decision, number> = { PENDING: 0, ACCEPTED: 0, REJECTED: 0 };
  for (const row of rows) counts[row.decision]++;
  return counts;
}

/** The report's header fields an editor may correct before importing. */
export interface ReportHeader {
  title: string;
  coverage: string;
  publisher: string;
  publishedOn: string;
  sourceUrl: string;
  transcription: 'COMPLETE' | 'PARTIAL';
}

/**
 * The rule-of-law-report/v1 file of the accepted rows, in table order, built on the draft file
 * proposeFigures returned (its format and report header). `rows[i]` is the table row of `figures[i]`,
 * so an error about figures[i] can point at its row.
 */
export function acceptedReportFile(proposals: Proposals, rows: ReviewRow[], header: ReportHeader): { file: Record<string, unknown>; rows: ReviewRow[] } {
  const draft = proposals.reportFile as { format: string; report: Record<string, unknown> };
  const accepted = rows.filter((r) => r.decision === 'ACCEPTED');
  const figures = accepted.map((r) => ({
    indicator: r.indicator, value: r.value, unit: r.unit, qualifier: r.qualifier, breakdown: r.breakdown, quote: r.proposal.quote,
  }));
  const report = {
    ...draft.report,
    title: header.title.trim(),
    coverage: header.coverage.trim(),
    publisher: header.publisher.trim() || null,
    publishedOn: header.publishedOn.trim() || null,
    sourceUrl: header.sourceUrl.trim() || null,
    transcription: header.transcription,
  };
  return { file: { format: draft.format, report, figures }, rows: accepted };
}
