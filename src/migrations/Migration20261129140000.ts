import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18.2: the rate limit shared by every server process, one row per caller and its current
 * one-minute window. Unlogged: every request writes here, and a count lost in a crash only
 * restarts a window; it is never needed on a replica.
 *
 * Issue 18.3: every import (report, indicators, records; API or CLI) writes its audit row in its
 * own transaction, so a trigger there announces committed imports to every server process
 * (NOTIFY is delivered at commit, never for a rollback); they drop the answers they cached
 * (src/db/data-changes.ts). An import that changed nothing (rows = 0) invalidates nothing.
 */
export class Migration20261129140000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "notify_data_changed"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('rolg_data_changed', NEW.action || ' ' || coalesce(NEW.county_code, ''));
        return null;
      end $$;`);
    this.addSql(`create trigger "audit_log_data_changed" after insert on "audit_log" for each row
      when (NEW.action like 'import%' and NEW.rows > 0) execute function "notify_data_changed"();`);

    this.addSql(`create unlogged table "rate_limit_window" ("caller" text not null, "window_start" timestamptz not null, "hits" int not null, constraint "rate_limit_window_pkey" primary key ("caller"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "rate_limit_window";`);
    this.addSql(`drop trigger if exists "audit_log_data_changed" on "audit_log";`);
    this.addSql(`drop function if exists "notify_data_changed"();`);
  }
}
