import { Migration } from '@mikro-orm/migrations';

/**
 * Official documents (Decree 30/2020): the documents with their numbers, recipients and their
 * statuses on the national axis, named handlers of secret documents, files, counters, and an
 * append-only trace.
 */
export class Migration20261126050000Documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "document_urgency" as enum ('NORMAL', 'KHAN', 'THUONG_KHAN', 'HOA_TOC')`);
    this.addSql(`create type "document_secrecy" as enum ('NONE', 'MAT', 'TOI_MAT', 'TUYET_MAT')`);
    this.addSql(`create type "document_status" as enum ('DRAFT', 'APPROVED', 'SIGNED', 'ISSUED', 'RECALLED', 'REPLACED')`);
    this.addSql(`create type "document_recipient_status" as enum ('INBOX', 'ACCEPTED', 'REJECTED', 'PROCESSING', 'DONE', 'FAIL')`);
    this.addSql(`create table "document_counter" ("agency_id" uuid not null, "year" smallint not null, "series" text not null, "last" int not null, constraint "document_counter_pkey" primary key ("agency_id", "year", "series"))`);
    this.addSql(`create table "official_document" ("id" uuid not null, "issuer_id" uuid null, "external_issuer_code" text null, "external_issuer_name" text null, "year" smallint null, "number" int null, "notation" text not null, "type_code" text not null, "subject" text not null, "subject_folded" text not null, "language" text not null default 'vi', "page_count" smallint not null, "place" text not null, "urgency" "document_urgency" not null, "secrecy" "document_secrecy" not null, "secret" boolean not null, "status" "document_status" not null, "due_at" timestamptz null, "drafted_by_id" uuid not null, "approved_by_id" uuid null, "signed_by_id" uuid null, "signer_position" text null, "signer_name" text null, "issued_at" timestamptz null, "recalled_at" timestamptz null, "replaces_id" uuid null, "dossier_id" uuid null, "origin" text not null default 'ONEDOOR', "version" int not null default 1, "created_at" timestamptz not null, constraint "official_document_pkey" primary key ("id"), constraint official_document_page_count_check check (page_count >= 1), constraint official_document_issuer_check check (((issuer_id IS NULL) <> (external_issuer_code IS NULL))), constraint official_document_subject_check check ((char_length(subject) >= 1) AND (char_length(subject) <= 500)))`);
    this.addSql(`create index "official_document_dossier_id_index" on "official_document" ("dossier_id")`);
    this.addSql(`create index "official_document_subject_search_idx" on "official_document" using gin (to_tsvector('simple', "subject_folded"))`);
    this.addSql(`create index "official_document_outgoing_idx" on "official_document" ("issuer_id", "created_at", "id")`);
    this.addSql(`alter table "official_document" add constraint "official_document_number_unique" unique ("issuer_id", "year", "secret", "number", "notation")`);
    this.addSql(`alter table "official_document" add constraint "official_document_external_number_unique" unique ("external_issuer_code", "year", "number", "notation")`);
    this.addSql(`create table "document_trace" ("id" bigserial primary key, "document_id" uuid not null, "recipient_id" uuid null, "agency_id" uuid not null, "actor_id" uuid null, "actor_name" text not null, "action" text not null, "from_status" text null, "to_status" text null, "note" text null, "at" timestamptz not null)`);
    this.addSql(`create index "document_trace_document_idx" on "document_trace" ("document_id", "at")`);
    this.addSql(`create table "document_recipient" ("id" uuid not null, "document_id" uuid not null, "agency_id" uuid not null, "status" "document_recipient_status" not null, "delivered_at" timestamptz null, "acknowledged_at" timestamptz null, "arrival_number" int null, "arrival_year" smallint null, "assignee_id" uuid null, "handling_due_at" timestamptz null, "finished_at" timestamptz null, "note" text null, "version" int not null default 1, constraint "document_recipient_pkey" primary key ("id"))`);
    this.addSql(`create index "document_recipient_incoming_idx" on "document_recipient" ("agency_id", "delivered_at", "id")`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_unique" unique ("document_id", "agency_id")`);
    this.addSql(`create table "document_handler" ("id" bigserial primary key, "document_id" uuid not null, "agency_id" uuid not null, "account_id" uuid not null)`);
    this.addSql(`create index "document_handler_account_id_index" on "document_handler" ("account_id")`);
    this.addSql(`alter table "document_handler" add constraint "document_handler_unique" unique ("document_id", "account_id")`);
    this.addSql(`create table "document_file" ("id" bigserial primary key, "document_id" uuid not null, "file_sha256" text not null, "name" text not null)`);
    this.addSql(`create index "document_file_document_id_index" on "document_file" ("document_id")`);
    this.addSql(`alter table "official_document" add constraint "official_document_issuer_id_foreign" foreign key ("issuer_id") references "agency" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "official_document" add constraint "official_document_drafted_by_id_foreign" foreign key ("drafted_by_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "official_document" add constraint "official_document_approved_by_id_foreign" foreign key ("approved_by_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "official_document" add constraint "official_document_signed_by_id_foreign" foreign key ("signed_by_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "official_document" add constraint "official_document_replaces_id_foreign" foreign key ("replaces_id") references "official_document" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "official_document" add constraint "official_document_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "document_trace" add constraint "document_trace_document_id_foreign" foreign key ("document_id") references "official_document" ("id") on update cascade`);
    this.addSql(`alter table "document_trace" add constraint "document_trace_recipient_id_foreign" foreign key ("recipient_id") references "agency" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "document_trace" add constraint "document_trace_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "document_trace" add constraint "document_trace_actor_id_foreign" foreign key ("actor_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_document_id_foreign" foreign key ("document_id") references "official_document" ("id") on update cascade`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "document_recipient" add constraint "document_recipient_assignee_id_foreign" foreign key ("assignee_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "document_handler" add constraint "document_handler_document_id_foreign" foreign key ("document_id") references "official_document" ("id") on update cascade`);
    this.addSql(`alter table "document_handler" add constraint "document_handler_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "document_handler" add constraint "document_handler_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade`);
    this.addSql(`alter table "document_file" add constraint "document_file_document_id_foreign" foreign key ("document_id") references "official_document" ("id") on update cascade`);
    this.addSql(`alter table "document_file" add constraint "document_file_file_sha256_foreign" foreign key ("file_sha256") references "stored_file" ("sha256") on update cascade`);
    this.addSql(`create function "forbid_document_trace_change"() returns trigger language plpgsql as $$ begin raise exception 'document_trace is append-only'; end $$`);
    this.addSql('create trigger "document_trace_append_only" before update or delete on "document_trace" for each row execute function "forbid_document_trace_change"()');
  }
}
