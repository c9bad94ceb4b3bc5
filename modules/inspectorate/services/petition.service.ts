import { createHash } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import {
  Account, Agency, CalendarService, citizenIdProblem, Clock, decodeFiles, ErrorResult, inTransaction, Issues, isUuid,
  lookupSecret, NotAuthorized, NotificationChannel, NotificationLanguage, phoneProblem, Principal, queueModuleMessages,
  recordEvent, Role, TransitionNotAllowed, ValidationFailed, VersionConflict, WorkingCalendar,
} from '../../../src/kernel';
import {
  AcceptPetitionInput,
  AssignPetitionInspectorsInput,
  ConcludePetitionInput,
  DecidePetitionInput,
  ExtendEligibilityCheckInput,
  ExtendPetitionDeadlineInput,
  FileSecondComplaintInput,
  FilingObstacleInput,
  PetitionerInput,
  PetitionStepInput,
  ReceivePetitionInput,
  RecordFilingObstacleInput,
  RecordReceptionSessionInput,
  RefusePetitionInput,
  TransferPetitionInput,
  WithdrawPetitionInput,
} from '../api/petition.inputs';
import {
  AnonymousLetterNotHandled, ComplaintTimeBarred, ExtensionNotAllowed, PetitionNotFound, ReceptionSessionNotFound, SecondComplaintNotOpen,
} from '../api/petition.output';
import { ANONYMOUS_BASIS, eligibilityDueAt, extensionRefusal, forwardDueAt, PETITION_RULES, resolutionDueAt, ruleOf, SECOND_COMPLAINT_RULE } from '../rules/deadlines';
import { isTimeBarred, MAX_OBSTACLE_DAYS, SECOND_COMPLAINT_BAR, secondComplaintStart, TIME_BARRED_BASIS, timeBar } from '../rules/time-bars';
import { petitionMessage } from '../rules/messages';
import { PetitionExtension, PetitionHistory, PetitionInspector } from '../entities/petition-parts.entity';
import { CaseComplexity, Petition, PetitionChannel, PetitionClassification, PetitionStatus } from '../entities/petition.entity';
import { PetitionerIdentity, PetitionerLetter } from '../entities/petitioner-identity.entity';
import { ReceptionCitizen, ReceptionKind, ReceptionSession } from '../entities/reception-session.entity';
import { INSPECTORATE_AGENCY_CODES, SECOND_INSTANCE_AGENCY_CODES } from '../procedures';
import { PETITION_ACTIONS, PETITION_STATUS_LABELS, PetitionAction, PetitionActionKey, PetitionActor } from '../workflows';
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
    if (!s.accountId || !s.receiving.length) return NotAuthorized.of('receive petitions: reception officers, inspectors and the head of the inspectorate');
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
    // Complaints carry a time bar (Law on Complaints art. 9): the day it runs from is part of the receipt.
    const complaint = handled && input.classification === PetitionClassification.COMPLAINT;
    let startsOn: string | null = null;
    const cal = complaint ? await this.deps.calendar.calendar(em) : null;
    if (complaint) {
      startsOn = localDate(input.timeBarStartsOn);
      if (!startsOn) issues.add('timeBarStartsOn', 'Cần ngày nhận được hoặc biết được quyết định, hành vi bị khiếu nại (YYYY-MM-DD) / The day the complainant received or learned of the decision or act is required');
      else if (startsOn < '2000-01-01' || (!Number.isNaN(receivedAt.getTime()) && startsOn > cal!.localDate(receivedAt))) issues.add('timeBarStartsOn', 'Không được sau ngày nhận đơn / Cannot be after the day of receipt');
    } else if (input.timeBarStartsOn) issues.add('timeBarStartsOn', 'Chỉ dùng cho đơn khiếu nại / Only for complaints');
    const obstacle = input.filingObstacle ? (complaint ? this.checkObstacle(issues, 'filingObstacle', input.filingObstacle) : (issues.add('filingObstacle', 'Chỉ dùng cho đơn khiếu nại / Only for complaints'), null)) : null;
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
        forwardDueAt: anonymous ? null : forwardDueAt(calendar, rule, receivedAt),
        timeBarStartsOn: startsOn,
        timeBarLastDay: startsOn ? timeBar(calendar, { instance: 1, remote: !!input.remote, startsOn, obstacleDays: obstacle?.days }).lastDay : null,
        obstacleDays: obstacle?.days ?? 0,
        obstacleReason: obstacle?.reason ?? null,
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
      const note = anonymous ? 'Đơn không rõ người gửi, lưu theo ' + ANONYMOUS_BASIS : `Tiếp nhận đơn${obstacle ? `. Trở ngại khách quan ${obstacle.days} ngày: ${obstacle.reason}` : ''}`;
      this.record(tx, petition, s, anonymous ? 'recordAnonymous' : 'receive', null, note, now);
      await this.notify(tx, petition, 'receive', petitioner?.phone ?? null, calendar, now);
      await tx.flush();
      return { petitionId: petition.id, code, secret, duplicate: !!duplicateOf };
    });
  }

  /**
   * A second complaint (khiếu nại lần hai, Law on Complaints art. 33) to the body above the one that
   * resolved the first: filed online by the complainant themself (a citizen whose verified identity
   * number is the first complaint's), or received by an officer of that body. It references the
   * first complaint, copies its complainant into its own protected row, runs its own periods
   * (art. 36, 37) and is refused, with nothing written, when the first instance is not over, when
   * there is no body above on this platform, when one is already open, or after its time bar
   * (30 days, 45 in remote areas) unless the receiving officer records an objective obstacle.
   */
  async fileSecondComplaint(em: EntityManager, p: Principal | undefined, input: FileSecondComplaintInput): Promise<ReceiveWrite> {
    const s = standingOf(p);
    const citizen = !s.handling.length && !!p?.identityNumber && !!s.accountId;
    if (!s.accountId || (!citizen && !s.handling.length)) {
      return NotAuthorized.of('file a second complaint: the complainant (signed in with a verified identity) or an officer of the body above');
    }
    const issues = new Issues();
    const code = issues.text('firstPetitionCode', input.firstPetitionCode, 32)?.toUpperCase() ?? null;
    const subject = issues.text('subject', input.subject, SUBJECT_MAX);
    const now = this.deps.clock.now();
    let receivedAt = now;
    let channel = PetitionChannel.ONLINE;
    if (citizen) {
      // What only the receiving body may judge or state is not the complainant's to set.
      if (input.receivedAt) issues.add('receivedAt', 'Chỉ cán bộ tiếp nhận ghi ngày nhận / Set by the receiving officer only');
      if (input.filingObstacle) issues.add('filingObstacle', 'Trở ngại khách quan do cán bộ tiếp nhận xem xét, ghi nhận / The receiving officer records an obstacle');
      if (input.channel && input.channel !== PetitionChannel.ONLINE) issues.add('channel', 'Công dân nộp trực tuyến / A citizen files ONLINE');
      // Remote area lengthens the bar to 45 days (art. 33(1)); it is a fact of the place the body recorded on the first complaint.
      if (input.remote != null) issues.add('remote', 'Vùng sâu, vùng xa do cơ quan xác định theo đơn lần đầu / Taken from the first complaint, not set by the complainant');
    } else {
      receivedAt = input.receivedAt ?? now;
      channel = input.channel ?? PetitionChannel.IN_PERSON;
      if (Number.isNaN(receivedAt.getTime()) || receivedAt.getTime() > now.getTime() + 60_000) issues.add('receivedAt', 'Không được sau thời điểm hiện tại / Cannot be in the future');
      else if (receivedAt.getTime() < Date.UTC(2000, 0, 1)) issues.add('receivedAt', 'Ngày nhận không hợp lệ / Implausible date of receipt');
      if (channel === PetitionChannel.TRANSFERRED_IN) issues.add('channel', 'Khiếu nại lần hai do người khiếu nại gửi / Filed by the complainant');
    }
    const decisionReceivedOn = input.decisionReceivedOn == null ? null : localDate(input.decisionReceivedOn);
    if (input.decisionReceivedOn != null && !decisionReceivedOn) issues.add('decisionReceivedOn', 'Ngày không hợp lệ (YYYY-MM-DD) / Invalid date');
    const phone = issues.text('phone', input.phone, 20, false);
    if (phone && phoneProblem(phone)) issues.add('phone', phoneProblem(phone)!);
    const obstacle = input.filingObstacle && !citizen ? this.checkObstacle(issues, 'filingObstacle', input.filingObstacle) : null;
    if ((input.letters?.length ?? 0) > MAX_LETTERS) issues.add('letters', `Tối đa ${MAX_LETTERS} tệp / At most ${MAX_LETTERS} files`);
    const letters = decodeFiles(issues, 'letters', input.letters?.slice(0, MAX_LETTERS), new Set());
    if (!issues.ok || !code) return ValidationFailed.of(issues.list);

    return inTransaction(em, async (tx) => {
      // Who may file on it is checked on a plain read: a row lock taken first would let anyone hold
      // any complaint's row and time the answer.
      const found = await tx.findOne(Petition, { code });
      const firstIdentity = found ? await tx.findOne(PetitionerIdentity, { petition: found }) : null;
      // A citizen learns nothing of a complaint that is not theirs: the same answer as for no complaint.
      if (!found || (citizen && (!firstIdentity?.identityNumber || firstIdentity.identityNumber !== p!.identityNumber))) return PetitionNotFound.of(code);
      const from = await tx.findOneOrFail(Agency, found.agency.id, { populate: ['parent'] });
      const superior = from.parent && SECOND_INSTANCE_AGENCY_CODES.includes(from.parent.code as never) ? from.parent : null;
      if (!citizen) {
        if (!s.officer.includes(found.agency.id) && !(superior && s.officer.includes(superior.id))) return PetitionNotFound.of(code);
        if (!superior || !s.handling.includes(superior.id)) return NotAuthorized.of(`receive a second complaint on ${code}: officers of the body above ${from.name}`);
      }
      // Then the lock (two filings on one complaint are serialized) and a fresh read under it.
      const first = await tx.findOneOrFail(Petition, found.id, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const LAW = SECOND_COMPLAINT_BAR.basis;
      if (first.classification !== PetitionClassification.COMPLAINT || first.anonymous) return SecondComplaintNotOpen.of('chỉ đơn khiếu nại có khiếu nại lần hai / only a complaint has a second instance', LAW);
      if (first.instance === 2) {
        return SecondComplaintNotOpen.of('đây đã là khiếu nại lần hai; người khiếu nại có thể khởi kiện vụ án hành chính tại Tòa án / this is already the second complaint: the next step is the administrative court', 'Luật Khiếu nại số 02/2011/QH13, Điều 33 khoản 2, Điều 42');
      }
      if (!superior) {
        return SecondComplaintNotOpen.of(`cơ quan cấp trên của ${from.name} không giải quyết đơn trên hệ thống này; người khiếu nại gửi đơn trực tiếp hoặc khởi kiện tại Tòa án / the body above is not on this platform`, LAW);
      }
      const cal = await this.deps.calendar.calendar(tx);
      if (first.decisionDate && !citizen && cal.localDate(receivedAt) < first.decisionDate) {
        const i = new Issues();
        i.add('receivedAt', `Không được trước ngày quyết định lần đầu (${first.decisionDate}) / Cannot be before the first decision's date`);
        return ValidationFailed.of(i.list);
      }
      // Art. 33(1) counts from the day the complainant received the first decision (unverified wording).
      // Only the receiving officer, who sees the proof of delivery, may state a day later than the
      // decision's own date; a complainant filing online is held to the decision's date, and the day
      // they claim is recorded in the history as their statement only.
      const start = secondComplaintStart(cal, {
        decided: first.status === PetitionStatus.DECIDED,
        decisionDate: first.decisionDate ?? null,
        accepted: !!first.acceptedAt,
        closed: !!first.closedAt,
        resolved: !!first.resolvedAt,
        dueAt: first.dueAt ?? null,
      }, citizen ? null : decisionReceivedOn, receivedAt);
      if (!start) {
        const why = first.acceptedAt && !first.closedAt && first.dueAt
          ? `lần đầu còn trong thời hạn giải quyết (đến ${cal.localDate(first.dueAt)}) / the first instance is still within its time limit`
          : 'khiếu nại lần đầu chưa được thụ lý giải quyết hoặc đã kết thúc mà không có quyết định / the first complaint was not accepted, or ended without a decision';
        return SecondComplaintNotOpen.of(why, LAW);
      }
      if (decisionReceivedOn && (decisionReceivedOn < first.decisionDate! || decisionReceivedOn > cal.localDate(receivedAt))) {
        const i = new Issues();
        i.add('decisionReceivedOn', `Từ ngày quyết định (${first.decisionDate}) đến ngày gửi đơn / Between the decision's date and the day of filing`);
        return ValidationFailed.of(i.list);
      }
      if (decisionReceivedOn && start.ground !== 'DECISION_NOT_ACCEPTED') {
        const i = new Issues();
        i.add('decisionReceivedOn', 'Lần đầu chưa có quyết định / The first complaint has no decision');
        return ValidationFailed.of(i.list);
      }
      const open = await tx.count(Petition, { firstPetition: first, status: { $nin: [PetitionStatus.REFUSED, PetitionStatus.WITHDRAWN, PetitionStatus.TRANSFERRED] } });
      if (open) return SecondComplaintNotOpen.of('đã có khiếu nại lần hai đang giải quyết / a second complaint on it is already being handled', LAW);
      const remote = citizen ? first.remote : input.remote ?? first.remote;
      const bar = timeBar(cal, { instance: 2, remote, startsOn: start.startsOn, obstacleDays: obstacle?.days });
      if (isTimeBarred(cal, bar, receivedAt)) {
        return ComplaintTimeBarred.of({ legalBasis: `${bar.basis}; ${TIME_BARRED_BASIS}`, timeBarStartsOn: bar.startsOn, lastDay: bar.lastDay, receivedOn: cal.localDate(receivedAt), instance: 2 });
      }
      const year = Number(cal.localDate(receivedAt).slice(0, 4));
      const number = await this.nextNumber(tx, year);
      const newCode = `TT-${year}-${String(number).padStart(6, '0')}`;
      const secret = lookupSecret();
      const petition = tx.create(Petition, {
        code: newCode,
        year,
        number,
        lookupSecretHash: secretHash(newCode, secret),
        agency: superior,
        classification: PetitionClassification.COMPLAINT,
        anonymous: false,
        subject: subject!,
        subjectFolded: foldText(subject!),
        respondent: first.respondent,
        respondentFolded: first.respondentFolded,
        receivedAt,
        channel,
        receivedBy: tx.getReference(Account, s.accountId!),
        // Not the citizen's name: the register shows who received it, and a complainant filing online is no officer.
        receivedByName: citizen ? 'Nộp trực tuyến' : s.name,
        status: PetitionStatus.RECEIVED,
        remote,
        instance: 2,
        firstPetition: first,
        eligibilityDueAt: eligibilityDueAt(cal, SECOND_COMPLAINT_RULE, receivedAt),
        timeBarStartsOn: bar.startsOn,
        timeBarLastDay: bar.lastDay,
        obstacleDays: obstacle?.days ?? 0,
        obstacleReason: obstacle?.reason ?? null,
        petitionerKey: first.petitionerKey,
        version: 1,
        createdAt: now,
        updatedAt: now,
      });
      if (firstIdentity) {
        tx.create(PetitionerIdentity, { petition, fullName: firstIdentity.fullName, identityNumber: firstIdentity.identityNumber, address: firstIdentity.address, phone: phone ?? firstIdentity.phone });
      }
      for (const f of letters) {
        tx.create(PetitionerLetter, { petition, name: f.name, mediaType: f.mediaType, size: f.content.length, sha256: f.sha256, content: f.content, uploadedAt: now });
      }
      const ground = start.ground === 'DECISION_NOT_ACCEPTED' ? `không đồng ý quyết định ${first.decisionNumber}` : 'lần đầu không được giải quyết đúng thời hạn';
      const standing = citizen ? { ...s, name: 'Người khiếu nại (nộp trực tuyến)' } : s;
      const claim = citizen && decisionReceivedOn ? `; người khiếu nại khai nhận quyết định ngày ${decisionReceivedOn} (chưa xác minh)` : '';
      this.record(tx, petition, standing, 'fileSecondComplaint', null, `Khiếu nại lần hai đối với đơn ${first.code} (${ground}); hạn gửi ${bar.lastDay}${claim}${obstacle ? `; trở ngại khách quan ${obstacle.days} ngày: ${obstacle.reason}` : ''}`, now);
      // The first complaint's register shows that it went up, and to whom.
      first.updatedAt = new Date(Math.max(now.getTime(), first.updatedAt.getTime() + 1));
      this.record(tx, first, standing, 'secondComplaintFiled', first.status, `Khiếu nại lần hai số ${newCode} gửi ${superior.name}`, now);
      await this.notify(tx, petition, 'fileSecondComplaint', phone ?? firstIdentity?.phone ?? null, cal, now);
      await tx.flush();
      return { petitionId: petition.id, code: newCode, secret, duplicate: false };
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
      const cal = await c.calendar();
      // Law on Complaints art. 11(4): a complaint past its time bar, with no objective obstacle recorded, is not accepted.
      if (pet.timeBarStartsOn && pet.timeBarLastDay) {
        const bar = timeBar(cal, { instance: pet.instance, remote: pet.remote, startsOn: pet.timeBarStartsOn, obstacleDays: pet.obstacleDays });
        pet.timeBarLastDay = bar.lastDay;
        if (isTimeBarred(cal, bar, pet.receivedAt)) {
          return ComplaintTimeBarred.of({ legalBasis: `${bar.basis}; ${TIME_BARRED_BASIS}`, timeBarStartsOn: bar.startsOn, lastDay: bar.lastDay, receivedOn: cal.localDate(pet.receivedAt), instance: pet.instance });
        }
      }
      pet.acceptedAt = c.now;
      pet.dueAt = resolutionDueAt(cal, ruleOf(pet), c.now, pet.remote);
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
      const late = c.petition.forwardDueAt && c.now.getTime() > c.petition.forwardDueAt.getTime() ? ' (quá thời hạn chuyển đơn)' : '';
      return { note: `Chuyển đến: ${body}${late}${note ? `. ${note}` : ''}` };
    });
  }

  /** The head extends a denunciation's acceptance check to 10 working days when checks are needed in several places (once, before it runs out). */
  extendEligibilityCheck(em: EntityManager, p: Principal | undefined, input: ExtendEligibilityCheckInput): Promise<PetitionWrite> {
    return this.step(em, p, 'extendEligibilityCheck', input, async (c) => {
      const reason = c.issues.text('reason', input.reason, NOTE_MAX);
      await c.guard('reason', reason);
      if (!c.issues.ok) return { note: reason };
      const pet = c.petition;
      const rule = ruleOf(pet);
      if (!rule.acceptanceExtended) {
        return ExtensionNotAllowed.of(`Thời hạn thụ lý đơn ${rule.label.toLowerCase()} không được kéo dài / Only a denunciation's acceptance check can be extended`, rule.acceptance.basis, 0);
      }
      if (pet.eligibilityExtended) return ExtensionNotAllowed.of('Đã kéo dài một lần, tối đa 10 ngày làm việc / Already extended to the most the law allows', rule.acceptanceExtended.basis, 0);
      if (pet.eligibilityDueAt && pet.eligibilityDueAt.getTime() < c.now.getTime()) {
        return ExtensionNotAllowed.of('Thời hạn thụ lý đã hết: quá hạn vẫn là quá hạn / The acceptance period has already passed', rule.acceptanceExtended.basis, 0);
      }
      pet.eligibilityDueAt = eligibilityDueAt(await c.calendar(), rule, pet.receivedAt, true);
      pet.eligibilityExtended = true;
      return { note: `Kéo dài thời hạn xem xét thụ lý (${rule.acceptanceExtended.amount} ngày làm việc, ${rule.acceptanceExtended.basis}): ${reason}` };
    });
  }

  /** Records an objective obstacle whose time is not counted in a complaint's time bar (Law on Complaints art. 9); replaces an earlier one. */
  recordFilingObstacle(em: EntityManager, p: Principal | undefined, input: RecordFilingObstacleInput): Promise<PetitionWrite> {
    return this.step(em, p, 'recordFilingObstacle', input, async (c) => {
      const pet = c.petition;
      // A complaint received before time bars were recorded has none to extend.
      if (!pet.timeBarStartsOn) return TransitionNotAllowed.of('recordFilingObstacle', pet.status, [], 'no time bar is recorded on this complaint');
      const obstacle = this.checkObstacle(c.issues, 'obstacle', input.obstacle);
      await c.guard('obstacle.reason', obstacle?.reason);
      if (!obstacle || !c.issues.ok) return { note: null };
      const bar = timeBar(await c.calendar(), { instance: pet.instance, remote: pet.remote, startsOn: pet.timeBarStartsOn, obstacleDays: obstacle.days });
      Object.assign(pet, { obstacleDays: obstacle.days, obstacleReason: obstacle.reason, timeBarLastDay: bar.lastDay });
      return { note: `Trở ngại khách quan ${obstacle.days} ngày, không tính vào thời hiệu (hạn cuối ${bar.lastDay}): ${obstacle.reason}` };
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
      if (ruleOf(c.petition).resolvedBy === PetitionStatus.CONCLUDED) c.petition.resolvedAt = c.now;
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
      if (ruleOf(c.petition).resolvedBy === PetitionStatus.DECIDED) c.petition.resolvedAt = c.now;
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
      const rule = ruleOf(pet);
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
    if (!s.accountId || !s.receiving.length) return NotAuthorized.of('record citizen receptions: officers of the inspectorate');
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
      return s.receiving.includes(a.id) ? a.id : false;
    }
    if (s.receiving.length === 1) return s.receiving[0];
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
      const applies = (a: PetitionAction) => a.from.includes(petition.status) && (!a.only || a.only.includes(petition.classification));
      const available = Object.values(PETITION_ACTIONS as Record<string, PetitionAction>)
        .filter((a) => applies(a) && a.actors.some((x) => actors.has(x)))
        .map((a) => a.key);
      if (!applies(action)) return TransitionNotAllowed.of(key, petition.status, available);
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
      identity ??= await tx.findOne(PetitionerIdentity, { petition });
      await this.notify(tx, petition, key, identity?.phone ?? null, await c.calendar(), now);
      await tx.flush();
      return { petitionId: petition.id };
    });
  }

  /** An obstacle's days and reason, checked into `issues`; null when invalid. */
  private checkObstacle(issues: Issues, field: string, x: FilingObstacleInput): { days: number; reason: string } | null {
    const reason = issues.text(`${field}.reason`, x.reason, NOTE_MAX);
    if (!Number.isInteger(x.days) || x.days < 1 || x.days > MAX_OBSTACLE_DAYS) issues.add(`${field}.days`, `Từ 1 đến ${MAX_OBSTACLE_DAYS} ngày / 1 to ${MAX_OBSTACLE_DAYS} days`);
    return reason && Number.isInteger(x.days) && x.days >= 1 && x.days <= MAX_OBSTACLE_DAYS ? { days: x.days, reason } : null;
  }

  /**
   * Tells the petitioner of a step by SMS to their own phone (rules/messages.ts), in the step's
   * transaction, so nothing is sent for a step rolled back. The phone is read from the protected
   * table by the system, for the person it belongs to: no officer sees it, so no access-log row.
   * Module messages are not listed by the kernel's `notifications` query (it lists dossiers'), so
   * a denouncer's number reaches no officer this way either.
   */
  private async notify(tx: EntityManager, petition: Petition, action: string, phone: string | null, cal: WorkingCalendar, now: Date): Promise<void> {
    if (!phone || petition.anonymous) return;
    const agency = await tx.findOneOrFail(Agency, petition.agency.id);
    const running = petition.closedAt ? null : petition.acceptedAt ? petition.dueAt : petition.eligibilityDueAt;
    const body = petitionMessage(action, {
      code: petition.code,
      label: ruleOf(petition).label,
      statusLabel: PETITION_STATUS_LABELS[petition.status],
      toStatus: petition.status,
      dueOn: running ? cal.localDate(running).split('-').reverse().join('/') : null,
      agencyName: agency.name,
      forwardedTo: petition.transferredToName ?? null,
      reasons: action === 'refuse' ? petition.refusalReason ?? null : null,
      decisionNumber: petition.decisionNumber ?? null,
    });
    if (!body) return;
    await queueModuleMessages(
      tx,
      [{
        moduleName: 'inspectorate',
        topic: `inspectorate.petition.${action}`,
        // One message per step: every step moves `updatedAt` strictly forward (see step()).
        dedupeKey: `inspectorate:${petition.id}:${petition.updatedAt.getTime()}:${action}`,
        channel: NotificationChannel.SMS,
        recipient: phone,
        language: NotificationLanguage.VI,
        body,
      }],
      now,
    );
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
