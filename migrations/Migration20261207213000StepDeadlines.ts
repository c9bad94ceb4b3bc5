import { Migration } from '@mikro-orm/migrations';

const NEW_KINDS = ['STEP_WARNING', 'STEP_ESCALATION'];
const PREVIOUS_KINDS = ['RECEIVED', 'REFUSED', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED', 'RESULT_READY', 'RESULT_RETURNED', 'STOPPED', 'APOLOGY', 'MODULE_MESSAGE', 'WITHDRAWN', 'IN_APPRAISAL', 'RESUMED', 'TRANSFERRED'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * Per-step deadlines with escalation (issue 19): the steps of each dossier (the rows of the
 * process-control slip, Circular 01/2018/TT-VPCP Mẫu 02) with their budgets and deadlines in
 * working time, and the two staff notifications. Dossiers open before this migration get one
 * open step from the last time they entered their state, without a budget (budgets are workflow
 * data the code computes with the calendar; a step that started before it is not re-timed).
 */
export class Migration20261207213000StepDeadlines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "dossier_step" ("id" uuid not null, "dossier_id" uuid not null, "state" text not null, "agency_id" uuid not null, "assignee_id" uuid null, "started_at" timestamptz not null, "ended_at" timestamptz null, "budget_minutes" int null, "carried_minutes" int not null default 0, "warn_at" timestamptz null, "deadline_at" timestamptz null, "warned_at" timestamptz null, "escalated_at" timestamptz null, "paused" boolean not null default false, constraint "dossier_step_pkey" primary key ("id"))`);
    this.addSql(`create index "dossier_step_dossier_idx" on "dossier_step" ("dossier_id", "started_at", "id")`);
    this.addSql(`create index "dossier_step_due_idx" on "dossier_step" ("warn_at") where "ended_at" is null and "escalated_at" is null and "budget_minutes" is not null`);
    this.addSql(`create index "dossier_step_open_agency_idx" on "dossier_step" ("agency_id") where "ended_at" is null and "budget_minutes" is not null`);
    this.addSql(`alter table "dossier_step" add constraint "dossier_step_dossier_id_foreign" foreign key ("dossier_id") references "dossier" ("id") on update cascade on delete cascade`);
    this.addSql(`alter table "dossier_step" add constraint "dossier_step_agency_id_foreign" foreign key ("agency_id") references "agency" ("id") on update cascade`);
    this.addSql(`alter table "dossier_step" add constraint "dossier_step_assignee_id_foreign" foreign key ("assignee_id") references "account" ("id") on update cascade on delete set null`);
    this.addSql(`insert into "dossier_step" ("id", "dossier_id", "state", "agency_id", "assignee_id", "started_at", "paused")
      select gen_random_uuid(), d.id, d.state, d.holding_agency_id, d.assignee_id,
        coalesce((select max(h.at) from dossier_history h where h.dossier_id = d.id and h.to_state = d.state), d.submitted_at), d.paused_at is not null
      from dossier d where d.national_status in (1, 2, 4, 5, 6, 9)`);
    for (const kind of NEW_KINDS) this.addSql(`alter type "notification_kind" add value if not exists '${kind}'`);
  }

  /** Only while no staff notification of the new kinds exists (README "Roll-forward policy"); the steps are dropped. */
  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      if exists (select 1 from "notification" where "kind"::text in (${list(NEW_KINDS)})) then
        raise exception 'Not undone: notifications of the kinds ${NEW_KINDS.join(', ')} exist; fix forward instead';
      end if;
    end $$`);
    this.addSql(`alter type "notification_kind" rename to "notification_kind_before_step_deadlines"`);
    this.addSql(`create type "notification_kind" as enum (${list(PREVIOUS_KINDS)})`);
    this.addSql(`alter table "notification" alter column "kind" type "notification_kind" using "kind"::text::"notification_kind"`);
    this.addSql(`drop type "notification_kind_before_step_deadlines"`);
    this.addSql(`drop table if exists "dossier_step" cascade`);
  }
}
