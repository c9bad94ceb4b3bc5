import { Migration } from '@mikro-orm/migrations';

/**
 * Roles an insider cannot bend (issue 13): a token version per account (disabling an account or
 * changing its roles ends its sessions at the next request), verified citizen identities (a
 * number typed in by an admin gives no citizen-side rights), designations a module declares
 * (head of the inspectorate) and an append-only log of every grant.
 */
export class Migration20261207040000InsiderRoles extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "account" add column "identity_verified" boolean not null default false, add column "token_version" int not null default 1`);
    // Citizen accounts that exist now came from the citizen register (seed); staff accounts'
    // numbers were typed in by admins and stay unverified.
    this.addSql(`update "account" a set "identity_verified" = true where a."identity_number" is not null
      and exists (select 1 from "role_assignment" r where r."account_id" = a."id" and r."role" = 'CITIZEN')
      and not exists (select 1 from "role_assignment" r where r."account_id" = a."id" and r."role" <> 'CITIZEN')`);

    this.addSql(`create table "account_designation" ("id" uuid not null, "account_id" uuid not null, "key" text not null, "agency_id" uuid not null, "granted_by" uuid null, "granted_at" timestamptz not null, constraint "account_designation_pkey" primary key ("id"))`);
    this.addSql(`create index "account_designation_account_id_index" on "account_designation" ("account_id")`);
    this.addSql(`alter table "account_designation" add constraint "account_designation_account_id_key_agency_id_unique" unique ("account_id", "key", "agency_id")`);
    this.addSql(`alter table "account_designation" add constraint "account_designation_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "account_designation" add constraint "account_designation_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);

    this.addSql(`create type "account_change" as enum ('CREATED', 'ROLE_GRANTED', 'ROLE_REVOKED', 'DESIGNATION_GRANTED', 'DESIGNATION_REVOKED', 'DISABLED', 'ENABLED')`);
    this.addSql(`create table "account_grant_log" ("id" uuid not null, "at" timestamptz not null, "actor" uuid null, "account_id" uuid not null, "change" "account_change" not null, "role" text null, "designation" text null, "agency_id" uuid null, constraint "account_grant_log_pkey" primary key ("id"))`);
    this.addSql(`create index "account_grant_log_account_idx" on "account_grant_log" ("account_id", "at")`);
    this.addSql(`create function "forbid_account_grant_log_change"() returns trigger language plpgsql as $$ begin raise exception 'account_grant_log is append-only'; end $$`);
    this.addSql(`create trigger "account_grant_log_append_only" before update or delete on "account_grant_log" for each row execute function "forbid_account_grant_log_change"()`);
  }
}
