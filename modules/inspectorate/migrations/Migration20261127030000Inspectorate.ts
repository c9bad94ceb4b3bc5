import { Migration } from '@mikro-orm/migrations';

/**
 * The inspectorate's tables: citizen receptions, petitions and their protected identities,
 * handling history, extensions, assignments and the access log of protected reads. Generated
 * from the entities (the schema diff with all modules must stay empty), then completed with
 * what entities cannot say: append-only triggers and the HMAC key of petitioner keys.
 */
export class Migration20261127030000Inspectorate extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "inspectorate_reception_kind" as enum ('REGULAR', 'PERIODIC_BY_HEAD', 'AD_HOC')`);
    this.addSql(`create type "inspectorate_reception_outcome" as enum ('GUIDANCE_GIVEN', 'PETITION_RECORDED', 'TRANSFERRED', 'ANSWERED', 'RECEPTION_REFUSED')`);
    this.addSql(`create type "inspectorate_petition_classification" as enum ('COMPLAINT', 'DENUNCIATION', 'RECOMMENDATION', 'REFLECTION')`);
    this.addSql(`create type "inspectorate_petition_channel" as enum ('IN_PERSON', 'POST', 'ONLINE', 'TRANSFERRED_IN')`);
    this.addSql(`create type "inspectorate_petition_status" as enum ('RECEIVED', 'ELIGIBILITY_CHECK', 'ACCEPTED', 'TRANSFERRED', 'REFUSED', 'VERIFYING', 'CONCLUDED', 'DECIDED', 'WITHDRAWN', 'RECORDED_ANONYMOUS')`);
    this.addSql(`create type "inspectorate_case_complexity" as enum ('NORMAL', 'COMPLEX', 'ESPECIALLY_COMPLEX')`);
    this.addSql(`create table "inspectorate_setting" ("name" text not null, "value" text not null, constraint "inspectorate_setting_pkey" primary key ("name"))`);
    this.addSql(`create table "inspectorate_petition_counter" ("year" smallint not null, "last" int not null, constraint "inspectorate_petition_counter_pkey" primary key ("year"))`);
    this.addSql(`create table "inspectorate_reception_session" ("id" uuid not null, "agency_id" uuid not null, "held_on" date not null, "officer_id" uuid not null, "officer_name" text not null, "location" text not null, "kind" "inspectorate_reception_kind" not null, "citizen_count" smallint not null, "summary" text not null, "outcome" "inspectorate_reception_outcome" not null, "outcome_note" text null, "recorded_by_id" uuid not null, "created_at" timestamptz not null, constraint "inspectorate_reception_session_pkey" primary key ("id"), constraint inspectorate_reception_session_summary_check check ((char_length(summary) >= 1) AND (char_length(summary) <= 4000)), constraint inspectorate_reception_session_count_check check (citizen_count >= 1))`);
    this.addSql(`create index "inspectorate_reception_session_list_idx" on "inspectorate_reception_session" ("agency_id", "held_on", "id")`);
    this.addSql(`create table "inspectorate_reception_citizen" ("id" uuid not null, "session_id" uuid not null, "full_name" text not null, "identity_number" text null, "address" text null, constraint "inspectorate_reception_citizen_pkey" primary key ("id"))`);
    this.addSql(`create index "inspectorate_reception_citizen_session_id_index" on "inspectorate_reception_citizen" ("session_id")`);
    this.addSql(`create table "inspectorate_petition" ("id" uuid not null, "code" text not null, "year" smallint not null, "number" int not null, "lookup_secret_hash" text not null, "agency_id" uuid not null, "classification" "inspectorate_petition_classification" not null, "anonymous" boolean not null, "subject" text not null, "subject_folded" text not null, "respondent" text null, "respondent_folded" text null, "received_at" timestamptz not null, "channel" "inspectorate_petition_channel" not null, "transferred_from" text null, "reception_session_id" uuid null, "received_by_id" uuid not null, "received_by_name" text not null, "status" "inspectorate_petition_status" not null, "remote" boolean not null default false, "complexity" "inspectorate_case_complexity" not null default 'NORMAL', "eligibility_due_at" timestamptz null, "accepted_at" timestamptz null, "due_at" timestamptz null, "original_due_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "transferred_to_name" text null, "refusal_reason" text null, "conclusion" text null, "decision_number" text null, "decision_date" date null, "withdrawal_reason" text null, "duplicate_of_id" uuid null, "petitioner_key" text null, "version" int not null default 1, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "inspectorate_petition_pkey" primary key ("id"), constraint inspectorate_petition_anonymous_check check (((NOT anonymous) OR (petitioner_key IS NULL))), constraint inspectorate_petition_number_check check (number >= 1), constraint inspectorate_petition_subject_check check ((char_length(subject) >= 1) AND (char_length(subject) <= 10000)))`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_code_unique" unique ("code")`);
    this.addSql(`create index "inspectorate_petition_reception_session_id_index" on "inspectorate_petition" ("reception_session_id")`);
    this.addSql(`create index "inspectorate_petition_petitioner_idx" on "inspectorate_petition" ("petitioner_key")`);
    this.addSql(`create index "inspectorate_petition_list_idx" on "inspectorate_petition" ("agency_id", "received_at", "id")`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_number_unique" unique ("year", "number")`);
    this.addSql(`create table "inspectorate_protected_access_log" ("id" bigserial primary key, "at" timestamptz not null, "account_id" uuid not null, "account_name" text not null, "petition_id" uuid null, "reception_session_id" uuid null, "fields" text[] not null, "operation" text not null, constraint inspectorate_protected_access_log_target_check check (((petition_id IS NULL) <> (reception_session_id IS NULL))))`);
    this.addSql(`create index "inspectorate_protected_access_log_reception_session_id_index" on "inspectorate_protected_access_log" ("reception_session_id")`);
    this.addSql(`create index "inspectorate_protected_access_log_at_idx" on "inspectorate_protected_access_log" ("at", "id")`);
    this.addSql(`create index "inspectorate_protected_access_log_petition_idx" on "inspectorate_protected_access_log" ("petition_id", "at", "id")`);
    this.addSql(`create table "inspectorate_petition_inspector" ("id" uuid not null, "petition_id" uuid not null, "account_id" uuid not null, "account_name" text not null, "assigned_at" timestamptz not null, "assigned_by_name" text not null, "removed_at" timestamptz null, constraint "inspectorate_petition_inspector_pkey" primary key ("id"))`);
    this.addSql(`create index "inspectorate_petition_inspector_account_idx" on "inspectorate_petition_inspector" ("account_id")`);
    this.addSql(`alter table "inspectorate_petition_inspector" add constraint "inspectorate_petition_inspector_unique" unique ("petition_id", "account_id")`);
    this.addSql(`create table "inspectorate_petition_history" ("id" bigserial primary key, "petition_id" uuid not null, "at" timestamptz not null, "actor_id" uuid null, "actor_name" text not null, "action" text not null, "from_status" text null, "to_status" text not null, "note" text null)`);
    this.addSql(`create index "inspectorate_petition_history_petition_idx" on "inspectorate_petition_history" ("petition_id", "at", "id")`);
    this.addSql(`create table "inspectorate_petition_extension" ("id" uuid not null, "petition_id" uuid not null, "at" timestamptz not null, "by_id" uuid not null, "by_name" text not null, "reason" text not null, "days" smallint not null, "complexity" "inspectorate_case_complexity" not null, "previous_due_at" timestamptz not null, "new_due_at" timestamptz not null, constraint "inspectorate_petition_extension_pkey" primary key ("id"), constraint inspectorate_petition_extension_days_check check (days >= 1))`);
    this.addSql(`create index "inspectorate_petition_extension_petition_idx" on "inspectorate_petition_extension" ("petition_id", "at")`);
    this.addSql(`create table "inspectorate_petitioner_letter" ("id" uuid not null, "petition_id" uuid not null, "name" text not null, "media_type" text not null, "size" int not null, "sha256" text not null, "content" bytea not null, "uploaded_at" timestamptz not null, constraint "inspectorate_petitioner_letter_pkey" primary key ("id"), constraint inspectorate_petitioner_letter_size_check check (size > 0))`);
    this.addSql(`create index "inspectorate_petitioner_letter_petition_id_index" on "inspectorate_petitioner_letter" ("petition_id")`);
    this.addSql(`create table "inspectorate_petitioner_identity" ("id" uuid not null, "petition_id" uuid not null, "full_name" text not null, "identity_number" text null, "address" text null, "phone" text null, constraint "inspectorate_petitioner_identity_pkey" primary key ("id"))`);
    this.addSql(`alter table "inspectorate_petitioner_identity" add constraint "inspectorate_petitioner_identity_petition_unique" unique ("petition_id")`);
    this.addSql(`alter table "inspectorate_reception_session" add constraint "inspectorate_reception_session_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_reception_session" add constraint "inspectorate_reception_session_officer_id_foreign" foreign key ("officer_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_reception_session" add constraint "inspectorate_reception_session_recorded_by_id_foreign" foreign key ("recorded_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_reception_citizen" add constraint "inspectorate_reception_citizen_session_id_foreign" foreign key ("session_id") references "inspectorate_reception_session" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_reception_session_id_foreign" foreign key ("reception_session_id") references "inspectorate_reception_session" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_received_by_id_foreign" foreign key ("received_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_duplicate_of_id_foreign" foreign key ("duplicate_of_id") references "inspectorate_petition" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "inspectorate_protected_access_log" add constraint "inspectorate_protected_access_log_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_protected_access_log" add constraint "inspectorate_protected_access_log_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete no action`);
    this.addSql(`alter table "inspectorate_protected_access_log" add constraint "inspectorate_protected_access_log_reception_session_id_foreign" foreign key ("reception_session_id") references "inspectorate_reception_session" ("id") on update cascade on delete no action`);
    this.addSql(`alter table "inspectorate_petition_inspector" add constraint "inspectorate_petition_inspector_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "inspectorate_petition_inspector" add constraint "inspectorate_petition_inspector_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_petition_history" add constraint "inspectorate_petition_history_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete no action`);
    this.addSql(`alter table "inspectorate_petition_history" add constraint "inspectorate_petition_history_actor_id_foreign" foreign key ("actor_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "inspectorate_petition_extension" add constraint "inspectorate_petition_extension_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "inspectorate_petition_extension" add constraint "inspectorate_petition_extension_by_id_foreign" foreign key ("by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "inspectorate_petitioner_letter" add constraint "inspectorate_petitioner_letter_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "inspectorate_petitioner_identity" add constraint "inspectorate_petitioner_identity_petition_id_foreign" foreign key ("petition_id") references "inspectorate_petition" ("id") on update cascade on delete cascade`);

    // History and the access log are evidence: nothing may rewrite them, not even the application.
    this.addSql(`create function "inspectorate_forbid_change"() returns trigger language plpgsql as $$ begin raise exception '% is append-only', TG_TABLE_NAME; end $$`);
    this.addSql('create trigger "inspectorate_petition_history_append_only" before update or delete on "inspectorate_petition_history" for each row execute function "inspectorate_forbid_change"()');
    this.addSql('create trigger "inspectorate_protected_access_log_append_only" before update or delete on "inspectorate_protected_access_log" for each row execute function "inspectorate_forbid_change"()');

    // 256 random bits from two v4 UUIDs (gen_random_uuid is core and cryptographically random since PostgreSQL 13).
    this.addSql(`insert into "inspectorate_setting" ("name", "value") values ('petitioner-key', encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'))`);
  }
}
