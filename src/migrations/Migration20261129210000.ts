import { Migration } from '@mikro-orm/migrations';

/**
 * Yearly partitions follow the data (issues 16 and 18.4). Migration20261129160000 made one partition
 * per year from 2015 to 2030 whatever was held; a query that no year filter prunes (a county's
 * newest cases, a lookup by id) probes every one of them, so for two years of data it paid for 17.
 *
 * Now an event table keeps a partition for each year it holds rows of, and for this year and the
 * next (imports of the current year land in their own partition); the empty ones of other years go.
 * Rows of a year without a partition land in the default partition, which every unpruned query
 * reads anyway. Loads add their years' partitions first (`rolg_add_year_partition`, called by
 * seeds/synthetic/load.ts), with the triggers every partition carries (Migration20261129200000).
 */
const EVENT_TABLES = ['enforcement_case', 'legality_review', 'supervision_inspection', 'training', 'task_force_meeting', 'litigation_case'];

export class Migration20261129210000 extends Migration {

  override async up(): Promise<void> {
    // Adds <parent>_<year> unless it exists or the default partition holds rows of that year (they
    // would have to move first); true when added.
    this.addSql(`create function "rolg_add_year_partition"(parent regclass, y int) returns boolean language plpgsql as $$
      declare
        base text := (select relname from pg_class where oid = parent);
        col text := (select a.attname from pg_partitioned_table p join pg_attribute a on a.attrelid = p.partrelid and a.attnum = p.partattrs[0] where p.partrelid = parent);
        part text := base || '_' || y;
        held boolean;
      begin
        if to_regclass(format('%I', part)) is not null then return false; end if;
        execute format('select exists (select 1 from %I where %I >= %L and %I < %L)', base || '_default', col, make_date(y, 1, 1), col, make_date(y + 1, 1, 1)) into held;
        if held then return false; end if;
        execute format('create table %I partition of %s for values from (%L) to (%L)', part, parent, make_date(y, 1, 1), make_date(y + 1, 1, 1));
        perform rolg_watch_table(part::regclass, 'county_id');
        if exists (select 1 from pg_trigger where tgrelid = parent and tgname = 'summary_dirty_insert') then
          perform summary_watch_table(part::regclass, base);
        end if;
        return true;
      end $$;`);

    // Drops the empty yearly partitions other than this year's and the next, and adds those two.
    this.addSql(`create function "rolg_fit_year_partitions"(parent regclass) returns void language plpgsql as $$
      declare
        this_year int := extract(year from current_date)::int;
        p record;
        empty boolean;
      begin
        for p in select c.oid::regclass as rel, c.relname, substring(c.relname from '_(\\d{4})$')::int as y
                   from pg_inherits i join pg_class c on c.oid = i.inhrelid
                  where i.inhparent = parent and c.relname ~ '_\\d{4}$' loop
          continue when p.y in (this_year, this_year + 1);
          execute format('select not exists (select 1 from %s)', p.rel) into empty;
          if empty then
            execute format('alter table %s detach partition %s', parent, p.rel);
            execute format('drop table %s', p.rel);
          end if;
        end loop;
        perform rolg_add_year_partition(parent, this_year);
        perform rolg_add_year_partition(parent, this_year + 1);
      end $$;`);

    for (const t of EVENT_TABLES) this.addSql(`select rolg_fit_year_partitions('"${t}"'::regclass);`);
  }

  override async down(): Promise<void> {
    // Back to a partition for each year from 2015 to 2030 (those whose rows sit in the default stay there).
    for (const t of EVENT_TABLES) this.addSql(`select rolg_add_year_partition('"${t}"'::regclass, y) from generate_series(2015, 2030) y;`);
    this.addSql(`drop function if exists "rolg_fit_year_partitions"(regclass);`);
    this.addSql(`drop function if exists "rolg_add_year_partition"(regclass, int);`);
  }
}
