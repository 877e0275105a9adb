import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { EnforcementOfficer } from './officer.entity';
import { personalField } from './personal-data';

/** Personal data: the list and the relations are generated (src/graphql/relations.ts). */
@Resolver(() => EnforcementOfficer)
export class EnforcementOfficerResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Name (姓名). Personal data: only editors of the officer\'s county and admins; null with a FORBIDDEN error for others.' })
  name(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): string | null {
    return personalField(ctx, o, o.name);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Certificate number (执法证号). Personal data, as name.' })
  certificateNumber(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): string | null {
    return personalField(ctx, o, o.certificateNumber);
  }
}
