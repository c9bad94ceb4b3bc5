import { Tx } from '../db/sql';
import { NOTIFICATIONS_CHANNEL, PublishedEvent } from '../outbox/published-event';
import { NotificationChannel, NotificationKind, StaffNotificationKind } from './notification.types';

const SUBJECTS: Record<StaffNotificationKind, (code: string) => string> = {
  [NotificationKind.STEP_WARNING]: (code) => `Sắp hết thời hạn bước xử lý: hồ sơ ${code}`,
  [NotificationKind.STEP_ESCALATION]: (code) => `Quá thời hạn bước xử lý: hồ sơ ${code}`,
};

/**
 * Plans the e-mails of the staff notices dossier events carry (`staffNotice`: a step's warning
 * or escalation, `step-deadline-job.ts`), in the relay's transaction: one message per officer
 * with an e-mail address on their account, unique per (event, officer) through `dedupe_key`, so
 * a retried batch plans nothing twice. Officers without an address still see the notice in the
 * dossier's history and live events (`dossierEvents`) and on the dashboard: staff have no SMS
 * channel (their phone numbers are not kept for that) and no preferences to choose one.
 * In Vietnamese only: the officers' working language.
 */
export async function planStaffNotices(tx: Tx, events: PublishedEvent[]): Promise<void> {
  const wanted = events.filter((e) => e.aggregateType === 'Dossier' && Array.isArray(e.payload.staffNotice?.accountIds) && e.payload.staffNotice.accountIds.length);
  if (!wanted.length) return;
  const accountIds = [...new Set(wanted.flatMap((e) => e.payload.staffNotice.accountIds as string[]))];
  const accounts = new Map(
    (await tx.query<{ id: string; email: string; fullName: string }>(`select id::text as id, email, full_name as "fullName" from account where id = any($1::uuid[]) and active and email is not null`, [accountIds])).map((a) => [a.id, a]),
  );
  const dossiers = new Map(
    (await tx.query<{ id: string; procedureName: string; agencyName: string }>(`select d.id::text as id, p.name as "procedureName", a.name as "agencyName"
      from dossier d join procedure p on p.id = d.procedure_id join agency a on a.id = d.holding_agency_id where d.id = any($1::uuid[])`, [[...new Set(wanted.map((e) => e.aggregateId))]])).map((d) => [d.id, d]),
  );
  const cols: Record<string, unknown[]> = { dossierId: [], kind: [], recipient: [], subject: [], body: [], dedupeKey: [] };
  for (const e of wanted) {
    const kind = e.payload.staffNotice.kind as StaffNotificationKind;
    const d = dossiers.get(e.aggregateId);
    if (!d || !SUBJECTS[kind]) continue;
    for (const id of new Set(e.payload.staffNotice.accountIds as string[])) {
      const a = accounts.get(id);
      if (!a) continue;
      const body = [`Kính gửi ${a.fullName},`, '', String(e.payload.note ?? ''), '', `Thủ tục: ${d.procedureName}`, `Mã hồ sơ: ${e.payload.code}`, '', d.agencyName, '(Thư gửi tự động từ hệ thống một cửa.)'].join('\n');
      const values = { dossierId: d.id, kind, recipient: a.email, subject: SUBJECTS[kind](String(e.payload.code)), body, dedupeKey: `staff:${e.id}:${id}` };
      for (const k of Object.keys(cols)) cols[k].push(values[k as keyof typeof values]);
    }
  }
  if (!cols.dossierId.length) return;
  const inserted = await tx.query(`insert into notification (id, dossier_id, kind, channel, recipient, language, subject, body, dedupe_key, status, attempts, next_attempt_at, created_at)
    select gen_random_uuid(), x.dossier_id, x.kind, '${NotificationChannel.EMAIL}', x.recipient, 'vi', x.subject, x.body, x.dedupe_key, 'QUEUED', 0, now(), now()
    from unnest($1::uuid[], $2::notification_kind[], $3::text[], $4::text[], $5::text[], $6::text[]) as x(dossier_id, kind, recipient, subject, body, dedupe_key)
    on conflict do nothing returning id`, Object.values(cols));
  if (inserted.length) await tx.query('select pg_notify($1, $2)', [NOTIFICATIONS_CHANNEL, String(inserted.length)]);
}
