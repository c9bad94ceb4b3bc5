import { Migration } from '@mikro-orm/migrations';

/**
 * The applicant hears every step (DOMAIN §1): withdrawal, entering appraisal, resuming after a
 * supplement, and a move to another agency. `ADD VALUE` may run in the migration's transaction
 * (PostgreSQL 12+) as long as nothing in it uses the new values.
 */
export class Migration20261207203000SilentSteps extends Migration {
  override async up(): Promise<void> {
    for (const kind of ['WITHDRAWN', 'IN_APPRAISAL', 'RESUMED', 'TRANSFERRED']) this.addSql(`alter type "notification_kind" add value if not exists '${kind}'`);
  }
}
