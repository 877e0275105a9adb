import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One caller's current rate-limit window, shared by every server process (src/http/rate-limit-store.ts
 * writes it with one atomic statement per block of hits a process claims; `hits` counts hits granted
 * to processes, not requests served. The ORM only maps it so migrations stay checked).
 */
@Entity({ tableName: 'rate_limit_window' })
export class RateLimitWindowRow {
  /** `key:<id>` for a valid API key, `address:<ip>` otherwise. */
  @PrimaryKey({ type: 'text' }) caller!: string;
  @Property({ type: 'timestamptz' }) windowStart!: Date;
  @Property({ type: 'integer' }) hits!: number;
}
