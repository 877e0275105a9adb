import { upsert } from '../../db/bulk';
import type { Queryable } from '../../db/db';
import { sql } from '../../db/sql';
import { gbt2260 } from './gbt2260';

/**
 * The county row for a GB/T 2260 county-level code, created with its city and province when
 * missing (a report or a record file may be the first to name a county); null for a code the
 * standard does not know.
 */
export async function ensureCounty(tx: Queryable, code: string): Promise<number | null> {
  const [found] = await tx.query<{ id: number }>(sql`SELECT id FROM county WHERE code = ${code}`);
  if (found) return found.id;
  const division = gbt2260().county(code);
  if (!division) return null;
  // English names are the romanised ones of GB/T 2260 (e.g. Luoshan County) until someone gives better.
  const provinces = await upsert(tx, 'province', ['code', 'name', 'name_en'], [[division.province.code, division.province.name, division.province.nameEn || null]], { conflict: ['code'], update: [] });
  const cities = await upsert(tx, 'city', ['code', 'name', 'name_en', 'province_id'], [[division.city.code, division.city.name, division.city.nameEn || null, provinces.get(division.province.code)]], { conflict: ['code'], update: [] });
  const kind = /区$/.test(division.name) ? 'DISTRICT' : /市$/.test(division.name) ? 'COUNTY_CITY' : 'COUNTY';
  const counties = await upsert(tx, 'county', ['code', 'name', 'name_en', 'kind', 'city_id'], [[code, division.name, division.nameEn || null, kind, cities.get(division.city.code)]], { conflict: ['code'], update: [] });
  return counties.get(code)!;
}
