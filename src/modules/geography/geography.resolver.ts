import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { Agency } from '../agency/agency.entity';
import { City } from './city.entity';
import { County } from './county.entity';
import { CountyDivisionConnection, CountyDivisionFilter } from './county-division';
import { allCounties, countyByCode, searchDivisions } from './geography.service';
import { Province } from './province.entity';
import { Township } from './township.entity';

/** Look-ups by code and the plain (unpaged) lists; connections and relations are generated (src/graphql/relations.ts). */
@Resolver(() => County)
export class CountyResolver {
  @Query(() => County, { description: 'A county by its GB/T 2260 code, e.g. "410726" (延津县).' })
  county(@Arg('code', { description: 'Six-digit GB/T 2260 code.' }) code: string, @Ctx() ctx: Context): Promise<County> {
    return countyByCode(ctx, code);
  }

  @Query(() => [County], { description: 'Every county the platform holds, by code (synthetic benchmark counties included, flagged).' })
  counties(@Ctx() ctx: Context): Promise<County[]> {
    return allCounties(ctx);
  }

  @Query(() => CountyDivisionConnection, { description: 'County-level units of all China (GB/T 2260), found by name in Chinese, pinyin or English (罗山, luoshan, Luoshan County) or by code prefix, in code order, a page at a time: the code to import or query a county by. `county` is set when the platform holds it.' })
  countyDivisions(
    @Arg('filter', () => CountyDivisionFilter) filter: CountyDivisionFilter,
    @Arg('first', () => Int, { defaultValue: 20, description: 'At most this many (0-100).' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after: string | null,
    @Ctx() ctx: Context,
  ): Promise<CountyDivisionConnection> {
    return searchDivisions(ctx, filter, first, after);
  }
}

@Resolver(() => City)
export class CityResolver {
  @FieldResolver(() => [County])
  counties(@Root() city: City, @Ctx() ctx: Context): Promise<County[]> {
    return ctx.loaders.manyBy(County, 'city', { code: 'asc' }).load(city.id);
  }
}

@Resolver(() => Province)
export class ProvinceResolver {
  @FieldResolver(() => [City])
  cities(@Root() province: Province, @Ctx() ctx: Context): Promise<City[]> {
    return ctx.loaders.manyBy(City, 'province', { code: 'asc' }).load(province.id);
  }
}

@Resolver(() => Township)
export class TownshipResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The township government (乡镇政府/街道办事处) as an agency.' })
  async government(@Root() township: Township, @Ctx() ctx: Context): Promise<Agency | null> {
    const agencies = await ctx.loaders.manyBy(Agency, 'township', { id: 'asc' }).load(township.id);
    return agencies[0] ?? null;
  }
}
