import { Migration } from '@mikro-orm/migrations';

/** Results issued as electronic official documents, in the statistics rollups. */
export class Migration20261127000500ResultsElectronic extends Migration {
  override async up(): Promise<void> {
    for (const table of ['dossier_daily_stat', 'dossier_unit_daily_stat', 'dossier_monthly_stat', 'dossier_unit_monthly_stat']) {
      this.addSql(`alter table "${table}" add column "results_electronic" int not null default 0`);
    }
  }
}
