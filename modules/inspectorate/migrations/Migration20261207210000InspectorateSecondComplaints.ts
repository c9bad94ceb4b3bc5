import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 19, defect 3: second complaints (a link to the first, instance 2), complaint time bars
 * with objective obstacles, the denunciation acceptance check extended for checks in several
 * places, and the forwarding time limit. Existing petitions are first instances with no time bar
 * recorded (the day the complainant learned of the decision was not asked for then: unknown, so
 * not guessed).
 */
export class Migration20261207210000InspectorateSecondComplaints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "inspectorate_petition" add column "instance" smallint not null default 1, add column "first_petition_id" uuid null, add column "time_bar_starts_on" date null, add column "time_bar_last_day" date null, add column "obstacle_days" smallint not null default 0, add column "obstacle_reason" text null, add column "eligibility_extended" boolean not null default false, add column "forward_due_at" timestamptz null`);
    this.addSql(`alter table "inspectorate_petition" add constraint "inspectorate_petition_first_petition_id_foreign" foreign key ("first_petition_id") references "inspectorate_petition" ("id") on update cascade on delete set null`);
    this.addSql(`create index "inspectorate_petition_first_petition_idx" on "inspectorate_petition" ("first_petition_id")`);
    this.addSql(`alter table "inspectorate_petition" add constraint inspectorate_petition_instance_check check ((((instance = 1) AND (first_petition_id IS NULL)) OR ((instance = 2) AND (first_petition_id IS NOT NULL) AND (classification = 'COMPLAINT'))))`);
    this.addSql(`alter table "inspectorate_petition" add constraint inspectorate_petition_obstacle_check check (((obstacle_days >= 0) AND ((obstacle_days = 0) = (obstacle_reason IS NULL))))`);
  }

  /** Back to one instance: a second complaint stays as a petition of its own, without its link, time bar or obstacle. */
  override async down(): Promise<void> {
    this.addSql(`alter table "inspectorate_petition" drop column "instance", drop column "first_petition_id", drop column "time_bar_starts_on", drop column "time_bar_last_day", drop column "obstacle_days", drop column "obstacle_reason", drop column "eligibility_extended", drop column "forward_due_at"`);
  }
}
