import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18.2: the rate limit shared by every server process, one row per caller and its current
 * one-minute window. Unlogged: every request writes here, and a count lost in a crash only
 * restarts a window; it is never needed on a replica.
 */
export class Migration20261129140000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unlogged table "rate_limit_window" ("caller" text not null, "window_start" timestamptz not null, "hits" int not null, constraint "rate_limit_window_pkey" primary key ("caller"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_window";`);
  }
}
