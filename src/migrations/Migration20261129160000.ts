import { Migration } from '@mikro-orm/migrations';

/**
 * A national layout ready for Citus (issue 18.4), written out in full so that it never changes
 * with later code.
 *
 * - Event tables (one row per dated act) are partitioned by RANGE of their date, one partition per
 *   calendar year from 2015 to 2030 and a DEFAULT partition for any other year (the CHECK
 *   constraints already bound dates to 1949-10-01..2100-12-31): a year-filtered query reads only
 *   that year's partitions.
 * - Every primary key, unique key and foreign key of a record table includes county_id, the
 *   distribution column on Citus. Foreign keys to agencies and townships become
 *   (county_id, agency_id) -> agency (county_id, id): besides Citus, they now refuse a case whose
 *   agency belongs to another county. PostgreSQL also requires a partitioned table's unique keys to
 *   hold the partition column, so the natural key of a case is (county_id, case_number, decided_on)
 *   and the importer moves a re-imported case whose date changed before it upserts.
 * - case_file_review_item keeps the decision date of the case it sampled (filled by a trigger), as
 *   the foreign key to a partitioned enforcement_case must name its whole key.
 */
const FIRST_YEAR = 2015;
const LAST_YEAR = 2030;

interface EventTable {
  table: string;
  date: string;
  /** Unique keys besides the primary key (county_id, id, date), with their names. */
  uniques: [name: string, columns: string][];
  /** Secondary indexes, as they were (name, columns). */
  indexes: [name: string, columns: string][];
}

const EVENT_TABLES: EventTable[] = [
  {
    table: 'enforcement_case', date: 'decided_on',
    uniques: [['enforcement_case_county_case_number_unique', '"county_id", "case_number", "decided_on"']],
    indexes: [
      ['enforcement_case_township_id_index', '"township_id"'],
      ['enforcement_case_agency_id_decided_on_index', '"agency_id", "decided_on"'],
      ['enforcement_case_county_id_decided_on_index', '"county_id", "decided_on"'],
    ],
  },
  {
    table: 'legality_review', date: 'reviewed_on', uniques: [],
    indexes: [['legality_review_agency_id_index', '"agency_id"'], ['legality_review_county_id_reviewed_on_index', '"county_id", "reviewed_on"']],
  },
  {
    table: 'supervision_inspection', date: 'inspected_on', uniques: [],
    indexes: [['supervision_inspection_agency_id_index', '"agency_id"'], ['supervision_inspection_county_id_inspected_on_index', '"county_id", "inspected_on"']],
  },
  {
    table: 'training', date: 'held_on', uniques: [],
    indexes: [['training_organizer_id_index', '"organizer_id"'], ['training_county_id_held_on_index', '"county_id", "held_on"']],
  },
  {
    table: 'task_force_meeting', date: 'held_on', uniques: [],
    indexes: [['task_force_meeting_task_force_id_index', '"task_force_id"'], ['task_force_meeting_county_id_held_on_index', '"county_id", "held_on"']],
  },
  {
    table: 'litigation_case', date: 'heard_on',
    uniques: [['litigation_case_county_case_number_unique', '"county_id", "case_number", "heard_on"']],
    indexes: [['litigation_case_defendant_agency_id_index', '"defendant_agency_id"'], ['litigation_case_county_id_heard_on_index', '"county_id", "heard_on"']],
  },
];

/** Record tables that are registries rather than dated events: keyed by county, not partitioned. */
const REGISTRY_TABLES = ['enforcement_officer', 'task_force', 'case_file_review', 'case_file_review_item'];

/** Foreign keys of record tables, all leading with county_id (name, table, columns, target, rules). */
const FOREIGN_KEYS: [name: string, table: string, columns: string, target: string, rules: string][] = [
  ['enforcement_case_agency_id_foreign', 'enforcement_case', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade'],
  ['enforcement_case_township_id_foreign', 'enforcement_case', '"county_id", "township_id"', 'township ("county_id", "id")', 'on update cascade on delete set null ("township_id")'],
  ['legality_review_agency_id_foreign', 'legality_review', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade on delete set null ("agency_id")'],
  ['supervision_inspection_agency_id_foreign', 'supervision_inspection', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade'],
  ['training_organizer_id_foreign', 'training', '"county_id", "organizer_id"', 'agency ("county_id", "id")', 'on update cascade on delete set null ("organizer_id")'],
  ['task_force_meeting_task_force_id_foreign', 'task_force_meeting', '"county_id", "task_force_id"', 'task_force ("county_id", "id")', 'on update cascade'],
  ['litigation_case_defendant_agency_id_foreign', 'litigation_case', '"county_id", "defendant_agency_id"', 'agency ("county_id", "id")', 'on update cascade on delete set null ("defendant_agency_id")'],
  ['enforcement_officer_agency_id_foreign', 'enforcement_officer', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade'],
  ['task_force_member_task_force_id_foreign', 'task_force_member', '"county_id", "task_force_id"', 'task_force ("county_id", "id")', 'on update cascade'],
  ['task_force_member_agency_id_foreign', 'task_force_member', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade'],
  ['case_file_review_item_review_id_foreign', 'case_file_review_item', '"county_id", "review_id"', 'case_file_review ("county_id", "id")', 'on update cascade'],
  ['case_file_review_item_enforcement_case_id_foreign', 'case_file_review_item', '"county_id", "enforcement_case_id", "case_decided_on"', 'enforcement_case ("county_id", "id", "decided_on")', 'on update cascade'],
  ['case_file_review_item_agency_id_foreign', 'case_file_review_item', '"county_id", "agency_id"', 'agency ("county_id", "id")', 'on update cascade'],
];

/**
 * A foreign key as it was before (for down()): on the column that names the parent's id alone, to
 * that parent's id, with the same rules (`set null` of the whole key).
 */
function previousForeignKey([name, table, columns, target, rules]: (typeof FOREIGN_KEYS)[number]): string {
  const column = columns.split(', ').find((c) => c !== '"county_id"' && c !== '"case_decided_on"')!;
  const parent = target.split(' ')[0];
  return `alter table "${table}" add constraint "${name}" foreign key (${column}) references ${parent} ("id") ${rules.replace(/ \("\w+"\)$/, '')};`;
}

/** Replace a table by a copy of its rows in a new table (partitioned or not), keeping its id sequence. */
function rebuild(table: string, partitioning: string, partitions: string[]): string[] {
  const next = `"${table}_rebuilt"`;
  return [
    `create table ${next} (like "${table}" including defaults including constraints)${partitioning};`,
    ...partitions.map((p) => p.replace('{parent}', next)),
    `insert into ${next} select * from "${table}";`,
    `alter sequence "${table}_id_seq" owned by none;`,
    `drop table "${table}";`,
    `alter table ${next} rename to "${table}";`,
    `alter sequence "${table}_id_seq" owned by "${table}"."id";`,
    `alter table "${table}" add constraint "${table}_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`,
  ];
}

function partitionByYear(t: EventTable): string[] {
  const q = (s: string) => `"${s}"`;
  const partitions = [`create table ${q(`${t.table}_default`)} partition of {parent} default;`];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    partitions.push(`create table ${q(`${t.table}_${y}`)} partition of {parent} for values from ('${y}-01-01') to ('${y + 1}-01-01');`);
  }
  const out = [
    ...rebuild(t.table, ` partition by range (${q(t.date)})`, partitions),
    `alter table ${q(t.table)} add constraint ${q(`${t.table}_pkey`)} primary key ("county_id", "id", ${q(t.date)});`,
    // Lookups by id alone (node(id), loaders) probe each partition's index.
    `create index ${q(`${t.table}_id_index`)} on ${q(t.table)} ("id");`,
  ];
  for (const [name, columns] of t.uniques) out.push(`alter table ${q(t.table)} add constraint ${q(name)} unique (${columns});`);
  for (const [name, columns] of t.indexes) out.push(`create index ${q(name)} on ${q(t.table)} (${columns});`);
  return out;
}

/** Back to one plain table, keyed by id, its natural key without the date. */
function unpartition(t: EventTable): string[] {
  const q = (s: string) => `"${s}"`;
  const out = [...rebuild(t.table, '', []), `alter table ${q(t.table)} add constraint ${q(`${t.table}_pkey`)} primary key ("id");`];
  for (const [name, columns] of t.uniques) out.push(`alter table ${q(t.table)} add constraint ${q(name)} unique (${columns.replace(`, ${q(t.date)}`, '')});`);
  for (const [name, columns] of t.indexes) out.push(`create index ${q(name)} on ${q(t.table)} (${columns});`);
  return out;
}

export class Migration20261129160000 extends Migration {
  override async up(): Promise<void> {
    // Foreign keys that change shape go first (the ones of the partitioned tables go with their tables).
    for (const [name, table] of FOREIGN_KEYS) this.addSql(`alter table "${table}" drop constraint if exists "${name}";`);

    // Targets of the county-qualified foreign keys. Agencies and townships are reference tables on
    // Citus (every node holds them whole), so their own keys need no county_id.
    this.addSql(`alter table "agency" add constraint "agency_county_id_id_unique" unique ("county_id", "id");`);
    this.addSql(`alter table "township" add constraint "township_county_id_id_unique" unique ("county_id", "id");`);

    for (const table of REGISTRY_TABLES) {
      this.addSql(`alter table "${table}" drop constraint "${table}_pkey";`);
      this.addSql(`alter table "${table}" add constraint "${table}_pkey" primary key ("county_id", "id");`);
    }

    // A task force's members are its county's rows too.
    this.addSql(`alter table "task_force_member" add column "county_id" int null;`);
    this.addSql(`update "task_force_member" m set "county_id" = f."county_id" from "task_force" f where f."id" = m."task_force_id";`);
    this.addSql(`alter table "task_force_member" alter column "county_id" set not null;`);
    this.addSql(`alter table "task_force_member" drop constraint "task_force_member_pkey";`);
    this.addSql(`alter table "task_force_member" add constraint "task_force_member_pkey" primary key ("county_id", "task_force_id", "agency_id");`);
    this.addSql(`alter table "task_force_member" add constraint "task_force_member_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);

    // The sampled case's decision date, so that the foreign key names the case's whole key.
    this.addSql(`alter table "case_file_review_item" add column "case_decided_on" date null;`);
    this.addSql(`update "case_file_review_item" i set "case_decided_on" = c."decided_on" from "enforcement_case" c where c."id" = i."enforcement_case_id";`);
    this.addSql(`alter table "case_file_review_item" alter column "case_decided_on" set not null;`);
    this.addSql(`create function "case_file_review_item_case_date"() returns trigger language plpgsql as $$
      begin
        select c."decided_on" into NEW."case_decided_on" from "enforcement_case" c
          where c."county_id" = NEW."county_id" and c."id" = NEW."enforcement_case_id";
        return NEW;
      end $$;`);
    this.addSql(`create trigger "case_file_review_item_case_date" before insert or update of "county_id", "enforcement_case_id" on "case_file_review_item"
      for each row execute function "case_file_review_item_case_date"();`);

    for (const t of EVENT_TABLES) for (const s of partitionByYear(t)) this.addSql(s);

    for (const [name, table, columns, target, rules] of FOREIGN_KEYS) {
      this.addSql(`alter table "${table}" add constraint "${name}" foreign key (${columns}) references ${target} ${rules};`);
    }

    // The summaries' triggers went with the old tables: forget their state so that the next
    // refresh recreates them (tables, triggers, rows) on the partitioned tables.
    this.addSql(`delete from "summary_state" where "base_table" in (${EVENT_TABLES.map((t) => `'${t.table}'`).join(', ')});`);
  }

  override async down(): Promise<void> {
    for (const [name, table] of FOREIGN_KEYS) this.addSql(`alter table "${table}" drop constraint if exists "${name}";`);
    for (const t of EVENT_TABLES) for (const s of unpartition(t)) this.addSql(s);
    for (const table of REGISTRY_TABLES) {
      this.addSql(`alter table "${table}" drop constraint "${table}_pkey";`);
      this.addSql(`alter table "${table}" add constraint "${table}_pkey" primary key ("id");`);
    }
    this.addSql(`alter table "task_force_member" drop constraint "task_force_member_pkey";`);
    this.addSql(`alter table "task_force_member" drop column "county_id";`);
    this.addSql(`alter table "task_force_member" add constraint "task_force_member_pkey" primary key ("task_force_id", "agency_id");`);
    this.addSql(`drop trigger "case_file_review_item_case_date" on "case_file_review_item";`);
    this.addSql(`drop function "case_file_review_item_case_date"();`);
    this.addSql(`alter table "case_file_review_item" drop column "case_decided_on";`);
    this.addSql(`alter table "agency" drop constraint "agency_county_id_id_unique";`);
    this.addSql(`alter table "township" drop constraint "township_county_id_id_unique";`);
    for (const fk of FOREIGN_KEYS) this.addSql(previousForeignKey(fk));
    this.addSql(`delete from "summary_state" where "base_table" in (${EVENT_TABLES.map((t) => `'${t.table}'`).join(', ')});`);
  }
}
