import { Migration } from '@mikro-orm/migrations';

/**
 * Documents' own deadlines (issue 19 #11, Decree 30/2020/NĐ-CP): when a signed document must be
 * issued, and when a recipient unit must acknowledge a delivered one. The signing time of
 * documents signed before is taken from their trace; their deadlines are not back-filled (they
 * need the working calendar of the day): such documents are never flagged late.
 */
export class Migration20261207220000DocumentDeadlines extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "official_document" add column "signed_at" timestamptz null, add column "issue_due_at" timestamptz null`);
    this.addSql(`alter table "document_recipient" add column "acknowledge_due_at" timestamptz null`);
    this.addSql(`update "official_document" d set "signed_at" = t.at
      from (select document_id, max(at) as at from "document_trace" where action = 'sign' group by document_id) t where t.document_id = d.id`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "document_recipient" drop column "acknowledge_due_at"`);
    this.addSql(`alter table "official_document" drop column "issue_due_at", drop column "signed_at"`);
  }
}
