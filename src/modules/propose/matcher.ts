/**
 * Which indicator of the catalogue a number is: only indicators whose unit fits the stated one
 * (宗 for 件, 万元 from 元…) are candidates; each is scored by its rule (rules.ts) and by how much of
 * its Chinese name the words around the number share (every indicator has a name, so one added to
 * the catalogue later is matched too). Scores become a confidence in [0, 1].
 */
import { quoteStatesValue } from '../report/quote';
import { shiftDecimal } from './numerals';
import { splitMagnitude, type NumberMention } from './number-finder';
import type { MentionContext } from './clause';
import { BREAKDOWN_RULES, INDICATOR_RULES } from './rules';

/** What the matcher needs of a catalogue indicator. */
export interface CatalogueIndicator {
  code: string;
  nameZh: string;
  unit: string;
  unitAliases: string[];
  /** The fact records compute it from, when any: its breakdown keys are the fact's dimensions. */
  fact: string | null;
}

export interface Candidate {
  indicator: CatalogueIndicator;
  score: number;
  /** The value in the unit the report file takes for this indicator. */
  value: string;
  unit: string;
  breakdown: Record<string, string>;
}

/** A stated value in an indicator's unit (552万件 -> 万件, 39.09万元 -> 390900 元), or null when the units differ. */
export function inIndicatorUnit(value: string, statedUnit: string, ind: Pick<CatalogueIndicator, 'unit' | 'unitAliases'>): { value: string; unit: string } | null {
  if (!statedUnit) return null;
  if (statedUnit === ind.unit || ind.unitAliases.includes(statedUnit)) return { value, unit: statedUnit };
  const [statedPower, statedBase] = splitMagnitude(statedUnit);
  for (const unit of [ind.unit, ...ind.unitAliases]) {
    const [power, base] = splitMagnitude(unit);
    const baseFits = base === statedBase || (base === ind.unit && ind.unitAliases.includes(statedBase));
    if (baseFits && (statedPower !== power)) return { value: shiftDecimal(value, statedPower - power), unit };
  }
  return null;
}

/** Words that name what is counted, not which indicator: left out of name similarity. */
const GENERIC = /(次数|件数|人数|个数|份数|数量|年数|数|率|的|“|”|\(|\)|(|))/g;

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return [...new Set(out)];
}

const nameGrams = new Map<string, string[]>();

/** Share of an indicator's name (its bigrams) found in the words: 0..1. */
function nameSimilarity(nameZh: string, words: string): number {
  let grams = nameGrams.get(nameZh);
  if (!grams) nameGrams.set(nameZh, (grams = bigrams(nameZh.replace(GENERIC, ''))));
  if (!grams.length) return 0;
  return grams.filter((g) => words.includes(g)).length / grams.length;
}

const IN_QUOTE = 3;
const IN_CLAUSE = 1.5;
const IN_SENTENCE = 1;
/** Below this an indicator is not proposed: the number is listed as unmatched. */
export const MATCH_THRESHOLD = 2.5;

function breakdownFor(ind: CatalogueIndicator, ctx: MentionContext, factKeys: Record<string, readonly string[]> | undefined): Record<string, string> {
  const breakdown: Record<string, string> = {};
  if (!factKeys) return breakdown;
  for (const rule of BREAKDOWN_RULES) {
    if (!Object.hasOwn(factKeys, rule.key) || breakdown[rule.key]) continue;
    if (rule.onlyFor && !rule.onlyFor.includes(ind.code)) continue;
    if (rule.unlessNameHas?.some((w) => ind.nameZh.includes(w))) continue;
    const allowed = factKeys[rule.key];
    const fits = (v: string) => !allowed.length || allowed.includes(v);
    let found = rule.values.find(([v, words]) => fits(v) && words.some((w) => ctx.quote.includes(w)))?.[0];
    if (!found && rule.scope === 'sentence') {
      // The nearest head before the quote: 民事案件32件(其中,调解成功9件…
      let best = -1;
      for (const [v, words] of rule.values) {
        for (const w of words) {
          const at = ctx.lead.lastIndexOf(w);
          if (at > best && fits(v)) {
            best = at;
            found = v;
          }
        }
      }
    }
    if (found) breakdown[rule.key] = found;
  }
  return breakdown;
}

/** Every indicator that fits the number, best first. */
export interface MatchOptions {
  /** false: the catalogue's names only, without the rules of rules.ts (how an indicator without a rule fares). */
  rules?: boolean;
}

export function candidates(
  m: NumberMention, ctx: MentionContext, catalogue: CatalogueIndicator[], breakdowns: Record<string, Record<string, readonly string[]>>, opts: MatchOptions = {},
): Candidate[] {
  const out: Candidate[] = [];
  const around = ctx.quote;
  for (const ind of catalogue) {
    const inUnit = inIndicatorUnit(m.value, m.unit, ind);
    // A conversion the report file could not check against its quote (12000件 as 1.2万件) is not proposed.
    if (!inUnit || (inUnit.value !== m.value && !quoteStatesValue(ctx.quote, Number(inUnit.value)))) continue;
    const rule = opts.rules === false ? undefined : INDICATOR_RULES[ind.code];
    let score = 0;
    if (rule) {
      const has = (w: string) => around.includes(w) || ctx.clause.includes(w) || ctx.lead.includes(w);
      if (!rule.need.some(has)) continue;
      if (rule.not?.some((w) => ctx.quote.includes(w))) continue;
      for (const w of new Set([...rule.need, ...(rule.words ?? [])])) {
        const weight = Math.min(2, 0.5 + w.length / 3); // longer words say more
        if (around.includes(w)) score += IN_QUOTE * weight;
        else if (ctx.clause.includes(w)) score += IN_CLAUSE * weight;
        else if (ctx.lead.includes(w)) score += IN_SENTENCE * weight;
      }
      score += 2 * nameSimilarity(ind.nameZh, around);
    } else {
      const near = nameSimilarity(ind.nameZh, around);
      const far = nameSimilarity(ind.nameZh, ctx.clause + ctx.lead);
      if (near < 0.5 && far < 0.6) continue;
      score = 8 * near + 2 * far;
    }
    const factKeys = ind.fact ? breakdowns[ind.fact] : undefined;
    out.push({ indicator: ind, score: Math.round(score * 100) / 100, value: inUnit.value, unit: inUnit.unit, breakdown: breakdownFor(ind, ctx, factKeys) });
  }
  return out.sort((a, b) => b.score - a.score || a.indicator.code.localeCompare(b.indicator.code));
}

/** How sure the best candidate is: high when it scores well and far above the runner-up. */
export function confidence(best: number, runnerUp: number | undefined): number {
  if (best <= 0) return 0;
  const strength = Math.min(1, best / 12);
  const margin = best / (best + (runnerUp ?? 0));
  return Math.round(strength * margin * 100) / 100;
}
