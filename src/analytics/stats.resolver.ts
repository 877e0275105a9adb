/**
 * One stats field per fact at the root (xStats), and one under every node type the fact can be
 * grouped by (County, Agency, Township, TaskForce), generated from its dimensions: each scoped
 * field is the root field restricted to its parent. Resolvers only read arguments and call the service.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { generatedResolver } from '../graphql/generated-resolver';
import { typesFor } from '../graphql/types';
import type { Dimension } from './fact';
import { facts } from './facts';
import { rootStats, scopedStats, type StatsArgs } from './stats.service';
import { statsTypes, type StatsTypes } from './stats-types';

export const statsTypesByFact: Record<string, StatsTypes> = Object.fromEntries(
  facts.map((f) => [f.key, statsTypes(f, typesFor(f.entity).Filter)]),
);

/** The node dimensions a fact's stats can be scoped by: every parent it has. */
export function scopesOf(types: StatsTypes): Dimension[] {
  return types.fact.dimensions.filter((d) => d.key.kind === 'node');
}

function resolversFor(types: StatsTypes): Function[] {
  const { fact } = types;
  const root = generatedResolver(`${fact.typeName}RootStats`, fact.field, (args: StatsArgs, ctx: Context, info: GraphQLResolveInfo) => rootStats(ctx, types, args, info), (proto, method, descriptor) => {
    Args(() => types.Args)(proto, method, 0);
    Ctx()(proto, method, 1);
    Info()(proto, method, 2);
    Query(() => types.Connection, { name: fact.field, description: `${fact.description} Grouped in SQL; keys are typed and navigable.` })(proto, method, descriptor);
  });
  Resolver()(root);

  const scoped = scopesOf(types).map((dim) => {
    const parent = (dim.key as { entity: new () => { id: number } }).entity;
    const cls = generatedResolver(`${parent.name}${fact.typeName}Stats`, fact.field, (p: { id: number }, args: StatsArgs, ctx: Context, info: GraphQLResolveInfo) => scopedStats(ctx, types, dim, p.id, args, info), (proto, method, descriptor) => {
      Root()(proto, method, 0);
      Args(() => types.Args)(proto, method, 1);
      Ctx()(proto, method, 2);
      Info()(proto, method, 3);
      FieldResolver(() => types.Connection, { name: fact.field, description: `${fact.description} Restricted to this ${parent.name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} (the root field filtered to it).` })(proto, method, descriptor);
    });
    Resolver(() => parent)(cls);
    return cls;
  });
  return [root, ...scoped];
}

export const statsResolvers = Object.values(statsTypesByFact).flatMap(resolversFor);
