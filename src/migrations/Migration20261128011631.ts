import { Migration } from '@mikro-orm/migrations';

export class Migration20261128011631 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "api_key" ("id" serial primary key, "key_hash" varchar(64) not null, "prefix" varchar(16) not null, "role" text check ("role" in ('ANALYST', 'EDITOR', 'ADMIN')) not null, "county_code" varchar(6) null, "label" text not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`create table "audit_log" ("id" serial primary key, "at" timestamptz not null default now(), "key_id" int null, "actor" text not null, "action" text not null, "county_code" varchar(6) null, "rows" int not null, "detail" jsonb not null);`);
    this.addSql(`create index "audit_log_at_index" on "audit_log" ("at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "api_key" cascade;`);

    this.addSql(`drop table if exists "audit_log" cascade;`);
  }

}
