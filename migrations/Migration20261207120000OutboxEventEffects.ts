import { Migration } from '@mikro-orm/migrations';

/**
 * Dossier events now carry their action's effects, and the durable consumers read those instead
 * of action keys (issue 17: statistics count a payment by `RECORD_PAYMENT`, notifications an
 * apology by `APOLOGIZE`). Events recorded by the previous version and not yet published reach
 * the consumers after the upgrade: they get the effects the previous version's consumers read
 * from the action key (`pay`, `apologize`), so none of them is counted or notified differently.
 * Published events are left as they are: consumers never read them again.
 */
export class Migration20261207120000OutboxEventEffects extends Migration {
  override async up(): Promise<void> {
    this.addSql(`update "outbox_event"
      set "payload" = "payload" || jsonb_build_object('effects', case "payload"->>'action'
        when 'pay' then '["RESUME_CLOCK","RECORD_PAYMENT"]'::jsonb
        else '["APOLOGIZE"]'::jsonb end)
      where "published_at" is null and "aggregate_type" = 'Dossier'
        and not ("payload" ? 'effects') and "payload"->>'action' in ('pay', 'apologize')`);
  }

  override async down(): Promise<void> {
    // The previous version ignores the key.
  }
}
