/**
 * Computing catalogue indicators from records, generically, from their definitions: the fact,
 * the measure, the definition's filter (with $YEAR_START/$YEAR_END), the figure's breakdown as
 * equality filters, the county, and the year of the fact's main date. Every indicator of a
 * fact, for every county and year asked, comes from one statement through the engine: one
 * filtered measure column per (indicator, year), grouped by county.
 */
import type { Db } from '../db/db';
import type { IndicatorDefinition } from '../modules/report/indicator.entity';
import { breakdownFilter } from './breakdowns';
import { runAggregate, type EngineOptions } from './engine';
import { factByKey } from './facts';
import { measure } from './measures';
import { emptyMeasures, type FilteredMeasure, type StatsQuery } from './stats-sql';

function substitute(value: unknown, year: number): unknown {
  if (typeof value === 'string') return value.replace('$YEAR_START', `${year}-01-01`).replace('$YEAR_END', `${year}-12-31`);
  if (Array.isArray(value)) return value.map((v) => substitute(v, year));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, year)]));
  return value;
}

function scaled(def: IndicatorDefinition, value: number | null): number | null {
  if (value === null) return null;
  const v = value * (def.scale ?? 1);
  return Math.round(v * 1e6) / 1e6; // drop float noise from scaling (e.g. fen -> 万元)
}

export interface IndicatorItem {
  /** The caller's name for this indicator-breakdown pair. */
  key: string;
  definition: IndicatorDefinition;
  breakdown: Record<string, string>;
}

export interface ComputedSource {
  servedFrom: string;
  refreshedAt: Date | null;
}

export interface Computed {
  /** Value by `${key}:${countyId}:${year}`; null where the county holds no records of the fact that year (a zero there would be invented). */
  values: Map<string, number | null>;
  /** Where each item's values came from, by item key. */
  sources: Map<string, ComputedSource>;
}

export async function computeIndicators(db: Db, opts: EngineOptions, items: IndicatorItem[], countyIds: number[], years: number[]): Promise<Computed> {
  const out: Computed = { values: new Map(), sources: new Map() };
  const byFact = new Map<string, IndicatorItem[]>();
  for (const item of items) byFact.set(item.definition.fact, [...(byFact.get(item.definition.fact) ?? []), item]);
  for (const [factKey, group] of byFact) {
    const fact = factByKey(factKey);
    if (!fact) throw new Error(`unknown fact ${factKey}`);
    const filtered: FilteredMeasure[] = [];
    const column = (i: number, y: number) => `f${i}_${y}`;
    group.forEach((item, i) => {
      for (const y of years) {
        const periodic = item.definition.period !== 'none';
        filtered.push({ column: column(i, y), measure: item.definition.measure, filter: { and: [
          substitute(item.definition.filter ?? {}, y), breakdownFilter(item.breakdown), periodic ? { year: { eq: y } } : {},
        ] } });
      }
    });
    // Held: the county has records of the fact that year (for year-end snapshots: any year).
    for (const y of years) filtered.push({ column: `held_${y}`, measure: 'count', filter: { year: { eq: y } } });
    const allPeriodic = group.every((i) => i.definition.period !== 'none');
    // One group per county (the scope), each with every filtered measure as a column.
    const q: StatsQuery = {
      groupBy: [], filter: allPeriodic ? { year: { in: years } } : undefined,
      allowPersonal: false, having: [], order: [], offset: 0, limit: 1,
      measures: emptyMeasures(), previousYear: null, filtered,
      scope: { dimension: fact.dimensions.find((d) => d.name === 'COUNTY')!, ids: countyIds },
    };
    const result = await runAggregate(db, fact, q, { ...opts, maxScanRows: null });
    const rows = new Map(result.rows.map((r) => [Number(r.__parent), r]));
    group.forEach((item, i) => {
      out.sources.set(item.key, { servedFrom: result.servedFrom, refreshedAt: result.refreshedAt });
      const kind = measure(fact, item.definition.measure).kind;
      const whenEmpty = kind === 'count' || kind === 'countIf' || kind === 'sum' || kind === 'countDistinct' ? 0 : null;
      for (const c of countyIds) {
        for (const y of years) {
          const row = rows.get(c);
          const periodic = item.definition.period !== 'none';
          const held = row && (periodic ? Number(row[`held_${y}`]) > 0 : Number(row.m_count) > 0);
          const v = row?.[column(i, y)];
          out.values.set(`${item.key}:${c}:${y}`, held ? scaled(item.definition, v === null || v === undefined ? whenEmpty : Number(v)) : null);
        }
      }
    });
  }
  return out;
}
