/** Relay connection types and arguments, generated per entity from its declaration. */
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import type { EntityDecl } from '../query/declaration';
import { entityFilterInput, entityOrderInput } from './filter-inputs';

@ObjectType({ description: 'Where a page sits in its list (Relay).', simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

type Class = new () => object;

export interface ConnectionTypes {
  Connection: Class;
  Args: Class;
  Filter: Class;
  Order: Class;
}

/** Page arguments shared by every list; page size limits are checked by the query layer. */
function pageFields(cls: Class): void {
  Field(() => Int, { nullable: true, description: 'Page size, forwards (default 20, at most MAX_PAGE_SIZE).' })(cls.prototype, 'first');
  Field(() => String, { nullable: true, description: 'Cursor to start after (with first).' })(cls.prototype, 'after');
  Field(() => Int, { nullable: true, description: 'Page size, backwards from the end or from before.' })(cls.prototype, 'last');
  Field(() => String, { nullable: true, description: 'Cursor to end before (with last).' })(cls.prototype, 'before');
}

/** `<Entity>Connection`, `<Entity>Edge` and `<Entity>ConnectionArgs` (filter, orderBy, first/after/last/before). */
export function connectionTypes(decl: EntityDecl, node: Class): ConnectionTypes {
  const Filter = entityFilterInput(decl);
  const Order = entityOrderInput(decl);

  const edgeName = `${decl.name}Edge`;
  const Edge = { [edgeName]: class {} }[edgeName];
  Field(() => String, { description: 'Opaque cursor of this row.' })(Edge.prototype, 'cursor');
  Field(() => node)(Edge.prototype, 'node');
  ObjectType(edgeName, { description: `A ${decl.name} in a list, with its cursor.`, simpleResolvers: true })(Edge);

  const connName = `${decl.name}Connection`;
  const Connection = { [connName]: class {} }[connName];
  Field(() => [Edge])(Connection.prototype, 'edges');
  Field(() => [node], { description: 'The nodes of the page, without cursors.' })(Connection.prototype, 'nodes');
  Field(() => PageInfo)(Connection.prototype, 'pageInfo');
  Field(() => Int, { description: 'Rows matching the filter, over all pages (counted only when asked for).' })(Connection.prototype, 'totalCount');
  ObjectType(connName, { description: `A page of ${decl.plural} (Relay connection).`, simpleResolvers: true })(Connection);

  const argsName = `${decl.name}ConnectionArgs`;
  const Args = { [argsName]: class {} }[argsName];
  Field(() => Filter, { nullable: true, description: 'Conditions on the rows.' })(Args.prototype, 'filter');
  Field(() => [Order], { nullable: true, description: 'Sort keys, in order of priority.' })(Args.prototype, 'orderBy');
  pageFields(Args);
  ArgsType()(Args);
  return { Connection, Args, Filter, Order };
}
