/** Relay connection types and arguments, generated per entity from its declaration. */
import { Int } from 'type-graphql';
import type { ConnectionArgs } from '../query/connection';
import type { EntityDecl } from '../query/declaration';
import { entityFilterInput, entityOrderInput } from './filter-inputs';
import { argsType, field, objectType, type ClassRef, type Ctor } from './type-builder';

export const PageInfo = objectType('PageInfo', 'Where a page sits in its list (Relay).', {
  hasNextPage: field(Boolean),
  hasPreviousPage: field(Boolean),
  startCursor: field(String, { nullable: true }),
  endCursor: field(String, { nullable: true }),
});
export type PageInfo = InstanceType<typeof PageInfo>;

/** `<Entity>Connection`, `<Entity>Edge` and `<Entity>ConnectionArgs` (filter, orderBy, first/after/last/before). */
export function connectionTypes<N extends object>(decl: EntityDecl, entity: ClassRef<N>) {
  // MikroORM's EntityClass types its prototype as any, so the node type is taken from N.
  const node = entity as Ctor<N>;
  const Filter = entityFilterInput(decl);
  const Order = entityOrderInput(decl);

  const Edge = objectType(`${decl.name}Edge`, `A ${decl.name} in a list, with its cursor.`, {
    cursor: field(String, { description: 'Opaque cursor of this row.' }),
    node: field(node),
  });
  const Connection = objectType(`${decl.name}Connection`, `A page of ${decl.plural} (Relay connection).`, {
    edges: field(Edge, { list: true }),
    nodes: field(node, { list: true, description: 'The nodes of the page, without cursors.' }),
    pageInfo: field(PageInfo),
    totalCount: field(Int, { description: 'Rows matching the filter, over all pages (counted only when asked for).' }),
  });
  // Page size limits are checked by the query layer.
  const Args = argsType(`${decl.name}ConnectionArgs`, {
    filter: field(Filter, { nullable: true, description: 'Conditions on the rows.' }),
    orderBy: field(Order, { list: true, nullable: true, description: 'Sort keys, in order of priority.' }),
    first: field(Int, { nullable: true, description: 'Page size, forwards (default 20, at most MAX_PAGE_SIZE).' }),
    after: field(String, { nullable: true, description: 'Cursor to start after (with first).' }),
    last: field(Int, { nullable: true, description: 'Page size, backwards from the end or from before.' }),
    before: field(String, { nullable: true, description: 'Cursor to end before (with last).' }),
  });
  // `satisfies`: the arguments are what the query layer takes, so resolvers pass them on unchanged.
  return { Connection, Args: Args satisfies Ctor<ConnectionArgs>, Filter, Order };
}

/** The generated types of one entity's lists. */
export type ConnectionTypes<N extends object = object> = ReturnType<typeof connectionTypes<N>>;
