import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { NotFoundError } from '../../errors';
import { Figure } from './figure.entity';
import { Indicator } from './indicator.entity';
import { IndicatorRevision } from './indicator-revision.entity';
import { Report } from './report.entity';
import { ReportRevision } from './report-revision.entity';
import { Role } from '../auth/api-key.entity';

export function indicatorLoader(ctx: Context): DataLoader<string, Indicator | null> {
  return ctx.loaders.custom('indicatorByCode', () => new DataLoader<string, Indicator | null>(async (codes) => {
    const rows = await ctx.em.find(Indicator, { code: { $in: [...codes] } });
    return codes.map((c) => rows.find((r) => r.code === c) ?? null);
  }));
}

@Resolver(() => Report)
export class ReportResolver {
  @FieldResolver(() => [ReportRevision], { description: 'Versions loaded, oldest first, with what each changed.' })
  revisions(@Root() r: Report, @Ctx() ctx: Context): Promise<ReportRevision[]> {
    return ctx.loaders.manyBy(ReportRevision, 'report', { revision: 'asc' }).load(r.id);
  }
}

/** What `loadedBy` may show a caller who is not an admin: a key id, or "seed"/"cli"; never a key's label. */
const LOADED_BY_PUBLIC = /^(?:\d{1,12}|seed|cli)$/;

@Resolver(() => ReportRevision)
export class ReportRevisionResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Who loaded it (API key id, or "seed"/"cli").' })
  loadedBy(@Root() r: ReportRevision, @Ctx() ctx: Context): string | null {
    const value = r.loadedBy ?? null;
    if (value === null || ctx.viewer.role === Role.ADMIN) return value;
    return LOADED_BY_PUBLIC.test(value) ? value : null;
  }
}

@Resolver(() => Figure)
export class FigureResolver {
  @FieldResolver(() => Indicator)
  async indicator(@Root() f: Figure, @Ctx() ctx: Context): Promise<Indicator> {
    return (await indicatorLoader(ctx).load(f.indicator.code))!;
  }
}

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Query(() => Indicator, { description: 'One indicator by code.' })
  async indicator(@Arg('code') code: string, @Ctx() ctx: Context): Promise<Indicator> {
    const found = await indicatorLoader(ctx).load(code.slice(0, 60));
    if (!found) throw new NotFoundError(`No indicator with code ${code.slice(0, 60)}`);
    return found;
  }

  @FieldResolver(() => [IndicatorRevision], { description: 'Every revision of the definition, newest first (修订记录); figures say which one they were transcribed under.' })
  revisions(@Root() i: Indicator, @Ctx() ctx: Context): Promise<IndicatorRevision[]> {
    return ctx.loaders.manyBy<IndicatorRevision, string>(IndicatorRevision, 'indicator', { revision: 'desc' }).load(i.code);
  }
}
