/**
 * npm run bench:propose   (or: npx ts-node --transpile-only bench/propose.ts [--markdown])
 *
 * How well proposeFigures (issue 15) reads reports, against hand transcriptions:
 * - Yanjin 2023 (seeds/sources/yanjin_2023.txt, transcription COMPLETE: every number of the text
 *   is one of its 50 figures): recall of (value, unit, qualifier) with a correct verbatim quote,
 *   recall of the right indicator (and breakdown), precision of all proposals, and the numbers set
 *   aside as dates, years, document numbers, page furniture, ordinals, names and titles.
 * - Every other transcription in seeds/data/reports/ (PARTIAL: their full texts are not held), on
 *   the concatenation of their quotes, one per line: recall per file.
 * A proposal counts for a transcribed figure when its number lies inside the figure's quote where
 * that quote occurs in the text (the same occurrence), its own quote is a verbatim part of the text
 * containing the number, and value, unit and qualifier are the transcription's.
 * No database and no network: the catalogue is seeds/data/indicators.json.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { factBreakdowns } from '../src/analytics/breakdowns';
import { projectRoot } from '../src/paths';
import { proposeFromText, type Proposal } from '../src/modules/propose/propose';
import type { CatalogueIndicator, MatchOptions } from '../src/modules/propose/matcher';

const root = projectRoot;
const reportsDir = path.join(root, 'seeds/data/reports');

interface Transcribed {
  indicator: string;
  value: number;
  unit: string;
  qualifier?: string;
  breakdown?: Record<string, string>;
  quote: string;
}

function seedCatalogue(): CatalogueIndicator[] {
  const raw = JSON.parse(readFileSync(path.join(root, 'seeds/data/indicators.json'), 'utf8')) as {
    indicators: { code: string; name_zh: string; unit: string; unit_aliases?: string[]; definition?: { fact: string } | null }[];
  };
  return raw.indicators.map((i) => ({ code: i.code, nameZh: i.name_zh, unit: i.unit, unitAliases: i.unit_aliases ?? [], fact: i.definition?.fact ?? null }));
}

/** Every occurrence of a quote in the text, as [start, end). */
function occurrences(text: string, quote: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = text.indexOf(quote); i >= 0; i = text.indexOf(quote, i + 1)) out.push([i, i + quote.length]);
  return out;
}

const sameBreakdown = (a: Record<string, string> = {}, b: Record<string, string> = {}) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

interface FileScore {
  file: string;
  figures: number;
  valueQuote: number;
  valueUnitQualifier: number;
  indicator: number;
  indicatorBreakdown: number;
  proposals: number;
  proposalsOfFigures: number;
  matched: number;
  matchedRight: number;
  skipped: Record<string, number>;
  misses: string[];
}

function score(file: string, text: string, figures: Transcribed[], catalogue: CatalogueIndicator[], opts: MatchOptions): FileScore {
  const { proposals, skipped } = proposeFromText(text, catalogue, factBreakdowns, opts);
  const verbatim = (p: Proposal) => text.slice(p.quoteStart, p.quoteStart + p.quote.length) === p.quote && p.quoteStart <= p.start && p.end <= p.quoteStart + p.quote.length;
  const inside = (p: Proposal, f: Transcribed) => occurrences(text, f.quote).some(([s, e]) => p.start >= s && p.end <= e);
  const sameValue = (p: Proposal, f: Transcribed) => (p.value === f.value && p.unit === f.unit) || (p.statedValue === f.value && p.statedUnit === f.unit);
  const s: FileScore = {
    file, figures: figures.length, valueQuote: 0, valueUnitQualifier: 0, indicator: 0, indicatorBreakdown: 0,
    proposals: proposals.length, proposalsOfFigures: 0, matched: proposals.filter((p) => p.matched).length, matchedRight: 0, skipped: {}, misses: [],
  };
  const used = new Set<Proposal>();
  for (const f of figures) {
    const here = proposals.filter((p) => verbatim(p) && inside(p, f) && (p.value === f.value || p.statedValue === f.value));
    const full = here.filter((p) => sameValue(p, f) && p.qualifier === (f.qualifier ?? 'EXACT'));
    const right = full.filter((p) => p.indicator?.code === f.indicator);
    const rightBreakdown = right.filter((p) => sameBreakdown(p.breakdown, f.breakdown));
    if (here.length) s.valueQuote++;
    if (full.length) s.valueUnitQualifier++;
    if (right.length) s.indicator++;
    if (rightBreakdown.length) s.indicatorBreakdown++;
    for (const p of here) used.add(p);
    if (!rightBreakdown.length) {
      const got = here[0] ? `${here[0].value}${here[0].unit} ${here[0].qualifier} ${here[0].indicator?.code ?? 'unmatched'} ${JSON.stringify(here[0].breakdown)}` : 'no proposal';
      s.misses.push(`${f.indicator} ${f.value}${f.unit} ${JSON.stringify(f.breakdown ?? {})} «${f.quote}»: ${got}`);
    }
  }
  s.proposalsOfFigures = used.size;
  s.matchedRight = proposals.filter((p) => p.matched && figures.some((f) => inside(p, f) && p.indicator?.code === f.indicator && sameBreakdown(p.breakdown, f.breakdown))).length;
  for (const k of skipped) s.skipped[k.reason] = (s.skipped[k.reason] ?? 0) + 1;
  return s;
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–');

function table(title: string, opts: MatchOptions, catalogue: CatalogueIndicator[]): FileScore[] {
  const rows: FileScore[] = [];
  const yanjinFile = JSON.parse(readFileSync(path.join(reportsDir, '410726_2023_yanjin.json'), 'utf8'));
  const yanjinText = readFileSync(path.join(reportsDir, yanjinFile.report.sourceText), 'utf8');
  rows.push(score('410726_2023_yanjin.json (full text)', yanjinText, yanjinFile.figures, catalogue, opts));
  for (const name of readdirSync(reportsDir).filter((f) => f.endsWith('.json') && !f.startsWith('410726_')).sort()) {
    const doc = JSON.parse(readFileSync(path.join(reportsDir, name), 'utf8'));
    const quotes = [...new Set((doc.figures as Transcribed[]).map((f) => f.quote))];
    rows.push(score(`${name} (quotes)`, quotes.join('\n'), doc.figures, catalogue, opts));
  }
  console.log(`\n### ${title}\n`);
  console.log('| file | figures | value + verbatim quote | value, unit, qualifier | right indicator | indicator + breakdown | proposals | of which transcribed | matched proposals right |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.file} | ${r.figures} | ${pct(r.valueQuote, r.figures)} | ${pct(r.valueUnitQualifier, r.figures)} | ${pct(r.indicator, r.figures)} | ${pct(r.indicatorBreakdown, r.figures)} | ${r.proposals} | ${pct(r.proposalsOfFigures, r.proposals)} | ${pct(r.matchedRight, r.matched)} |`);
  }
  const others = rows.slice(1);
  const sum = (k: 'figures' | 'valueQuote' | 'valueUnitQualifier' | 'indicator' | 'indicatorBreakdown') => others.reduce((a, r) => a + r[k], 0);
  console.log(`| other files together | ${sum('figures')} | ${pct(sum('valueQuote'), sum('figures'))} | ${pct(sum('valueUnitQualifier'), sum('figures'))} | ${pct(sum('indicator'), sum('figures'))} | ${pct(sum('indicatorBreakdown'), sum('figures'))} | | | |`);
  return rows;
}

function main() {
  const catalogue = seedCatalogue();
  const verbose = process.argv.includes('--misses');
  const rows = table('Rules and catalogue names (as proposeFigures runs)', {}, catalogue);
  const yanjin = rows[0];
  console.log(`\nYanjin: numbers set aside: ${Object.entries(yanjin.skipped).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`Yanjin precision: ${yanjin.proposalsOfFigures} of ${yanjin.proposals} proposals are transcribed figures (the transcription is complete, so any other proposal is a false one).`);
  const namesOnly = table('Catalogue names only (no per-indicator rules: how an indicator added later, without a rule, is matched)', { rules: false }, catalogue);
  for (const [title, list] of [['rules and names', rows], ['names only', namesOnly]] as const) {
    const misses = list.flatMap((r) => r.misses.map((m) => `${r.file}: ${m}`));
    if (misses.length) console.log(`\nNot right with ${title}: ${misses.length}${verbose ? `\n${misses.map((m) => `- ${m}`).join('\n')}` : ' (--misses lists them)'}`);
  }
}

main();
