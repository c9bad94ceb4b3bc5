import { Migration } from '@mikro-orm/migrations';

/**
 * Inter-agency data sheets on dossiers (`dossier_record`) and online payments (`payment_order`,
 * `payment_callback`): the kernel side of một cửa liên thông and of the payment gateway.
 */
export class Migration20261127000000InterAgency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "payment_order" ("id" uuid not null, "txn_ref" text not null, "dossier_id" uuid not null, "gateway" text not null, "amount_vnd" bigint not null, "items" jsonb not null, "status" text check ("status" in ('PENDING', 'PAID', 'FAILED')) not null default 'PENDING', "gateway_transaction_no" text null, "bank_code" text null, "response_code" text null, "created_by_name" text not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "paid_at" timestamptz null, "applied_at" timestamptz null, "apply_problem" text null, "version" int not null default 1, constraint "payment_order_pkey" primary key ("id"), constraint payment_order_amount_vnd_check check (amount_vnd > 0))`);
    this.addSql(`alter table "payment_order" add constraint "payment_order_txn_ref_unique" unique ("txn_ref")`);
    this.addSql(`create index "payment_order_dossier_id_index" on "payment_order" ("dossier_id")`);
    this.addSql(`alter table "payment_order" add constraint "payment_order_gateway_gateway_transaction_no_unique" unique ("gateway", "gateway_transaction_no")`);
    this.addSql(`create table "payment_callback" ("id" uuid not null, "gateway" text not null, "kind" text not null, "order_id" uuid null, "txn_ref" text null, "signature_valid" boolean not null, "outcome" text not null, "params" jsonb not null, "received_at" timestamptz not null, constraint "payment_callback_pkey" primary key ("id"))`);
    this.addSql(`create index "payment_callback_order_id_index" on "payment_callback" ("order_id")`);
    this.addSql(`create table "dossier_record" ("id" uuid not null, "dossier_id" uuid not null, "kind" text not null, "agency_id" uuid not null, "data" jsonb not null, "created_by_name" text not null, "created_at" timestamptz not null, constraint "dossier_record_pkey" primary key ("id"))`);
    this.addSql(`create index "dossier_record_dossier_id_kind_created_at_index" on "dossier_record" ("dossier_id", "kind", "created_at")`);
    this.addSql(`alter table "payment_order" add constraint "payment_order_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "payment_callback" add constraint "payment_callback_order_id_foreign" foreign key ("order_id") references "payment_order" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "dossier_record" add constraint "dossier_record_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "dossier_record" add constraint "dossier_record_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    // A data sheet or a gateway callback is evidence: corrections are new rows, never edits.
    this.addSql(`create function "forbid_evidence_change"() returns trigger language plpgsql as $$ begin raise exception '% is append-only', TG_TABLE_NAME; end $$`);
    this.addSql('create trigger "dossier_record_append_only" before update on "dossier_record" for each row execute function "forbid_evidence_change"()');
    this.addSql('create trigger "payment_callback_append_only" before update on "payment_callback" for each row execute function "forbid_evidence_change"()');
  }
}
