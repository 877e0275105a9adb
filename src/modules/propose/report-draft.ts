/**
 * The review flow: proposals rendered as a `rule-of-law-report/v1` file, the format an editor
 * corrects and imports (`npm run import -- report`, `importReport`). Matched numbers become
 * figures of their indicator; a number no indicator fits becomes a figure of a proposed new
 * indicator, listed in the file's `indicators` in the catalogue's format (to rename, or to replace
 * by a catalogue code). Every quote is verbatim, so the file also passes the source-text check.
 */
import type { IndicatorEntry } from '../import/indicator-file';
import { REPORT_FORMAT } from '../report/report-file';
import type { Proposal } from './propose';

export interface DraftHeader {
  areaCode: string;
  areaName: string;
  areaLevel: 'COUNTY' | 'CITY';
  year: number;
  /** The document's text: its title and publication date are read from it when it states them. */
  text: string;
  /** Path of the text file relative to the JSON file, when the draft is written beside it. */
  sourceText?: string;
}

/** An indicator proposed for a number no catalogue indicator fits, in the catalogue's file format (not computable from records). */
export type ProposedIndicator = Pick<IndicatorEntry, 'code' | 'nameZh' | 'nameEn' | 'unit' | 'unitAliases' | 'family' | 'description' | 'descriptionZh'> & { definition: null };

export interface ReportDraft {
  format: string;
  report: Record<string, unknown>;
  indicators?: ProposedIndicator[];
  figures: Record<string, unknown>[];
}

/** The first line when it reads as the report's title. */
function titleOf(text: string, fallback: string): string {
  const first = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return first.length <= 200 && /报告|情况/.test(first) ? first : fallback;
}

/** 发布时间:2024-02-06 in the page's header, when it lies in or after the report's year. */
function publishedOn(text: string, year: number): string | null {
  const m = /发布(?:时间|日期)\s*[:：]\s*(\d{4}-\d{2}-\d{2})/.exec(text);
  return m && m[1] >= `${year}-01-01` && m[1] <= '2100-12-31' ? m[1] : null;
}

/** A proposed indicator's code: PROPOSED_<area>_<year>_<n>. */
export function proposedCode(h: Pick<DraftHeader, 'areaCode' | 'year'>, n: number): string {
  return `PROPOSED_${h.areaCode}_${h.year}_${String(n).padStart(2, '0')}`;
}

export function renderReportDraft(h: DraftHeader, proposals: Proposal[]): ReportDraft {
  const indicators: ProposedIndicator[] = [];
  const figures = proposals.map((p) => {
    if (p.matched && p.indicator) {
      const runner = p.runnerUp ? `; runner-up ${p.runnerUp.code}` : '';
      return {
        indicator: p.indicator.code, value: p.value, unit: p.unit, qualifier: p.qualifier, breakdown: p.breakdown, quote: p.quote,
        note: `proposed (confidence ${p.indicator.confidence}${runner}): check`,
      };
    }
    const code = proposedCode(h, indicators.length + 1);
    const offset = p.start - p.quoteStart;
    const name = `${p.quote.slice(0, offset)}N${p.quote.slice(offset + (p.end - p.start))}`.trim();
    indicators.push({
      code, nameZh: name.slice(0, 200), nameEn: `Proposed: ${p.unit || 'no unit'} (name it in English)`,
      unit: p.unit || '未注明', unitAliases: [], family: 'proposed',
      description: `Proposed by proposeFigures from «${p.quote.slice(0, 300)}»: no catalogue indicator fits. Name it, or use a catalogue code instead.`,
      descriptionZh: `由 proposeFigures 从原文«${p.quote.slice(0, 300)}»中提出：目录中没有相符的指标。请命名，或改用目录中的指标代码。`,
      definition: null,
    });
    return {
      indicator: code, value: p.statedValue, unit: p.unit || '未注明', qualifier: p.qualifier, breakdown: {}, quote: p.quote,
      note: `proposed: unmatched (${p.note ?? 'no indicator fits'})`,
    };
  });
  const fallbackTitle = `${h.areaName}关于${h.year}年度法治政府建设情况的报告`;
  return {
    format: REPORT_FORMAT,
    report: {
      areaCode: h.areaCode, areaLevel: h.areaLevel, year: h.year, documentType: 'RULE_OF_LAW_REPORT',
      title: titleOf(h.text, fallbackTitle), publisher: null, publishedOn: publishedOn(h.text, h.year), sourceUrl: null,
      coverage: 'Proposed by proposeFigures from the text, to be reviewed: every number of the text that is not a date, year, document number, ordinal or page furniture; check each figure, then set transcription to COMPLETE if nothing is missing.',
      transcription: 'PARTIAL',
      ...(h.sourceText ? { sourceText: h.sourceText } : {}),
    },
    ...(indicators.length ? { indicators } : {}),
    figures,
  };
}
