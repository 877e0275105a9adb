/**
 * Fields generated from the declarations and from MikroORM's @ManyToOne metadata, so that a
 * relation is written once (on the child's property) and served both ways:
 * - the root list of each declaration that names one (`enforcementCases(filter, orderBy, …)`);
 * - the forward field of every many-to-one property the entity exposes with @Field
 *   (`EnforcementCase.agency`), through the request's batched loader;
 * - the reverse child list on the parent (`Agency.enforcementCases(…)`), one statement for all
 *   parents of a request (src/query/connection.ts).
 * Resolver files keep only behaviour of their own (personal data, members, revisions…).
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root, getMetadataStorage } from 'type-graphql';
import type { EntityClass } from '@mikro-orm/core';
import type { Context } from '../context';
import type { ConnectionArgs } from '../query/connection';
import type { EntityDecl } from '../query/declaration';
import { hasNumericId, manyToOnes, parentLinks } from '../query/relations-meta';
import type { ConnectionTypes } from './connection-types';
import { typesFor } from './types';
import { generatedResolver } from './generated-resolver';
import { children, list, reference } from './lists';
import { pageSelection } from './page-selection';
import { objectTypeName, registerForwardField, registerPageField } from './json-pages';

type Row = { id: number } & Record<string, unknown>;

function rootList(decl: EntityDecl, types: ConnectionTypes): Function[] {
  if (!decl.list) return [];
  const { field, description } = decl.list;
  registerPageField('Query', field, decl);
  const cls = generatedResolver(`${decl.name}ListResolver`, field, (args: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) => list(ctx, decl, args, [], pageSelection(info, decl.entity)), (proto, method, descriptor) => {
    Args(() => types.Args)(proto, method, 0);
    Ctx()(proto, method, 1);
    Info()(proto, method, 2);
    Query(() => types.Connection, { name: field, description })(proto, method, descriptor);
  });
  Resolver()(cls);
  return [cls];
}

/** `parent.<children>(filter, orderBy, first, after…)` for every parent a declaration's rows link to. */
function reverseLists(decl: EntityDecl, types: ConnectionTypes, classes: Map<string, EntityClass<object>>): Function[] {
  return Object.entries(parentLinks(decl)).flatMap(([parentType, link]) => {
    const naming = decl.reverse?.[parentType];
    const parent = classes.get(parentType);
    if (naming === false || !parent || !hasNumericId(parent)) return [];
    const field = naming?.field ?? decl.list?.field;
    if (!field) throw new Error(`${decl.name} links to ${parentType} (${link.column}) but names no field for the child list: set reverse.${parentType}.field or list`);
    registerPageField(objectTypeName(parent), field, decl, parentType);
    const cls = generatedResolver(`${parentType}${decl.name}ChildrenResolver`, field, (p: Row, args: ConnectionArgs, ctx: Context, info: GraphQLResolveInfo) =>
      children(ctx, decl, parentType, p.id, args, pageSelection(info, decl.entity, link.property)), (proto, method, descriptor) => {
      Root()(proto, method, 0);
      Args(() => types.Args)(proto, method, 1);
      Ctx()(proto, method, 2);
      Info()(proto, method, 3);
      FieldResolver(() => types.Connection, { name: field, ...(naming?.description ? { description: naming.description } : {}) })(proto, method, descriptor);
    });
    Resolver(() => parent)(cls);
    return [cls];
  });
}

/** The @Field type-graphql holds for `property` on `entity` or a superclass (its nullability and description). */
function exposedField(entity: EntityClass<object>, property: string) {
  const fields = getMetadataStorage().fields;
  for (let c: unknown = entity; typeof c === 'function' && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const found = fields.find((f) => f.target === c && f.name === property);
    if (found) return found;
  }
  return undefined;
}

/** `child.<parent>` for every many-to-one property exposed with @Field, loaded by id in one batch per request. */
function forwardFields(entity: EntityClass<object>): Function[] {
  return manyToOnes(entity).flatMap((ref) => {
    const field = exposedField(entity, ref.property);
    if (!field || !hasNumericId(ref.target)) return [];
    const target = ref.target as EntityClass<{ id: number }>;
    registerForwardField(objectTypeName(entity), ref.property);
    const cls = generatedResolver(`${entity.name}${ref.property[0].toUpperCase()}${ref.property.slice(1)}Resolver`, ref.property,
      (row: Row, ctx: Context) => reference(ctx, target, row[ref.property] as { id: number } | null), (proto, method, descriptor) => {
        Root()(proto, method, 0);
        Ctx()(proto, method, 1);
        FieldResolver(() => target, { nullable: ref.nullable, ...(field.description ? { description: field.description } : {}) })(proto, method, descriptor);
      });
    Resolver(() => entity)(cls);
    return [cls];
  });
}

/** Every generated field: root lists and child lists of the declarations, forward fields of the entities. */
export function relationResolvers(decls: readonly EntityDecl[], entities: readonly EntityClass<object>[]): Function[] {
  const classes = new Map(entities.map((e) => [e.name, e]));
  const objectTypes = new Set(getMetadataStorage().objectTypes.map((t) => t.target));
  return [
    ...decls.flatMap((decl) => [...rootList(decl, typesFor(decl)), ...reverseLists(decl, typesFor(decl), classes)]),
    ...entities.filter((e) => objectTypes.has(e)).flatMap(forwardFields),
  ];
}
