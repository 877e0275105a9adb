/** The two ways resolvers fetch lists: a root connection, or one child connection per parent (batched). */
import type { EntityClass } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Context } from '../context';
import { childConnections, rootConnection, type Connection, type ConnectionArgs } from '../query/connection';
import type { EntityDecl } from '../query/declaration';
import type { Sql } from '../db/sql';
import { policy, scopedArgs } from '../modules/auth/policy';

/** Rows a list returned are known by id: later references to them need no query. */
function prime<T>(ctx: Context, decl: EntityDecl, connection: Connection<T>): Connection<T> {
  const loader = ctx.loaders.byId(decl.entity as never);
  for (const node of connection.nodes as { id: number }[]) if (typeof node.id === 'number') loader.prime(node.id, node as never);
  ctx.loaders.remember(decl.entity.name, connection.nodes as { id: number }[]);
  return connection;
}

export async function list<T>(ctx: Context, decl: EntityDecl, args: ConnectionArgs, scope: Sql[] = []): Promise<Connection<T>> {
  const rows = ctx.loaders.track(decl.entity.name, rootConnection<T>(ctx.db, ctx.em, decl, scopedArgs(ctx, decl, args), policy(ctx), scope));
  return prime(ctx, decl, await rows);
}

/** `parent.<decl plural>(args)`: every parent of one request with the same args shares one statement. */
export function children<T>(ctx: Context, decl: EntityDecl, parentType: string, parentId: number, requested: ConnectionArgs): Promise<Connection<T>> {
  const args = scopedArgs(ctx, decl, requested);
  const key = `children:${decl.name}:${parentType}:${JSON.stringify(args)}`;
  const loader = ctx.loaders.custom<number, Connection<T>>(key, () =>
    new DataLoader<number, Connection<T>>(async (ids) =>
      (await ctx.loaders.track(decl.entity.name, childConnections<T>(ctx.db, ctx.em, decl, parentType, ids, args, policy(ctx)))).map((c) => prime(ctx, decl, c))));
  return loader.load(parentId);
}

/** A many-to-one relation through the request's loader; null when the reference is empty. */
export async function one<T extends { id: number }>(ctx: Context, entity: EntityClass<T>, ref: { id: number } | null | undefined): Promise<T | null> {
  return ref ? ctx.loaders.byId(entity).load(ref.id) : null;
}
