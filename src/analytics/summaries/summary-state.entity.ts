/**
 * Bookkeeping of summary tables. The summary tables themselves are derived from their
 * declarations and built by the engine (see summary.ts), so they are not entities.
 */
import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Each summary table: its fact table, the hash of its derived definition, when it was last refreshed. */
@Entity({ tableName: 'summary_state' })
export class SummaryStateRow {
  @PrimaryKey({ type: 'text' }) name!: string;
  @Property({ type: 'text' }) baseTable!: string;
  @Property({ type: 'text' }) definition!: string;
  @Property({ type: 'timestamptz' }) refreshedAt!: Date;
}

/** Counties (0: all) whose rows of a fact table were written since its summaries were refreshed; filled by triggers. */
@Entity({ tableName: 'summary_dirty' })
export class SummaryDirtyRow {
  @PrimaryKey({ type: 'text' }) baseTable!: string;
  @PrimaryKey({ type: 'integer' }) countyId!: number;
}
