import type { Context } from '../../context';
import { BadUserInputError, NotFoundError } from '../../errors';
import { County } from './county.entity';
import type { CountyDivision } from './county-division';
import { gbt2260 } from './gbt2260';

const COUNTY_CODE = /^\d{6}$/;

export function assertCountyCode(code: string, argument = 'code'): void {
  if (!COUNTY_CODE.test(code)) {
    throw new BadUserInputError(`County code must be six digits (GB/T 2260), got "${code.slice(0, 40)}"`, argument);
  }
}

export async function countyByCode(ctx: Context, code: string): Promise<County> {
  assertCountyCode(code);
  const county = await ctx.em.findOne(County, { code });
  if (!county) throw new NotFoundError(`No county with code ${code}`);
  return county;
}

export async function allCounties(ctx: Context): Promise<County[]> {
  return ctx.em.find(County, {}, { orderBy: { code: 'asc' } });
}

/** County-level units whose name contains `name` (or whose code starts with it), with the county when held. */
export async function searchDivisions(ctx: Context, name: string, first: number): Promise<CountyDivision[]> {
  const text = name.trim();
  if (text.length < 1 || text.length > 20) throw new BadUserInputError('name must be 1 to 20 characters, e.g. 罗山 or 4115', 'name');
  if (!Number.isInteger(first) || first < 1 || first > 100) throw new BadUserInputError(`first must be between 1 and 100, got ${first}`, 'first');
  const divisions = gbt2260().search(text, first);
  const held = divisions.length ? await ctx.em.find(County, { code: { $in: divisions.map((d) => d.code) } }) : [];
  const byCode = new Map(held.map((c) => [c.code, c]));
  return divisions.map((d) => ({ code: d.code, name: d.name, cityName: d.city.name, provinceName: d.province.name, county: byCode.get(d.code) ?? null }));
}
