import { Migration } from '@mikro-orm/migrations';

/**
 * Assignment by jurisdiction and workload (issue 19): an agency's rules for assigning received
 * dossiers, and the index that counts an officer's open dossiers (their load) without a scan.
 */
export class Migration20261207213000AssignmentRules extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "assignment_rule" (
      "id" uuid not null,
      "agency_id" uuid not null,
      "name" text not null,
      "priority" int not null,
      "unit_ids" text[] not null default '{}',
      "procedure_codes" text[] not null default '{}',
      "officer_ids" text[] not null default '{}',
      "version" int not null default 1,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "assignment_rule_pkey" primary key ("id"),
      constraint assignment_rule_name_check check ((char_length(name) >= 1) AND (char_length(name) <= 200)),
      constraint assignment_rule_priority_check check ((priority >= 0) AND (priority <= 10000)))`);
    this.addSql(`create index "assignment_rule_agency_idx" on "assignment_rule" ("agency_id", "priority", "created_at")`);
    this.addSql(`alter table "assignment_rule" add constraint "assignment_rule_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`create index "dossier_open_assignee_idx" on "dossier" ("assignee_id") where "finished_at" is null and "closed_at" is null`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "dossier_open_assignee_idx"`);
    this.addSql(`drop table if exists "assignment_rule" cascade`);
  }
}
