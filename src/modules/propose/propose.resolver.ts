import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { ForbiddenError } from '../../errors';
import { Role } from '../auth/api-key.entity';
import { assertCanWrite } from '../auth/viewer';
import { proposeFigures } from './propose.service';
import { FigureProposals } from './propose.types';

@Resolver()
export class ProposeResolver {
  @Query(() => FigureProposals, {
    description: 'Propose the figures of a report\'s text (法治政府建设情况报告) for review: every number that is not a date, year, document number or page furniture, with its verbatim quote, value, unit, qualifier, best indicator and breakdown, and a draft report file to correct and import. EDITOR key of the county, or ADMIN. Writes nothing.',
  })
  async proposeFigures(
    @Arg('text', { description: 'The report\'s full text (UTF-8, at most 100,000 characters).' }) text: string,
    @Arg('areaCode', { description: 'GB/T 2260 code of the county (or city) that published it.' }) areaCode: string,
    @Arg('year', () => Int, { description: 'The year the report covers.' }) year: number,
    @Ctx() ctx: Context,
  ): Promise<FigureProposals> {
    const v = ctx.viewer;
    if (v.role !== Role.ADMIN && v.role !== Role.EDITOR) throw new ForbiddenError('Proposing figures needs an EDITOR key for the county (or an ADMIN key).');
    assertCanWrite(v, areaCode);
    const result = await proposeFigures(ctx.db, { text, areaCode, year });
    const matchedCount = result.figures.filter((f) => f.matched).length;
    return { ...result, matchedCount, unmatchedCount: result.figures.length - matchedCount };
  }
}
