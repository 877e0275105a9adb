import { readFileSync } from 'node:fs';
import path from 'node:path';
import { upsert } from '../src/db/bulk';
import type { Queryable } from '../src/db/db';
import { seedsDir } from '../src/paths';

interface RegionsFile {
  provinces: { code: string; name: string; name_en: string }[];
  cities: { code: string; name: string; name_en: string; province: string }[];
  counties: { code: string; name: string; name_en: string; kind: string; city: string }[];
}

interface TownshipsFile {
  county_code: string;
  source: { dataset: string; commit: string };
  township_level_admin_units: { code: string; name: string; type: string; name_en: string; aliases: string[] }[];
}

interface AgenciesFile {
  county_code: string;
  departments: { code: string; name: string; name_en: string; aliases: string[]; provenance: string; source: string }[];
}

const TOWNSHIP_KIND: Record<string, string> = { 街道: 'SUBDISTRICT', 镇: 'TOWN', 乡: 'TOWNSHIP' };
const GOVERNMENT_SUFFIX: Record<string, string> = { 街道: '办事处', 镇: '人民政府', 乡: '人民政府' };
const GOVERNMENT_SUFFIX_EN: Record<string, string> = { 街道: ' Office', 镇: ' Government', 乡: ' Government' };

export function readSeed<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(path.join(seedsDir, ...parts), 'utf8')) as T;
}

export interface GeographyIds {
  counties: Map<string, number>;
  townships: Map<string, number>;
  agencies: Map<string, number>;
}

/** Provinces, cities, counties, Yanjin's townships and agencies; upserts by code, so re-running changes nothing. */
export async function seedGeography(db: Queryable): Promise<GeographyIds> {
  const regions = readSeed<RegionsFile>('data', 'regions.json');
  const provinces = await upsert(db, 'province', ['code', 'name', 'name_en'],
    regions.provinces.map((p) => [p.code, p.name, p.name_en]), { conflict: ['code'] });
  const cities = await upsert(db, 'city', ['code', 'name', 'name_en', 'province_id'],
    regions.cities.map((c) => [c.code, c.name, c.name_en, provinces.get(c.province)]), { conflict: ['code'] });
  const counties = await upsert(db, 'county', ['code', 'name', 'name_en', 'kind', 'city_id'],
    regions.counties.map((c) => [c.code, c.name, c.name_en, c.kind, cities.get(c.city)]), { conflict: ['code'] });

  const towns = readSeed<TownshipsFile>('data', 'yanjin_townships.json');
  const countyId = counties.get(towns.county_code);
  const townSource = `${towns.source.dataset}; commit ${towns.source.commit}`;
  const townships = await upsert(db, 'township', ['code', 'name', 'name_en', 'kind', 'aliases', 'county_id', 'source'],
    towns.township_level_admin_units.map((t) => [t.code, t.name, t.name_en, TOWNSHIP_KIND[t.type], t.aliases, countyId, townSource]),
    { conflict: ['code'] });

  const agencyFile = readSeed<AgenciesFile>('data', 'yanjin_agencies.json');
  const departmentRows = agencyFile.departments.map((d) =>
    [d.code, d.name, d.name_en, 'COUNTY_DEPARTMENT', d.aliases, countyId, null, d.provenance, d.source]);
  // Township governments exist by law for every township; their names follow the township's.
  const governmentRows = towns.township_level_admin_units.map((t) => [
    `${towns.county_code}-T${t.code.slice(6)}`, `延津县${t.name}${GOVERNMENT_SUFFIX[t.type]}`,
    `${t.name_en}${GOVERNMENT_SUFFIX_EN[t.type]}`, 'TOWNSHIP', t.aliases.map((a) => `${a}${GOVERNMENT_SUFFIX[t.type]}`),
    countyId, townships.get(t.code), 'PUBLISHED',
    `Government of the township-level unit ${t.code} (${townSource}); the report counts 乡镇(街道)政府(办事处) as enforcement units.`,
  ]);
  const agencies = await upsert(db, 'agency',
    ['code', 'name', 'name_en', 'level', 'aliases', 'county_id', 'township_id', 'provenance', 'source'],
    [...departmentRows, ...governmentRows], { conflict: ['code'] });

  return { counties, townships, agencies };
}
