import { Migration } from '@mikro-orm/migrations';

/** Daily snapshot of the dossiers in progress, on time or late (src/statistics/open-snapshot.ts). */
export class Migration20261127000300OpenSnapshot extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dossier_open_snapshot" ("day" date not null, "agency_id" uuid not null, "procedure_id" uuid not null, "unit_id" uuid not null, "channel" text not null, "in_progress_on_time" int not null, "in_progress_late" int not null, "paused" int not null, constraint "dossier_open_snapshot_pkey" primary key ("day", "agency_id", "procedure_id", "unit_id", "channel"))`);
    this.addSql(`create table "dossier_snapshot_day" ("day" date not null, "taken_at" timestamptz not null, constraint "dossier_snapshot_day_pkey" primary key ("day"))`);
  }
}
