import { Migration } from '@mikro-orm/migrations';

/**
 * The personal-data access log (src/privacy/): every read of a person's unmasked personal data
 * by someone else, append-only (Decree 13/2023/NĐ-CP, Art. 9 — verify).
 */
export class Migration20261207070000PersonalDataAccess extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "personal_data_access" ("id" bigserial primary key, "at" timestamptz not null, "account_id" uuid null, "account_name" text not null, "agency_id" uuid null, "subject_id_number" text not null, "record_type" text not null, "record_id" text not null, "record_label" text null, "fields" text[] not null, "purpose" text not null)`);
    this.addSql(`create index "personal_data_access_account_id_index" on "personal_data_access" ("account_id")`);
    this.addSql(`create index "personal_data_access_subject_idx" on "personal_data_access" ("subject_id_number", "at", "id")`);
    this.addSql(`create index "personal_data_access_agency_idx" on "personal_data_access" ("agency_id", "at", "id")`);
    this.addSql(`alter table "personal_data_access" add constraint "personal_data_access_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "personal_data_access" add constraint "personal_data_access_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade on delete set null`);
    // Nobody rewrites what was read, not even the application: updates and deletes are refused.
    this.addSql(`create function "personal_data_access_forbid_change"() returns trigger language plpgsql as $$ begin raise exception '% is append-only', TG_TABLE_NAME; end $$`);
    this.addSql('create trigger "personal_data_access_append_only" before update or delete on "personal_data_access" for each row execute function "personal_data_access_forbid_change"()');
  }
}
