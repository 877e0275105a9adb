/** The two ways resolvers fetch lists: a root connection, or one child connection per parent (batched). */
import type { EntityClass } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Context } from '../context';
import { EVERY_COLUMN, childConnections, isComplete, rootConnection, type Connection, type ConnectionArgs, type PageSelection } from '../query/connection';
import type { EntityDecl } from '../query/declaration';
import type { Sql } from '../db/sql';
import { isCompleteRow, isMappedRow } from '../db/row-mapper';
import { policy, scopedArgs } from '../modules/auth/policy';

/**
 * Rows a list returned, and the references joined into it, are known by id: later references to
 * them need no query. Only rows read whole (with whole references): another selection may use them.
 */
function prime<T>(ctx: Context, decl: EntityDecl, connection: Connection<T>, selection: PageSelection): Connection<T> {
  if (selection.json) return connection; // JSON text: no rows to keep
  if (isComplete(selection)) {
    const loader = ctx.loaders.byId(decl.entity as never);
    for (const node of connection.nodes as { id: number }[]) if (typeof node.id === 'number') loader.prime(node.id, node as never);
    ctx.loaders.remember(decl.entity.name, connection.nodes as { id: number }[]);
  }
  for (const ref of selection.references) {
    if (ref.properties) continue;
    const refLoader = ctx.loaders.byId(ref.target as EntityClass<{ id: number }>);
    for (const node of connection.nodes as Record<string, { id: number } | null>[]) {
      const target = node[ref.property];
      if (isCompleteRow(target)) refLoader.prime(target!.id, target!);
    }
  }
  return connection;
}

/** A JSON page's selection with the arguments its child lists take in this request (bound before execution: jit-executor.ts). */
function withChildArgs(ctx: Context, selection: PageSelection): PageSelection {
  return selection.json?.children.length ? { ...selection, childArgs: ctx.execution.childArgs } : selection;
}

/** `selection`: what the nodes read, and the references joined into the list's statement (page-selection.ts). */
export async function list<T>(ctx: Context, decl: EntityDecl, args: ConnectionArgs, scope: Sql[] = [], pageSelection: PageSelection = EVERY_COLUMN): Promise<Connection<T>> {
  const selection = withChildArgs(ctx, pageSelection);
  const rows = ctx.loaders.track(decl.entity.name, rootConnection<T>(ctx.db, ctx.em, decl, scopedArgs(ctx, decl, args), policy(ctx), scope, selection));
  return prime(ctx, decl, await rows, selection);
}

/** `parent.<decl plural>(args)`: every parent of one request with the same args (and selection) shares one statement. */
export function children<T>(ctx: Context, decl: EntityDecl, parentType: string, parentId: number, requested: ConnectionArgs, pageSelection: PageSelection = EVERY_COLUMN): Promise<Connection<T>> {
  const args = scopedArgs(ctx, decl, requested);
  const selection = withChildArgs(ctx, pageSelection);
  const childArgs = selection.json?.children.map((c) => selection.childArgs?.get(c));
  const key = `children:${decl.name}:${parentType}:${JSON.stringify(args)}:${JSON.stringify([selection.properties, selection.references.map((r) => [r.property, r.properties]), selection.json?.signature, childArgs])}`;
  const loader = ctx.loaders.custom<number, Connection<T>>(key, () =>
    new DataLoader<number, Connection<T>>(async (ids) =>
      (await ctx.loaders.track(decl.entity.name, childConnections<T>(ctx.db, ctx.em, decl, parentType, ids, args, policy(ctx), selection))).map((c) => prime(ctx, decl, c, selection))));
  return loader.load(parentId);
}

/**
 * A many-to-one relation: the row itself when its list joined it for this selection (no loader
 * round, no promise: a forward field under a page of 1,000 nodes), else through the request's
 * loader; null when empty.
 */
export function reference<T extends { id: number }>(ctx: Context, entity: EntityClass<T>, ref: { id: number } | null | undefined): T | null | Promise<T | null> {
  if (!ref) return null;
  return isMappedRow(ref) ? (ref as T) : ctx.loaders.byId(entity).load(ref.id);
}

/** A many-to-one relation through the request's loader; null when the reference is empty. */
export async function one<T extends { id: number }>(ctx: Context, entity: EntityClass<T>, ref: { id: number } | null | undefined): Promise<T | null> {
  return reference(ctx, entity, ref);
}
