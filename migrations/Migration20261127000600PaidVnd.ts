import { Migration } from '@mikro-orm/migrations';

/**
 * VND of every payment (online and at the counter) in the statistics rollups. Rows written
 * before knew the online amount only: that is their whole known amount.
 */
export class Migration20261127000600PaidVnd extends Migration {
  override async up(): Promise<void> {
    for (const table of ['dossier_daily_stat', 'dossier_unit_daily_stat', 'dossier_monthly_stat', 'dossier_unit_monthly_stat']) {
      this.addSql(`alter table "${table}" add column "paid_vnd" bigint not null default 0`);
      this.addSql(`update "${table}" set "paid_vnd" = "paid_online_vnd" where "paid_online_vnd" <> 0`);
    }
  }
}
