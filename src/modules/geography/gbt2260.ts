/**
 * GB/T 2260 administrative division codes (行政区划代码) of every province, city and
 * county-level unit, from seeds/data/gbt2260_*.csv (NBS list as republished by
 * github.com/modood/Administrative-divisions-of-China). Used to validate imported codes and
 * to create a county, with its city and province, the first time a report names it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedsDir } from '../../paths';

export interface Division {
  code: string;
  name: string;
}

export interface CountyDivision extends Division {
  city: Division;
  province: Division;
}

function readCsv(file: string): string[][] {
  const text = readFileSync(path.join(seedsDir, 'data', file), 'utf8');
  return text.trim().split('\n').slice(1).map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

class Gbt2260 {
  private readonly provinces = new Map<string, string>();
  private readonly cities = new Map<string, string>();
  private readonly counties = new Map<string, { name: string; city: string; province: string }>();

  constructor() {
    for (const [code, name] of readCsv('gbt2260_provinces.csv')) this.provinces.set(code, name);
    for (const [code, name] of readCsv('gbt2260_cities.csv')) this.cities.set(code, name);
    for (const [code, name, city, province] of readCsv('gbt2260_county_level.csv')) this.counties.set(code, { name, city, province });
  }

  county(code: string): CountyDivision | undefined {
    const c = this.counties.get(code);
    if (!c) return undefined;
    return {
      code,
      name: c.name,
      city: { code: `${c.city}00`, name: this.cities.get(c.city) ?? '' },
      province: { code: `${c.province}0000`, name: this.provinces.get(c.province) ?? '' },
    };
  }

  /** A prefecture-level city by six-digit code (410700). */
  city(code: string): Division | undefined {
    if (!/^\d{4}00$/.test(code)) return undefined;
    const name = this.cities.get(code.slice(0, 4));
    return name && name !== '市辖区' ? { code, name } : undefined;
  }

  /** County-level units whose name contains `text` (or whose code starts with it), in code order. */
  search(text: string, limit: number): CountyDivision[] {
    const found: CountyDivision[] = [];
    for (const code of [...this.counties.keys()].sort()) {
      if (found.length >= limit) break;
      if (this.counties.get(code)!.name.includes(text) || code.startsWith(text)) found.push(this.county(code)!);
    }
    return found;
  }

  /** County-level units of a province (two-digit or six-digit code), in code order. */
  countiesOf(province: string): CountyDivision[] {
    const prefix = province.slice(0, 2);
    return [...this.counties.keys()].filter((c) => c.startsWith(prefix)).sort().map((c) => this.county(c)!);
  }
}

let instance: Gbt2260 | undefined;
export function gbt2260(): Gbt2260 {
  instance ??= new Gbt2260();
  return instance;
}
