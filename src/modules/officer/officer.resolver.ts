import { Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { list, one } from '../../graphql/lists';
import { EnforcementOfficerTypes } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { Agency } from '../agency/agency.entity';
import { County } from '../geography/county.entity';
import { officerDecl } from './officer.decl';
import { EnforcementOfficer } from './officer.entity';
import { personalField } from './personal-data';

@Resolver(() => EnforcementOfficer)
export class EnforcementOfficerResolver {
  @Query(() => EnforcementOfficerTypes.Connection, { description: 'Enforcement officers (行政执法人员) and their certificates.' })
  enforcementOfficers(@Args(() => EnforcementOfficerTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    return list(ctx, officerDecl, args);
  }

  @FieldResolver(() => Agency)
  async agency(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): Promise<Agency> {
    return (await one(ctx, Agency, o.agency))!;
  }

  @FieldResolver(() => County)
  async county(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): Promise<County> {
    return (await one(ctx, County, o.county))!;
  }

  @FieldResolver(() => String, { nullable: true, description: 'Name (姓名). Personal data: only editors of the officer\'s county and admins; null with a FORBIDDEN error for others.' })
  name(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): string | null {
    return personalField(ctx, o, o.name);
  }

  @FieldResolver(() => String, { nullable: true, description: 'Certificate number (执法证号). Personal data, as name.' })
  certificateNumber(@Root() o: EnforcementOfficer, @Ctx() ctx: Context): string | null {
    return personalField(ctx, o, o.certificateNumber);
  }
}
