import { GraphQLError } from 'graphql';
import { Arg, FieldResolver, ID, Resolver, Root, Subscription } from 'type-graphql';
import { type ModuleContext, NotificationLanguage, requirePrincipal, subscribeToFeed } from '../../../src/kernel';
import { EducationAccess, educationAccess, loadEducationAccess, teachesClass } from '../access';
import { ItemFacts, itemSentence, Language } from '../rules/contact-book-messages';
import { CONTACT_BOOK_AGGREGATE, ContactBookEventPayload } from '../services/contact-book.service';
import { ContactBookEntryType } from './education.output';
import { EntryView, findEntry } from './education.queries';
import { visibleStudent } from './student-access.queries';

/** Whether the caller may read an entry of this student written in this class of this school. */
function mayRead(a: EducationAccess, e: { studentId: string; classId: string; schoolId: string }): boolean {
  return a.childIds.has(e.studentId) || a.adminSchoolIds.has(e.schoolId) || teachesClass(a, e.classId);
}

/**
 * The contact book live: a guardian's app follows their children (or one child); a teacher or
 * school admin may follow a student of theirs. Events carry ids only; each entry is re-read
 * with the subscriber's current rights before it is sent.
 */
@Resolver(() => ContactBookEntryType)
export class ContactBookResolver {
  @Subscription(() => ContactBookEntryType, {
    description: 'New contact-book entries of the signed-in guardian’s children (or of one student the caller may see).',
    subscribe: async ({ args, context }) => {
      const ctx = context as ModuleContext;
      const p = requirePrincipal(ctx.principal);
      const studentId = args.studentId ? String(args.studentId) : null;
      const access = await educationAccess(ctx);
      if (studentId ? !(await visibleStudent(ctx, studentId)) : !access.childIds.size) {
        throw new GraphQLError(studentId ? 'Not a student you may follow' : 'No child on record for this account', { extensions: { code: 'FORBIDDEN' } });
      }
      return subscribeToFeed(
        ctx,
        (e) => {
          if (e.aggregateType !== CONTACT_BOOK_AGGREGATE) return false;
          const payload = e.payload as ContactBookEventPayload;
          return studentId ? payload.studentId === studentId : access.childIds.has(payload.studentId);
        },
        async (e) => {
          const entry = await findEntry(ctx.em, (e.payload as ContactBookEventPayload).entryId);
          if (!entry) return [];
          // Rights as they are now: a guardian link or a teaching duty may have ended since subscribing.
          const now = await loadEducationAccess(ctx.em, p);
          return mayRead(now, { studentId: entry.studentId, classId: entry.classId, schoolId: entry.classSchoolId }) ? [entry] : [];
        },
      );
    },
  })
  contactBookUpdates(@Root() entry: EntryView, @Arg('studentId', () => ID, { nullable: true }) _studentId?: string | null): EntryView {
    return entry;
  }

  @FieldResolver(() => String, { description: 'What the entry says, as the guardian read it.' })
  text(@Root() e: EntryView, @Arg('language', () => NotificationLanguage, { nullable: true, defaultValue: NotificationLanguage.VI }) language: NotificationLanguage): string {
    return itemSentence(e.detail as unknown as ItemFacts, { schoolName: e.schoolName, studentName: e.studentName, className: e.className }, language as Language);
  }
}
