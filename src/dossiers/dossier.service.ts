import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { agenciesWithRole, hasRole, hasRoleIn, officerAgencies, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { CalendarService } from '../calendar/calendar.service';
import { DurationUnit } from '../calendar/duration';
import { WorkingCalendar } from '../calendar/working-calendar';
import { OutboxEvent } from '../events/outbox-event.entity';
import {
  AgencyNotFound,
  Busy,
  DossierNotFound,
  ErrorResult,
  ServiceUnavailable,
  NotAuthorized,
  ProcedureNotFound,
  TransitionNotAllowed,
  ValidationFailed,
  VersionConflict,
} from '../graphql/errors';
import { citizenIdProblem, emailProblem, Issues, phoneProblem, taxCodeProblem } from '../graphql/validation';
import { Clock } from '../kernel/clock';
import { NotificationChannel, NotificationLanguage } from './contact-preferences';
import { ModuleSet } from '../kernel/registry';
import { FormIssue, HookDossier, VerifiedPayment } from '../kernel/module-contract';
import { AdminUnit } from '../org/admin-unit.entity';
import { Agency, AgencyKind } from '../org/agency.entity';
import { Procedure } from '../procedures/procedure.entity';
import { ApplicantKind, OnlineKind } from '../procedures/procedure.types';
import { decodeFiles, DecodedFile, storeFiles } from './dossier-files';
import { applicantKey } from './dossier-access';
import { DossierHistory } from './dossier-history.entity';
import { ApplicantInput, EvaluateDossierInput, PerformDossierActionInput, ReceiveDossierInput, SubmitDossierInput } from './dossier.inputs';
import { Channel, Dossier } from './dossier.entity';
import { DossierAccess, DossierAgencyStint, DossierEvaluation, DossierFile, DossierPause } from './dossier-parts.entity';
import { availableActions, denial, findAction, findState, isApplicant, wrongHolder } from './workflow/workflow.engine';
import { ActionEffect, ActionInput } from './workflow/workflow.types';
import { payablesOf } from '../payments/payables';
import { isContention } from '../db/pool-guard';
import { KeyedQueue } from '../db/keyed-queue';

/** Success is a plain `{ dossierId }`; every failure is an {@link ErrorResult} instance. */
export type WriteResult = { dossierId: string } | ErrorResult;

const NOTE_MAX = 2000;
const FORM_DATA_MAX = 64 * 1024;

/**
 * The write side of dossiers: every state change is one transaction that locks the dossier,
 * checks the version the caller saw, applies the workflow action, and writes the new state,
 * its history row and its outbox event together (ARCHITECTURE rule 4).
 */
export class DossierService {
  /** Writes to one dossier wait for their turn here, not holding a pool connection (see `KeyedQueue`). */
  readonly writeQueue = new KeyedQueue();

  constructor(
    private readonly modules: ModuleSet,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  /** A citizen files a dossier online (status 1, the clock does not run until reception). */
  async submit(em: EntityManager, p: Principal | undefined, input: SubmitDossierInput): Promise<WriteResult> {
    if (!p || !p.roles.some((g) => g.role === Role.CITIZEN)) return NotAuthorized.of('only citizens and organisations file dossiers online');
    const procedure = await em.findOne(Procedure, { code: input.procedureCode, active: true }, { populate: ['agency'] });
    if (!procedure || !this.modules.names.includes(procedure.moduleName)) return ProcedureNotFound.of(input.procedureCode);
    const issues = new Issues();
    if (procedure.onlineKind === OnlineKind.NONE) issues.add('procedureCode', 'Thủ tục không cung cấp dịch vụ trực tuyến / This procedure cannot be filed online');
    const prepared = await this.prepare(em, p, issues, procedure, input);
    // Online, every required component must come as a file; at the counter the officer checks paper.
    const given = new Set(prepared.files.map((f) => f.componentCode));
    for (const c of procedure.components) {
      if (c.required && !given.has(c.code)) issues.add('files', `Thiếu thành phần hồ sơ bắt buộc / Missing required component ${c.code}: ${c.name}`);
    }
    if (!issues.ok) return ValidationFailed.of(issues.list);
    return this.create(em, p, procedure, procedure.agency, prepared, Channel.ONLINE, 'submit', null);
  }

  /** A reception officer takes a dossier at the counter or by post: received at once, the clock starts. */
  async receive(em: EntityManager, p: Principal | undefined, input: ReceiveDossierInput): Promise<WriteResult> {
    if (!p || !agenciesWithRole(p, [Role.RECEPTION_OFFICER]).length) return NotAuthorized.of('only reception officers receive dossiers');
    const procedure = await em.findOne(Procedure, { code: input.procedureCode, active: true }, { populate: ['agency'] });
    if (!procedure || !this.modules.names.includes(procedure.moduleName)) return ProcedureNotFound.of(input.procedureCode);
    const issues = new Issues();
    if (input.channel === Channel.ONLINE) issues.add('channel', 'Hồ sơ trực tuyến do công dân nộp / Online dossiers are submitted by the applicant');
    const receiving = input.receivingAgencyCode ? await em.findOne(Agency, { code: input.receivingAgencyCode }) : procedure.agency;
    if (!receiving) return AgencyNotFound.of(input.receivingAgencyCode!);
    if (!hasRoleIn(p, Role.RECEPTION_OFFICER, receiving.id)) return NotAuthorized.of(`not a reception officer of ${receiving.code}`);
    if (!(await this.mayReceiveFor(em, receiving, procedure.agency))) {
      issues.add('receivingAgencyCode', `${receiving.code} không tiếp nhận thủ tục của ${procedure.agency.code} / This agency does not receive this procedure`);
    }
    const note = issues.text('note', input.note, NOTE_MAX, false);
    const prepared = await this.prepare(em, p, issues, procedure, input);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    return this.create(em, p, procedure, receiving, prepared, input.channel, 'receive', note);
  }

  async perform(em: EntityManager, p: Principal | undefined, input: PerformDossierActionInput): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
    const note = issues.text('note', input.note, NOTE_MAX, false);
    if (input.assigneeId) issues.uuid('assigneeId', input.assigneeId);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, (tx) => this.apply(tx, p, input, note)), () => Busy.of(), p.subject);
  }

  /**
   * The platform performs a workflow action marked `platform` after a verified external event
   * (a signed payment callback), inside the caller's transaction. An error result means nothing
   * of the action was applied; the caller decides whether to roll back its own writes.
   */
  async performAsPlatform(tx: EntityManager, p: Principal, input: { dossierId: string; action: string; note: string; payment?: VerifiedPayment }): Promise<WriteResult> {
    if (!p.platform) throw new Error('performAsPlatform needs a platform principal');
    // The callback acts on the dossier as it is now: lock it, take its current version.
    const d = await tx.findOneOrFail(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    return this.apply(tx, p, { dossierId: input.dossierId, action: input.action, expectedVersion: d.version }, input.note, input.payment);
  }

  /**
   * For a module mutation that changes the module's own data about a dossier without a workflow
   * step (tax assesses obligations): one transaction that locks the dossier, checks that the
   * caller sees it, the version, the caller's role in the holding agency (and, when given, that
   * the holding agency is one of `holdingAgencyCodes`), runs `work`, then
   * bumps the version and writes the history entry and the outbox event. Issues from `work`
   * roll everything back and come back as `ValidationFailed`.
   */
  async updateDossier(
    em: EntityManager,
    p: Principal | undefined,
    input: { dossierId: string; expectedVersion: number; action: string; holdingRoles: Role[]; holdingAgencyCodes?: string[] },
    work: (tx: EntityManager, dossier: HookDossier) => Promise<{ issues?: FormIssue[]; note?: string | null; data?: Record<string, unknown> } | ErrorResult>,
  ): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 1) issues.add('expectedVersion', 'Phải là số nguyên dương / Must be a positive integer');
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, async (tx) => {
      const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!d || !(await this.canSee(tx, p, d))) return DossierNotFound.of(input.dossierId);
      if (d.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, d.version);
      if (!input.holdingRoles.some((r) => hasRoleIn(p, r, d.holdingAgency.id))) {
        return NotAuthorized.of(`${input.action}: requires one of ${input.holdingRoles.join(', ')} in the agency holding the dossier`);
      }
      const procedure = await tx.findOneOrFail(Procedure, d.procedure.id, { populate: ['agency'] });
      const dossier = await this.hookDossier(tx, d, procedure);
      if (input.holdingAgencyCodes && !input.holdingAgencyCodes.includes(dossier.holdingAgencyCode)) {
        return NotAuthorized.of(`${input.action}: only while ${input.holdingAgencyCodes.join(' or ')} holds the dossier`);
      }
      const outcome = await work(tx, dossier);
      if (outcome instanceof ErrorResult) return outcome;
      if (outcome.issues?.length) return ValidationFailed.of(outcome.issues);
      const now = this.clock.now();
      d.updatedAt = now;
      tx.persist(d);
      await this.record(tx, d, p, input.action, { state: d.state, nationalStatus: d.nationalStatus, holdingAgencyId: d.holdingAgency.id }, outcome.note ?? null, outcome.data ?? {}, now);
      await tx.flush();
      return { dossierId: d.id };
    }), () => Busy.of(), p.subject);
  }

  private async apply(tx: EntityManager, p: Principal, input: PerformDossierActionInput, note: string | null, payment?: VerifiedPayment): Promise<WriteResult> {
    const issues = new Issues();
    const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!d || !(p.platform || (await this.canSee(tx, p, d)))) return DossierNotFound.of(input.dossierId);
    const procedure = await tx.findOneOrFail(Procedure, d.procedure.id, { populate: ['agency'] });
    const workflow = this.modules.workflow(procedure.workflowKey);
    const action = findAction(workflow, input.action);
    if (!action) {
      issues.add('action', `Thao tác không tồn tại / Unknown action "${input.action}"`);
      return ValidationFailed.of(issues.list);
    }
    if (d.version !== input.expectedVersion) return VersionConflict.of(input.expectedVersion, d.version);
    const facts = this.facts(d, procedure);
    const allowed = () => availableActions(workflow, facts, p).map((a) => a.key);
    if (!action.from.includes(d.state)) return TransitionNotAllowed.of(action.key, d.state, allowed());
    const where = wrongHolder(action, facts);
    if (where) return TransitionNotAllowed.of(action.key, d.state, allowed(), where);
    const why = denial(action, facts, p);
    if (why) return NotAuthorized.of(`${action.key}: ${why}`);

    if (action.inputs.includes(ActionInput.NOTE) && !note) issues.add('note', 'Cần ghi rõ lý do / A note is required for this action');
    const now = this.clock.now();
    let assignee: Account | null = null;
    if (action.inputs.includes(ActionInput.ASSIGNEE)) {
      if (!input.assigneeId) issues.add('assigneeId', 'Cần chọn chuyên viên thụ lý / An assignee is required');
      else {
        assignee = await tx.findOne(Account, { id: input.assigneeId, active: true, roles: { role: Role.SPECIALIST, agency: d.holdingAgency.id } });
        if (!assignee) issues.add('assigneeId', 'Không phải chuyên viên của cơ quan đang giữ hồ sơ / Not a specialist of the holding agency');
      }
    }
    let target: Agency | null = null;
    if (action.inputs.includes(ActionInput.TARGET_AGENCY)) {
      if (!input.targetAgencyCode) issues.add('targetAgencyCode', 'Cần chọn cơ quan nhận / A target agency is required');
      else {
        target = await tx.findOne(Agency, { code: input.targetAgencyCode, validTo: null });
        if (!target) return AgencyNotFound.of(input.targetAgencyCode);
      }
    } else if (action.transferTo) {
      if ('capability' in action.transferTo) {
        const provider = this.modules.capabilities.get(action.transferTo.capability);
        if (!provider) return ServiceUnavailable.of(action.transferTo.capability, `Cơ quan thực hiện bước "${action.label}"`);
        target = await tx.findOne(Agency, { code: provider.agencyCode, validTo: null });
        if (!target) return AgencyNotFound.of(provider.agencyCode);
      } else target = procedure.agency;
    }
    if (target && target.id === d.holdingAgency.id) issues.add('targetAgencyCode', 'Hồ sơ đang ở cơ quan này / The dossier is already there');
    if (action.inputs.includes(ActionInput.NEW_DUE_DATE)) {
      if (!input.newDueDate || Number.isNaN(input.newDueDate.getTime())) issues.add('newDueDate', 'Cần ngày hẹn mới / A new appointment date is required');
      else if (input.newDueDate <= now || (d.dueAt && input.newDueDate <= d.dueAt)) {
        issues.add('newDueDate', 'Ngày hẹn mới phải sau ngày hẹn cũ và sau hiện tại / Must be after the current due date and now');
      } else if (action.maxShiftDays && d.dueAt && input.newDueDate.getTime() - d.dueAt.getTime() > action.maxShiftDays * 86_400_000) {
        issues.add('newDueDate', `Không được lùi quá ${action.maxShiftDays} ngày / At most ${action.maxShiftDays} days later than the current due date`);
      }
    }
    if (action.maxTimes && (await tx.count(DossierHistory, { dossier: d, action: action.key })) >= action.maxTimes) {
      return TransitionNotAllowed.of(action.key, d.state, allowed(), `already done ${action.maxTimes} time(s), the most allowed`);
    }
    const files = decodeFiles(issues, 'files', input.files, new Set(procedure.components.map((c) => c.code)));
    if (!issues.ok) return ValidationFailed.of(issues.list);

    const data: Record<string, unknown> = {};
    // What a payment settles, read before the hooks mark their items paid: the verified order
    // online, or at the counter everything payable now (the officer confirms it was all paid).
    if (action.key === 'pay') {
      const items = payment ? payment.items : (await payablesOf(tx, this.modules, d.id)).map(({ module, ref, amountVnd }) => ({ module, ref, amountVnd }));
      data.payment = payment
        ? { channel: 'ONLINE', txnRef: payment.txnRef, gatewayTransactionNo: payment.gatewayTransactionNo, amountVnd: payment.amountVnd, items }
        : { channel: 'COUNTER', amountVnd: items.reduce((s, i) => s + i.amountVnd, 0), items };
    }
    // The modules concerned check their own preconditions and write their own data, in this transaction.
    const hooks = this.modules.hooksFor(action.key, procedure.code, (await tx.findOneOrFail(Agency, d.holdingAgency.id)).code);
    if (hooks.length) {
      const hookDossier = await this.hookDossier(tx, d, procedure);
      const actingAgency = p.roles.find((g) => g.agencyId === d.holdingAgency.id)?.agencyCode ?? null;
      for (const hook of hooks) {
        const out = await hook.run({
          em: tx,
          dossier: hookDossier,
          action: action.key,
          actor: { accountId: p.accountId ?? null, name: p.fullName || p.subject, agencyCode: actingAgency, platform: !!p.platform },
          targetAgencyCode: target?.code ?? null,
          note,
          now,
          payment,
        });
        if (out?.issues?.length) return ValidationFailed.of(out.issues);
        Object.assign(data, out?.data);
      }
    }

    const before: Before = { state: d.state, nationalStatus: d.nationalStatus, holdingAgencyId: d.holdingAgency.id };
    const calendar = await this.calendar.calendar(tx);
    for (const effect of action.effects) {
      switch (effect) {
        case ActionEffect.START_CLOCK:
          this.startClock(d, procedure, calendar, now);
          data.dueAt = d.dueAt;
          break;
        case ActionEffect.PAUSE_CLOCK:
          d.pausedAt = now;
          tx.create(DossierPause, { dossier: d, reason: action.key, startedAt: now });
          break;
        case ActionEffect.RESUME_CLOCK:
          await this.resumeClock(tx, d, procedure, calendar, now);
          data.dueAt = d.dueAt;
          break;
        case ActionEffect.FINISH: {
          d.finishedAt = now;
          // Processing time for statistics: working time from reception to result, less the pauses (the applicant's time).
          const pauses = await tx.find(DossierPause, { dossier: d, endedAt: { $ne: null } });
          const paused = pauses.reduce((m, p) => m + calendar.workingMinutesBetween(p.startedAt, p.endedAt!), 0);
          if (d.receivedAt) data.processingWorkingMinutes = Math.max(0, calendar.workingMinutesBetween(d.receivedAt, now) - paused);
          break;
        }
        case ActionEffect.RETURN_RESULT:
          d.returnedAt = now;
          break;
        case ActionEffect.CLOSE:
          if (d.pausedAt) await this.endPause(tx, d, now);
          d.closedAt = now;
          break;
        case ActionEffect.ASSIGN:
          d.assignee = assignee;
          data.assigneeId = assignee!.id;
          data.assigneeName = assignee!.fullName;
          break;
        case ActionEffect.CLEAR_ASSIGNEE:
          d.assignee = null;
          break;
        case ActionEffect.TRANSFER: {
          const open = await tx.findOne(DossierAgencyStint, { dossier: d, endedAt: null });
          if (open) open.endedAt = now;
          data.fromAgencyCode = (await tx.findOneOrFail(Agency, d.holdingAgency.id)).code;
          d.holdingAgency = target!;
          tx.create(DossierAgencyStint, { dossier: d, agency: target!, startedAt: now });
          await this.grantAccess(tx, d, target!);
          data.toAgencyCode = target!.code;
          break;
        }
        case ActionEffect.RESCHEDULE:
          data.previousDueAt = d.dueAt;
          data.lateWhenApologised = !!d.dueAt && d.dueAt < now;
          d.dueAt = input.newDueDate!;
          data.dueAt = d.dueAt;
          break;
        case ActionEffect.EXTEND:
          data.previousDueAt = d.dueAt;
          d.dueAt = input.newDueDate!;
          d.originalDueAt = input.newDueDate!;
          data.dueAt = d.dueAt;
          break;
      }
    }
    if (action.to) {
      d.state = action.to;
      d.nationalStatus = findState(workflow, action.to).nationalStatus;
    }
    await this.attach(tx, d, files, p);
    if (files.length) data.files = files.map((f) => f.name);
    await this.record(tx, d, p, action.key, before, note, data, now);
    await tx.flush();
    return { dossierId: d.id };
  }

  async evaluate(em: EntityManager, p: Principal | undefined, input: EvaluateDossierInput): Promise<WriteResult> {
    const issues = new Issues();
    if (!issues.uuid('dossierId', input.dossierId)) return DossierNotFound.of(input.dossierId);
    const comment = issues.text('comment', input.comment, NOTE_MAX, false);
    if (!issues.ok) return ValidationFailed.of(issues.list);
    if (!p) return NotAuthorized.of('sign in first');
    return this.writeQueue.run(input.dossierId, () => inTransaction(em, async (tx) => {
      const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!d || !(await this.canSee(tx, p, d))) return DossierNotFound.of(input.dossierId);
      if (!isApplicant(p, applicantOf(d))) return NotAuthorized.of('only the applicant rates the service');
      if (!d.finishedAt) return TransitionNotAllowed.of('evaluate', d.state, [], 'the result is not ready yet');
      if (await tx.count(DossierEvaluation, { dossier: d })) return TransitionNotAllowed.of('evaluate', d.state, [], 'already rated');
      const now = this.clock.now();
      tx.create(DossierEvaluation, { dossier: d, level: input.level, comment, createdAt: now });
      // The rating is a change of the dossier too: bump its version and keep it in the history.
      d.updatedAt = now;
      tx.persist(d);
      await this.record(tx, d, p, 'evaluate', { state: d.state, nationalStatus: d.nationalStatus, holdingAgencyId: d.holdingAgency.id }, comment, { level: input.level }, now);
      await tx.flush();
      return { dossierId: d.id };
    }), () => Busy.of(), p.subject);
  }

  /** Whether the principal may read the dossier (same rule as the list path's SQL). */
  async canSee(em: EntityManager, p: Principal, d: Dossier): Promise<boolean> {
    if (isApplicant(p, applicantOf(d))) return true;
    if (p.roles.some((g) => g.role === Role.ANALYST || g.role === Role.SYSTEM_ADMIN)) return true;
    const agencies = officerAgencies(p);
    if (!agencies.length) return false;
    return (await em.count(DossierAccess, { dossier: d.id, agency: { $in: agencies } })) > 0;
  }

  private facts(d: Dossier, procedure: Procedure) {
    return {
      ...applicantOf(d),
      procedureAgencyId: procedure.agency.id,
      state: d.state,
      holdingAgencyId: d.holdingAgency.id,
      receivingAgencyId: d.receivingAgency.id,
      assigneeId: d.assignee?.id ?? null,
    };
  }


  /** The dossier as module hooks and `updateDossier` work see it. */
  private async hookDossier(em: EntityManager, d: Dossier, procedure: Procedure): Promise<HookDossier> {
    const holding = await em.findOneOrFail(Agency, d.holdingAgency.id);
    return {
      id: d.id,
      code: d.code,
      procedureCode: procedure.code,
      state: d.state,
      nationalStatus: d.nationalStatus,
      holdingAgencyCode: holding.code,
      procedureAgencyCode: procedure.agency.code,
      applicantKind: d.applicantKind,
      applicantName: d.applicantName,
      applicantIdNumber: d.applicantIdNumber,
      formData: d.formData ?? null,
    };
  }

  private async prepare(em: EntityManager, p: Principal, issues: Issues, procedure: Procedure, input: SubmitDossierInput) {
    const applicant = this.checkApplicant(issues, input.applicant, procedure);
    let unit: AdminUnit | null = null;
    if (input.adminUnitCode) {
      unit = await em.findOne(AdminUnit, { code: input.adminUnitCode, validTo: null });
      if (!unit) issues.add('adminUnitCode', `Đơn vị hành chính không tồn tại hoặc đã giải thể / Unknown or dissolved unit ${input.adminUnitCode}`);
    }
    const files = decodeFiles(issues, 'files', input.files, new Set(procedure.components.map((c) => c.code)));
    const formData = input.formData ?? null;
    if (formData && JSON.stringify(formData).length > FORM_DATA_MAX) issues.add('formData', `Tờ khai quá lớn / Form data larger than ${FORM_DATA_MAX / 1024} kB`);
    else {
      // The module owning the procedure checks its form (against its own register, e.g. parcels that exist).
      const validator = this.modules.formValidators.get(procedure.code);
      const channel = 'channel' in input ? String(input.channel) : Channel.ONLINE;
      const verifiedIdNumber = channel !== Channel.ONLINE ? applicant.idNumber : hasRole(p, Role.CITIZEN) && p.identityNumber ? p.identityNumber : null;
      const problems = validator ? await validator(formData ?? {}, { em, procedureCode: procedure.code, applicant, now: this.clock.now(), channel, principal: p, verifiedIdNumber }) : [];
      for (const f of problems) issues.add(`formData.${f.field}`, f.message);
    }
    return { applicant, unit, files, formData };
  }

  private checkApplicant(issues: Issues, a: ApplicantInput, procedure: Procedure) {
    const name = issues.text('applicant.name', a.name, 200);
    const idNumber = a.idNumber?.trim() ?? '';
    const problem = a.kind === ApplicantKind.PERSON ? citizenIdProblem(idNumber) : taxCodeProblem(idNumber);
    if (problem) issues.add('applicant.idNumber', problem);
    if (!procedure.applicantKinds.includes(a.kind)) issues.add('applicant.kind', `Thủ tục không áp dụng cho ${a.kind} / Not available to this kind of applicant`);
    const email = issues.text('applicant.email', a.email, 254, false);
    if (email && emailProblem(email)) issues.add('applicant.email', emailProblem(email)!);
    const phone = issues.text('applicant.phone', a.phone, 20, false);
    if (phone && phoneProblem(phone)) issues.add('applicant.phone', phoneProblem(phone)!);
    const address = issues.text('applicant.address', a.address, 500, false);
    const notifyBy = a.notifyBy ?? [...(email ? [NotificationChannel.EMAIL] : []), ...(phone ? [NotificationChannel.SMS] : [])];
    if (notifyBy.includes(NotificationChannel.EMAIL) && !email) issues.add('applicant.notifyBy', 'Cần địa chỉ e-mail để nhận thông báo qua e-mail / An e-mail address is needed for e-mail notifications');
    if (notifyBy.includes(NotificationChannel.SMS) && !phone) issues.add('applicant.notifyBy', 'Cần số điện thoại để nhận tin nhắn SMS / A phone number is needed for SMS notifications');
    return { kind: a.kind, name: name ?? '', idNumber, email, phone, address, notifyBy: [...new Set(notifyBy)], language: a.language ?? NotificationLanguage.VI };
  }

  /** A department receives for its own units; a service centre receives for every agency. */
  private async mayReceiveFor(em: EntityManager, receiving: Agency, competent: Agency): Promise<boolean> {
    if (receiving.id === competent.id || receiving.kind === AgencyKind.SERVICE_CENTER) return true;
    let parent = competent.parent ? await em.findOne(Agency, competent.parent.id) : null;
    while (parent) {
      if (parent.id === receiving.id) return true;
      parent = parent.parent ? await em.findOne(Agency, parent.parent.id) : null;
    }
    return false;
  }

  private async create(
    em: EntityManager,
    p: Principal,
    procedure: Procedure,
    receiving: Agency,
    prepared: Awaited<ReturnType<DossierService['prepare']>>,
    channel: Channel,
    action: 'submit' | 'receive',
    note: string | null,
  ): Promise<WriteResult> {
    const workflow = this.modules.workflow(procedure.workflowKey);
    const now = this.clock.now();
    return inTransaction(em, async (tx) => {
      const calendar = await this.calendar.calendar(tx);
      const unit = prepared.unit ?? (await tx.findOneOrFail(AdminUnit, receiving.unit.id));
      const state = action === 'submit' ? workflow.initialState : workflow.counterState;
      const d = tx.create(Dossier, {
        code: await this.nextCode(tx, receiving, calendar.localDate(now)),
        procedure,
        receivingAgency: receiving,
        holdingAgency: procedure.agency,
        adminUnit: unit,
        applicantKind: prepared.applicant.kind,
        applicantName: prepared.applicant.name,
        applicantIdNumber: prepared.applicant.idNumber,
        applicantEmail: prepared.applicant.email,
        applicantPhone: prepared.applicant.phone,
        applicantAddress: prepared.applicant.address,
        notificationChannels: prepared.applicant.notifyBy,
        notificationLanguage: prepared.applicant.language,
        formData: prepared.formData,
        applicantAccount: action === 'submit' && p.accountId ? tx.getReference(Account, p.accountId) : null,
        channel,
        state,
        nationalStatus: findState(workflow, state).nationalStatus,
        submittedAt: now,
        version: 1,
      });
      if (action === 'receive') this.startClock(d, procedure, calendar, now);
      tx.create(DossierAgencyStint, { dossier: d, agency: procedure.agency, startedAt: now });
      tx.create(DossierAccess, { dossier: d, agency: procedure.agency, submittedAt: now });
      if (receiving.id !== procedure.agency.id) {
        tx.create(DossierAgencyStint, { dossier: d, agency: receiving, startedAt: now, endedAt: now });
        tx.create(DossierAccess, { dossier: d, agency: receiving, submittedAt: now });
      }
      await this.attach(tx, d, prepared.files, p);
      await this.record(tx, d, p, action, null, note, { code: d.code, channel, dueAt: d.dueAt ?? null, files: prepared.files.map((f) => f.name) }, now);
      await tx.flush();
      return { dossierId: d.id };
    });
  }

  /** An agency that holds a dossier may see it from then on (a transfer back is not a second grant). */
  private async grantAccess(em: EntityManager, d: Dossier, agency: Agency): Promise<void> {
    if (!(await em.count(DossierAccess, { dossier: d, agency }))) em.create(DossierAccess, { dossier: d, agency, submittedAt: d.submittedAt });
  }

  private startClock(d: Dossier, procedure: Procedure, calendar: WorkingCalendar, now: Date): void {
    d.receivedAt = now;
    d.dueAt = calendar.dueDate(now, { amount: procedure.processingAmount, unit: procedure.processingUnit });
    d.originalDueAt = d.dueAt;
  }

  private async resumeClock(em: EntityManager, d: Dossier, procedure: Procedure, calendar: WorkingCalendar, now: Date): Promise<void> {
    if (!d.pausedAt) return;
    const unit = procedure.processingUnit === DurationUnit.CALENDAR_DAYS ? DurationUnit.CALENDAR_DAYS : DurationUnit.WORKING_HOURS;
    if (d.dueAt) d.dueAt = calendar.extendForPause(d.dueAt, d.pausedAt, now, unit);
    // A pause is the applicant's time, not the agency's: it moves the original due date too.
    if (d.originalDueAt) d.originalDueAt = calendar.extendForPause(d.originalDueAt, d.pausedAt, now, unit);
    await this.endPause(em, d, now);
  }

  private async endPause(em: EntityManager, d: Dossier, now: Date): Promise<void> {
    const pause = await em.findOne(DossierPause, { dossier: d, endedAt: null });
    if (pause) pause.endedAt = now;
    d.pausedAt = null;
  }

  /**
   * `{agency code}-{yyMMdd}-{NNNN}`. The upsert takes a row lock on the agency's counter for
   * the day, so concurrent receptions get consecutive numbers, and a rolled-back reception
   * gives its number back.
   */
  private async nextCode(em: EntityManager, agency: Agency, localDay: string): Promise<string> {
    const row = await em.getConnection().execute<{ last: number }>(
      `insert into dossier_code_counter (agency_id, day, last) values (?, ?, 1)
       on conflict (agency_id, day) do update set last = dossier_code_counter.last + 1 returning last`,
      [agency.id, localDay],
      'get',
      em.getTransactionContext(),
    );
    return `${agency.code}-${localDay.slice(2).replaceAll('-', '')}-${String(row.last).padStart(4, '0')}`;
  }

  private async attach(em: EntityManager, d: Dossier, files: DecodedFile[], p: Principal): Promise<void> {
    if (!files.length) return;
    const stored = await storeFiles(em, files);
    for (const f of files) {
      em.create(DossierFile, {
        dossier: d,
        file: stored.get(f.sha256)!,
        name: f.name,
        componentCode: f.componentCode,
        uploadedBy: p.accountId ? em.getReference(Account, p.accountId) : null,
        uploadedAt: this.clock.now(),
      });
    }
  }

  private async record(em: EntityManager, d: Dossier, p: Principal, action: string, before: Before | null, note: string | null, data: Record<string, unknown>, now: Date): Promise<void> {
    const fromState = before?.state ?? null;
    const agencyId = p.roles.find((g) => g.agencyId === d.holdingAgency.id || g.agencyId === d.receivingAgency.id)?.agencyId;
    em.create(DossierHistory, {
      dossier: d,
      at: now,
      actor: p.accountId ? em.getReference(Account, p.accountId) : null,
      actorName: p.fullName || p.subject,
      agency: agencyId ? em.getReference(Agency, agencyId) : null,
      action,
      fromState,
      toState: d.state,
      note,
      data,
    });
    // Every agency that may see the dossier (those that held it; this change's grant is not flushed yet).
    const access = new Set(
      (await em.getConnection().execute<{ agency_id: string }[]>('select agency_id from dossier_access where dossier_id = ?', [d.id], 'all', em.getTransactionContext())).map((r) => r.agency_id),
    );
    access.add(d.holdingAgency.id).add(d.receivingAgency.id);
    // Subscribers filter on these fields before they re-read the dossier with their own rights,
    // and notifications are planned from them. No personal data: the applicant's identity
    // number only as a short hash that narrows a citizen's events without identifying anyone.
    em.create(OutboxEvent, {
      aggregateType: 'Dossier',
      aggregateId: d.id,
      type: fromState === d.state && action !== 'submit' && action !== 'receive' ? 'DossierUpdated' : 'DossierStatusChanged',
      payload: {
        dossierId: d.id,
        code: d.code,
        action,
        fromState,
        toState: d.state,
        fromNationalStatus: before?.nationalStatus ?? null,
        nationalStatus: d.nationalStatus,
        receivingAgencyId: d.receivingAgency.id,
        holdingAgencyId: d.holdingAgency.id,
        previousHoldingAgencyId: before && before.holdingAgencyId !== d.holdingAgency.id ? before.holdingAgencyId : null,
        procedureId: d.procedure.id,
        applicantAccountId: d.applicantAccount?.id ?? null,
        applicantKey: applicantKey(d.applicantIdNumber),
        accessAgencyIds: [...access],
        dueAt: d.dueAt ?? null,
        note,
        at: now,
        // For the statistics rollups (src/statistics): what the counters classify by.
        channel: d.channel,
        adminUnitId: d.adminUnit.id,
        originalDueAt: d.originalDueAt ?? null,
        finishedAt: d.finishedAt ?? null,
        evaluationLevel: action === 'evaluate' ? data.level : null,
        processingWorkingMinutes: data.processingWorkingMinutes ?? null,
        paymentAmountVnd: (data.payment as { amountVnd?: number } | undefined)?.amountVnd ?? null,
        paymentChannel: (data.payment as { channel?: string } | undefined)?.channel ?? null,
      },
      createdAt: now,
    });
  }
}

/** What a dossier was before a change, for the history and the event. */
interface Before {
  state: string;
  nationalStatus: number;
  holdingAgencyId: string;
}

/** Who filed the dossier, as `isApplicant` needs it. */
export function applicantOf(d: Dossier): { applicantAccountId: string | null; applicantIdNumber: string } {
  return { applicantAccountId: d.applicantAccount?.id ?? null, applicantIdNumber: d.applicantIdNumber };
}

/** Carries an error result out of `em.transactional` so that everything written before it rolls back. */
class Rollback extends Error {
  constructor(readonly result: ErrorResult) {
    super(result.code);
  }
}

/**
 * Runs `work` in a transaction. An error result rolls back whatever was written before it
 * (a module hook's rows, a half-applied action): an expected failure leaves nothing behind.
 * A row-lock wait past `lock_timeout`, a serialization failure or a deadlock rolls back too and
 * comes back as `Busy` (the caller may retry); inside an outer transaction (a savepoint) it is
 * rethrown, so that the outer work is not committed half done (an IPN's payment without its
 * dossier step): the outermost `inTransaction` answers `Busy` for all of it.
 */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T | ErrorResult>): Promise<T | ErrorResult> {
  const outer = em.isInTransaction();
  try {
    return await em.transactional(async (tx) => {
      const r = await work(tx);
      if (r instanceof ErrorResult) throw new Rollback(r);
      return r;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    if (!outer && isContention(e)) return Busy.of();
    throw e;
  }
}
