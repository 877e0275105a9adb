import { Entity, Enum, PrimaryKey, Property } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';

export enum Role {
  ANALYST = 'ANALYST',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

registerEnumType(Role, {
  name: 'Role',
  description: 'What an API key may do.',
  valuesConfig: {
    ANALYST: { description: 'Read everything except personal data.' },
    EDITOR: { description: 'Analyst, plus imports and personal data of its own county.' },
    ADMIN: { description: 'Everything, including every county\'s personal data and the audit log.' },
  },
});

/** An API key. Only a SHA-256 hash of the secret is stored; the secret is shown once, at creation. */
@Entity({ tableName: 'api_key' })
export class ApiKey {
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Property({ type: 'string', length: 64, unique: true })
  keyHash!: string;

  /** The first characters of the key, to recognise it in lists. */
  @Property({ type: 'string', length: 16 })
  prefix!: string;

  @Enum({ items: () => Role })
  role!: Role;

  /** For editors: the county they may write and see personal data of. */
  @Property({ type: 'string', length: 6, nullable: true })
  countyCode?: string | null;

  @Property({ type: 'text' })
  label!: string;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;
}
