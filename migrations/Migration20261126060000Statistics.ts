import { Migration } from '@mikro-orm/migrations';

/** Daily flow counters of dossiers (by procedure, and by administrative unit), maintained by the relay (src/statistics/rollup.consumer.ts). */
export class Migration20261126060000Statistics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dossier_daily_stat" ("agency_id" uuid not null, "procedure_id" uuid not null, "channel" text not null, "day" date not null, "received" int not null default 0, "refused" int not null default 0, "resolved_early" int not null default 0, "resolved_on_time" int not null default 0, "resolved_late" int not null default 0, "paused" int not null default 0, "withdrawn" int not null default 0, "stopped" int not null default 0, "returned" int not null default 0, "rated_very_satisfied" int not null default 0, "rated_satisfied" int not null default 0, "rated_neutral" int not null default 0, "rated_dissatisfied" int not null default 0, "rated_very_dissatisfied" int not null default 0, constraint "dossier_daily_stat_pkey" primary key ("agency_id", "procedure_id", "channel", "day"))`);
    this.addSql(`create index "dossier_daily_stat_day_idx" on "dossier_daily_stat" ("day")`);
    this.addSql(`create table "dossier_unit_daily_stat" ("unit_id" uuid not null, "agency_id" uuid not null, "channel" text not null, "day" date not null, "received" int not null default 0, "refused" int not null default 0, "resolved_early" int not null default 0, "resolved_on_time" int not null default 0, "resolved_late" int not null default 0, "paused" int not null default 0, "withdrawn" int not null default 0, "stopped" int not null default 0, "returned" int not null default 0, "rated_very_satisfied" int not null default 0, "rated_satisfied" int not null default 0, "rated_neutral" int not null default 0, "rated_dissatisfied" int not null default 0, "rated_very_dissatisfied" int not null default 0, constraint "dossier_unit_daily_stat_pkey" primary key ("unit_id", "agency_id", "channel", "day"))`);
    this.addSql(`create index "dossier_unit_daily_stat_day_idx" on "dossier_unit_daily_stat" ("day")`);
  }
}
