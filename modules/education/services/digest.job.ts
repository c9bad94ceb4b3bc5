/**
 * The daily digest: every guardian who chose DIGEST gets, once a day at the digest hour, one
 * message per channel with the contact-book items of their children written since their last
 * digest. Runs in its own transaction under the kernel's job lock; idempotent: the items it
 * sends are marked delivered with the messages in the same transaction, and the message key
 * (guardian, local day, channel) is queued once. Items written before the cutoff whose day was
 * already sent (a transaction committing just after the run) wait for the next day's digest.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { type ModuleJob, ModuleMessage, NotificationChannel, queueModuleMessages } from '../../../src/kernel';
import { ContactDeliveryMode } from '../rules/education.types';
import { Guardian } from '../entities/student.entity';
import { digestMessage, ItemFacts, ItemSubject, Language } from '../rules/contact-book-messages';
import { channelsOf } from './contact-book.service';
import { digestCutoff, digestDedupeKey, groupForDigest } from '../rules/digest';

const DIGEST_JOB = 'education.daily-digest';

interface PendingRow {
  entryId: string;
  guardianId: string;
  createdAt: Date;
  facts: ItemFacts;
  subject: ItemSubject;
}

async function pending(em: EntityManager, cutoff: Date): Promise<PendingRow[]> {
  const rows = await em.getConnection().execute<Record<string, any>[]>(
    `select d.entry_id, d.guardian_id, e.created_at, e.detail, st.full_name, c.name as class_name, sc.name as school_name
       from education_contact_book_delivery d
       join education_contact_book_entry e on e.id = d.entry_id
       join education_student st on st.id = e.student_id
       join education_class c on c.id = e.school_class_id
       join education_school sc on sc.id = c.school_id
      where d.delivered_at is null and d.mode = ? and e.created_at < ?
      order by e.created_at, e.id`,
    [ContactDeliveryMode.DIGEST, cutoff],
    'all',
    em.getTransactionContext(),
  );
  return rows.map((r) => ({
    entryId: r.entry_id,
    guardianId: r.guardian_id,
    createdAt: new Date(r.created_at),
    facts: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as ItemFacts,
    subject: { studentName: r.full_name, className: r.class_name, schoolName: r.school_name },
  }));
}

/** One run of the digest at `now`: what is due is sent and marked, in the caller's transaction. */
async function runDigest(em: EntityManager, now: Date, hour: number): Promise<{ guardians: number; messages: number }> {
  const { cutoff, day } = digestCutoff(now, hour);
  const byGuardian = groupForDigest(await pending(em, cutoff), cutoff);
  if (!byGuardian.size) return { guardians: 0, messages: 0 };
  const guardians = new Map((await em.find(Guardian, { id: { $in: [...byGuardian.keys()] } })).map((g) => [g.id, g]));
  const keys = [...byGuardian.keys()].flatMap((g) => Object.values(NotificationChannel).map((c) => digestDedupeKey(g, day, c)));
  const sent = new Set(
    (await em.getConnection().execute<{ dedupe_key: string }[]>('select dedupe_key from notification where dedupe_key in (?)', [keys], 'all', em.getTransactionContext())).map((r) => r.dedupe_key),
  );
  const messages: ModuleMessage[] = [];
  let served = 0;
  for (const [guardianId, items] of byGuardian) {
    const g = guardians.get(guardianId)!;
    const channels = channelsOf(g);
    if (channels.some((c) => sent.has(digestDedupeKey(g.id, day, c)))) continue;
    for (const channel of channels) {
      const m = digestMessage(day, items, g.language as Language, channel, g.fullName);
      messages.push({
        moduleName: 'education',
        topic: 'education.digest',
        dedupeKey: digestDedupeKey(g.id, day, channel),
        channel,
        recipient: channel === NotificationChannel.SMS ? g.phone! : g.email!,
        language: g.language,
        subject: m.subject,
        body: m.body,
      });
    }
    await em.getConnection().execute(
      'update education_contact_book_delivery set delivered_at = ?, digest_day = ? where guardian_id = ? and delivered_at is null and entry_id in (?)',
      [now, day, g.id, items.map((i) => i.entryId)],
      'run',
      em.getTransactionContext(),
    );
    served++;
  }
  const queued = await queueModuleMessages(em, messages, now);
  return { guardians: served, messages: queued };
}

/** The manifest's job: looks every `everyMs` whether a digest is due (cheap when none is). */
export function digestJob(hour: number, everyMs = 10 * 60_000): ModuleJob {
  return { name: DIGEST_JOB, everyMs, run: async (em, now) => void (await runDigest(em, now, hour)) };
}
