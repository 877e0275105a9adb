import { Migration } from '@mikro-orm/migrations';

export class Migration20261128002311 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "province" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null);`);
    this.addSql(`alter table "province" add constraint "province_code_unique" unique ("code");`);

    this.addSql(`create table "city" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "province_id" int not null);`);
    this.addSql(`alter table "city" add constraint "city_code_unique" unique ("code");`);
    this.addSql(`create index "city_province_id_index" on "city" ("province_id");`);

    this.addSql(`create table "county" ("id" serial primary key, "code" varchar(6) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "kind" text check ("kind" in ('COUNTY', 'COUNTY_CITY', 'DISTRICT')) not null, "city_id" int not null, "synthetic" boolean not null default false);`);
    this.addSql(`alter table "county" add constraint "county_code_unique" unique ("code");`);
    this.addSql(`create index "county_city_id_index" on "county" ("city_id");`);

    this.addSql(`create table "township" ("id" serial primary key, "code" varchar(9) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "kind" text check ("kind" in ('SUBDISTRICT', 'TOWN', 'TOWNSHIP')) not null, "aliases" text[] not null default '{}', "county_id" int not null, "source" text not null);`);
    this.addSql(`alter table "township" add constraint "township_code_unique" unique ("code");`);
    this.addSql(`create index "township_county_id_index" on "township" ("county_id");`);

    this.addSql(`create table "agency" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(255) not null, "name_en" varchar(255) null, "level" text check ("level" in ('COUNTY_DEPARTMENT', 'TOWNSHIP')) not null, "aliases" text[] not null default '{}', "county_id" int not null, "township_id" int null, "provenance" text check ("provenance" in ('PUBLISHED', 'SYNTHETIC', 'IMPORTED')) not null, "source" text not null);`);
    this.addSql(`alter table "agency" add constraint "agency_code_unique" unique ("code");`);
    this.addSql(`create index "agency_township_id_index" on "agency" ("township_id");`);
    this.addSql(`create index "agency_county_id_level_index" on "agency" ("county_id", "level");`);

    this.addSql(`alter table "city" add constraint "city_province_id_foreign" foreign key ("province_id") references "province" ("id") on update cascade;`);

    this.addSql(`alter table "county" add constraint "county_city_id_foreign" foreign key ("city_id") references "city" ("id") on update cascade;`);

    this.addSql(`alter table "township" add constraint "township_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);

    this.addSql(`alter table "agency" add constraint "agency_county_id_foreign" foreign key ("county_id") references "county" ("id") on update cascade;`);
    this.addSql(`alter table "agency" add constraint "agency_township_id_foreign" foreign key ("township_id") references "township" ("id") on update cascade on delete set null;`);
  }

}
