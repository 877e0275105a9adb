/**
 * GB/T 2260 administrative division codes (行政区划代码) of every province, city and
 * county-level unit, from seeds/data/gbt2260_*.csv (NBS list as republished by
 * github.com/modood/Administrative-divisions-of-China). Used to validate imported codes and
 * to create a county, with its city and province, the first time a report names it. Pinyin and
 * English names come from seeds/data/gbt2260_romanised.csv (seeds/tools/romanise-divisions.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { seedsDir } from '../../paths';

export interface Division {
  code: string;
  name: string;
  /** Romanised English name, e.g. Luoshan County (pinyin of the name, suffix translated). */
  nameEn: string;
  /** Pinyin without tones, syllables spaced, e.g. "luo shan xian". */
  pinyin: string;
}

export interface CountyDivision extends Division {
  city: Division;
  province: Division;
}

function readCsv(file: string): string[][] {
  const text = readFileSync(path.join(seedsDir, 'data', file), 'utf8');
  return text.trim().split('\n').slice(1).map((line) => line.split(',').map((c) => c.replace(/^"|"$/g, '')));
}

/** Lower case, no spaces, apostrophes or hyphens, ü and v as u: "Lu'an" and "lu an" match "luan". */
export function foldLatin(text: string): string {
  return text.toLowerCase().replace(/[\s'’-]/g, '').replace(/[üv]/g, 'u');
}

export interface DivisionQuery {
  /** Part of the Chinese name, of the pinyin (toneless, spaces optional) or of the English name. */
  name?: string;
  /** Start of the six-digit code. */
  codePrefix?: string;
}

class Gbt2260 {
  private readonly provinces = new Map<string, string>();
  private readonly cities = new Map<string, string>();
  private readonly counties = new Map<string, { name: string; city: string; province: string }>();
  private readonly latin = new Map<string, { nameEn: string; pinyin: string; folded: string }>();
  private readonly codes: string[];

  constructor() {
    for (const [code, name] of readCsv('gbt2260_provinces.csv')) this.provinces.set(code, name);
    for (const [code, name] of readCsv('gbt2260_cities.csv')) this.cities.set(code, name);
    for (const [code, name, city, province] of readCsv('gbt2260_county_level.csv')) this.counties.set(code, { name, city, province });
    for (const [code, pinyin, nameEn] of readCsv('gbt2260_romanised.csv')) this.latin.set(code, { nameEn, pinyin, folded: `${foldLatin(pinyin)}|${foldLatin(nameEn)}` });
    this.codes = [...this.counties.keys()].sort();
  }

  private division(code: string, name: string): Division {
    const latin = this.latin.get(code);
    return { code, name, nameEn: latin?.nameEn ?? '', pinyin: latin?.pinyin ?? '' };
  }

  county(code: string): CountyDivision | undefined {
    const c = this.counties.get(code);
    if (!c) return undefined;
    return {
      ...this.division(code, c.name),
      city: this.division(`${c.city}00`, this.cities.get(c.city) ?? ''),
      province: this.division(`${c.province}0000`, this.provinces.get(c.province) ?? ''),
    };
  }

  /** A prefecture-level city by six-digit code (410700). */
  city(code: string): Division | undefined {
    if (!/^\d{4}00$/.test(code)) return undefined;
    const name = this.cities.get(code.slice(0, 4));
    return name && name !== '市辖区' ? this.division(code, name) : undefined;
  }

  /** County-level units matching every condition given, in code order. */
  search(query: DivisionQuery): CountyDivision[] {
    const text = query.name?.trim() ?? '';
    const folded = foldLatin(text);
    return this.codes
      .filter((code) => !query.codePrefix || code.startsWith(query.codePrefix))
      .filter((code) => !text || this.counties.get(code)!.name.includes(text) || (folded.length > 0 && !!this.latin.get(code)?.folded.includes(folded)))
      .map((code) => this.county(code)!);
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
