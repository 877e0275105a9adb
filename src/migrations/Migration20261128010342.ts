import { Migration } from '@mikro-orm/migrations';

export class Migration20261128010342 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "county" add column "population" int null, add column "population_source" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "county" drop column "population", drop column "population_source";`);
  }

}
