import { EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { agenciesWithRole, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { DossierAccess } from '../dossiers/dossier-parts.entity';
import { Dossier } from '../dossiers/dossier.entity';
import { recordOutboxEvent } from '../outbox/outbox-event.entity';
import {
  Busy,
  AgencyNotFound,
  DocumentNotFound,
  DossierNotFound,
  DuplicateDocumentNumber,
  ErrorResult,
  MalformedPackage,
  NotARecipient,
  NotAuthorized,
  TransitionNotAllowed,
  ValidationFailed,
  VersionConflict,
} from '../graphql/errors';
import { isContention } from '../db/pool-guard';
import { Issues } from '../graphql/validation';
import { vietnamLocalDate } from '../dossiers/timeliness';
import { Clock } from '../calendar/clock';
import { Agency, AgencyKind } from '../org/agency.entity';
import { decodeFiles, storeFiles } from '../dossiers/dossier-files';
import { DocumentFile, DocumentHandler, DocumentRecipient, DocumentTrace, OfficialDocument } from './document.entity';
import { AcknowledgeDocumentInput, AssignDocumentInput, DraftDocumentInput, ReportDocumentInput, UpdateDocumentInput } from './document.inputs';
import { DOCUMENT_TYPES, DocumentStatus, foldVietnamese, RecipientStatus, SECRET_SIGNOFF, Secrecy, Urgency } from './document.types';
import { EdxmlDocument } from './edxml.types';
import { CalendarService } from '../calendar/calendar.service';
import { acknowledgeDueAt, issueDueAt } from './document-deadlines';

export type DocumentWrite = { documentId: string } | ErrorResult;

const SUBJECT_MAX = 500;
const NOTE_MAX = 2000;
const NOTATION = /^[A-ZĐ0-9][A-Za-zĐđ0-9]*(-[A-ZĐ0-9][A-Za-zĐđ0-9]*)*$/;
/** Officer roles that may act for their unit at each step. */
const ISSUERS = [Role.RECEPTION_OFFICER, Role.LEADER] as const; // văn thư (the clerk's desk) or the leader
const ANY_OFFICER = [Role.RECEPTION_OFFICER, Role.SPECIALIST, Role.LEADER, Role.AGENCY_ADMIN] as const;

/** Calendar year in Vietnam: numbers restart on 1 January local time. */
export function localYear(d: Date): number {
  return Number(vietnamLocalDate(d).slice(0, 4));
}

/**
 * `12/QĐ-UBND`. Numbers run from 01 on 1 January per issuing body (Decree 30/2020/NĐ-CP art. 15
 * cl. 1), and "văn bản mật được cấp hệ thống số riêng": secret documents have their own series,
 * kept in their own register (sổ đăng ký văn bản mật đi, Appendix IV) (unverified clause and
 * section numbers). The same number and symbol thus occur once in each series; what tells them apart
 * on the document is the secrecy mark stamped on it (dấu chỉ độ mật: MẬT, TỐI MẬT, TUYỆT MẬT; Law
 * 29/2018/QH14 on protection of state secrets, Decree 30/2020 Appendix I). So a secret document's
 * number and symbol carries its mark — `01/QĐ-UBND (MẬT)` — and is unambiguous in a year; the
 * database holds the same rule (`official_document_number_unique` includes the series, `secret`).
 */
export function numberAndSymbol(number: number | null | undefined, notation: string, secrecy: Secrecy | string = Secrecy.NONE): string {
  const base = number ? `${String(number).padStart(2, '0')}/${notation}` : notation;
  const mark = SECRECY_MARKS[secrecy as Secrecy];
  return mark ? `${base} (${mark})` : base;
}
const SECRECY_MARKS: Partial<Record<Secrecy, string>> = { [Secrecy.MAT]: 'MẬT', [Secrecy.TOI_MAT]: 'TỐI MẬT', [Secrecy.TUYET_MAT]: 'TUYỆT MẬT' };

/**
 * The issuer part of a document's symbol, "chữ viết tắt tên cơ quan, tổ chức ban hành văn bản"
 * (Decree 30/2020/NĐ-CP, art. 8 and Appendix I, part I (unverified clause): the abbreviation is set by the body
 * itself; a people's committee at any level writes `UBND`, e.g. `01/QĐ-UBND`). The rule, in order:
 * 1. the body's configured abbreviation (`agency.abbreviation`, reference data);
 * 2. a people's committee (province, district, commune/ward) without one: `UBND`;
 * 3. otherwise the capitals and digits of its short name (`Sở NN&MT` → `SNNMT`), or `CQ` if none.
 */
export function issuerAbbreviation(agency: { abbreviation?: string | null; shortName: string; kind: AgencyKind | string }): string {
  if (agency.abbreviation) return agency.abbreviation;
  if (COMMITTEES.has(agency.kind as AgencyKind)) return 'UBND';
  return agency.shortName.replace(/[^A-ZĐ0-9]/g, '') || 'CQ';
}
const COMMITTEES = new Set([AgencyKind.PROVINCIAL_COMMITTEE, AgencyKind.DISTRICT_COMMITTEE, AgencyKind.COMMUNE_COMMITTEE]);

/**
 * The electronic office of an agency (Decree 30/2020): outgoing documents from draft to issue
 * with atomic numbering, delivery to recipient units, their acknowledgement, handling and
 * report back on the national axis statuses, and the sender's recall and corrections. Every
 * change is one transaction with its trace rows and outbox events.
 */
export class DocumentService {
  constructor(
    private readonly clock: Clock,
    private readonly calendar: CalendarService,
  ) {}

  async draft(em: EntityManager, p: Principal | undefined, input: DraftDocumentInput): Promise<DocumentWrite> {
    if (!p) return NotAuthorized.of('sign in first');
    const issues = new Issues();
    const subject = issues.text('subject', input.subject, SUBJECT_MAX);
    const place = issues.text('place', input.place ?? 'Lâm Đồng', 100);
    if (!DOCUMENT_TYPES[input.typeCode]) issues.add('typeCode', `Loại văn bản không hợp lệ / Unknown kind ${input.typeCode}; one of ${Object.keys(DOCUMENT_TYPES).join(', ')}`);
    if (!Number.isInteger(input.pageCount) || input.pageCount < 1 || input.pageCount > 10_000) issues.add('pageCount', 'Số trang từ 1 đến 10000 / Between 1 and 10000');
    if (input.notation != null && !NOTATION.test(input.notation)) issues.add('notation', 'Ký hiệu không hợp lệ (ví dụ QĐ-UBND) / Malformed symbol, e.g. QĐ-UBND');
    if (input.dueAt && input.dueAt <= this.clock.now()) issues.add('dueAt', 'Hạn xử lý phải sau hiện tại / The due date must lie ahead');
    if (!input.recipients.length) issues.add('recipients', 'Cần ít nhất một nơi nhận / At least one recipient');
    const codes = input.recipients.map((r) => r.agencyCode);
    if (new Set(codes).size !== codes.length) issues.add('recipients', 'Nơi nhận bị trùng / A recipient is listed twice');
    if (input.dossierId) issues.uuid('dossierId', input.dossierId);
    if (input.replacesId) issues.uuid('replacesId', input.replacesId);
    const files = decodeFiles(issues, 'files', input.files, new Set());
    const secret = (input.secrecy ?? Secrecy.NONE) !== Secrecy.NONE;
    if (!issues.ok) return ValidationFailed.of(issues.list);

    const issuer = await em.findOne(Agency, { code: input.issuerCode, validTo: null });
    if (!issuer) return AgencyNotFound.of(input.issuerCode);
    if (!officerAgencies(p).includes(issuer.id) || !p.accountId) return NotAuthorized.of('draft documents for another agency');
    const recipients: { agency: Agency; handlers: Account[] }[] = [];
    const named = new Set<string>([p.accountId ?? '']);
    for (const [i, r] of input.recipients.entries()) {
      const agency = await em.findOne(Agency, { code: r.agencyCode, validTo: null });
      if (!agency) return AgencyNotFound.of(r.agencyCode);
      if (agency.id === issuer.id) issues.add(`recipients[${i}].agencyCode`, 'Không gửi cho chính mình / The issuer cannot be its own recipient');
      const handlers = await this.officers(em, r.handlerIds ?? [], agency, issues, `recipients[${i}].handlerIds`, named);
      if (secret && !handlers.length) issues.add(`recipients[${i}].handlerIds`, 'Văn bản mật phải có người xử lý được chỉ định ở mỗi nơi nhận / A secret document names its handlers in each recipient unit');
      recipients.push({ agency, handlers });
    }
    const ownHandlers = await this.officers(em, input.handlerIds ?? [], issuer, issues, 'handlerIds', named);
    let dossier: Dossier | null = null;
    if (input.dossierId) {
      dossier = await em.findOne(Dossier, input.dossierId);
      if (!dossier || !(await em.count(DossierAccess, { dossier, agency: issuer }))) return DossierNotFound.of(input.dossierId);
    }
    let replaces: OfficialDocument | null = null;
    if (input.replacesId) {
      replaces = await em.findOne(OfficialDocument, { id: input.replacesId, issuer });
      if (!replaces) return DocumentNotFound.of(input.replacesId);
      if (replaces.status !== DocumentStatus.ISSUED) issues.add('replacesId', 'Chỉ thay thế văn bản đã ban hành / Only an issued document can be replaced');
    }
    if (!issues.ok) return ValidationFailed.of(issues.list);

    return orBusy(() => em.transactional(async (tx) => {
      const now = this.clock.now();
      const drafter = tx.getReference(Account, p.accountId!);
      const doc = tx.create(OfficialDocument, {
        issuer,
        notation: input.notation ?? defaultNotation(input.typeCode, issuer),
        typeCode: input.typeCode,
        subject: subject!,
        subjectFolded: foldVietnamese(subject!),
        pageCount: input.pageCount,
        place: place!,
        urgency: input.urgency ?? Urgency.NORMAL,
        secrecy: input.secrecy ?? Secrecy.NONE,
        secret,
        status: DocumentStatus.DRAFT,
        dueAt: input.dueAt ?? null,
        draftedBy: drafter,
        dossier,
        replaces,
        createdAt: now,
      });
      for (const r of recipients) {
        tx.create(DocumentRecipient, { document: doc, agency: r.agency, status: RecipientStatus.INBOX });
        for (const h of r.handlers) tx.create(DocumentHandler, { document: doc, agency: r.agency, account: h });
      }
      if (secret) {
        tx.create(DocumentHandler, { document: doc, agency: issuer, account: drafter });
        for (const h of ownHandlers) tx.create(DocumentHandler, { document: doc, agency: issuer, account: h });
      }
      if (files.length) {
        const stored = await storeFiles(tx, files);
        for (const f of files) tx.create(DocumentFile, { document: doc, file: stored.get(f.sha256)!, name: f.name });
      }
      this.trace(tx, doc, p, issuer, null, 'draft', null, DocumentStatus.DRAFT, null, now);
      await tx.flush();
      return { documentId: doc.id };
    }));
  }

  /** Approve (leader) and sign (leader): the sender's steps before issue. */
  async advance(em: EntityManager, p: Principal | undefined, id: string, expectedVersion: number, step: 'approve' | 'sign', signerPosition?: string | null): Promise<DocumentWrite> {
    const issues = new Issues();
    const position = step === 'sign' ? issues.text('signerPosition', signerPosition, 100) : null;
    return this.senderStep(em, p, id, expectedVersion, issues, async (tx, doc, issuer, now) => {
      const from = step === 'approve' ? DocumentStatus.DRAFT : DocumentStatus.APPROVED;
      if (doc.status !== from) return TransitionNotAllowed.of(step, doc.status, [], `the document must be ${from}`);
      if (!agenciesWithRole(p, SECRET_SIGNOFF.roles).includes(issuer.id)) return NotAuthorized.of(`${step}: leaders of the issuing agency only`);
      const me = tx.getReference(Account, p!.accountId!);
      // The approver and the signer of a secret document read it from then on (named handlers).
      if (doc.secret) await this.addHandler(tx, doc, issuer, me);
      if (step === 'approve') {
        doc.status = DocumentStatus.APPROVED;
        doc.approvedBy = me;
      } else {
        doc.status = DocumentStatus.SIGNED;
        doc.signedBy = me;
        doc.signerName = p!.fullName;
        doc.signerPosition = position;
        doc.signedAt = now;
        doc.issueDueAt = issueDueAt(await this.calendar.calendar(tx), now, doc.urgency);
      }
      this.trace(tx, doc, p!, issuer, null, step, from, doc.status, null, now);
      return null;
    });
  }

  /** Numbers and issues a signed document, delivering it to every recipient's inbox. */
  async issue(em: EntityManager, p: Principal | undefined, id: string, expectedVersion: number): Promise<DocumentWrite> {
    try {
      return await this.issueOnce(em, p, id, expectedVersion);
    } catch (e) {
      // The counter and the unique constraint agree unless a number was written by other means.
      if (e instanceof UniqueConstraintViolationException) return DuplicateDocumentNumber.of('(next number)', localYear(this.clock.now()));
      throw e;
    }
  }

  private async issueOnce(em: EntityManager, p: Principal | undefined, id: string, expectedVersion: number): Promise<DocumentWrite> {
    return this.senderStep(em, p, id, expectedVersion, new Issues(), async (tx, doc, issuer, now) => {
      if (doc.status !== DocumentStatus.SIGNED) return TransitionNotAllowed.of('issue', doc.status, [], 'the document must be SIGNED');
      if (!agenciesWithRole(p, ISSUERS).includes(issuer.id)) return NotAuthorized.of('issue: the clerk or a leader of the issuing agency');
      const year = localYear(now);
      doc.year = year;
      doc.number = await nextNumber(tx, issuer.id, year, doc.secret ? 'SECRET' : 'REGULAR');
      doc.status = DocumentStatus.ISSUED;
      doc.issuedAt = now;
      const recipients = await tx.find(DocumentRecipient, { document: doc });
      const acknowledgeBy = acknowledgeDueAt(await this.calendar.calendar(tx), now);
      for (const r of recipients) Object.assign(r, { deliveredAt: now, acknowledgeDueAt: acknowledgeBy });
      this.trace(tx, doc, p!, issuer, null, 'issue', DocumentStatus.SIGNED, DocumentStatus.ISSUED, numberAndSymbol(doc.number, doc.notation, doc.secrecy), now);
      if (doc.replaces) {
        const old = await tx.findOneOrFail(OfficialDocument, doc.replaces.id, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (old.status !== DocumentStatus.ISSUED) return TransitionNotAllowed.of('issue', doc.status, [], `the document it replaces is ${old.status}`);
        old.status = DocumentStatus.REPLACED;
        this.trace(tx, old, p!, issuer, null, 'replace', DocumentStatus.ISSUED, DocumentStatus.REPLACED, `Thay thế bởi ${numberAndSymbol(doc.number, doc.notation, doc.secrecy)}`, now);
        this.event(tx, old, 'DocumentReplaced', { byDocumentId: doc.id }, now, await this.recipientIds(tx, old));
      }
      // A document drafted for a dossier is its result, issued electronically (counted in the statistics).
      this.event(tx, doc, 'DocumentIssued', { dossierId: doc.dossier?.id ?? null }, now, recipients.map((r) => r.agency.id));
      return null;
    });
  }

  /** Recall (thu hồi) or correct an issued document; recipients see the change in their trace. */
  async recall(em: EntityManager, p: Principal | undefined, id: string, expectedVersion: number, reason: string): Promise<DocumentWrite> {
    const issues = new Issues();
    const note = issues.text('reason', reason, NOTE_MAX);
    return this.senderStep(em, p, id, expectedVersion, issues, async (tx, doc, issuer, now) => {
      if (doc.status !== DocumentStatus.ISSUED) return TransitionNotAllowed.of('recall', doc.status, [], 'only an issued document can be recalled');
      if (!agenciesWithRole(p, [Role.LEADER]).includes(issuer.id)) return NotAuthorized.of('recall: leaders of the issuing agency only');
      doc.status = DocumentStatus.RECALLED;
      doc.recalledAt = now;
      this.trace(tx, doc, p!, issuer, null, 'recall', DocumentStatus.ISSUED, DocumentStatus.RECALLED, note, now);
      this.event(tx, doc, 'DocumentRecalled', { reason: note }, now, await this.recipientIds(tx, doc));
      return null;
    });
  }

  async update(em: EntityManager, p: Principal | undefined, input: UpdateDocumentInput): Promise<DocumentWrite> {
    const issues = new Issues();
    const note = issues.text('note', input.note, NOTE_MAX);
    const subject = input.subject != null ? issues.text('subject', input.subject, SUBJECT_MAX) : null;
    if (input.dueAt && input.dueAt <= this.clock.now()) issues.add('dueAt', 'Hạn xử lý phải sau hiện tại / The due date must lie ahead');
    if (input.subject == null && input.dueAt == null && input.urgency == null) issues.add('input', 'Không có gì để cập nhật / Nothing to update');
    return this.senderStep(em, p, input.documentId, input.expectedVersion, issues, async (tx, doc, issuer, now) => {
      if (doc.status !== DocumentStatus.ISSUED) return TransitionNotAllowed.of('update', doc.status, [], 'only an issued document can be updated');
      if (!agenciesWithRole(p, [Role.LEADER]).includes(issuer.id)) return NotAuthorized.of('update: leaders of the issuing agency only');
      const changes: string[] = [];
      if (subject && subject !== doc.subject) {
        changes.push('subject');
        doc.subject = subject;
        doc.subjectFolded = foldVietnamese(subject);
      }
      if (input.dueAt && input.dueAt.getTime() !== doc.dueAt?.getTime()) {
        changes.push('dueAt');
        // Recipients still working to the old date move with it (a date set by their own leader stays).
        for (const r of await tx.find(DocumentRecipient, { document: doc })) {
          if (r.handlingDueAt?.getTime() === doc.dueAt?.getTime()) r.handlingDueAt = input.dueAt;
        }
        doc.dueAt = input.dueAt;
      }
      if (input.urgency && input.urgency !== doc.urgency) {
        changes.push('urgency');
        doc.urgency = input.urgency;
      }
      if (!changes.length) return ValidationFailed.of([{ field: 'input', message: 'Không có gì thay đổi / Nothing changes' }]);
      this.trace(tx, doc, p!, issuer, null, 'update', doc.status, doc.status, `${note} (${changes.join(', ')})`, now);
      this.event(tx, doc, 'DocumentUpdated', { changes }, now, await this.recipientIds(tx, doc));
      return null;
    });
  }

  /** The recipient unit's clerk (văn thư) or leader acknowledges receipt: accepts (with an arrival number) or rejects. */
  async acknowledge(em: EntityManager, p: Principal | undefined, input: AcknowledgeDocumentInput): Promise<DocumentWrite> {
    const issues = new Issues();
    const reason = issues.text('reason', input.reason, NOTE_MAX, !input.accept);
    return this.recipientStep(em, p, input, issues, [...ISSUERS], async (tx, doc, r, now) => {
      if (r.status !== RecipientStatus.INBOX) return TransitionNotAllowed.of('acknowledge', r.status, [], 'already acknowledged');
      if (input.accept) {
        const year = localYear(now);
        r.arrivalYear = year;
        r.arrivalNumber = await nextNumber(tx, r.agency.id, year, 'ARRIVAL');
        return this.move(tx, doc, r, p!, 'accept', RecipientStatus.ACCEPTED, `Số đến ${r.arrivalNumber}`, now, () => (r.acknowledgedAt = now));
      }
      return this.move(tx, doc, r, p!, 'reject', RecipientStatus.REJECTED, reason, now, () => {
        r.acknowledgedAt = now;
        r.note = reason;
      });
    });
  }

  /** The recipient's leader assigns a handler with a due date. */
  async assign(em: EntityManager, p: Principal | undefined, input: AssignDocumentInput): Promise<DocumentWrite> {
    const issues = new Issues();
    issues.uuid('assigneeId', input.assigneeId);
    if (input.dueAt && input.dueAt <= this.clock.now()) issues.add('dueAt', 'Hạn xử lý phải sau hiện tại / The due date must lie ahead');
    return this.recipientStep(em, p, input, issues, [Role.LEADER], async (tx, doc, r, now) => {
      if (r.status !== RecipientStatus.ACCEPTED && r.status !== RecipientStatus.PROCESSING) return TransitionNotAllowed.of('assign', r.status, [], 'accept the document first');
      const assignee = await tx.findOne(Account, { id: input.assigneeId, active: true, roles: { agency: r.agency.id } });
      if (!assignee) return ValidationFailed.of([{ field: 'assigneeId', message: 'Không phải cán bộ của đơn vị nhận / Not an officer of the recipient unit' }]);
      if (doc.secret) await this.addHandler(tx, doc, r.agency, assignee);
      return this.move(tx, doc, r, p!, 'assign', RecipientStatus.PROCESSING, `Giao ${assignee.fullName}`, now, () => {
        r.assignee = assignee;
        r.handlingDueAt = input.dueAt ?? doc.dueAt ?? null;
      });
    });
  }

  /** The handler (or the leader) reports progress, completion or failure back to the sender. */
  async report(em: EntityManager, p: Principal | undefined, input: ReportDocumentInput): Promise<DocumentWrite> {
    const issues = new Issues();
    const note = issues.text('note', input.note, NOTE_MAX, input.status === RecipientStatus.FAIL);
    if (![RecipientStatus.PROCESSING, RecipientStatus.DONE, RecipientStatus.FAIL].includes(input.status)) issues.add('status', 'PROCESSING, DONE hoặc FAIL / One of PROCESSING, DONE, FAIL');
    return this.recipientStep(em, p, input, issues, [...ANY_OFFICER], async (tx, doc, r, now) => {
      if (r.status !== RecipientStatus.ACCEPTED && r.status !== RecipientStatus.PROCESSING) return TransitionNotAllowed.of('report', r.status, [], 'accept the document first');
      const isLeader = agenciesWithRole(p, [Role.LEADER]).includes(r.agency.id);
      if (!isLeader && r.assignee?.id !== p!.accountId) return NotAuthorized.of('report: the assigned handler or a leader of the unit');
      return this.move(tx, doc, r, p!, 'report', input.status, note, now, () => {
        r.note = note;
        if (input.status !== RecipientStatus.PROCESSING) r.finishedAt = now;
      });
    });
  }

  /**
   * Files a package received from a unit outside OneDoor (edXML) into the caller's own units
   * named among its recipients, as an issued document of that outside sender. Documents of
   * OneDoor's own agencies travel inside OneDoor and are refused here (a package cannot speak
   * for them), and secret documents do not travel over the open exchange at all.
   */
  async importPackage(em: EntityManager, p: Principal | undefined, pkg: EdxmlDocument): Promise<DocumentWrite> {
    if (!p?.accountId) return NotAuthorized.of('sign in first');
    if (await em.count(Agency, { code: pkg.from.code })) {
      return ValidationFailed.of([{ field: 'from', message: `${pkg.from.code} là cơ quan trên OneDoor; văn bản của cơ quan này không nhận qua gói edXML / ${pkg.from.code} is a OneDoor agency: its documents are not imported` }]);
    }
    if (pkg.secrecy !== 'NONE') return MalformedPackage.of([{ field: 'extension.secrecy', message: 'Văn bản mật không trao đổi qua trục / Secret documents are not exchanged over edXML' }]);
    if (!DOCUMENT_TYPES[pkg.typeCode]) return MalformedPackage.of([{ field: 'typeCode', message: `Unknown kind ${pkg.typeCode}` }]);
    const recipients = await em.find(Agency, { code: { $in: pkg.to.map((t) => t.code) }, validTo: null });
    const mine = recipients.filter((a) => officerAgencies(p).includes(a.id));
    if (!mine.length) return NotARecipient.of();
    const issuedAt = new Date(pkg.issuedAt);
    const year = localYear(issuedAt);
    const duplicate = () => DuplicateDocumentNumber.of(`${numberAndSymbol(pkg.number, pkg.notation)} (${pkg.from.code})`, year);
    if (await em.count(OfficialDocument, { externalIssuerCode: pkg.from.code, year, number: pkg.number, notation: pkg.notation })) return duplicate();
    try {
      return await orBusy(() => em.transactional(async (tx) => {
        const now = this.clock.now();
        const doc = tx.create(OfficialDocument, {
          externalIssuerCode: pkg.from.code,
          externalIssuerName: pkg.from.name,
          year,
          number: pkg.number,
          notation: pkg.notation,
          typeCode: pkg.typeCode,
          subject: pkg.subject,
          subjectFolded: foldVietnamese(pkg.subject),
          language: pkg.language,
          pageCount: pkg.pageCount,
          place: pkg.place,
          urgency: pkg.urgency as Urgency,
          secrecy: Secrecy.NONE,
          secret: false,
          status: DocumentStatus.ISSUED,
          dueAt: pkg.dueAt ? new Date(pkg.dueAt) : null,
          draftedBy: tx.getReference(Account, p.accountId!),
          signerName: pkg.signer.fullName,
          signerPosition: pkg.signer.position,
          issuedAt,
          origin: 'EDXML',
          createdAt: now,
        });
        const acknowledgeBy = acknowledgeDueAt(await this.calendar.calendar(tx), now);
        for (const a of mine) tx.create(DocumentRecipient, { document: doc, agency: a, status: RecipientStatus.INBOX, deliveredAt: now, acknowledgeDueAt: acknowledgeBy });
        if (pkg.attachments.length) {
          const files = pkg.attachments.map((f) => ({ name: f.name, mediaType: f.mediaType, sha256: f.sha256, content: Buffer.from(f.contentBase64, 'base64'), componentCode: null }));
          const stored = await storeFiles(tx, files);
          for (const f of files) tx.create(DocumentFile, { document: doc, file: stored.get(f.sha256)!, name: f.name });
        }
        this.trace(tx, doc, p, mine[0], null, 'import', null, DocumentStatus.ISSUED, `edXML ${numberAndSymbol(pkg.number, pkg.notation)} — ${pkg.from.name}`, now);
        this.event(tx, doc, 'DocumentIssued', { origin: 'EDXML' }, now, mine.map((a) => a.id));
        await tx.flush();
        return { documentId: doc.id };
      }));
    } catch (e) {
      // Two imports of the same package at once: the unique constraint decides.
      if (e instanceof UniqueConstraintViolationException) return duplicate();
      throw e;
    }
  }

  // --- shared steps ---------------------------------------------------------------------------

  private async senderStep(
    em: EntityManager,
    p: Principal | undefined,
    id: string,
    expectedVersion: number,
    issues: Issues,
    step: (tx: EntityManager, doc: OfficialDocument, issuer: Agency, now: Date) => Promise<ErrorResult | null>,
  ): Promise<DocumentWrite> {
    if (!issues.uuid('documentId', id)) return DocumentNotFound.of(id);
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p?.accountId) return NotAuthorized.of('sign in first');
    return orBusy(() => em.transactional(async (tx) => {
      const doc = await tx.findOne(OfficialDocument, id, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // Secret documents: the named handlers of the issuing unit (who must include its clerk), and its leaders while it awaits their sign-off.
      if (!doc?.issuer || !officerAgencies(p).includes(doc.issuer.id) || !(await this.mayRead(tx, doc, p))) return DocumentNotFound.of(id);
      if (doc.version !== expectedVersion) return VersionConflict.of(expectedVersion, doc.version, { vi: 'Văn bản', en: 'document' });
      const issuer = await tx.findOneOrFail(Agency, doc.issuer!.id);
      const failed = await step(tx, doc, issuer, this.clock.now());
      if (failed) return failed;
      await tx.flush();
      return { documentId: doc.id };
    }));
  }

  private async recipientStep(
    em: EntityManager,
    p: Principal | undefined,
    input: { documentId: string; expectedVersion: number; agencyCode?: string | null },
    issues: Issues,
    roles: Role[],
    step: (tx: EntityManager, doc: OfficialDocument, r: DocumentRecipient, now: Date) => Promise<ErrorResult | null>,
  ): Promise<DocumentWrite> {
    if (!issues.uuid('documentId', input.documentId)) return DocumentNotFound.of(input.documentId);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p?.accountId) return NotAuthorized.of('sign in first');
    return orBusy(() => em.transactional(async (tx) => {
      // FOR SHARE: a recall (FOR UPDATE) and a recipient's step do not interleave.
      const doc = await tx.findOne(OfficialDocument, input.documentId, { lockMode: LockMode.PESSIMISTIC_READ });
      if (!doc) return DocumentNotFound.of(input.documentId);
      const mine = officerAgencies(p);
      const candidates = (await tx.find(DocumentRecipient, { document: doc, agency: { $in: mine }, deliveredAt: { $ne: null } }, { populate: ['agency'], lockMode: LockMode.PESSIMISTIC_WRITE }))
        .filter((r) => !input.agencyCode || r.agency.code === input.agencyCode);
      // A secret document does not exist for those who may not read it.
      if (!candidates.length) return doc.secret ? DocumentNotFound.of(input.documentId) : NotARecipient.of();
      if (candidates.length > 1) return ValidationFailed.of([{ field: 'agencyCode', message: 'Bạn thuộc nhiều đơn vị nhận; chọn một / You belong to several recipient units: name one' }]);
      const r = candidates[0];
      if (!(await this.mayRead(tx, doc, p))) return DocumentNotFound.of(input.documentId);
      if (!agenciesWithRole(p, roles).includes(r.agency.id)) return NotAuthorized.of(`this step needs one of ${roles.join(', ')} in the recipient unit`);
      if (doc.status === DocumentStatus.RECALLED) return TransitionNotAllowed.of('acknowledge', doc.status, [], 'the sender recalled the document');
      if (r.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, r.version, { vi: 'Văn bản đến', en: 'register entry' });
      const failed = await step(tx, doc, r, this.clock.now());
      if (failed) return failed;
      await tx.flush();
      return { documentId: doc.id };
    }));
  }

  private move(tx: EntityManager, doc: OfficialDocument, r: DocumentRecipient, p: Principal, action: string, to: RecipientStatus, note: string | null, now: Date, apply: () => void): null {
    const from = r.status;
    apply();
    r.status = to;
    this.trace(tx, doc, p, r.agency as Agency, r.agency as Agency, action, from, to, note, now);
    this.event(tx, doc, 'DocumentRecipientStatusChanged', { recipientAgencyId: r.agency.id, fromStatus: from, status: to }, now, [r.agency.id]);
    return null;
  }

  /** Secret documents: the named handlers, and the issuing body's leaders while it awaits their sign-off (`SECRET_SIGNOFF`; SQL twin `readableSql`). */
  async mayRead(em: EntityManager, doc: OfficialDocument, p: Principal): Promise<boolean> {
    if (!doc.secret) return true;
    if (doc.issuer && SECRET_SIGNOFF.statuses.includes(doc.status) && agenciesWithRole(p, SECRET_SIGNOFF.roles).includes(doc.issuer.id)) return true;
    return !!p.accountId && (await em.count(DocumentHandler, { document: doc, account: p.accountId })) > 0;
  }

  private async addHandler(em: EntityManager, doc: OfficialDocument, agency: Agency, account: Account): Promise<void> {
    if (!(await em.count(DocumentHandler, { document: doc, account }))) em.create(DocumentHandler, { document: doc, agency, account });
  }

  private async officers(em: EntityManager, ids: string[], agency: Agency, issues: Issues, field: string, taken: Set<string>): Promise<Account[]> {
    const out: Account[] = [];
    for (const [i, id] of ids.entries()) {
      if (!issues.uuid(`${field}[${i}]`, id)) continue;
      // One person reads a secret document for one unit only (and is named once).
      if (taken.has(id)) {
        issues.add(`${field}[${i}]`, 'Người xử lý bị trùng / Named twice');
        continue;
      }
      taken.add(id);
      const a = await em.findOne(Account, { id, active: true, roles: { agency: agency.id } });
      if (!a) issues.add(`${field}[${i}]`, `Không phải cán bộ của ${agency.name} / Not an officer of ${agency.code}`);
      else out.push(a);
    }
    return out;
  }

  private async recipientIds(em: EntityManager, doc: OfficialDocument): Promise<string[]> {
    return (await em.find(DocumentRecipient, { document: doc })).map((r) => r.agency.id);
  }

  private trace(em: EntityManager, doc: OfficialDocument, p: Principal, agency: Agency, recipient: Agency | null, action: string, from: string | null, to: string | null, note: string | null, now: Date): void {
    em.create(DocumentTrace, {
      document: doc,
      agency,
      recipient,
      actor: p.accountId ? em.getReference(Account, p.accountId) : null,
      actorName: p.fullName || p.subject,
      action,
      fromStatus: from,
      toStatus: to,
      note,
      at: now,
    });
  }

  /** Events carry ids only; subscribers re-read the document with their own rights. */
  private event(em: EntityManager, doc: OfficialDocument, type: string, extra: Record<string, unknown>, now: Date, recipientAgencyIds: string[]): void {
    recordOutboxEvent(em, {
      aggregateType: 'Document',
      aggregateId: doc.id,
      type,
      payload: { documentId: doc.id, issuerId: doc.issuer?.id ?? null, recipientAgencyIds, secret: doc.secret, status: doc.status, at: now, ...extra },
      createdAt: now,
    });
  }
}

function defaultNotation(typeCode: string, agency: Agency): string {
  const issuer = issuerAbbreviation(agency);
  return typeCode === 'CV' ? issuer : `${typeCode}-${issuer}`;
}

/** The next number of a counter (issuing series or arrival book), under the counter row's lock. */
async function nextNumber(em: EntityManager, agencyId: string, year: number, series: 'REGULAR' | 'SECRET' | 'ARRIVAL'): Promise<number> {
  const rows = await em.getConnection().execute<{ last: number }[]>(
    `insert into document_counter (agency_id, year, series, last) values (?, ?, ?, 1)
     on conflict (agency_id, year, series) do update set last = document_counter.last + 1 returning last`,
    [agencyId, year, series],
    'all',
    em.getTransactionContext(),
  );
  return rows[0].last;
}

/** A row lock held past `lock_timeout`, a serialization failure or a deadlock answers `Busy`, as dossier actions do. */
async function orBusy<T>(work: () => Promise<T>): Promise<T | Busy> {
  try {
    return await work();
  } catch (e) {
    if (isContention(e)) return Busy.of();
    throw e;
  }
}
