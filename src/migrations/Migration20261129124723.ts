import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 13.1/13.2: indicator definitions in Chinese and English with a comparability note, and
 * revisions (each kept, figures name theirs); 行政强制执行 beside 行政强制措施.
 */
export class Migration20261129124723 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "indicator_revision" ("indicator_code" varchar(60) not null, "revision" int not null, "name_zh" text not null, "name_en" text not null, "unit" varchar(16) not null, "unit_aliases" text[] not null default '{}', "family" varchar(40) not null, "description" text not null, "description_zh" text not null default '', "comparability" text not null default '', "comparability_zh" text not null default '', "definition" jsonb null, "change_note" text null, "created_at" timestamptz not null default now(), constraint "indicator_revision_pkey" primary key ("indicator_code", "revision"));`);

    this.addSql(`alter table "indicator_revision" add constraint "indicator_revision_indicator_code_foreign" foreign key ("indicator_code") references "indicator" ("code") on update cascade on delete cascade;`);

    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_action_type_check";`);

    this.addSql(`alter table "indicator" add column "description_zh" text not null default '', add column "comparability" text not null default '', add column "comparability_zh" text not null default '', add column "revision" int not null default 1;`);

    this.addSql(`alter table "figure" add column "indicator_revision" int not null default 1;`);

    // Every indicator held so far is its own first revision.
    this.addSql(`insert into "indicator_revision" ("indicator_code", "revision", "name_zh", "name_en", "unit", "unit_aliases", "family", "description", "definition")
      select "code", 1, "name_zh", "name_en", "unit", "unit_aliases", "family", "description", "definition" from "indicator";`);

    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_action_type_check" check("action_type" in ('PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE', 'COERCIVE_EXECUTION'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "indicator_revision" cascade;`);

    this.addSql(`alter table "enforcement_case" drop constraint if exists "enforcement_case_action_type_check";`);

    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_action_type_check" check("action_type" in ('PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE'));`);

    this.addSql(`alter table "figure" drop column "indicator_revision";`);

    this.addSql(`alter table "indicator" drop column "description_zh", drop column "comparability", drop column "comparability_zh", drop column "revision";`);
  }

}
