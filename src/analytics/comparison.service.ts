/**
 * Cross-county comparison of one indicator: a row per county, a cell per year with the published
 * value (or an explicit NOT_PUBLISHED, saying why: no report held, a partial transcription, or a
 * complete report without it), its rank within the year (of how many), the change from the previous
 * year, the value computed from records where the county has them, and an optional
 * normalisation by a county attribute that says when the attribute is missing.
 */
import type { Context } from '../context';
import { BadUserInputError, NotFoundError } from '../errors';
import { sql } from '../db/sql';
import { assertCountyCode } from '../modules/geography/geography.service';
import type { IndicatorDefinition } from '../modules/report/indicator.entity';
import { computeIndicators } from './indicator-compute';
import { engineOptions } from './stats.service';

export type Normalization = 'PER_10K_RESIDENTS' | 'PER_TOWNSHIP';

/** Why a cell has no published value. */
export type ComparisonGap = 'NO_REPORT_HELD' | 'NOT_IN_TRANSCRIPTION' | 'NOT_IN_REPORT';

export interface ComparisonCell {
  year: number;
  status: 'PUBLISHED' | 'NOT_PUBLISHED';
  gap: ComparisonGap | null;
  figureId: number | null;
  value: number | null;
  unit: string | null;
  qualifier: string | null;
  quote: string | null;
  /** Revision of the indicator the figure was transcribed under. */
  indicatorRevision: number | null;
  rank: number | null;
  /** Counties ranked that year (those that published a value). */
  rankedOf: number | null;
  changeFromPreviousYear: number | null;
  computed: number | null;
  normalized: number | null;
  normalizationNote: string | null;
  /** Where `computed` came from (base table or summary), null when not computed. */
  servedFrom: string | null;
  refreshedAt: Date | null;
}

export interface ComparisonRow {
  countyId: number;
  countyCode: string;
  cells: ComparisonCell[];
}

/** Why two cells of a comparison may not be like for like. */
export interface ComparisonCaveat {
  kind: 'COMPARABILITY' | 'MIXED_REVISIONS';
  note: string;
  noteZh: string;
}

export interface ComparisonArgs {
  indicator: string;
  counties?: string[] | null;
  years: number[];
  breakdown?: Record<string, string> | null;
  normalizeBy?: Normalization | null;
}

export async function compare(ctx: Context, args: ComparisonArgs): Promise<{ indicatorCode: string; years: number[]; rows: ComparisonRow[]; caveats: ComparisonCaveat[] }> {
  const years = [...new Set(args.years)].sort();
  if (years.length === 0 || years.length > 20) throw new BadUserInputError('years must list 1 to 20 years', 'years');
  for (const y of years) if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new BadUserInputError(`years: ${y} is not a year`, 'years');
  (args.counties ?? []).forEach((c) => assertCountyCode(c, 'counties'));
  if ((args.counties?.length ?? 0) > 200) throw new BadUserInputError('counties takes at most 200 codes', 'counties');
  const breakdown = args.breakdown ?? {};
  for (const [k, v] of Object.entries(breakdown)) if (typeof v !== 'string') throw new BadUserInputError(`breakdown.${k} must be a string`, 'breakdown');

  const [indicator] = await ctx.db.query<{ code: string; unit: string; definition: IndicatorDefinition | null; comparability: string; comparability_zh: string }>(
    sql`SELECT code, unit, definition, comparability, comparability_zh FROM indicator WHERE code = ${args.indicator}`);
  if (!indicator) throw new NotFoundError(`No indicator with code ${args.indicator.slice(0, 60)}`);

  const counties = await ctx.db.query<{ id: number; code: string; population: number | null; townships: string }>(sql`
    SELECT c.id, c.code, c.population, (SELECT count(*) FROM township t WHERE t.county_id = c.id) AS townships
      FROM county c
     WHERE ${args.counties?.length ? sql`c.code = ANY(${args.counties}::text[])` : sql`NOT c.synthetic`}
     ORDER BY c.code`);
  const missing = (args.counties ?? []).filter((code) => !counties.some((c) => c.code === code));
  if (missing.length) throw new NotFoundError(`No county with code ${missing.join(', ')}`, { argument: 'counties' });

  const figures = await ctx.db.query<{ id: number; county_id: number; year: number; value: string; unit: string; qualifier: string; quote: string; indicator_revision: number }>(sql`
    SELECT f.id, f.county_id, f.year, f.value, f.unit, f.qualifier, f.quote, f.indicator_revision FROM figure f
     WHERE f.indicator_code = ${indicator.code} AND f.year = ANY(${years}::int[]) AND f.county_id = ANY(${counties.map((c) => c.id)}::int[])
       AND f.breakdown = ${JSON.stringify(breakdown)}::jsonb`);

  // Reports held per county and year, and whether one is transcribed completely: why a figure is missing.
  const held = new Map((await ctx.db.query<{ county_id: number; year: number; complete: boolean }>(sql`
    SELECT county_id, year, bool_or(transcription = 'COMPLETE') AS complete FROM report
     WHERE county_id = ANY(${counties.map((c) => c.id)}::int[]) AND year = ANY(${years}::int[]) GROUP BY 1, 2`))
    .map((r) => [`${r.county_id}:${r.year}`, r.complete]));
  const gapOf = (countyId: number, year: number): ComparisonGap => {
    const complete = held.get(`${countyId}:${year}`);
    return complete === undefined ? 'NO_REPORT_HELD' : complete ? 'NOT_IN_REPORT' : 'NOT_IN_TRANSCRIPTION';
  };

  // Population by county and year (record kind `population`), for values per 10,000 residents.
  const population = args.normalizeBy === 'PER_10K_RESIDENTS'
    ? new Map((await ctx.db.query<{ county_id: number; year: number; population: number }>(sql`
        SELECT county_id, year, population FROM county_population WHERE county_id = ANY(${counties.map((c) => c.id)}::int[]) AND year = ANY(${years}::int[])`))
      .map((r) => [`${r.county_id}:${r.year}`, r.population]))
    : new Map<string, number>();

  // Computed from records: null where a county holds none for that year.
  const computed = indicator.definition
    ? await computeIndicators(ctx.db, engineOptions(ctx), [{ key: 'i', definition: indicator.definition, breakdown }], counties.map((c) => Number(c.id)), years)
    : null;
  const source = computed?.sources.get('i') ?? null;

  const rows: ComparisonRow[] = counties.map((c) => ({
    countyId: c.id,
    countyCode: c.code,
    cells: years.map((year) => {
      const f = figures.find((x) => x.county_id === c.id && x.year === year);
      const value = f ? Number(f.value) : null;
      const cell: ComparisonCell = {
        year, status: f ? 'PUBLISHED' : 'NOT_PUBLISHED', gap: f ? null : gapOf(c.id, year), figureId: f?.id ?? null, value, unit: f?.unit ?? null,
        qualifier: f?.qualifier ?? null, quote: f?.quote ?? null, indicatorRevision: f?.indicator_revision ?? null, rank: null, rankedOf: null, changeFromPreviousYear: null,
        computed: computed?.values.get(`i:${Number(c.id)}:${year}`) ?? null, normalized: null, normalizationNote: null,
        servedFrom: null, refreshedAt: null,
      };
      if (cell.computed !== null && source) Object.assign(cell, source);
      if (args.normalizeBy && value !== null) {
        // The year's population when held, else the county's single figure (older data).
        const base = args.normalizeBy === 'PER_10K_RESIDENTS' ? population.get(`${c.id}:${year}`) ?? c.population : Number(c.townships) || null;
        if (base) cell.normalized = Math.round((args.normalizeBy === 'PER_10K_RESIDENTS' ? (value / base) * 10000 : value / base) * 10000) / 10000;
        else cell.normalizationNote = args.normalizeBy === 'PER_10K_RESIDENTS' ? `population of ${c.code} for ${year} is not held (import it: record kind population)` : `townships of ${c.code} are not held`;
      }
      return cell;
    }),
  }));

  // Rank within each year over published values (1 = highest; equal values share a rank).
  years.forEach((year, yi) => {
    const values = rows.map((r) => r.cells[yi].value).filter((v): v is number => v !== null).sort((a, b) => b - a);
    for (const r of rows) {
      const cell = r.cells[yi];
      if (cell.value !== null) {
        cell.rank = values.indexOf(cell.value) + 1;
        cell.rankedOf = values.length;
      }
      const prev = yi > 0 && years[yi - 1] === year - 1 ? r.cells[yi - 1].value : null;
      if (cell.value !== null && prev !== null) cell.changeFromPreviousYear = Math.round((cell.value - prev) * 1e6) / 1e6;
    }
  });
  return { indicatorCode: indicator.code, years, rows, caveats: caveatsOf(indicator, figures.map((f) => f.indicator_revision)) };
}

/** What a reader must know before ranking: the indicator's comparability note, and mixed definitions. */
function caveatsOf(indicator: { comparability: string; comparability_zh: string }, revisions: number[]): ComparisonCaveat[] {
  const caveats: ComparisonCaveat[] = [];
  if (indicator.comparability) caveats.push({ kind: 'COMPARABILITY', note: indicator.comparability, noteZh: indicator.comparability_zh });
  const distinct = [...new Set(revisions)].sort((a, b) => a - b);
  if (distinct.length > 1) {
    caveats.push({
      kind: 'MIXED_REVISIONS',
      note: `The published values were transcribed under different revisions of the indicator's definition (${distinct.join(', ')}); see indicator.revisions and each cell's indicatorRevision.`,
      noteZh: `所比较的数值按该指标不同修订版本的定义转录（第${distinct.join('、')}版），请查看指标修订记录及各单元格的 indicatorRevision。`,
    });
  }
  return caveats;
}
