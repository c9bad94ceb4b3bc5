import { Migration } from '@mikro-orm/migrations';

/** Resolutions by processing time in working days, beside the rollups (src/statistics/processing-histogram.entity.ts): the median. */
export class Migration20261127000400ProcessingHistogram extends Migration {
  override async up(): Promise<void> {
    for (const grain of ['daily', 'monthly']) {
      this.addSql(`create table "dossier_${grain}_processing_hist" ("agency_id" uuid not null, "procedure_id" uuid not null, "channel" text not null, "day" date not null, "bucket" smallint not null, "resolved" int not null, constraint "dossier_${grain}_processing_hist_pkey" primary key ("agency_id", "procedure_id", "channel", "day", "bucket"))`);
      this.addSql(`create table "dossier_unit_${grain}_processing_hist" ("unit_id" uuid not null, "agency_id" uuid not null, "channel" text not null, "day" date not null, "bucket" smallint not null, "resolved" int not null, constraint "dossier_unit_${grain}_processing_hist_pkey" primary key ("unit_id", "agency_id", "channel", "day", "bucket"))`);
    }
    this.addSql(`create index "dossier_daily_processing_hist_day_idx" on "dossier_daily_processing_hist" ("day")`);
    this.addSql(`create index "dossier_unit_daily_processing_hist_day_idx" on "dossier_unit_daily_processing_hist" ("day")`);
  }
}
