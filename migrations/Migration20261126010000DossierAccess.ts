import { Migration } from '@mikro-orm/migrations';

/**
 * The agencies that may see each dossier, keyed for the officer's inbox
 * (`agency_id, submitted_at`), filled from the holding history. Replaces the lookup index on
 * stints, which the read path no longer uses.
 */
export class Migration20261126010000DossierAccess extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dossier_access" ("agency_id" uuid not null, "dossier_id" uuid not null, "submitted_at" timestamptz not null, constraint "dossier_access_pkey" primary key ("agency_id", "dossier_id"))`);
    this.addSql(`create index "dossier_access_inbox_idx" on "dossier_access" ("agency_id", "submitted_at", "dossier_id")`);
    this.addSql(`alter table "dossier_access" add constraint "dossier_access_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "dossier_access" add constraint "dossier_access_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete cascade`);
    this.addSql(`insert into "dossier_access" ("agency_id", "dossier_id", "submitted_at")
      select distinct s.agency_id, s.dossier_id, d.submitted_at from "dossier_agency_stint" s join "dossier" d on d.id = s.dossier_id
      on conflict do nothing`);
    this.addSql(`drop index "dossier_agency_stint_agency_dossier_idx"`);
  }
}
