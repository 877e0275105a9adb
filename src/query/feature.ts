import type { EntityClass } from '@mikro-orm/core';
import type { EntityDecl } from './declaration';

/**
 * What a feature folder contributes; its `<name>.feature.ts` exports one, and only the
 * composition root (src/features.ts) lists them. Adding a record type: its folder (entity,
 * declaration, feature), a migration, and one line there.
 */
export interface Feature {
  name: string;
  /** Entities the ORM maps. */
  entities: EntityClass<object>[];
  /** Record types whose lists, filters, orders and relations are generated (src/graphql/relations.ts). */
  records?: EntityDecl[];
  /** Resolvers with behaviour of their own (look-ups by code, personal data, members…). */
  resolvers?: Function[];
}
