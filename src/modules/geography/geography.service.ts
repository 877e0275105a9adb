import type { Context } from '../../context';
import { BadUserInputError, NotFoundError } from '../../errors';
import { County } from './county.entity';

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
