import { Migration } from '@mikro-orm/migrations';

/**
 * Summary tables become derived from declarations (built by the analytics engine) and are kept
 * honest by statement-level triggers that mark the counties every write touches. The three
 * hand-declared rollup tables and their state go; the engine rebuilds them under new names.
 */
export class Migration20261129080000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop table if exists "enforcement_case_yearly" cascade;`);
    this.addSql(`drop table if exists "enforcement_case_monthly" cascade;`);
    this.addSql(`drop table if exists "enforcement_case_by_agency" cascade;`);
    this.addSql(`drop table if exists "rollup_state" cascade;`);
    this.addSql(`create table "summary_state" ("name" text not null, "base_table" text not null, "definition" text not null, "refreshed_at" timestamptz not null, constraint "summary_state_pkey" primary key ("name"));`);
    this.addSql(`create table "summary_dirty" ("base_table" text not null, "county_id" int not null, constraint "summary_dirty_pkey" primary key ("base_table", "county_id"));`);
    // One function per trigger shape: transition tables allow one event per trigger.
    this.addSql(`create or replace function summary_mark_new() returns trigger language plpgsql as $$
      begin
        insert into summary_dirty (base_table, county_id) select distinct TG_TABLE_NAME, county_id from new_rows on conflict do nothing;
        return null;
      end $$;`);
    this.addSql(`create or replace function summary_mark_old() returns trigger language plpgsql as $$
      begin
        insert into summary_dirty (base_table, county_id) select distinct TG_TABLE_NAME, county_id from old_rows on conflict do nothing;
        return null;
      end $$;`);
    this.addSql(`create or replace function summary_mark_both() returns trigger language plpgsql as $$
      begin
        insert into summary_dirty (base_table, county_id)
          select TG_TABLE_NAME, county_id from old_rows union select TG_TABLE_NAME, county_id from new_rows
          on conflict do nothing;
        return null;
      end $$;`);
    this.addSql(`create or replace function summary_mark_all() returns trigger language plpgsql as $$
      begin
        insert into summary_dirty (base_table, county_id) values (TG_TABLE_NAME, 0) on conflict do nothing;
        return null;
      end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "summary_state" cascade;`);
    this.addSql(`drop table if exists "summary_dirty" cascade;`);
  }

}
