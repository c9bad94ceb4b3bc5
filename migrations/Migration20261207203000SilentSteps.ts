import { Migration } from '@mikro-orm/migrations';

const NEW_KINDS = ['WITHDRAWN', 'IN_APPRAISAL', 'RESUMED', 'TRANSFERRED'];
const PREVIOUS_KINDS = ['RECEIVED', 'REFUSED', 'SUPPLEMENT_REQUESTED', 'PAYMENT_REQUESTED', 'RESULT_READY', 'RESULT_RETURNED', 'STOPPED', 'APOLOGY', 'MODULE_MESSAGE'];
const list = (xs: string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * The applicant hears every step (DOMAIN §1): withdrawal, entering appraisal, resuming after a
 * supplement, and a move to another agency. `ADD VALUE` may run in the migration's transaction
 * (PostgreSQL 12+) as long as nothing in it uses the new values.
 */
export class Migration20261207203000SilentSteps extends Migration {
  override async up(): Promise<void> {
    for (const kind of NEW_KINDS) this.addSql(`alter type "notification_kind" add value if not exists '${kind}'`);
  }

  /**
   * PostgreSQL cannot drop an enum value: the type is rebuilt without them. Only while no
   * notification of the new kinds exists (undoing loses nothing, README "Roll-forward policy");
   * otherwise it refuses and the transaction changes nothing.
   */
  override async down(): Promise<void> {
    this.addSql(`do $$ begin
      if exists (select 1 from "notification" where "kind"::text in (${list(NEW_KINDS)})) then
        raise exception 'Not undone: notifications of the kinds ${NEW_KINDS.join(', ')} exist; fix forward instead';
      end if;
    end $$`);
    this.addSql(`alter type "notification_kind" rename to "notification_kind_before_silent_steps"`);
    this.addSql(`create type "notification_kind" as enum (${list(PREVIOUS_KINDS)})`);
    this.addSql(`alter table "notification" alter column "kind" type "notification_kind" using "kind"::text::"notification_kind"`);
    this.addSql(`drop type "notification_kind_before_silent_steps"`);
  }
}
