/**
 * From a report's text to proposed figures (issue 15), without the database: every number is
 * found (number-finder), quoted (clause), matched to the catalogue (matcher), and each indicator
 * and breakdown is given to one number only (the one that fits it best), as a report file takes it.
 */
import { Qualifier } from '../report/figure.entity';
import { clauseReader } from './clause';
import { candidates, confidence, MATCH_THRESHOLD, type Candidate, type CatalogueIndicator, type MatchOptions } from './matcher';
import { findNumbers, type NumberMention, type SkippedNumber } from './number-finder';

export interface IndicatorChoice {
  code: string;
  nameZh: string;
  /** 0..1 */
  confidence: number;
  score: number;
  value: number;
  unit: string;
  breakdown: Record<string, string>;
}

export interface Proposal {
  /** Verbatim part of the text stating the number: the shortest clause. */
  quote: string;
  /** Offset of the quote in the text (UTF-16 code units). */
  quoteStart: number;
  /** Offset of the number itself. */
  start: number;
  end: number;
  written: string;
  /** Value and unit as the text states them (39.09, 万元). */
  statedValue: number;
  statedUnit: string;
  /** In the matched indicator's unit when matched, else as stated. */
  value: number;
  unit: string;
  qualifier: Qualifier;
  matched: boolean;
  indicator: IndicatorChoice | null;
  runnerUp: IndicatorChoice | null;
  breakdown: Record<string, string>;
  /** Why a number is unmatched, or what else a matched one could be. */
  note: string | null;
}

export interface Proposals {
  proposals: Proposal[];
  skipped: SkippedNumber[];
}

function choice(c: Candidate, runnerUpScore: number | undefined): IndicatorChoice {
  return {
    code: c.indicator.code, nameZh: c.indicator.nameZh, confidence: confidence(c.score, runnerUpScore), score: c.score,
    value: Number(c.value), unit: c.unit, breakdown: c.breakdown,
  };
}

function key(c: Candidate): string {
  return `${c.indicator.code}${JSON.stringify(Object.entries(c.breakdown).sort())}`;
}

export function proposeFromText(
  text: string, catalogue: CatalogueIndicator[], breakdowns: Record<string, Record<string, readonly string[]>>, opts: MatchOptions = {},
): Proposals {
  const { mentions, skipped } = findNumbers(text);
  const reader = clauseReader(text, mentions);
  const found = mentions.map((m, i) => {
    const ctx = reader.context(i);
    return { m, ctx, cands: candidates(m, ctx, catalogue, breakdowns, opts).filter((c) => c.score >= MATCH_THRESHOLD) };
  });

  // Each indicator + breakdown goes to the number it fits best; the others try their next candidate.
  const pairs = found.flatMap((f, i) => f.cands.map((c, rank) => ({ i, c, rank })));
  pairs.sort((a, b) => b.c.score - a.c.score || a.rank - b.rank || a.i - b.i);
  const assigned = new Map<number, Candidate>();
  const taken = new Map<string, number>();
  for (const { i, c } of pairs) {
    if (assigned.has(i) || taken.has(key(c))) continue;
    assigned.set(i, c);
    taken.set(key(c), i);
  }

  const proposals = found.map(({ m, ctx, cands }, i): Proposal => {
    const best = assigned.get(i);
    const others = cands.filter((c) => c !== best);
    const runner = others[0];
    const stated = { statedValue: Number(m.value), statedUnit: m.unit };
    const base = {
      quote: ctx.quote, quoteStart: ctx.quoteStart, start: m.start, end: m.end, written: m.written, ...stated, qualifier: m.qualifier,
    };
    if (!best) {
      const holder = cands[0] ? taken.get(key(cands[0])) : undefined;
      return {
        ...base, value: stated.statedValue, unit: stated.statedUnit, matched: false, indicator: null,
        runnerUp: cands[0] ? choice(cands[0], cands[1]?.score) : null, breakdown: {},
        note: unmatchedNote(m, cands[0], holder !== undefined ? found[holder].ctx.quote : undefined),
      };
    }
    return {
      ...base, value: Number(best.value), unit: best.unit, matched: true, indicator: choice(best, runner?.score),
      runnerUp: runner ? choice(runner, best.score) : null, breakdown: best.breakdown, note: null,
    };
  });
  return { proposals, skipped };
}

function unmatchedNote(m: NumberMention, best: Candidate | undefined, holderQuote: string | undefined): string {
  if (!m.unit) return 'no unit in the text: not matched to an indicator';
  if (best && holderQuote) return `${best.indicator.code} fits too, but "${holderQuote}" states it better`;
  return `no indicator of the catalogue fits "${m.unit}" here`;
}
