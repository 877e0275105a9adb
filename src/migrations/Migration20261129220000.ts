import { Migration } from '@mikro-orm/migrations';

/**
 * API keys are remembered by each server process once looked up (src/modules/auth/key-cache.ts),
 * so a statement that changes `api_key` (creating, revoking, a hand-written UPDATE or DELETE)
 * announces itself on the data-changes channel, as the published tables do
 * (Migration20261129200000). Its payload 'api_key' moves only the processes' key version, not the
 * answers' versions.
 */
export class Migration20261129220000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "rolg_api_key_changed"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('rolg_data_changed', 'api_key');
        return null;
      end $$;`);
    this.addSql(`create trigger "rolg_api_key_changed" after insert or update or delete on "api_key" for each statement execute function "rolg_api_key_changed"();`);
    this.addSql(`create trigger "rolg_api_key_truncated" after truncate on "api_key" for each statement execute function "rolg_api_key_changed"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "rolg_api_key_truncated" on "api_key";`);
    this.addSql(`drop trigger if exists "rolg_api_key_changed" on "api_key";`);
    this.addSql(`drop function if exists "rolg_api_key_changed"();`);
  }

}
