import { Migration } from '@mikro-orm/migrations';

/**
 * Real time: the relay's publication order on the outbox, a statement trigger that wakes the
 * relays of every instance when events commit, the applicant's notification preferences, and
 * the notifications with their delivery log.
 */
export class Migration20261126040000RealTime extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_event" add column "published_seq" bigint null`);
    this.addSql(`alter table "outbox_event" add constraint "outbox_published_seq_unique" unique ("published_seq")`);
    // Existing published rows keep their order; unpublished ones get a sequence from the relay.
    this.addSql(`update "outbox_event" o set "published_seq" = s.rn from (select id, row_number() over (order by id) as rn from "outbox_event" where "published_at" is not null) s where o.id = s.id`);
    // NOTIFY is delivered on commit only, so a rolled-back transaction wakes nobody.
    this.addSql(`create function "outbox_event_wake_relays"() returns trigger language plpgsql as $$
      begin perform pg_notify('onedoor_outbox', ''); return null; end $$`);
    this.addSql(`create table "outbox_consumer_failure" ("id" bigserial primary key, "consumer" text not null, "event_id" bigint not null, "error" text not null, "failed_at" timestamptz not null)`);
    this.addSql(`alter table "outbox_consumer_failure" add constraint "outbox_consumer_failure_unique" unique ("consumer", "event_id")`);
    this.addSql(`create trigger "outbox_event_wake_relays" after insert on "outbox_event" for each statement execute function "outbox_event_wake_relays"()`);

    this.addSql(`alter table "dossier" add column "notification_channels" text[] not null default '{}', add column "notification_language" text not null default 'vi'`);
    this.addSql(`update "dossier" set "notification_channels" = array_remove(array[case when "applicant_email" is not null then 'EMAIL' end, case when "applicant_phone" is not null then 'SMS' end], null)`);
    this.addSql(`create index "dossier_open_holding_idx" on "dossier" ("holding_agency_id", "national_status") where "national_status" in (1, 2, 4, 5, 6, 9)`);

    this.addSql(`create type "notification_kind" as enum ('RECEIVED', 'REFUSED', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED', 'RESULT_READY', 'RESULT_RETURNED', 'STOPPED', 'APOLOGY')`);
    this.addSql(`create type "notification_channel" as enum ('EMAIL', 'SMS')`);
    this.addSql(`create type "notification_status" as enum ('QUEUED', 'SENDING', 'SENT', 'FAILED', 'DEAD')`);
    this.addSql(`create table "notification" ("id" uuid not null, "event_id" bigint not null, "dossier_id" uuid not null, "kind" "notification_kind" not null, "channel" "notification_channel" not null, "recipient" text not null, "language" text not null, "subject" text null, "body" text not null, "status" "notification_status" not null default 'QUEUED', "attempts" smallint not null default 0, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null, constraint "notification_pkey" primary key ("id"))`);
    this.addSql(`create index "notification_dossier_id_index" on "notification" ("dossier_id")`);
    this.addSql(`create index "notification_status_created_idx" on "notification" ("status", "created_at", "id")`);
    this.addSql(`create index "notification_due_idx" on "notification" ("next_attempt_at") where "status" in ('QUEUED', 'FAILED', 'SENDING')`);
    this.addSql(`alter table "notification" add constraint "notification_event_channel_unique" unique ("event_id", "channel")`);
    this.addSql(`alter table "notification" add constraint "notification_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade`);
    this.addSql(`create table "notification_attempt" ("id" bigserial primary key, "notification_id" uuid not null, "attempt" smallint not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "succeeded" boolean null, "error" text null)`);
    this.addSql(`create index "notification_attempt_notification_id_index" on "notification_attempt" ("notification_id")`);
    this.addSql(`alter table "notification_attempt" add constraint "notification_attempt_notification_id_foreign" foreign key ("notification_id") references "notification" ("id") on update cascade`);
  }
}
