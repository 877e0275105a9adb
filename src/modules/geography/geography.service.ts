import type { Context } from '../../context';
import { BadUserInputError, NotFoundError } from '../../errors';
import { County } from './county.entity';
import { mapRow } from '../../db/row-mapper';
import { sql } from '../../db/sql';
import { decodeCursor, encodeCursor, invalidCursor } from '../../common/cursor';
import { checkPageSize } from '../../common/page-size';
import type { CountyDivisionConnection, CountyDivisionFilter } from './county-division';
import { gbt2260 } from './gbt2260';

const COUNTY_CODE = /^\d{6}$/;

export function assertCountyCode(code: string, argument = 'code'): void {
  if (!COUNTY_CODE.test(code)) {
    throw new BadUserInputError(`County code must be six digits (GB/T 2260), got "${code.slice(0, 40)}"`, argument);
  }
}

export async function countyByCode(ctx: Context, code: string): Promise<County> {
  assertCountyCode(code);
  // A row read before while the county has not changed since (county-cache.ts), else one plain
  // statement to a read-only row (row-mapper.ts): the ORM's findOne cost more than the statement.
  let row = ctx.counties?.get(code);
  if (!row) {
    const stamp = ctx.counties?.stamp(code) ?? null;
    [row] = await ctx.db.query<Record<string, unknown>>(sql`SELECT * FROM "county" WHERE "code" = ${code}`);
    if (row) ctx.counties?.set(code, row, stamp);
  }
  if (!row) throw new NotFoundError(`No county with code ${code}`);
  const county = mapRow(ctx.em, County, row);
  ctx.loaders.byId(County).prime(county.id, county);
  return county;
}

export async function allCounties(ctx: Context): Promise<County[]> {
  return ctx.em.find(County, {}, { orderBy: { code: 'asc' } });
}

/** County-level units of all China matching the filter, a page at a time, with the county when held. */
export async function searchDivisions(ctx: Context, filter: CountyDivisionFilter, first: number, after: string | null): Promise<CountyDivisionConnection> {
  const name = filter.name?.contains.trim();
  const prefix = filter.code?.startsWith.trim();
  if (name !== undefined && (name.length < 1 || name.length > 40)) throw new BadUserInputError('filter.name.contains must be 1 to 40 characters, e.g. 罗山 or luoshan', 'filter');
  if (prefix !== undefined && !/^\d{1,6}$/.test(prefix)) throw new BadUserInputError('filter.code.startsWith must be 1 to 6 digits, e.g. 4115', 'filter');
  if (name === undefined && prefix === undefined) throw new BadUserInputError('give filter.name.contains or filter.code.startsWith', 'filter');
  checkPageSize('first', first, 100);
  const matches = gbt2260().search({ name, codePrefix: prefix });
  let start = 0;
  if (after != null) {
    const { code } = decodeCursor(after, 'after', 'countyDivisions');
    if (typeof code !== 'string' || !/^\d{6}$/.test(code)) throw invalidCursor('after', 'countyDivisions', 'it names no division');
    start = matches.findIndex((d) => d.code > code);
    if (start < 0) start = matches.length;
  }
  const page = matches.slice(start, start + first);
  const held = page.length ? await ctx.em.find(County, { code: { $in: page.map((d) => d.code) } }) : [];
  const byCode = new Map(held.map((c) => [c.code, c]));
  const nodes = page.map((d) => ({
    code: d.code, name: d.name, nameEn: d.nameEn, pinyin: d.pinyin, cityName: d.city.name, cityNameEn: d.city.nameEn,
    provinceName: d.province.name, provinceNameEn: d.province.nameEn, county: byCode.get(d.code) ?? null,
  }));
  const cursor = (code: string) => encodeCursor({ code });
  return {
    totalCount: matches.length,
    nodes,
    edges: nodes.map((node) => ({ cursor: cursor(node.code), node })),
    pageInfo: { hasNextPage: start + first < matches.length, endCursor: page.length ? cursor(page[page.length - 1].code) : null },
  };
}
