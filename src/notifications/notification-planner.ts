import { Tx } from '../db/sql';
import { hasEffect } from '../dossiers/dossier-event';
import { NationalStatus } from '../dossiers/national-status';
import { ActionEffect } from '../dossiers/workflow/workflow.types';
import { OutboxConsumer } from '../events/outbox-relay';
import { NOTIFICATIONS_CHANNEL, PublishedEvent } from '../outbox/published-event';
import { NotificationChannel, NotificationKind } from './notification.types';
import { renderMessage } from './templates';

const ON_STATUS: Partial<Record<number, NotificationKind>> = {
  [NationalStatus.RECEIVED]: NotificationKind.RECEIVED,
  [NationalStatus.REFUSED]: NotificationKind.REFUSED,
  [NationalStatus.SUPPLEMENT_REQUESTED]: NotificationKind.SUPPLEMENT_REQUESTED,
  [NationalStatus.PAYMENT_REQUESTED]: NotificationKind.PAYMENT_REQUESTED,
  [NationalStatus.RESOLVED]: NotificationKind.RESULT_READY,
  [NationalStatus.RETURNED]: NotificationKind.RESULT_RETURNED,
  [NationalStatus.STOPPED]: NotificationKind.STOPPED,
};

/**
 * What the applicant must hear about an event: entering one of the statuses above (received,
 * refused, supplement or payment requested, result ready or returned, stopped), or an apology
 * with a new date. Moves inside "processing" (assignment, approval steps) are not news.
 */
function notificationKindOf(e: PublishedEvent): NotificationKind | null {
  if (e.aggregateType !== 'Dossier') return null;
  const p = e.payload;
  if (hasEffect(p, ActionEffect.APOLOGIZE)) return NotificationKind.APOLOGY;
  if (p.fromNationalStatus === p.nationalStatus) return null;
  return ON_STATUS[p.nationalStatus] ?? null;
}

/**
 * Plans the notifications of each published event inside the relay's transaction: one row per
 * channel the applicant chose, unique per (event, channel), so a retried batch plans nothing
 * twice. Whether this instance can send on a channel does not matter here: a delivery worker
 * that can will (and a channel configured nowhere leaves its rows visibly QUEUED).
 */
export class NotificationPlanner implements OutboxConsumer {
  readonly name = 'notifications';

  async consume(tx: Tx, events: PublishedEvent[]): Promise<void> {
    const wanted = events.map((e) => ({ e, kind: notificationKindOf(e) })).filter((x) => x.kind);
    if (!wanted.length) return;
    const ids = [...new Set(wanted.map((x) => x.e.aggregateId))];
    const rows = await tx.query(`select d.id, d.code, d.applicant_name as "applicantName", d.applicant_email as email, d.applicant_phone as phone,
        d.notification_channels as channels, d.notification_language as language, p.name as "procedureName", a.name as "agencyName"
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id
      where d.id = any($1::uuid[])`, [ids]);
    const dossiers = new Map(rows.map((r) => [r.id, r]));
    const cols: Record<string, unknown[]> = { eventId: [], dossierId: [], kind: [], channel: [], recipient: [], language: [], subject: [], body: [] };
    for (const { e, kind } of wanted) {
      const d = dossiers.get(e.aggregateId);
      if (!d) continue;
      for (const channel of d.channels as NotificationChannel[]) {
        const recipient = channel === NotificationChannel.EMAIL ? d.email : d.phone;
        if (!recipient) continue;
        const m = renderMessage(kind!, channel, d.language, {
          applicantName: d.applicantName,
          code: d.code,
          procedureName: d.procedureName,
          agencyName: d.agencyName,
          nationalStatus: e.payload.nationalStatus,
          dueAt: e.payload.dueAt ? new Date(e.payload.dueAt) : null,
          note: e.payload.note ?? null,
        });
        const values = { eventId: e.id, dossierId: d.id, kind, channel, recipient, language: m.language, subject: m.subject, body: m.body };
        for (const k of Object.keys(cols)) cols[k].push(values[k as keyof typeof values]);
      }
    }
    if (!cols.eventId.length) return;
    const inserted = await tx.query(`insert into notification (id, event_id, dossier_id, kind, channel, recipient, language, subject, body, status, attempts, next_attempt_at, created_at)
      select gen_random_uuid(), x.*, 'QUEUED', 0, now(), now()
      from unnest($1::bigint[], $2::uuid[], $3::notification_kind[], $4::notification_channel[], $5::text[], $6::text[], $7::text[], $8::text[]) as x
      on conflict (event_id, channel) do nothing returning id`, Object.values(cols));
    if (inserted.length) await tx.query('select pg_notify($1, $2)', [NOTIFICATIONS_CHANNEL, String(inserted.length)]);
  }
}
