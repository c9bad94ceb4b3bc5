import { Migration } from '@mikro-orm/migrations';

/** Payment counters in the statistics rollups: obligations paid, paid online, and the VND paid online. */
export class Migration20261127000100PaymentCounters extends Migration {
  override async up(): Promise<void> {
    for (const table of ['dossier_daily_stat', 'dossier_unit_daily_stat', 'dossier_monthly_stat', 'dossier_unit_monthly_stat']) {
      this.addSql(`alter table "${table}" add column "paid" int not null default 0, add column "paid_online" int not null default 0, add column "paid_online_vnd" bigint not null default 0`);
    }
  }
}
