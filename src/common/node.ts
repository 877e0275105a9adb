import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay global object identification. Every entity exposes `id` as an opaque global ID;
 * its database key stays internal. Entities implement it with a `globalId` getter.
 */
/** The object type a Node value is: its entity class's name, or the type a plain row says it is. */
export function nodeTypeName(value: object): string {
  return (value as { graphqlType?: string }).graphqlType ?? value.constructor.name;
}

@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque ID (Relay global object identification).',
  resolveType: nodeTypeName,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global ID; pass it to `node(id:)` to refetch this object.' })
  globalId!: string;
}
