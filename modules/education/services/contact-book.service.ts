/**
 * Writes the contact book in the caller's transaction: for each item, the student's entry, one
 * delivery per guardian (sent now or kept for the digest, as each guardian chose), the messages
 * of guardians who want them at once, and an outbox event (ids only) for live subscribers.
 * Nothing is sent unless the grade, absence or announcement itself commits.
 */
import { EntityManager } from '@mikro-orm/postgresql';
import { ModuleMessage, NotificationChannel, NotificationLanguage, queueModuleMessages, recordEvent } from '../../../src/kernel';
import { ContactBookEntryKind, ContactDeliveryMode } from '../rules/education.types';
import { Announcement } from '../entities/announcement.entity';
import { Attendance } from '../entities/attendance.entity';
import { ContactBookDelivery, ContactBookEntry } from '../entities/contact-book.entity';
import { GradeRevision } from '../entities/grade.entity';
import { SchoolClass } from '../entities/school.entity';
import { Guardian, Student, StudentGuardian } from '../entities/student.entity';
import { immediateMessage, ItemFacts, ItemSubject, Language } from '../rules/contact-book-messages';

export const CONTACT_BOOK_AGGREGATE = 'EducationContactBook';
const CONTACT_BOOK_EVENT = 'ContactBookEntryAdded';

/** The payload of a contact-book event: ids only, no personal data. */
export interface ContactBookEventPayload {
  entryId: string;
  studentId: string;
  classId: string;
  schoolId: string;
  kind: ContactBookEntryKind;
  at: string;
}

export interface NewContactBookItem {
  studentId: string;
  classId: string;
  schoolId: string;
  facts: ItemFacts;
  subject: ItemSubject;
  gradeRevisionId?: string;
  attendanceId?: string;
  announcementId?: string;
  /**
   * What the message is about, for its idempotency key: `grade:<id>:v<version>`,
   * `absence:<id>:v<version>`, `announcement:<id>`. An announcement to two children of one
   * guardian has one key, so that guardian gets it once.
   */
  messageKey: string;
}

/** The channels a guardian can be reached on now. */
export function channelsOf(g: { notifySms: boolean; notifyEmail: boolean; phone?: string | null; email?: string | null }): NotificationChannel[] {
  return [...(g.notifySms && g.phone ? [NotificationChannel.SMS] : []), ...(g.notifyEmail && g.email ? [NotificationChannel.EMAIL] : [])];
}

/** Writes the items; returns how many entries were written and how many messages were newly queued. */
export async function writeContactBook(tx: EntityManager, items: NewContactBookItem[], now: Date): Promise<{ entries: number; messages: number }> {
  if (!items.length) return { entries: 0, messages: 0 };
  const links = await tx.find(StudentGuardian, { student: { $in: [...new Set(items.map((i) => i.studentId))] } }, { populate: ['guardian'] });
  const guardiansOf = new Map<string, { guardian: Guardian }[]>();
  for (const l of links) guardiansOf.set(l.student.id, [...(guardiansOf.get(l.student.id) ?? []), { guardian: l.guardian }]);
  const messages: ModuleMessage[] = [];
  const keys = new Set<string>();
  for (const item of items) {
    const entry = tx.create(ContactBookEntry, {
      student: tx.getReference(Student, item.studentId),
      schoolClass: tx.getReference(SchoolClass, item.classId),
      kind: item.facts.kind,
      gradeRevision: item.gradeRevisionId ? tx.getReference(GradeRevision, item.gradeRevisionId) : null,
      attendance: item.attendanceId ? tx.getReference(Attendance, item.attendanceId) : null,
      announcement: item.announcementId ? tx.getReference(Announcement, item.announcementId) : null,
      detail: item.facts as unknown as Record<string, unknown>,
      createdAt: now,
    });
    for (const { guardian: g } of guardiansOf.get(item.studentId) ?? []) {
      const immediate = g.deliveryMode === ContactDeliveryMode.IMMEDIATE;
      tx.create(ContactBookDelivery, { entry, guardian: g, mode: g.deliveryMode, deliveredAt: immediate ? now : null });
      if (!immediate) continue;
      for (const channel of channelsOf(g)) {
        const dedupeKey = `education.${item.messageKey}:${g.id}:${channel}`;
        if (keys.has(dedupeKey)) continue;
        keys.add(dedupeKey);
        const text = immediateMessage(item.facts, item.subject, g.language as Language, channel, g.fullName);
        messages.push({
          moduleName: 'education',
          topic: `education.${item.facts.kind.toLowerCase()}`,
          dedupeKey,
          channel,
          recipient: channel === NotificationChannel.SMS ? g.phone! : g.email!,
          language: g.language ?? NotificationLanguage.VI,
          subject: text.subject,
          body: text.body,
        });
      }
    }
    const payload: ContactBookEventPayload = { entryId: entry.id, studentId: item.studentId, classId: item.classId, schoolId: item.schoolId, kind: item.facts.kind, at: now.toISOString() };
    recordEvent(tx, { aggregateType: CONTACT_BOOK_AGGREGATE, aggregateId: item.studentId, type: CONTACT_BOOK_EVENT, payload: payload as unknown as Record<string, unknown>, createdAt: now });
  }
  const queued = await queueModuleMessages(tx, messages, now);
  return { entries: items.length, messages: queued };
}
