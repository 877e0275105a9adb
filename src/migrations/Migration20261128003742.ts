import { Migration } from '@mikro-orm/migrations';

export class Migration20261128003742 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "indicator" ("code" varchar(60) not null, "name_zh" text not null, "name_en" text not null, "unit" varchar(16) not null, "unit_aliases" text[] not null default '{}', "family" varchar(40) not null, "description" text not null, "definition" jsonb null, constraint "indicator_pkey" primary key ("code"));`);
    this.addSql(`create index "indicator_family_index" on "indicator" ("family");`);

    this.addSql(`create table "province" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null);`);
    this.addSql(`alter table "province" add constraint "province_code_unique" unique ("code");`);

    this.addSql(`create table "city" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "province_id" int not null);`);
    this.addSql(`alter table "city" add constraint "city_code_unique" unique ("code");`);
    this.addSql(`create index "city_province_id_index" on "city" ("province_id");`);

    this.addSql(`create table "county" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "kind" text check ("kind" in ('COUNTY', 'COUNTY_CITY', 'DISTRICT')) not null, "city_id" int not null, "synthetic" boolean not null default false);`);
    this.addSql(`alter table "county" add constraint "county_code_unique" unique ("code");`);
    this.addSql(`create index "county_city_id_index" on "county" ("city_id");`);

    this.addSql(`create table "case_file_review" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "kind" text check ("kind" in ('CENTRALIZED', 'ROUTINE')) not null, "held_on" date not null, "title" text not null);`);
    this.addSql(`create index "case_file_review_county_id_held_on_index" on "case_file_review" ("county_id", "held_on");`);

    this.addSql(`create table "report" ("id" serial primary key, "area_code" varchar(6) not null, "area_name" varchar(255) not null, "area_level" text check ("area_level" in ('COUNTY', 'CITY')) not null, "county_id" int null, "year" smallint not null, "document_type" text check ("document_type" in ('RULE_OF_LAW_REPORT', 'ENFORCEMENT_STATISTICS')) not null, "title" text not null, "publisher" text null, "published_on" date null, "source_url" text null, "coverage" text not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "content_hash" varchar(64) not null, "revision" int not null default 1, "loaded_at" timestamptz not null default now());`);
    this.addSql(`create index "report_county_id_index" on "report" ("county_id");`);
    this.addSql(`alter table "report" add constraint "report_area_code_year_document_type_unique" unique ("area_code", "year", "document_type");`);

    this.addSql(`create table "figure" ("id" serial primary key, "report_id" int not null, "indicator_code" varchar(60) not null, "county_id" int null, "year" smallint not null, "value" numeric(20,4) not null, "unit" varchar(16) not null, "qualifier" text check ("qualifier" in ('EXACT', 'AT_LEAST', 'APPROXIMATE')) not null, "breakdown" jsonb not null default '{}', "quote" text not null, "note" text null, "position" int not null);`);
    this.addSql(`create index "figure_report_id_index" on "figure" ("report_id");`);
    this.addSql(`create index "figure_county_id_year_index" on "figure" ("county_id", "year");`);
    this.addSql(`create index "figure_indicator_code_year_index" on "figure" ("indicator_code", "year");`);

    this.addSql(`create table "report_revision" ("id" serial primary key, "report_id" int not null, "revision" int not null, "loaded_at" timestamptz not null default now(), "loaded_by" text null, "changes" jsonb not null);`);
    this.addSql(`create index "report_revision_report_id_revision_index" on "report_revision" ("report_id", "revision");`);

    this.addSql(`create table "task_force" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "code" varchar(40) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "kind" text check ("kind" in ('TASK_FORCE', 'COORDINATION')) not null);`);
    this.addSql(`alter table "task_force" add constraint "task_force_county_id_code_unique" unique ("county_id", "code");`);

    this.addSql(`create table "task_force_meeting" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "task_force_id" int not null, "held_on" date not null, "title" text not null);`);
    this.addSql(`create index "task_force_meeting_county_id_held_on_index" on "task_force_meeting" ("county_id", "held_on");`);
    this.addSql(`create index "task_force_meeting_task_force_id_index" on "task_force_meeting" ("task_force_id");`);

    this.addSql(`create table "township" ("id" serial primary key, "code" varchar(9) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "kind" text check ("kind" in ('SUBDISTRICT', 'TOWN', 'TOWNSHIP')) not null, "aliases" text[] not null default '{}', "county_id" int not null, "source" text not null);`);
    this.addSql(`alter table "township" add constraint "township_code_unique" unique ("code");`);
    this.addSql(`create index "township_county_id_index" on "township" ("county_id");`);

    this.addSql(`create table "agency" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "level" text check ("level" in ('COUNTY_DEPARTMENT', 'TOWNSHIP')) not null, "aliases" text[] not null default '{}', "county_id" int not null, "township_id" int null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null);`);
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(`create index "agency_township_id_index" on "agency" ("township_id");`);
    this.addSql(`create index "agency_county_id_level_index" on "agency" ("county_id", "level");`);

    this.addSql(`create table "task_force_member" ("task_force_id" int not null, "agency_id" int not null, "lead" boolean not null default false, constraint "task_force_member_pkey" primary key ("task_force_id", "agency_id"));`);
    this.addSql(`create index "task_force_member_agency_id_index" on "task_force_member" ("agency_id");`);

    this.addSql(`create table "supervision_inspection" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "agency_id" int not null, "inspected_on" date not null, "topic" text not null);`);
    this.addSql(`create index "supervision_inspection_agency_id_index" on "supervision_inspection" ("agency_id");`);
    this.addSql(`create index "supervision_inspection_county_id_inspected_on_index" on "supervision_inspection" ("county_id", "inspected_on");`);

    this.addSql(`create table "litigation_case" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "case_number" varchar(64) not null, "kind" text check ("kind" in ('ADMINISTRATIVE', 'CIVIL', 'ENFORCEMENT')) not null, "defendant_agency_id" int null, "heard_on" date not null, "head_appeared" boolean null, "outcome" text check ("outcome" in ('MEDIATED', 'TRANSFERRED_TO_FILING', 'IN_MEDIATION', 'SETTLED_OR_TERMINATED')) null);`);
    this.addSql(`create index "litigation_case_defendant_agency_id_index" on "litigation_case" ("defendant_agency_id");`);
    this.addSql(`create index "litigation_case_county_id_heard_on_index" on "litigation_case" ("county_id", "heard_on");`);
    this.addSql(`alter table "litigation_case" add constraint "litigation_case_county_case_number_unique" unique ("county_id", "case_number");`);

    this.addSql(`create table "legality_review" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "kind" text check ("kind" in ('GOVERNMENT_DOCUMENT', 'AGREEMENT', 'MAJOR_PENALTY', 'MAJOR_DECISION', 'NORMATIVE_DOCUMENT', 'PARTY_NORMATIVE_DOCUMENT')) not null, "reviewed_on" date not null, "agency_id" int null, "title" text not null);`);
    this.addSql(`create index "legality_review_agency_id_index" on "legality_review" ("agency_id");`);
    this.addSql(`create index "legality_review_county_id_reviewed_on_index" on "legality_review" ("county_id", "reviewed_on");`);

    this.addSql(`create table "enforcement_officer" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "agency_id" int not null, "name" varchar(64) not null, "certificate_number" varchar(40) not null, "status" text check ("status" in ('ACTIVE', 'CANCELLED')) not null, "issued_on" date not null, "cancelled_on" date null, "cancellation_reason" text check ("cancellation_reason" in ('RETIREMENT', 'TRANSFER', 'FAILED_EXAM', 'DISCIPLINARY', 'OTHER')) null);`);
    this.addSql(`create index "enforcement_officer_agency_id_index" on "enforcement_officer" ("agency_id");`);
    this.addSql(`create index "enforcement_officer_county_id_status_index" on "enforcement_officer" ("county_id", "status");`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_county_certificate_unique" unique ("county_id", "certificate_number");`);

    this.addSql(`create table "enforcement_case" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "case_number" varchar(64) not null, "agency_id" int not null, "township_id" int null, "action_type" text check ("action_type" in ('PENALTY', 'INSPECTION', 'LICENSE', 'GUIDANCE', 'MEDIATION', 'COERCIVE_MEASURE')) not null, "decided_on" date not null, "fine_amount_fen" bigint not null default 0, "leniency" text check ("leniency" in ('NONE', 'EXEMPTED', 'MITIGATED', 'LIGHTER')) not null default 'NONE', "leniency_amount_fen" bigint null);`);
    this.addSql(`create index "enforcement_case_township_id_index" on "enforcement_case" ("township_id");`);
    this.addSql(`create index "enforcement_case_agency_id_decided_on_index" on "enforcement_case" ("agency_id", "decided_on");`);
    this.addSql(`create index "enforcement_case_county_id_decided_on_index" on "enforcement_case" ("county_id", "decided_on");`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_county_case_number_unique" unique ("county_id", "case_number");`);

    this.addSql(`create table "case_file_review_item" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "review_id" int not null, "enforcement_case_id" int not null, "agency_id" int not null, "problems_found" int not null);`);
    this.addSql(`create index "case_file_review_item_county_id_agency_id_index" on "case_file_review_item" ("county_id", "agency_id");`);
    this.addSql(`create index "case_file_review_item_enforcement_case_id_index" on "case_file_review_item" ("enforcement_case_id");`);
    this.addSql(`create index "case_file_review_item_review_id_index" on "case_file_review_item" ("review_id");`);

    this.addSql(`create table "training" ("id" serial primary key, "county_id" int not null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null, "kind" text check ("kind" in ('LEADERSHIP_SPECIAL', 'GOVERNMENT_STUDY', 'OFFICER_GENERAL', 'OFFICER_PROFESSIONAL', 'OUTREACH', 'TOWNSHIP_CENTRALIZED', 'TOWNSHIP_ON_SITE')) not null, "held_on" date not null, "organizer_id" int null, "participants" int null, "title" text not null);`);
    this.addSql(`create index "training_organizer_id_index" on "training" ("organizer_id");`);
    this.addSql(`create index "training_county_id_held_on_index" on "training" ("county_id", "held_on");`);

    this.addSql(`alter table "city" add constraint "city_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade;`);

    this.addSql(`alter table "county" add constraint "county_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade;`);

    this.addSql(`alter table "case_file_review" add constraint "case_file_review_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);

    this.addSql(`alter table "report" add constraint "report_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "figure" add constraint "figure_report_id_foreign" foreign key ("report_id") references "report" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "figure" add constraint "figure_indicator_code_foreign" foreign key ("indicator_code") references "indicator" ("code") on update cascade;`);
    this.addSql(`alter table "figure" add constraint "figure_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "report_revision" add constraint "report_revision_report_id_foreign" foreign key ("report_id") references "report" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "task_force" add constraint "task_force_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);

    this.addSql(`alter table "task_force_meeting" add constraint "task_force_meeting_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "task_force_meeting" add constraint "task_force_meeting_task_force_id_foreign" foreign key ("task_force_id") references "task_force" ("id") on update cascade;`);

    this.addSql(`alter table "township" add constraint "township_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);

    this.addSql(`alter table "agency" add constraint "agency_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "agency" add constraint "agency_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "task_force_member" add constraint "task_force_member_task_force_id_foreign" foreign key ("task_force_id") references "task_force" ("id") on update cascade;`);
    this.addSql(`alter table "task_force_member" add constraint "task_force_member_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "supervision_inspection" add constraint "supervision_inspection_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "supervision_inspection" add constraint "supervision_inspection_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "litigation_case" add constraint "litigation_case_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "litigation_case" add constraint "litigation_case_defendant_agency_id_foreign" foreign key ("defendant_agency_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "legality_review" add constraint "legality_review_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "legality_review" add constraint "legality_review_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "enforcement_officer" add constraint "enforcement_officer_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);
    this.addSql(`alter table "enforcement_case" add constraint "enforcement_case_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "case_file_review_item" add constraint "case_file_review_item_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "case_file_review_item" add constraint "case_file_review_item_review_id_foreign" foreign key ("review_id") references "case_file_review" ("id") on update cascade;`);
    this.addSql(`alter table "case_file_review_item" add constraint "case_file_review_item_enforcement_case_id_foreign" foreign key ("enforcement_case_id") references "enforcement_case" ("id") on update cascade;`);
    this.addSql(`alter table "case_file_review_item" add constraint "case_file_review_item_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);

    this.addSql(`alter table "training" add constraint "training_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "training" add constraint "training_organizer_id_foreign" foreign key ("organizer_id") references "agency" ("id") on update cascade on delete set null;`);
  }

}
