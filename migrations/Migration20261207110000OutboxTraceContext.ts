import { Migration } from '@mikro-orm/migrations';

/**
 * The trace context of the request that recorded an outbox event (W3C `traceparent`/`tracestate`),
 * so that the relay's publish span links back to it. Null when tracing is off.
 */
export class Migration20261207110000OutboxTraceContext extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "outbox_event" add column "trace_context" jsonb null`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox_event" drop column "trace_context"`);
  }
}
