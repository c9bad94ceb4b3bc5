import { Migration } from '@mikro-orm/migrations';

/**
 * The tax module's tables: taxpayers, declarations, obligations, notices, payments, the
 * provincial land price table and the numbering counters. Generated from the entities and
 * checked to leave no schema difference.
 */
export class Migration20261127020000Tax extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "tax_notice_status" as enum ('NOTIFIED', 'PAID', 'OVERDUE', 'CANCELLED');`);
    this.addSql(`create type "tax_taxpayer_kind" as enum ('ORGANIZATION', 'BRANCH', 'INDIVIDUAL');`);
    this.addSql(`create type "tax_taxpayer_status" as enum ('ACTIVE', 'SUSPENDED', 'CLOSED');`);
    this.addSql(`create type "tax_period_kind" as enum ('MONTH', 'QUARTER', 'YEAR', 'EVENT');`);
    this.addSql(`create type "tax_declaration_status" as enum ('FILED', 'ACCEPTED', 'REJECTED');`);
    this.addSql(`create type "tax_obligation_status" as enum ('ASSESSED', 'NOTIFIED', 'PAID', 'OVERDUE', 'CANCELLED');`);
    this.addSql(`create type "tax_payment_method" as enum ('ONLINE', 'COUNTER');`);
    this.addSql(`create table "tax_counter" ("agency_id" uuid not null, "year" smallint not null, "series" text not null, "last" int not null, constraint "tax_counter_pkey" primary key ("agency_id", "year", "series"));`);
    this.addSql(`create table "tax_land_price" ("id" uuid not null, "commune_code" text not null, "purpose_code" text not null, "price_per_m2_vnd" bigint not null, "valid_from" date not null, "valid_to" date null, "legal_basis" text not null, "demo" boolean not null default false, constraint "tax_land_price_pkey" primary key ("id"), constraint tax_land_price_validity_check check ((valid_to IS NULL) OR (valid_to >= valid_from)), constraint tax_land_price_price_check check (price_per_m2_vnd > 0));`);
    this.addSql(`create index "tax_land_price_lookup_idx" on "tax_land_price" ("commune_code", "purpose_code", "valid_from");`);
    this.addSql(`alter table "tax_land_price" add constraint "tax_land_price_unique" unique ("commune_code", "purpose_code", "valid_from");`);
    this.addSql(`create table "tax_notice" ("id" uuid not null, "agency_id" uuid not null, "year" smallint not null, "number" int not null, "notation" text not null, "dossier_id" uuid null, "payer_name" text not null, "amount_vnd" bigint not null, "issued_at" timestamptz not null, "issued_by_name" text not null, "due_at" timestamptz not null, "due_legal_basis" text not null, "status" "tax_notice_status" not null default 'NOTIFIED', "paid_at" timestamptz null, "version" int not null default 1, constraint "tax_notice_pkey" primary key ("id"), constraint tax_notice_number_check check (number >= 1), constraint tax_notice_amount_check check (amount_vnd > 0));`);
    this.addSql(`create index "tax_notice_issued_idx" on "tax_notice" ("agency_id", "issued_at");`);
    this.addSql(`create index "tax_notice_dossier_idx" on "tax_notice" ("dossier_id");`);
    this.addSql(`alter table "tax_notice" add constraint "tax_notice_number_unique" unique ("agency_id", "year", "number");`);
    this.addSql(`create table "tax_taxpayer" ("id" uuid not null, "kind" "tax_taxpayer_kind" not null, "tax_code" text not null, "parent_id" uuid null, "name" text not null, "address" text not null, "legal_representative" text null, "business_lines" text[] not null default '{}', "agency_id" uuid not null, "status" "tax_taxpayer_status" not null default 'ACTIVE', "registered_at" timestamptz not null, "account_id" uuid null, "registration_dossier_id" uuid null, "version" int not null default 1, "updated_at" timestamptz not null, constraint "tax_taxpayer_pkey" primary key ("id"), constraint tax_taxpayer_tax_code_check check ((tax_code ~ '^[0-9]{10}(-[0-9]{3})?$'::text) OR (tax_code ~ '^[0-9]{12}$'::text)), constraint tax_taxpayer_parent_check check (((kind = 'BRANCH'::tax_taxpayer_kind) = (parent_id IS NOT NULL))));`);
    this.addSql(`alter table "tax_taxpayer" add constraint "tax_taxpayer_tax_code_unique" unique ("tax_code");`);
    this.addSql(`create index "tax_taxpayer_parent_idx" on "tax_taxpayer" ("parent_id");`);
    this.addSql(`create table "tax_declaration" ("id" uuid not null, "taxpayer_id" uuid not null, "form_code" text not null, "period_kind" "tax_period_kind" not null, "period_start" date not null, "period_end" date not null, "taxable_amount_vnd" bigint not null, "tax_amount_vnd" bigint not null, "supplementary" boolean not null default false, "status" "tax_declaration_status" not null default 'FILED', "reason" text null, "filed_at" timestamptz not null, "filed_by_name" text not null, "decided_at" timestamptz null, "decided_by_name" text null, "dossier_id" uuid null, "version" int not null default 1, constraint "tax_declaration_pkey" primary key ("id"), constraint tax_declaration_reason_check check ((status <> 'REJECTED'::tax_declaration_status) OR (reason IS NOT NULL)), constraint tax_declaration_period_check check (period_end >= period_start), constraint tax_declaration_amounts_check check ((taxable_amount_vnd >= 0) AND (tax_amount_vnd >= 0)));`);
    this.addSql(`create unique index "tax_declaration_original_unique" on "tax_declaration" ("taxpayer_id", "form_code", "period_start", "period_end") where (NOT supplementary) AND (status <> 'REJECTED'::tax_declaration_status);`);
    this.addSql(`create index "tax_declaration_taxpayer_filed_idx" on "tax_declaration" ("taxpayer_id", "filed_at", "id");`);
    this.addSql(`create table "tax_obligation" ("id" uuid not null, "dossier_id" uuid null, "declaration_id" uuid null, "taxpayer_id" uuid null, "payer_name" text not null, "payer_id_number" text not null, "kind" text not null, "base_amount_vnd" bigint not null, "rate" numeric(9,6) not null, "amount_vnd" bigint not null, "exemption_code" text null, "exemption_legal_basis" text null, "legal_basis" text not null, "details" jsonb not null default '{}', "note" text null, "status" "tax_obligation_status" not null default 'ASSESSED', "notice_id" uuid null, "due_at" timestamptz null, "assessed_at" timestamptz not null, "assessed_by_name" text not null, "version" int not null default 1, constraint "tax_obligation_pkey" primary key ("id"), constraint tax_obligation_exemption_check check ((exemption_code IS NULL) OR ((amount_vnd = 0) AND (exemption_legal_basis IS NOT NULL))), constraint tax_obligation_rate_check check ((rate >= (0)::numeric) AND (rate < (1)::numeric)), constraint tax_obligation_amounts_check check ((base_amount_vnd >= 0) AND (amount_vnd >= 0)));`);
    this.addSql(`create index "tax_obligation_notice_idx" on "tax_obligation" ("notice_id");`);
    this.addSql(`create index "tax_obligation_taxpayer_idx" on "tax_obligation" ("taxpayer_id");`);
    this.addSql(`create index "tax_obligation_dossier_idx" on "tax_obligation" ("dossier_id");`);
    this.addSql(`create table "tax_payment" ("id" uuid not null, "notice_id" uuid not null, "amount_vnd" bigint not null, "paid_at" timestamptz not null, "method" "tax_payment_method" not null, "reference" text not null, "recorded_by_name" text not null, constraint "tax_payment_pkey" primary key ("id"), constraint tax_payment_amount_check check (amount_vnd > 0));`);
    this.addSql(`alter table "tax_payment" add constraint "tax_payment_reference_unique" unique ("notice_id", "method", "reference");`);
    this.addSql(`alter table "tax_notice" add constraint "tax_notice_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);
    this.addSql(`alter table "tax_notice" add constraint "tax_notice_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_taxpayer" add constraint "tax_taxpayer_parent_id_foreign" foreign key ("parent_id") references "tax_taxpayer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_taxpayer" add constraint "tax_taxpayer_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade;`);
    this.addSql(`alter table "tax_taxpayer" add constraint "tax_taxpayer_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_taxpayer" add constraint "tax_taxpayer_registration_dossier_id_foreign" foreign key ("registration_dossier_id") references "dossier" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_declaration" add constraint "tax_declaration_taxpayer_id_foreign" foreign key ("taxpayer_id") references "tax_taxpayer" ("id") on update cascade;`);
    this.addSql(`alter table "tax_declaration" add constraint "tax_declaration_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_obligation" add constraint "tax_obligation_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_obligation" add constraint "tax_obligation_declaration_id_foreign" foreign key ("declaration_id") references "tax_declaration" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_obligation" add constraint "tax_obligation_taxpayer_id_foreign" foreign key ("taxpayer_id") references "tax_taxpayer" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_obligation" add constraint "tax_obligation_notice_id_foreign" foreign key ("notice_id") references "tax_notice" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "tax_payment" add constraint "tax_payment_notice_id_foreign" foreign key ("notice_id") references "tax_notice" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    for (const t of ['tax_payment', 'tax_obligation', 'tax_declaration', 'tax_notice', 'tax_taxpayer', 'tax_land_price', 'tax_counter']) this.addSql(`drop table if exists "${t}" cascade;`);
    for (const e of ['tax_notice_status', 'tax_taxpayer_kind', 'tax_taxpayer_status', 'tax_period_kind', 'tax_declaration_status', 'tax_obligation_status', 'tax_payment_method']) this.addSql(`drop type if exists "${e}";`);
  }
}
