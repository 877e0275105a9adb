import { Field, ID, InterfaceType } from 'type-graphql';

/**
 * Relay global object identification. Every entity exposes `id` as an opaque global ID;
 * its database key stays internal. Entities implement it with a `globalId` getter.
 */
@InterfaceType('Node', {
  description: 'An object with a globally unique, opaque ID (Relay global object identification).',
  resolveType: (value: object) => (value as { graphqlType?: string }).graphqlType ?? value.constructor.name,
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global ID; pass it to `node(id:)` to refetch this object.' })
  globalId!: string;
}
