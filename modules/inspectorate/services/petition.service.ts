import { createHash } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import {
  Account, Agency, CalendarService, citizenIdProblem, Clock, decodeFiles, ErrorResult, inTransaction, Issues, isUuid,
  lookupSecret, NotAuthorized, phoneProblem, Principal, recordEvent, Role, TransitionNotAllowed, ValidationFailed,
  VersionConflict, WorkingCalendar,
} from '../../../src/kernel';
import {
  AcceptPetitionInput,
  AssignPetitionInspectorsInput,
  ConcludePetitionInput,
  DecidePetitionInput,
  ExtendPetitionDeadlineInput,
  PetitionerInput,
  PetitionStepInput,
  ReceivePetitionInput,
  RecordReceptionSessionInput,
  RefusePetitionInput,
  TransferPetitionInput,
  WithdrawPetitionInput,
} from '../api/petition.inputs';
import { AnonymousLetterNotHandled, ExtensionNotAllowed, PetitionNotFound, ReceptionSessionNotFound } from '../api/petition.output';
import { ANONYMOUS_BASIS, eligibilityDueAt, extensionRefusal, PETITION_RULES, resolutionDueAt } from '../rules/deadlines';
import { PetitionExtension, PetitionHistory, PetitionInspector } from '../entities/petition-parts.entity';
import { CaseComplexity, Petition, PetitionChannel, PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import { PetitionerIdentity, PetitionerLetter } from '../entities/petitioner-identity.entity';
import { ReceptionCitizen, ReceptionKind, ReceptionSession } from '../entities/reception-session.entity';
import { INSPECTORATE_AGENCY_CODES } from '../procedures';
import { PETITION_ACTIONS, PetitionAction, PetitionActionKey, PetitionActor } from '../workflows';
import { foldText, petitionerIdentityKeyText } from '../rules/duplicate-matching';
import { findDuplicate, petitionerKey } from './duplicate.service';
import { repeatsIdentity } from '../rules/identity-guard';
import { actorsOf, identityConfidential, InspectorateStanding, mayReadIdentity, standingOf } from '../access';

const SUBJECT_MAX = 10_000;
const NOTE_MAX = 2000;
const NAME_MAX = 200;
const ADDRESS_MAX = 500;
const BODY_MAX = 300;
const MAX_LETTERS = 5;
const MAX_INSPECTORS = 10;
const MAX_CITIZENS = 50;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
/** `125/QĐ-TTr`: a number, a slash, the notation. */
const DECISION_NUMBER_RE = /^\d{1,6}\/[\p{L}\d][\p{L}\d.\-]{0,40}$/u;

/** Success is the petition's id; every failure is an {@link ErrorResult}. */
export type PetitionWrite = { petitionId: string } | ErrorResult;
export type ReceiveWrite = { petitionId: string; code: string; secret: string; duplicate: boolean } | ErrorResult;
export type SessionWrite = { receptionSessionId: string } | ErrorResult;

/** Hash of the tracking secret, salted with the code (equal secrets on two petitions hash differently). */
export function secretHash(code: string, secret: string): string {
  return createHash('sha256').update(`${code}:${secret.trim().toUpperCase()}`, 'utf8').digest('hex');
}

const IDENTITY_IN_TEXT = 'Không được ghi họ tên, số định danh hoặc số điện thoại của người gửi đơn, người được tiếp / Must not repeat a protected identity: this text is shown to people who may not read it';

/** A date 'YYYY-MM-DD' that exists, or null. */
function localDate(v: string | null | undefined): string | null {
  if (!v || !DATE_RE.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v ? v : null;
}

interface StepContext {
  tx: EntityManager;
  petition: Petition;
  standing: InspectorateStanding;
  actors: Set<PetitionActor>;
  assigned: string[];
  now: Date;
  calendar: () => Promise<WorkingCalendar>;
  /** Adds an issue when `text` repeats the identity (checked only for a caller who may read it, so it is no oracle). */
  guard(field: string, text: string | null | undefined): Promise<void>;
  issues: Issues;
}

/**
 * The write side of petitions and citizen receptions. Every mutation is one transaction that
 * locks the petition, checks the version the caller saw, the state machine
 * ({@link PETITION_ACTIONS}) and the caller's standing, then writes the change, its history row
 * and an outbox event together; any error result rolls all of it back.
 */
export class PetitionService {
  constructor(private readonly deps: { clock: Clock; calendar: Pick<CalendarService, 'calendar'> }) {}

  /** A reception officer, an inspector or the head records a petition; returns its code and tracking secret. */
  async receive(em: EntityManager, p: Principal | undefined, input: ReceivePetitionInput): Promise<ReceiveWrite> {
    const s = standingOf(p);
    if (!s.accountId || !s.handling.length) return NotAuthorized.of('receive petitions: reception officers, inspectors and the head of the inspectorate');
    const issues = new Issues();
    const agencyId = await this.agencyFor(em, s, issues, input.agencyCode);
    if (agencyId === false) return NotAuthorized.of(`receive petitions for ${input.agencyCode}`);
    const rule = PETITION_RULES[input.classification];
    const anonymous = !!input.anonymous;
    const handled = !anonymous && (input.classification === PetitionClassification.COMPLAINT || input.classification === PetitionClassification.DENUNCIATION);
    const subject = issues.text('subject', input.subject, SUBJECT_MAX);
    const respondent = issues.text('respondent', input.respondent, ADDRESS_MAX, handled);
    const now = this.deps.clock.now();
    const receivedAt = input.receivedAt ?? now;
    if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + 60_000) issues.add('receivedAt', 'Không được sau thời điểm hiện tại / Cannot be in the future');
    else if (receivedAt.getTime() < Date.UTC(2000, 0, 1)) issues.add('receivedAt', 'Ngày nhận không hợp lệ / Implausible date of receipt');
    let transferredFrom: string | null = null;
    if (input.channel === PetitionChannel.TRANSFERRED_IN) transferredFrom = issues.text('transferredFrom', input.transferredFrom, BODY_MAX);
    else if (input.transferredFrom) issues.add('transferredFrom', 'Chỉ dùng cho đơn do cơ quan khác chuyển đến / Only for channel TRANSFERRED_IN');
    if (input.receptionSessionId) {
      if (input.channel !== PetitionChannel.IN_PERSON) issues.add('receptionSessionId', 'Chỉ đơn nhận trực tiếp mới gắn với buổi tiếp công dân / Only for channel IN_PERSON');
      issues.uuid('receptionSessionId', input.receptionSessionId);
    }
    const petitioner = this.checkPetitioner(issues, input, handled);
    if (petitioner && subject && identityConfidential({ classification: input.classification, anonymous })) {
      if (repeatsIdentity(subject, petitioner)) issues.add('subject', IDENTITY_IN_TEXT);
      if (repeatsIdentity(respondent, petitioner)) issues.add('respondent', IDENTITY_IN_TEXT);
    }
    if ((input.letters?.length ?? 0) > MAX_LETTERS) issues.add('letters', `Tối đa ${MAX_LETTERS} tệp / At most ${MAX_LETTERS} files`);
    const letters = decodeFiles(issues, 'letters', input.letters?.slice(0, MAX_LETTERS), new Set());
    if (!issues.ok || !agencyId) return ValidationFailed.of(issues.list);

    return inTransaction(em, async (tx) => {
      let session: ReceptionSession | null = null;
      if (input.receptionSessionId) {
        session = await tx.findOne(ReceptionSession, { id: input.receptionSessionId, agency: agencyId });
        if (!session) return ReceptionSessionNotFound.of(input.receptionSessionId);
      }
      const calendar = await this.deps.calendar.calendar(tx);
      const year = Number(calendar.localDate(receivedAt).slice(0, 4));
      const number = await this.nextNumber(tx, year);
      const code = `TT-${year}-${String(number).padStart(6, '0')}`;
      const secret = lookupSecret();
      const keyText = petitioner ? petitionerIdentityKeyText(petitioner) : null;
      const key = keyText ? await petitionerKey(tx, keyText) : null;
      const folded = { subject: foldText(subject!), respondent: respondent ? foldText(respondent) : null };
      const duplicateOf = key ? await findDuplicate(tx, { agencyId, key, ...folded }) : null;
      const status = anonymous ? PetitionStatus.RECORDED_ANONYMOUS : PetitionStatus.RECEIVED;
      const petition = tx.create(Petition, {
        code,
        year,
        number,
        lookupSecretHash: secretHash(code, secret),
        agency: tx.getReference(Agency, agencyId),
        classification: input.classification,
        anonymous,
        subject: subject!,
        subjectFolded: folded.subject,
        respondent,
        respondentFolded: folded.respondent,
        receivedAt,
        channel: input.channel,
        transferredFrom,
        receptionSession: session,
        receivedBy: tx.getReference(Account, s.accountId!),
        receivedByName: s.name,
        status,
        remote: !!input.remote,
        eligibilityDueAt: anonymous ? null : eligibilityDueAt(calendar, rule, receivedAt),
        closedAt: anonymous ? now : null,
        duplicateOf: duplicateOf ? tx.getReference(Petition, duplicateOf) : null,
        petitionerKey: key,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      if (petitioner) tx.create(PetitionerIdentity, { petition, ...petitioner });
      for (const f of letters) {
        tx.create(PetitionerLetter, { petition, name: f.name, mediaType: f.mediaType, size: f.content.length, sha256: f.sha256, content: f.content, uploadedAt: now });
      }
      // The note says how it came, never from whom, and never that it repeats an earlier petition:
      // everyone who sees the petition reads its history, and a filer who typed a guessed identity
      // would learn whether the guess names the earlier denouncer. The link is `duplicateOf`,
      // shown only to callers who may read both identities (petition.queries.ts).
      const note = anonymous ? 'Đơn không rõ người gửi, lưu theo ' + ANONYMOUS_BASIS : 'Tiếp nhận đơn';
      this.record(tx, petition, s, anonymous ? 'recordAnonymous' : 'receive', null, note, now);
      await tx.flush();
      return { petitionId: petition.id, code, secret, duplicate: !!duplicateOf };
    });
  }

  checkEligibility(em: EntityManager, p: Principal | undefined, input: PetitionStepInput): Promise<PetitionWrite> {
    return this.step(em, p, 'checkEligibility', input, async (c) => {
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      return { note };
    });
  }

  accept(em: EntityManager, p: Principal | undefined, input: AcceptPetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'accept', input, async (c) => {
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      if (!c.issues.ok) return { note };
      const pet = c.petition;
      if (input.remote != null) pet.remote = input.remote;
      pet.acceptedAt = c.now;
      pet.dueAt = resolutionDueAt(await c.calendar(), PETITION_RULES[pet.classification], c.now, pet.remote);
      pet.originalDueAt = pet.dueAt;
      return { note };
    });
  }

  transfer(em: EntityManager, p: Principal | undefined, input: TransferPetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'transfer', input, async (c) => {
      const body = c.issues.text('competentBody', input.competentBody, BODY_MAX);
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      c.petition.transferredToName = body;
      c.petition.closedAt = c.now;
      return { note: `Chuyển đến: ${body}${note ? `. ${note}` : ''}` };
    });
  }

  refuse(em: EntityManager, p: Principal | undefined, input: RefusePetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'refuse', input, async (c) => {
      const reasons = c.issues.text('reasons', input.reasons, 4000);
      await c.guard('reasons', reasons);
      c.petition.refusalReason = reasons;
      c.petition.closedAt = c.now;
      return { note: reasons };
    });
  }

  assignInspectors(em: EntityManager, p: Principal | undefined, input: AssignPetitionInspectorsInput): Promise<PetitionWrite> {
    return this.step(em, p, 'assignInspectors', input, async (c) => {
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      const ids = input.inspectorIds ?? [];
      if (!ids.length || ids.length > MAX_INSPECTORS) c.issues.add('inspectorIds', `Từ 1 đến ${MAX_INSPECTORS} thanh tra viên / 1 to ${MAX_INSPECTORS} inspectors`);
      if (new Set(ids).size !== ids.length) c.issues.add('inspectorIds', 'Trùng thanh tra viên / An inspector is listed twice');
      const accounts: Account[] = [];
      for (const [i, id] of ids.entries()) {
        if (!c.issues.uuid(`inspectorIds[${i}]`, id)) continue;
        const a = await c.tx.findOne(Account, { id, active: true, roles: { role: Role.SPECIALIST, agency: c.petition.agency.id } });
        if (!a) c.issues.add(`inspectorIds[${i}]`, 'Không phải thanh tra viên của cơ quan giải quyết / Not an inspector of the agency handling it');
        else accounts.push(a);
      }
      if (!c.issues.ok) return { note };
      const rows = await c.tx.find(PetitionInspector, { petition: c.petition });
      for (const r of rows) if (!ids.includes(r.account.id) && !r.removedAt) r.removedAt = c.now;
      for (const a of accounts) {
        const row = rows.find((r) => r.account.id === a.id);
        if (!row) c.tx.create(PetitionInspector, { petition: c.petition, account: a, accountName: a.fullName, assignedAt: c.now, assignedByName: c.standing.name });
        else if (row.removedAt) Object.assign(row, { removedAt: null, assignedAt: c.now, assignedByName: c.standing.name });
      }
      return { note: `Phân công: ${accounts.map((a) => a.fullName).join(', ')}${note ? `. ${note}` : ''}` };
    });
  }

  startVerification(em: EntityManager, p: Principal | undefined, input: PetitionStepInput): Promise<PetitionWrite> {
    return this.step(em, p, 'startVerification', input, async (c) => {
      if (!c.assigned.length) return TransitionNotAllowed.of('startVerification', c.petition.status, [], 'no inspector is assigned yet');
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      return { note };
    });
  }

  conclude(em: EntityManager, p: Principal | undefined, input: ConcludePetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'conclude', input, async (c) => {
      const conclusion = c.issues.text('conclusion', input.conclusion, SUBJECT_MAX);
      await c.guard('conclusion', conclusion);
      c.petition.conclusion = conclusion;
      if (PETITION_RULES[c.petition.classification].resolvedBy === PetitionStatus.CONCLUDED) c.petition.resolvedAt = c.now;
      return { note: null };
    });
  }

  decide(em: EntityManager, p: Principal | undefined, input: DecidePetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'decide', input, async (c) => {
      const number = c.issues.text('decisionNumber', input.decisionNumber, 50);
      if (number && !DECISION_NUMBER_RE.test(number)) c.issues.add('decisionNumber', 'Số quyết định có dạng 125/QĐ-TTr / Expected a number and notation, e.g. 125/QĐ-TTr');
      const date = localDate(input.decisionDate);
      const cal = await c.calendar();
      if (!date) c.issues.add('decisionDate', 'Ngày không hợp lệ (YYYY-MM-DD) / Invalid date');
      else if (date > cal.localDate(c.now)) c.issues.add('decisionDate', 'Không được sau hôm nay / Cannot be in the future');
      else if (c.petition.acceptedAt && date < cal.localDate(c.petition.acceptedAt)) c.issues.add('decisionDate', 'Không được trước ngày thụ lý / Cannot be before acceptance');
      const note = c.issues.text('note', input.note, NOTE_MAX, false);
      await c.guard('note', note);
      Object.assign(c.petition, { decisionNumber: number, decisionDate: date, closedAt: c.now });
      if (PETITION_RULES[c.petition.classification].resolvedBy === PetitionStatus.DECIDED) c.petition.resolvedAt = c.now;
      return { note: `Quyết định số ${number} ngày ${date}${note ? `. ${note}` : ''}` };
    });
  }

  extendDeadline(em: EntityManager, p: Principal | undefined, input: ExtendPetitionDeadlineInput): Promise<PetitionWrite> {
    return this.step(em, p, 'extendDeadline', input, async (c) => {
      const reason = c.issues.text('reason', input.reason, NOTE_MAX);
      await c.guard('reason', reason);
      if (!Number.isInteger(input.days)) c.issues.add('days', 'Phải là số nguyên / Must be a whole number of days');
      if (!c.issues.ok) return { note: reason };
      const pet = c.petition;
      const rule = PETITION_RULES[pet.classification];
      if (pet.dueAt && pet.dueAt.getTime() < c.now.getTime()) {
        return ExtensionNotAllowed.of('Thời hạn giải quyết đã hết: quá hạn vẫn là quá hạn / The time limit has already passed', rule.extensionBasis ?? rule.resolution.basis, 0);
      }
      const previous = await c.tx.find(PetitionExtension, { petition: pet }, { orderBy: { at: 'asc' } });
      const refusal = extensionRefusal(rule, { remote: pet.remote, complexity: input.complexity, days: input.days, previousDays: previous.map((e) => e.days) });
      if (refusal) return ExtensionNotAllowed.of(refusal.reason, refusal.legalBasis, refusal.maxDays);
      const newDueAt = resolutionDueAt(await c.calendar(), rule, pet.acceptedAt!, pet.remote, [...previous.map((e) => e.days), input.days]);
      c.tx.create(PetitionExtension, {
        petition: pet,
        at: c.now,
        by: c.tx.getReference(Account, c.standing.accountId!),
        byName: c.standing.name,
        reason: reason!,
        days: input.days,
        complexity: input.complexity,
        previousDueAt: pet.dueAt!,
        newDueAt,
      });
      pet.dueAt = newDueAt;
      pet.complexity = input.complexity;
      return { note: `Gia hạn ${input.days} ngày (${input.complexity === CaseComplexity.ESPECIALLY_COMPLEX ? 'vụ việc đặc biệt phức tạp' : 'vụ việc phức tạp'}): ${reason}` };
    });
  }

  withdraw(em: EntityManager, p: Principal | undefined, input: WithdrawPetitionInput): Promise<PetitionWrite> {
    return this.step(em, p, 'withdraw', input, async (c) => {
      const reason = c.issues.text('reason', input.reason, NOTE_MAX);
      await c.guard('reason', reason);
      c.petition.withdrawalReason = reason;
      c.petition.closedAt = c.now;
      return { note: reason };
    });
  }

  /** Records a citizen reception of the caller's inspectorate (the caller is the receiving officer). */
  async recordReceptionSession(em: EntityManager, p: Principal | undefined, input: RecordReceptionSessionInput): Promise<SessionWrite> {
    const s = standingOf(p);
    if (!s.accountId || !s.handling.length) return NotAuthorized.of('record citizen receptions: officers of the inspectorate');
    const issues = new Issues();
    const agencyId = await this.agencyFor(em, s, issues, input.agencyCode);
    if (agencyId === false) return NotAuthorized.of(`record citizen receptions for ${input.agencyCode}`);
    const cal = await this.deps.calendar.calendar(em);
    const now = this.deps.clock.now();
    const heldOn = localDate(input.heldOn);
    if (!heldOn) issues.add('heldOn', 'Ngày không hợp lệ (YYYY-MM-DD) / Invalid date');
    else if (heldOn > cal.localDate(now)) issues.add('heldOn', 'Không được sau hôm nay / Cannot be in the future');
    else if (heldOn < '2000-01-01') issues.add('heldOn', 'Ngày không hợp lệ / Implausible date');
    const location = issues.text('location', input.location, BODY_MAX);
    const summary = issues.text('summary', input.summary, 4000);
    const outcomeNote = issues.text('outcomeNote', input.outcomeNote, NOTE_MAX, false);
    if (input.kind === ReceptionKind.PERIODIC_BY_HEAD && agencyId && !s.head.includes(agencyId)) {
      issues.add('kind', 'Tiếp công dân định kỳ do người đứng đầu trực tiếp tiếp / Periodic receptions are held by the head in person');
    }
    const citizens = input.citizens ?? [];
    if (!citizens.length || citizens.length > MAX_CITIZENS) issues.add('citizens', `Từ 1 đến ${MAX_CITIZENS} công dân / 1 to ${MAX_CITIZENS} citizens`);
    const people = citizens.slice(0, MAX_CITIZENS).map((c, i) => {
      const fullName = issues.text(`citizens[${i}].fullName`, c.fullName, NAME_MAX);
      const identityNumber = issues.text(`citizens[${i}].identityNumber`, c.identityNumber, 12, false);
      if (identityNumber && citizenIdProblem(identityNumber, now)) issues.add(`citizens[${i}].identityNumber`, citizenIdProblem(identityNumber, now)!);
      const address = issues.text(`citizens[${i}].address`, c.address, ADDRESS_MAX, false);
      return { fullName: fullName ?? '', identityNumber, address };
    });
    // The summary is read by every officer; the names are not (the officer who typed them knows them, so this is no oracle).
    if (people.some((c) => repeatsIdentity(summary, c))) issues.add('summary', IDENTITY_IN_TEXT);
    if (people.some((c) => repeatsIdentity(outcomeNote, c))) issues.add('outcomeNote', IDENTITY_IN_TEXT);
    const count = input.citizenCount ?? citizens.length;
    if (!Number.isInteger(count) || count < Math.max(1, citizens.length) || count > 500) {
      issues.add('citizenCount', `Từ số người có tên (${citizens.length}) đến 500 / Between the number named and 500`);
    }
    if (!issues.ok || !agencyId) return ValidationFailed.of(issues.list);
    return inTransaction(em, async (tx) => {
      const session = tx.create(ReceptionSession, {
        agency: tx.getReference(Agency, agencyId),
        heldOn: heldOn!,
        officer: tx.getReference(Account, s.accountId!),
        officerName: s.name,
        location: location!,
        kind: input.kind,
        citizenCount: count,
        summary: summary!,
        outcome: input.outcome,
        outcomeNote,
        recordedBy: tx.getReference(Account, s.accountId!),
        createdAt: now,
      });
      for (const c of people) tx.create(ReceptionCitizen, { session, ...c });
      // Ids and dates only: subscribers re-read with their own rights.
      recordEvent(tx, {
        aggregateType: 'ReceptionSession',
        aggregateId: session.id,
        type: 'ReceptionSessionRecorded',
        payload: { receptionSessionId: session.id, agencyId, heldOn, at: now },
        createdAt: now,
      });
      await tx.flush();
      return { receptionSessionId: session.id };
    });
  }

  /** The agency a receipt is for: the one named (an inspectorate the caller handles petitions in) or the caller's only one; false if not theirs. */
  private async agencyFor(em: EntityManager, s: InspectorateStanding, issues: Issues, code: string | null | undefined): Promise<string | null | false> {
    if (code) {
      const a = INSPECTORATE_AGENCY_CODES.includes(code as never) ? await em.findOne(Agency, { code }) : null;
      if (!a) {
        issues.add('agencyCode', `Không phải cơ quan thanh tra / Not an inspectorate: ${code}`);
        return null;
      }
      return s.handling.includes(a.id) ? a.id : false;
    }
    if (s.handling.length === 1) return s.handling[0];
    issues.add('agencyCode', 'Cần chọn cơ quan thanh tra / Name the inspectorate');
    return null;
  }

  private checkPetitioner(issues: Issues, input: ReceivePetitionInput, handled: boolean): { fullName: string; identityNumber: string | null; address: string | null; phone: string | null } | null {
    const x: PetitionerInput | null | undefined = input.petitioner;
    if (input.anonymous) {
      if (x) issues.add('petitioner', 'Đơn nặc danh không ghi thông tin người gửi / An anonymous letter has no petitioner');
      return null;
    }
    if (!x) {
      issues.add('petitioner', 'Cần họ tên, địa chỉ người gửi; đơn không rõ người gửi thì đánh dấu nặc danh / The petitioner is required, or mark the letter anonymous');
      return null;
    }
    const fullName = issues.text('petitioner.fullName', x.fullName, NAME_MAX);
    const identityNumber = issues.text('petitioner.identityNumber', x.identityNumber, 12, false);
    if (identityNumber && citizenIdProblem(identityNumber, this.deps.clock.now())) issues.add('petitioner.identityNumber', citizenIdProblem(identityNumber, this.deps.clock.now())!);
    // Law on Complaints art. 8(2) and Law on Denunciations art. 23(1): the letter states the petitioner's name and address.
    const address = issues.text('petitioner.address', x.address, ADDRESS_MAX, handled);
    const phone = issues.text('petitioner.phone', x.phone, 20, false);
    if (phone && phoneProblem(phone)) issues.add('petitioner.phone', phoneProblem(phone)!);
    return { fullName: fullName ?? '', identityNumber, address, phone };
  }

  /**
   * One step of {@link PETITION_ACTIONS}: checks, then `work` (which validates its input into
   * `c.issues` and changes the petition), then the status, the history row and the outbox event.
   */
  private async step(
    em: EntityManager,
    p: Principal | undefined,
    key: PetitionActionKey,
    input: { petitionId: string; expectedVersion: number },
    work: (c: StepContext) => Promise<{ note: string | null } | ErrorResult>,
  ): Promise<PetitionWrite> {
    if (!isUuid(input.petitionId)) return PetitionNotFound.of(input.petitionId);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) {
      const issues = new Issues();
      issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
      return ValidationFailed.of(issues.list);
    }
    const s = standingOf(p);
    if (!s.accountId) return NotAuthorized.of('sign in as an officer of the inspectorate');
    const action: PetitionAction = PETITION_ACTIONS[key];
    return inTransaction(em, async (tx) => {
      const petition = await tx.findOne(Petition, input.petitionId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!petition) return PetitionNotFound.of(input.petitionId);
      if (!s.officer.includes(petition.agency.id)) return s.observer ? NotAuthorized.of(`${key}: officers of the inspectorate only`) : PetitionNotFound.of(input.petitionId);
      if (petition.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, petition.version, { vi: 'Đơn', en: 'petition' });
      if (petition.status === PetitionStatus.RECORDED_ANONYMOUS) return AnonymousLetterNotHandled.of(ANONYMOUS_BASIS);
      const assigned = (await tx.find(PetitionInspector, { petition, removedAt: null })).map((r) => r.account.id);
      const actors = actorsOf(s, petition.agency.id, assigned);
      const available = Object.values(PETITION_ACTIONS as Record<string, PetitionAction>)
        .filter((a) => a.from.includes(petition.status) && a.actors.some((x) => actors.has(x)))
        .map((a) => a.key);
      if (!action.from.includes(petition.status)) return TransitionNotAllowed.of(key, petition.status, available);
      if (!action.actors.some((x) => actors.has(x))) return NotAuthorized.of(`${key}: ${action.actors.join(' or ')} of the petition`);
      const issues = new Issues();
      const readable = mayReadIdentity(s, { agencyId: petition.agency.id, classification: petition.classification, anonymous: petition.anonymous }, assigned);
      let identity: PetitionerIdentity | null | undefined;
      let cal: WorkingCalendar | undefined;
      const now = this.deps.clock.now();
      const c: StepContext = {
        tx,
        petition,
        standing: s,
        actors,
        assigned,
        now,
        issues,
        calendar: async () => (cal ??= await this.deps.calendar.calendar(tx)),
        guard: async (field, text) => {
          if (!text || !readable) return;
          identity ??= await tx.findOne(PetitionerIdentity, { petition });
          if (identity && repeatsIdentity(text, identity)) issues.add(field, IDENTITY_IN_TEXT);
        },
      };
      const fromStatus = petition.status;
      const outcome = await work(c);
      if (outcome instanceof ErrorResult) return outcome;
      if (!issues.ok) return ValidationFailed.of(issues.list);
      if (action.to) petition.status = action.to;
      // Strictly later than the last change, so that the row always changes and its version moves
      // even when the clock has not (tests, or two steps within a millisecond under the row lock).
      petition.updatedAt = new Date(Math.max(now.getTime(), petition.updatedAt.getTime() + 1));
      this.record(tx, petition, s, key, fromStatus, outcome.note, now);
      await tx.flush();
      return { petitionId: petition.id };
    });
  }

  /** The history row and the outbox event of a change; neither carries the identity or the content. */
  private record(tx: EntityManager, petition: Petition, s: InspectorateStanding, action: string, fromStatus: PetitionStatus | null, note: string | null, now: Date): void {
    tx.create(PetitionHistory, {
      petition,
      at: now,
      actor: s.accountId ? tx.getReference(Account, s.accountId) : null,
      actorName: s.name,
      action,
      fromStatus,
      toStatus: petition.status,
      note,
    });
    recordEvent(tx, {
      aggregateType: 'Petition',
      aggregateId: petition.id,
      type: fromStatus === petition.status ? 'PetitionUpdated' : 'PetitionStatusChanged',
      payload: {
        petitionId: petition.id,
        code: petition.code,
        agencyId: petition.agency.id,
        classification: petition.classification,
        action,
        fromStatus,
        toStatus: petition.status,
        dueAt: petition.dueAt ?? null,
        at: now,
      },
      createdAt: now,
    });
  }

  /** `last + 1` for the year under a row lock: concurrent receipts get consecutive numbers; a rollback gives it back. */
  private async nextNumber(tx: EntityManager, year: number): Promise<number> {
    const row = await tx.getConnection().execute<{ last: number }>(
      `insert into inspectorate_petition_counter (year, last) values (?, 1) on conflict (year) do update set last = inspectorate_petition_counter.last + 1 returning last`,
      [year],
      'get',
      tx.getTransactionContext(),
    );
    return row.last;
  }
}
