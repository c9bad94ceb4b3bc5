import { Migration } from '@mikro-orm/migrations';

/**
 * The land register: parcels, holders, certificates (with their holders and parcels), the
 * number series of certificates, and each parcel's registration history, append-only like the
 * dossier history.
 */
export class Migration20261127010000Land extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "land_certificate" ("id" uuid not null, "serial" text not null, "book_entry_number" text not null, "issued_on" date not null, "issuing_agency_code" text not null, "issuing_agency_name" text not null, "status" text check ("status" in ('VALID', 'REPLACED', 'REVOKED')) not null default 'VALID', "replaced_by_id" uuid null, "status_reason" text null, "dossier_code" text null, "version" int not null default 1, "created_at" timestamptz not null, constraint "land_certificate_pkey" primary key ("id"), constraint land_certificate_replaced_check check ((status <> 'REPLACED'::text) OR (replaced_by_id IS NOT NULL)), constraint land_certificate_serial_check check (serial ~ '^[A-Z]{2} [0-9]{6}$'::text))`);
    this.addSql(`alter table "land_certificate" add constraint "land_certificate_serial_unique" unique ("serial")`);
    this.addSql(`create index "land_certificate_dossier_code_index" on "land_certificate" ("dossier_code")`);
    this.addSql(`alter table "land_certificate" add constraint "land_certificate_book_entry_unique" unique ("issuing_agency_code", "book_entry_number")`);
    this.addSql(`create table "land_counter" ("series" text not null, "last" int not null, constraint "land_counter_pkey" primary key ("series"))`);
    this.addSql(`create table "land_holder" ("id" uuid not null, "kind" text check ("kind" in ('PERSON', 'ORGANIZATION')) not null, "name" text not null, "id_number" text not null, "address" text null, "version" int not null default 1, "created_at" timestamptz not null, constraint "land_holder_pkey" primary key ("id"))`);
    this.addSql(`alter table "land_holder" add constraint "land_holder_id_number_unique" unique ("id_number")`);
    this.addSql(`create table "land_certificate_holder" ("certificate_id" uuid not null, "holder_id" uuid not null, "position" smallint not null, "share_note" text null, constraint "land_certificate_holder_pkey" primary key ("certificate_id", "holder_id"))`);
    this.addSql(`create index "land_certificate_holder_holder_idx" on "land_certificate_holder" ("holder_id")`);
    this.addSql(`create table "land_parcel" ("id" uuid not null, "commune_code" text not null, "commune_id" uuid not null, "map_sheet" int not null, "parcel_number" int not null, "area_m2" numeric(12,1) not null, "purpose_code" text not null, "use_until" date null, "address" text not null, "version" int not null default 1, "created_at" timestamptz not null, constraint "land_parcel_pkey" primary key ("id"), constraint land_parcel_area_check check ((area_m2 > (0)::numeric) AND (area_m2 < (100000000)::numeric)), constraint land_parcel_parcel_number_check check (parcel_number >= 1), constraint land_parcel_map_sheet_check check (map_sheet >= 1))`);
    this.addSql(`alter table "land_parcel" add constraint "land_parcel_number_unique" unique ("commune_code", "map_sheet", "parcel_number")`);
    this.addSql(`create table "land_certificate_parcel" ("certificate_id" uuid not null, "parcel_id" uuid not null, constraint "land_certificate_parcel_pkey" primary key ("certificate_id", "parcel_id"))`);
    this.addSql(`create index "land_certificate_parcel_parcel_idx" on "land_certificate_parcel" ("parcel_id")`);
    this.addSql(`create table "land_parcel_registration" ("id" uuid not null, "parcel_id" uuid not null, "kind" text check ("kind" in ('FIRST_REGISTRATION', 'TRANSFER', 'MORTGAGE_REGISTERED', 'MORTGAGE_RELEASED', 'CERTIFICATE_REISSUED', 'CERTIFICATE_REVOKED')) not null, "at" timestamptz not null, "dossier_code" text null, "certificate_before_id" uuid null, "certificate_after_id" uuid null, "parties" jsonb not null, "mortgagee_name" text null, "mortgagee_tax_code" text null, "secured_amount_vnd" bigint null, "contract_number" text null, "contract_date" date null, "note" text null, constraint "land_parcel_registration_pkey" primary key ("id"), constraint land_parcel_registration_mortgage_check check ((kind <> ALL (ARRAY['MORTGAGE_REGISTERED'::text, 'MORTGAGE_RELEASED'::text])) OR ((contract_number IS NOT NULL) AND (mortgagee_name IS NOT NULL))), constraint land_parcel_registration_amount_check check ((secured_amount_vnd IS NULL) OR (secured_amount_vnd > 0)))`);
    this.addSql(`create index "land_parcel_registration_parcel_idx" on "land_parcel_registration" ("parcel_id", "at")`);
    this.addSql(`alter table "land_certificate" add constraint "land_certificate_replaced_by_id_foreign" foreign key ("replaced_by_id") references "land_certificate" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "land_certificate_holder" add constraint "land_certificate_holder_certificate_id_foreign" foreign key ("certificate_id") references "land_certificate" ("id") on update cascade`);
    this.addSql(`alter table "land_certificate_holder" add constraint "land_certificate_holder_holder_id_foreign" foreign key ("holder_id") references "land_holder" ("id") on update cascade`);
    this.addSql(`alter table "land_parcel" add constraint "land_parcel_commune_id_foreign" foreign key ("commune_id") references "admin_unit" ("id") on update cascade`);
    this.addSql(`alter table "land_certificate_parcel" add constraint "land_certificate_parcel_certificate_id_foreign" foreign key ("certificate_id") references "land_certificate" ("id") on update cascade`);
    this.addSql(`alter table "land_certificate_parcel" add constraint "land_certificate_parcel_parcel_id_foreign" foreign key ("parcel_id") references "land_parcel" ("id") on update cascade`);
    this.addSql(`alter table "land_parcel_registration" add constraint "land_parcel_registration_parcel_id_foreign" foreign key ("parcel_id") references "land_parcel" ("id") on update cascade`);
    this.addSql(`alter table "land_parcel_registration" add constraint "land_parcel_registration_certificate_before_id_foreign" foreign key ("certificate_before_id") references "land_certificate" ("id") on update cascade on delete set null`);
    this.addSql(`alter table "land_parcel_registration" add constraint "land_parcel_registration_certificate_after_id_foreign" foreign key ("certificate_after_id") references "land_certificate" ("id") on update cascade on delete set null`);
    this.addSql(`create function "forbid_land_registration_change"() returns trigger language plpgsql as $$ begin raise exception 'land_parcel_registration is append-only'; end $$`);
    this.addSql('create trigger "land_parcel_registration_append_only" before update or delete on "land_parcel_registration" for each row execute function "forbid_land_registration_change"()');
  }
}
