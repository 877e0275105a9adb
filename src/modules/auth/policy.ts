/**
 * Who may ask what of a list: record-level lists need a key; only editors and admins may filter
 * and order by personal data, and an editor who does sees only their own county's rows. Used by
 * lists and by the stats engine alike, so both keep the same rules.
 */
import { toGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import type { QueryPolicy } from '../../query/connection';
import type { EntityDecl } from '../../query/declaration';
import { usesPersonal } from '../../query/filter-sql';
import { Role } from './api-key.entity';
import { assertCanReadRecords } from './viewer';

/** Editors and admins may filter and order by personal data; the query layer never lets others. */
export function policy(ctx: Context): QueryPolicy {
  return { maxPageSize: ctx.config.maxPageSize, allowPersonal: ctx.viewer.role === Role.ADMIN || ctx.viewer.role === Role.EDITOR };
}

/**
 * What a viewer may ask of a declaration: record-level lists need a key, and an editor who
 * filters or orders by personal data sees only their own county's rows.
 */
export function scopedArgs<A extends { filter?: unknown; orderBy?: { field: string }[] | null }>(ctx: Context, decl: EntityDecl, args: A): A {
  if (decl.records) assertCanReadRecords(ctx.viewer, decl.plural[0].toUpperCase() + decl.plural.slice(1));
  return personalScope(ctx, decl, args);
}

/** An editor filtering or ordering by personal data sees only their own county's rows. */
export function personalScope<A extends { filter?: unknown; orderBy?: { field: string }[] | null }>(ctx: Context, decl: EntityDecl, args: A): A {
  const personal = usesPersonal(decl, args.filter) || (args.orderBy ?? []).some((o) => decl.orders.find((f) => f.name === o.field)?.personal);
  if (personal && ctx.viewer.role === Role.EDITOR) {
    const own = { countyId: { eq: toGlobalId('County', ctx.viewer.countyId ?? 0) } };
    return { ...args, filter: args.filter ? { and: [args.filter, own] } : own };
  }
  return args;
}
