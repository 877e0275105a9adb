import { Migration } from '@mikro-orm/migrations';

/**
 * Whether a report's transcription is complete (issue 13.5): only then does a figure the platform
 * does not hold mean the report lacks it. Existing reports are PARTIAL until re-imported with
 * "transcription": "COMPLETE".
 */
export class Migration20261129120000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "report" add column "transcription" text check ("transcription" in ('COMPLETE', 'PARTIAL')) not null default 'PARTIAL';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "report" drop column "transcription";`);
  }
}
