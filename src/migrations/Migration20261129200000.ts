import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 18.2: an import invalidates exactly the cached answers it changed, whoever writes and
 * however. Statement-level triggers on every table a published answer reads announce, at commit,
 * which counties the statement's rows belong to: NOTIFY rolg_data_changed '<table> <codes>', codes
 * comma-separated, or '*' for "any county" (catalogue and geography tables, rows without a county,
 * TRUNCATE, more than 200 counties). A statement that wrote no row announces nothing. Servers keep a
 * version per county (src/db/data-changes.ts).
 *
 * They replace the audit_log trigger of Migration20261129140000, which only heard the import paths
 * (a hand-written UPDATE went unheard) and said nothing of the counties a CLI import touched.
 *
 * Partitions get the triggers too: a statement that names a partition fires only that partition's
 * statement triggers. A partition created later must call rolg_watch_table() as well.
 *
 * The same gap in the summaries' dirty marks (Migration20261129080000, installed by
 * src/analytics/summaries/freshness.ts): a row written straight into a partition left its summary
 * stale. Their functions now take the fact's table as an argument (TG_TABLE_NAME names the
 * partition), and summary_watch_table() installs them on a table and its partitions.
 */
const WATCHED: [table: string, county: 'county_id' | 'report_id' | 'code' | 'any'][] = [
  ['agency', 'county_id'], ['township', 'county_id'], ['county_population', 'county_id'],
  ['enforcement_case', 'county_id'], ['enforcement_officer', 'county_id'], ['legality_review', 'county_id'],
  ['supervision_inspection', 'county_id'], ['training', 'county_id'], ['task_force', 'county_id'],
  ['task_force_meeting', 'county_id'], ['task_force_member', 'county_id'], ['litigation_case', 'county_id'],
  ['case_file_review', 'county_id'], ['case_file_review_item', 'county_id'],
  ['report', 'county_id'], ['figure', 'county_id'], ['report_revision', 'report_id'],
  ['county', 'code'],
  ['province', 'any'], ['city', 'any'], ['indicator', 'any'], ['indicator_revision', 'any'],
];

export class Migration20261129200000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop trigger if exists "audit_log_data_changed" on "audit_log";`);
    this.addSql(`drop function if exists "notify_data_changed"();`);

    // TG_ARGV[0] says where a row's county is. Transition tables are visible to EXECUTE, so one
    // function serves the three events (a trigger with transition tables takes one event).
    this.addSql(`create function "rolg_data_changed"() returns trigger language plpgsql as $$
      declare
        how text := TG_ARGV[0];
        codes text[] := '{}';
        any_county boolean := TG_OP = 'TRUNCATE';
        rel text;
        part_codes text[];
        part_any boolean;
      begin
        if TG_OP <> 'TRUNCATE' then
          foreach rel in array case TG_OP when 'INSERT' then array['new_rows'] when 'DELETE' then array['old_rows'] else array['old_rows', 'new_rows'] end loop
            execute format(case how
              -- A row whose county cannot be named (none, or gone) may concern any county.
              when 'county_id' then 'select array_agg(distinct c.code), bool_or(c.code is null) from %I n left join county c on c.id = n.county_id'
              when 'report_id' then 'select array_agg(distinct c.code), bool_or(c.code is null) from %I n left join report r on r.id = n.report_id left join county c on c.id = r.county_id'
              when 'code' then 'select array_agg(distinct n.code), false from %I n'
              else 'select null::text[], count(*) > 0 from %I n' end, rel)
              into part_codes, part_any;
            codes := codes || coalesce(part_codes, '{}');
            any_county := any_county or coalesce(part_any, false);
          end loop;
        end if;
        codes := array(select distinct unnest(codes) order by 1);
        if any_county or cardinality(codes) > 200 then
          perform pg_notify('rolg_data_changed', TG_TABLE_NAME || ' *');
        elsif cardinality(codes) > 0 then
          perform pg_notify('rolg_data_changed', TG_TABLE_NAME || ' ' || array_to_string(codes, ','));
        end if;
        return null;
      end $$;`);

    // The four statement triggers of a watch: one per event, as transition tables allow one event each.
    this.addSql(`create function "rolg_statement_triggers"(tbl regclass, prefix text, on_insert text, on_update text, on_delete text, on_truncate text, arg text) returns void language plpgsql as $$
      begin
        execute format('create or replace trigger %I after insert on %s referencing new table as new_rows for each statement execute function %I(%L)', prefix || '_insert', tbl, on_insert, arg);
        execute format('create or replace trigger %I after update on %s referencing old table as old_rows new table as new_rows for each statement execute function %I(%L)', prefix || '_update', tbl, on_update, arg);
        execute format('create or replace trigger %I after delete on %s referencing old table as old_rows for each statement execute function %I(%L)', prefix || '_delete', tbl, on_delete, arg);
        execute format('create or replace trigger %I after truncate on %s for each statement execute function %I(%L)', prefix || '_truncate', tbl, on_truncate, arg);
      end $$;`);
    this.addSql(`create function "rolg_watch_table"(tbl regclass, how text) returns void language sql as $$
      select rolg_statement_triggers(tbl, 'rolg_changed', 'rolg_data_changed', 'rolg_data_changed', 'rolg_data_changed', 'rolg_data_changed', how) $$;`);

    const mark = (name: string, insert: string) => `create or replace function ${name}() returns trigger language plpgsql as $$
      declare base text := coalesce(TG_ARGV[0], TG_TABLE_NAME);
      begin
        ${insert}
        return null;
      end $$;`;
    this.addSql(mark('summary_mark_new', 'insert into summary_dirty (base_table, county_id) select distinct base, county_id from new_rows on conflict do nothing;'));
    this.addSql(mark('summary_mark_old', 'insert into summary_dirty (base_table, county_id) select distinct base, county_id from old_rows on conflict do nothing;'));
    this.addSql(mark('summary_mark_both', 'insert into summary_dirty (base_table, county_id) select base, county_id from old_rows union select base, county_id from new_rows on conflict do nothing;'));
    this.addSql(mark('summary_mark_all', 'insert into summary_dirty (base_table, county_id) values (base, 0) on conflict do nothing;'));
    this.addSql(`create function "summary_watch_table"(tbl regclass, base text) returns void language sql as $$
      select rolg_statement_triggers(tbl, 'summary_dirty', 'summary_mark_new', 'summary_mark_both', 'summary_mark_old', 'summary_mark_all', base) $$;`);
    // Tables whose summaries are built already: their partitions too.
    this.addSql(`select summary_watch_table(w.t, w.base) from (
        select c.oid::regclass as t, c.relname::text as base from pg_class c join pg_trigger g on g.tgrelid = c.oid and g.tgname = 'summary_dirty_insert' where not c.relispartition
        union all select i.inhrelid::regclass, c.relname::text from pg_class c join pg_trigger g on g.tgrelid = c.oid and g.tgname = 'summary_dirty_insert' join pg_inherits i on i.inhparent = c.oid where not c.relispartition) w;`);

    for (const [table, how] of WATCHED) {
      this.addSql(`select rolg_watch_table(t, '${how}') from (select '"${table}"'::regclass as t
        union all select inhrelid::regclass from pg_inherits where inhparent = '"${table}"'::regclass) w;`);
    }
  }

  override async down(): Promise<void> {
    for (const [table] of WATCHED) {
      this.addSql(`do $$ declare t regclass; begin
        for t in select '"${table}"'::regclass union all select inhrelid::regclass from pg_inherits where inhparent = '"${table}"'::regclass loop
          execute format('drop trigger if exists rolg_changed_insert on %s; drop trigger if exists rolg_changed_update on %s; drop trigger if exists rolg_changed_delete on %s; drop trigger if exists rolg_changed_truncate on %s', t, t, t, t);
        end loop; end $$;`);
    }
    this.addSql(`do $$ declare t regclass; begin
      for t in select c.oid::regclass from pg_class c join pg_trigger g on g.tgrelid = c.oid and g.tgname = 'summary_dirty_insert' where c.relispartition loop
        execute format('drop trigger if exists summary_dirty_insert on %s; drop trigger if exists summary_dirty_update on %s; drop trigger if exists summary_dirty_delete on %s; drop trigger if exists summary_dirty_truncate on %s', t, t, t, t);
      end loop; end $$;`);
    this.addSql(`drop function if exists "summary_watch_table"(regclass, text);`);
    this.addSql(`drop function if exists "rolg_watch_table"(regclass, text);`);
    this.addSql(`drop function if exists "rolg_statement_triggers"(regclass, text, text, text, text, text, text);`);
    this.addSql(`drop function if exists "rolg_data_changed"();`);
    this.addSql(`create function "notify_data_changed"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('rolg_data_changed', NEW.action || ' ' || coalesce(NEW.county_code, ''));
        return null;
      end $$;`);
    this.addSql(`create trigger "audit_log_data_changed" after insert on "audit_log" for each row
      when (NEW.action like 'import%' and NEW.rows > 0) execute function "notify_data_changed"();`);
  }
}
