import { Migration } from '@mikro-orm/migrations';

/** Modules send their own messages (the school contact book) through the notification queue. */
export class Migration20261127000200ModuleMessages extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter type "notification_kind" add value if not exists 'MODULE_MESSAGE'`);
    this.addSql(`alter table "notification" alter column "event_id" drop not null, alter column "dossier_id" drop not null`);
    this.addSql(`alter table "notification" add column "module_name" text null, add column "topic" text null, add column "dedupe_key" text null`);
    this.addSql(`alter table "notification" add constraint "notification_dedupe_key_unique" unique ("dedupe_key")`);
  }
}
