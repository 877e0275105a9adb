import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { parseGlobalId } from '../common/global-id';
import { Node } from '../common/node';
import { entities } from '../entities';
import { BadUserInputError } from '../errors';
import { assertAdmin, assertCanReadRecords } from '../modules/auth/viewer';
import { indicatorLoader } from '../modules/report/report.resolver';
import { features } from '../features';

const MAX_IDS = 100;

/** GraphQL types whose objects are record-level data (need an API key). */
const recordTypeNames = new Set(features.flatMap((f) => f.records ?? []).filter((d) => d.records).map((d) => d.name));

/** Node types by GraphQL name; every entity that implements Node (the class name is the type name). */
const nodeTypes = new Map<string, new () => { id: number }>(
  entities.filter((e) => 'globalId' in e.prototype || Object.getOwnPropertyDescriptor(e.prototype, 'globalId')).map((e) => [e.name, e as never]),
);

async function loadNode(ctx: Context, id: string, argument: string): Promise<Node | null> {
  const { type, key } = parseGlobalId(id, argument);
  if (type === 'Indicator') return indicatorLoader(ctx).load(key) as Promise<Node | null>;
  const entity = nodeTypes.get(type);
  if (!entity) throw new BadUserInputError(`"${id}" is not the ID of any object type`, argument);
  if (recordTypeNames.has(type)) assertCanReadRecords(ctx.viewer, `${type} objects`);
  if (type === 'AuditLog') assertAdmin(ctx.viewer);
  if (!/^\d{1,15}$/.test(key)) throw new BadUserInputError(`"${id}" is not a valid ID`, argument);
  return ctx.loaders.byId(entity).load(Number(key)) as Promise<Node | null>;
}

@Resolver()
export class NodeResolver {
  @Query(() => Node, { nullable: true, description: 'Any object by its global ID; null when it no longer exists.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Node | null> {
    return loadNode(ctx, id, 'id');
  }

  @Query(() => [Node], { nullable: 'items', description: `Several objects by global ID (at most ${MAX_IDS}), in the order asked; null for each that does not exist.` })
  nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<(Node | null)[]> {
    if (ids.length > MAX_IDS) throw new BadUserInputError(`ids takes at most ${MAX_IDS} IDs, got ${ids.length}`, 'ids');
    return Promise.all(ids.map((id, i) => loadNode(ctx, id, `ids[${i}]`)));
  }
}
