import { upsert } from '../src/db/bulk';
import type { Queryable } from '../src/db/db';
import { measuresOf } from '../src/analytics/measures';
import { factByKey } from '../src/analytics/facts';
import { readSeed } from './geography.seed';

interface IndicatorSeed {
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  unit_aliases: string[];
  family: string;
  description: string;
  description_zh: string;
  comparability?: string;
  comparability_zh?: string;
  definition: { fact: string; measure: string } | null;
}

export class SeedError extends Error {}

/** The indicator catalogue (seeds/data/indicators.json), upserted by code. */
export async function seedCatalogue(db: Queryable): Promise<number> {
  const { indicators } = readSeed<{ indicators: IndicatorSeed[] }>('data', 'indicators.json');
  const problems: string[] = [];
  indicators.forEach((ind, i) => {
    if (!/^[A-Z][A-Z0-9_]{2,59}$/.test(ind.code ?? '')) problems.push(`indicators[${i}] code: "${ind.code}" is not an UPPER_SNAKE code`);
    for (const field of ['name_zh', 'name_en', 'unit', 'family', 'description', 'description_zh'] as const) {
      if (typeof ind[field] !== 'string' || !ind[field]) problems.push(`indicators[${i}] (${ind.code}) ${field}: is required`);
    }
    if (ind.definition) {
      const fact = factByKey(ind.definition.fact);
      if (!fact) problems.push(`indicators[${i}] (${ind.code}) definition.fact: unknown fact "${ind.definition.fact}"`);
      else if (!measuresOf(fact).has(ind.definition.measure)) problems.push(`indicators[${i}] (${ind.code}) definition.measure: ${fact.key} has no measure "${ind.definition.measure}"`);
    }
  });
  if (problems.length) throw new SeedError(`seeds/data/indicators.json: ${problems.join('; ')}`);
  // The curated catalogue is each indicator's first revision; later ones come through imports.
  const columns = ['name_zh', 'name_en', 'unit', 'unit_aliases', 'family', 'description', 'description_zh', 'comparability', 'comparability_zh', 'definition'];
  const values = indicators.map((i) => [i.name_zh, i.name_en, i.unit, i.unit_aliases, i.family, i.description, i.description_zh, i.comparability ?? '', i.comparability_zh ?? '', i.definition ? JSON.stringify(i.definition) : null]);
  await upsert(db, 'indicator', ['code', ...columns], indicators.map((i, n) => [i.code, ...values[n]]), { conflict: ['code'], returnIds: false });
  await upsert(db, 'indicator_revision', ['indicator_code', 'revision', ...columns], indicators.map((i, n) => [i.code, 1, ...values[n]]), { conflict: ['indicator_code', 'revision'], returnIds: false });
  return indicators.length;
}
