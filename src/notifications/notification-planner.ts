import { Tx } from '../db/sql';
import { hasEffect } from '../dossiers/dossier-event';
import { NationalStatus } from '../dossiers/national-status';
import { ActionEffect } from '../dossiers/workflow/workflow.types';
import { OutboxConsumer } from '../events/outbox-relay';
import { NOTIFICATIONS_CHANNEL, PublishedEvent } from '../outbox/published-event';
import { NotificationChannel, NotificationKind } from './notification.types';
import { renderMessage } from './templates';
import { planStaffNotices } from './staff-notices';

/**
 * Entering these national statuses is news whatever the action was called (DOMAIN §3, the ten
 * codes; §1: "at every step … the applicant is told at once by e-mail or SMS"). Withdrawal (7)
 * confirms the applicant's own request, before reception (1 → 7) too.
 */
const ON_STATUS: Partial<Record<number, NotificationKind>> = {
  [NationalStatus.RECEIVED]: NotificationKind.RECEIVED,
  [NationalStatus.REFUSED]: NotificationKind.REFUSED,
  [NationalStatus.SUPPLEMENT_REQUESTED]: NotificationKind.SUPPLEMENT_REQUESTED,
  [NationalStatus.PAYMENT_REQUESTED]: NotificationKind.PAYMENT_REQUESTED,
  [NationalStatus.WITHDRAWN]: NotificationKind.WITHDRAWN,
  [NationalStatus.RESOLVED]: NotificationKind.RESULT_READY,
  [NationalStatus.RETURNED]: NotificationKind.RESULT_RETURNED,
  [NationalStatus.STOPPED]: NotificationKind.STOPPED,
};

/**
 * Entering "processing" (4) is news by where the dossier comes from: from "received" (2) the
 * appraisal starts; from "supplement requested" (5) the supplement was submitted and the clock
 * runs again, with the appointment moved by the pause (DOMAIN §3 "Deadlines"). Back from a
 * payment (6 → 4) is not among the steps the applicant is told of (unchanged).
 */
const INTO_PROCESSING_FROM: Partial<Record<number, NotificationKind>> = {
  [NationalStatus.RECEIVED]: NotificationKind.IN_APPRAISAL,
  [NationalStatus.SUPPLEMENT_REQUESTED]: NotificationKind.RESUMED,
};

/**
 * What the applicant must hear about an event, decided by the action's effects and the change
 * of national status and holding agency the event carries, never by an action's key
 * (ARCHITECTURE rule 10). One kind per event, so one message per event and channel:
 * 1. an apology with a new date (effect APOLOGIZE);
 * 2. entering one of the statuses of `ON_STATUS` (it asks something of the applicant, or
 *    settles the dossier; the message is signed by the agency holding it);
 * 3. a change of holding agency (transfer, hand back): which agency holds it now;
 * 4. entering "processing" from "received" or "supplement requested" (`INTO_PROCESSING_FROM`).
 * Other moves inside "processing" (reassignment, submission to the leader, sending back) are
 * internal and not news.
 */
function notificationKindOf(e: PublishedEvent): NotificationKind | null {
  if (e.aggregateType !== 'Dossier') return null;
  const p = e.payload;
  if (hasEffect(p, ActionEffect.APOLOGIZE)) return NotificationKind.APOLOGY;
  const moved = p.fromNationalStatus !== p.nationalStatus;
  const entered = moved ? ON_STATUS[p.nationalStatus] : undefined;
  if (entered) return entered;
  if (p.previousHoldingAgencyId && p.previousHoldingAgencyId !== p.holdingAgencyId) return NotificationKind.TRANSFERRED;
  if (moved && p.nationalStatus === NationalStatus.PROCESSING) return INTO_PROCESSING_FROM[p.fromNationalStatus] ?? null;
  return null;
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
    await planStaffNotices(tx, events);
    const wanted = events.map((e) => ({ e, kind: notificationKindOf(e) })).filter((x) => x.kind);
    if (!wanted.length) return;
    const ids = [...new Set(wanted.map((x) => x.e.aggregateId))];
    const rows = await tx.query(`select d.id, d.code, d.applicant_name as "applicantName", d.applicant_email as email, d.applicant_phone as phone,
        d.notification_channels as channels, d.notification_language as language, p.name as "procedureName", a.name as "agencyName"
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id
      where d.id = any($1::uuid[])`, [ids]);
    const dossiers = new Map(rows.map((r) => [r.id, r]));
    // The agencies as the events name them: the one holding the dossier at the event (a later
    // change may already be committed), and the one a transfer took it from.
    const agencyIds = [...new Set(wanted.flatMap(({ e }) => [e.payload.holdingAgencyId, e.payload.previousHoldingAgencyId]).filter((id): id is string => typeof id === 'string'))];
    const agencies = new Map(
      (agencyIds.length ? await tx.query<{ id: string; name: string }>('select id::text as id, name from agency where id = any($1::uuid[])', [agencyIds]) : []).map((a) => [a.id, a.name]),
    );
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
          agencyName: agencies.get(e.payload.holdingAgencyId) ?? d.agencyName,
          previousAgencyName: (e.payload.previousHoldingAgencyId && agencies.get(e.payload.previousHoldingAgencyId)) || null,
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
