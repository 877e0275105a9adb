import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../context';
import { list } from '../../graphql/lists';
import { typesFor } from '../../graphql/types';
import type { ConnectionArgs } from '../../query/connection';
import { auditLogDecl } from './audit-log.decl';
import { AuditLog } from './audit-log.entity';
import { assertAdmin } from './viewer';

const AuditLogTypes = typesFor(auditLogDecl);

@Resolver(() => AuditLog)
export class AuditLogResolver {
  @Query(() => AuditLogTypes.Connection, { description: 'Every write (imports): who, what, when, how many rows. ADMIN keys only.' })
  auditLog(@Args(() => AuditLogTypes.Args) args: ConnectionArgs, @Ctx() ctx: Context) {
    assertAdmin(ctx.viewer);
    return list(ctx, auditLogDecl, args);
  }
}
