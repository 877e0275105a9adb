/**
 * Computing a catalogue indicator from records, generically, from its definition:
 * the fact, the measure, the definition's filter (with $YEAR_START/$YEAR_END), the figure's
 * breakdown as equality filters, the county, and the year of the fact's main date.
 */
import type { Queryable } from '../db/db';
import { sql } from '../db/sql';
import type { IndicatorDefinition } from '../modules/report/indicator.entity';
import { breakdownFilter } from './breakdowns';
import { factByKey } from './facts';
import { aggregate } from './stats.service';

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

export interface ComputeRequest {
  definition: IndicatorDefinition;
  breakdown: Record<string, string>;
  countyCodes: string[];
  years: number[];
}

/**
 * The indicator for each (county, year), keyed "code:year". Null where the county holds no
 * records of the fact for that year (a zero there would be invented). One statement to find
 * what is held, then one per year for year-end snapshots, else one in all.
 */
export async function computeIndicator(db: Queryable, req: ComputeRequest): Promise<Map<string, number | null>> {
  const fact = factByKey(req.definition.fact);
  if (!fact) throw new Error(`unknown fact ${req.definition.fact}`);
  const out = new Map<string, number | null>();
  const key = (county: string, year: number) => `${county}:${year}`;
  const base = (year: number) => ({
    and: [substitute(req.definition.filter ?? {}, year), breakdownFilter(req.breakdown), { countyCode: { in: req.countyCodes } }],
  });
  const codes = await db.query<{ id: number; code: string }>(sql`SELECT id, code FROM county WHERE code = ANY(${req.countyCodes}::text[])`);
  const codeById = new Map(codes.map((c) => [Number(c.id), c.code]));
  if (req.definition.period === 'none') {
    for (const year of req.years) {
      const rows = await aggregate(db, fact, base(year), req.definition.measure, ['COUNTY']);
      for (const r of rows) out.set(key(codeById.get(Number(r.keys[0]))!, year), scaled(req.definition, r.value));
    }
  } else {
    const filter = { and: [base(req.years[0]), { year: { in: req.years } }] };
    if (req.years.some((y) => JSON.stringify(substitute(req.definition.filter ?? {}, y)) !== JSON.stringify(substitute(req.definition.filter ?? {}, req.years[0])))) {
      throw new Error(`definition of ${req.definition.fact}.${req.definition.measure} depends on the year; use period "none"`);
    }
    const rows = await aggregate(db, fact, filter, req.definition.measure, ['COUNTY', 'YEAR']);
    for (const r of rows) out.set(key(codeById.get(Number(r.keys[0]))!, Number(r.keys[1])), scaled(req.definition, r.value));
  }
  // Held but no matching rows: counts and sums are 0, a rate has no value. Not held: null.
  const held = await heldCountyYears(db, fact, req, codeById);
  const empty = /Rate$/.test(req.definition.measure) ? null : 0;
  for (const c of req.countyCodes) {
    for (const y of req.years) {
      if (!held.has(key(c, y))) out.set(key(c, y), null);
      else if (!out.has(key(c, y))) out.set(key(c, y), empty);
    }
  }
  return out;
}

/** County-years with any record of the fact ("code:year"), through the engine (so a rollup answers when it can). */
async function heldCountyYears(db: Queryable, fact: NonNullable<ReturnType<typeof factByKey>>, req: ComputeRequest, codeById: Map<number, string>): Promise<Set<string>> {
  const rows = await aggregate(db, fact, { countyCode: { in: req.countyCodes } }, 'count', ['COUNTY', 'YEAR']);
  const held = new Set<string>();
  for (const r of rows) {
    const code = codeById.get(Number(r.keys[0]))!;
    if (req.definition.period === 'none') for (const y of req.years) held.add(`${code}:${y}`);
    else held.add(`${code}:${r.keys[1]}`);
  }
  return held;
}
