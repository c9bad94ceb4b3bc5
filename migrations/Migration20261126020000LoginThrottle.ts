import { Migration } from '@mikro-orm/migrations';

/** Failed sign-in counting and temporary locks against password guessing. */
export class Migration20261126020000LoginThrottle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "failed_logins" smallint not null default 0, add column "locked_until" timestamptz null`);
  }
}
