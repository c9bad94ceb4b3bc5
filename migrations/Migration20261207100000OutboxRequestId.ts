import { Migration } from '@mikro-orm/migrations';

/**
 * The request (or job run) that recorded an outbox event, so that the relay's and the delivery
 * worker's log lines about the event carry the same `requestId` as the request's own lines.
 */
export class Migration20261207100000OutboxRequestId extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_event" add column "request_id" text null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_event" drop column "request_id"`);
  }
}
