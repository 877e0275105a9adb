/**
 * Reconciliation: for a county and year, every published figure beside the value the
 * platform computes from records (reported vs computed, difference, status), plus the
 * computable indicators the report did not publish.
 */
import type { Context } from '../context';
import { sql } from '../db/sql';
import { countyByCode } from '../modules/geography/geography.service';
import type { IndicatorDefinition } from '../modules/report/indicator.entity';
import { engineOptions } from './stats.service';
import { computeIndicators, type IndicatorItem } from './indicator-compute';

export type ReconciliationStatus = 'MATCH' | 'MISMATCH' | 'NOT_REPORTED' | 'NOT_COMPUTABLE';

export interface ReconciliationRow {
  indicatorCode: string;
  breakdown: Record<string, string>;
  figureId: number | null;
  reported: number | null;
  unit: string;
  qualifier: string | null;
  quote: string | null;
  computed: number | null;
  difference: number | null;
  status: ReconciliationStatus;
  /** Where the computed value came from (base table or summary), null when not computable. */
  servedFrom: string | null;
  refreshedAt: Date | null;
}

function decimals(value: number): number {
  const text = String(value);
  return text.includes('.') ? text.length - text.indexOf('.') - 1 : 0;
}

/** Does a computed value agree with a published one, given how it was published? */
export function agrees(reported: number, qualifier: string, computed: number): boolean {
  if (qualifier === 'AT_LEAST') return computed >= reported;
  if (qualifier === 'APPROXIMATE') return Math.abs(computed - reported) <= Math.abs(reported) * 0.05;
  // EXACT: equal at the precision the report shows (91% is 90.9% rounded).
  const d = decimals(reported);
  return Number((Math.round(computed * 10 ** d) / 10 ** d).toFixed(d)) === reported;
}

interface FigureRow {
  id: number;
  indicator_code: string;
  value: string;
  unit: string;
  qualifier: string;
  breakdown: Record<string, string>;
  quote: string;
  definition: IndicatorDefinition | null;
}

export async function reconcile(ctx: Context, countyCode: string, year: number): Promise<ReconciliationRow[]> {
  const county = await countyByCode(ctx, countyCode);
  const figures = await ctx.db.query<FigureRow>(sql`
    SELECT f.id, f.indicator_code, f.value, f.unit, f.qualifier, f.breakdown, f.quote, i.definition
      FROM figure f JOIN indicator i ON i.code = f.indicator_code
     WHERE f.county_id = ${county.id} AND f.year = ${year} ORDER BY f.position`);
  const computable = await ctx.db.query<{ code: string; unit: string; definition: IndicatorDefinition }>(
    sql`SELECT code, unit, definition FROM indicator WHERE definition IS NOT NULL ORDER BY family, code`);

  // Every computable indicator, published or not, in one batch: a statement per fact involved.
  const published = new Set(figures.map((f) => f.indicator_code));
  const items: IndicatorItem[] = [
    ...figures.filter((f) => f.definition).map((f) => ({ key: `figure:${f.id}`, definition: f.definition!, breakdown: f.breakdown })),
    ...computable.filter((i) => !published.has(i.code)).map((i) => ({ key: `indicator:${i.code}`, definition: i.definition, breakdown: {} })),
  ];
  const computed = await computeIndicators(ctx.db, engineOptions(ctx), items, [county.id], [year]);
  const valueOf = (key: string) => computed.values.get(`${key}:${county.id}:${year}`) ?? null;
  const sourceOf = (key: string) => computed.sources.get(key) ?? { servedFrom: null, refreshedAt: null };

  const rows: ReconciliationRow[] = [];
  for (const f of figures) {
    const reported = Number(f.value);
    const key = `figure:${f.id}`;
    const base = { indicatorCode: f.indicator_code, breakdown: f.breakdown, figureId: f.id, reported, unit: f.unit, qualifier: f.qualifier, quote: f.quote };
    const value = f.definition ? valueOf(key) : null;
    if (value === null) {
      rows.push({ ...base, computed: null, difference: null, status: 'NOT_COMPUTABLE', servedFrom: null, refreshedAt: null });
      continue;
    }
    const difference = Math.round((value - reported) * 1e6) / 1e6;
    rows.push({ ...base, computed: value, difference, status: agrees(reported, f.qualifier, value) ? 'MATCH' : 'MISMATCH', ...sourceOf(key) });
  }
  for (const i of computable) {
    if (published.has(i.code)) continue;
    const key = `indicator:${i.code}`;
    const value = valueOf(key);
    if (value === null) continue; // neither published nor computable: nothing to say
    rows.push({ indicatorCode: i.code, breakdown: {}, figureId: null, reported: null, unit: i.unit, qualifier: null, quote: null, computed: value, difference: null, status: 'NOT_REPORTED', ...sourceOf(key) });
  }
  return rows;
}
