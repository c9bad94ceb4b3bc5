import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { agenciesWithRole, hasRole, hasRoleIn, Principal } from '../auth/principal';
import { Role } from '../auth/roles';
import { CalendarService } from '../calendar/calendar.service';
import { AgencyNotFound, DailyCodeLimitReached, NotAuthorized, ProcedureNotFound, ValidationFailed } from '../graphql/errors';
import { citizenIdProblem, emailProblem, Issues, phoneProblem, taxCodeProblem } from '../graphql/validation';
import { Clock } from '../calendar/clock';
import { NotificationChannel, NotificationLanguage } from './contact-preferences';
import { AdminUnit } from '../org/admin-unit.entity';
import { Agency, AgencyKind } from '../org/agency.entity';
import { Procedure } from '../procedures/procedure.entity';
import { ApplicantKind, OnlineKind } from '../procedures/procedure.types';
import { assignByRule } from './assignment/auto-assign';
import { applyEffects } from './effects';
import { decodeFiles, DecodedFile } from './dossier-files';
import { recordChange } from './dossier-recorder';
import { recordStep } from './step-recorder';
import { ormDossierRows } from './dossier-rows';
import { attachFiles, NOTE_MAX, WriteResult } from './dossier-write';
import { ApplicantInput, ReceiveDossierInput, SubmitDossierInput } from './dossier.inputs';
import { Channel, Dossier } from './dossier.entity';
import { DossierAccess, DossierAgencyStint } from './dossier-parts.entity';
import { inTransaction } from './transaction';
import { findState } from './workflow/workflow.engine';
import { WorkflowRules } from './workflow/workflow-rules';
import { ActionEffect, WorkflowDefinition } from './workflow/workflow.types';

const FORM_DATA_MAX = 64 * 1024;

/**
 * The last number of an agency's daily sequence. The dossier code is
 * `{agency code}-{yyMMdd}-{NNNN}` with a 4-digit sequence per agency per day from 0001
 * (Circular 01/2018/TT-VPCP, replaced by Circular 03/2025/TT-VPCP (unverified); DOMAIN §3
 * "Dossier code"). A fifth digit would break the national format and another day's date would
 * misstate the reception date, so the 10,000th reception of a day is refused as
 * `DailyCodeLimitReached` (nothing written, the number given back); the code must never
 * repeat, so numbers are never reused either. What the circular prescribes past 9999 is
 * (unverified): this is the choice that keeps every code lawful.
 */
const DAILY_CODE_LIMIT = 9999;

/** How a dossier comes in: the history entry's action, the state it starts in, and what that does. */
interface Filing {
  action: string;
  start(w: WorkflowDefinition): string;
  effects: ActionEffect[];
  /** The signed-in filer is the applicant (online), rather than an officer filing for them. */
  byApplicant: boolean;
}

/** Filed online: status 1, the clock waits for reception. */
const ONLINE: Filing = { action: 'submit', start: (w) => w.initialState, effects: [], byApplicant: true };
/** Taken at the counter or by post: received at once, the clock starts. */
const AT_COUNTER: Filing = { action: 'receive', start: (w) => w.counterState, effects: [ActionEffect.RECEIVE], byApplicant: false };

/** Prepared filing: the checked applicant, unit, files and form. */
type Prepared = Awaited<ReturnType<DossierIntake['prepare']>>;

/**
 * Filing: a citizen submits a dossier online, or a reception officer receives one at the
 * counter. Checks the applicant, the files and the module's form, numbers the dossier and
 * records its first history entry and event in one transaction.
 */
export class DossierIntake {
  constructor(
    private readonly modules: WorkflowRules,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    /** `STEP_WARNING_PERCENT`: when a step's holder is warned (see `step-recorder.ts`). */
    private readonly stepWarningPercent: number,
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
    return this.create(em, p, procedure, procedure.agency, prepared, Channel.ONLINE, ONLINE, null);
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
    return this.create(em, p, procedure, receiving, prepared, input.channel, AT_COUNTER, note);
  }

  private async prepare(em: EntityManager, p: Principal, issues: Issues, procedure: Procedure, input: SubmitDossierInput) {
    const applicant = this.checkApplicant(issues, input.applicant, procedure);
    let unit: AdminUnit | null = null;
    if (input.adminUnitCode) {
      unit = await em.findOne(AdminUnit, { code: input.adminUnitCode, validTo: null });
      if (!unit) issues.add('adminUnitCode', `Đơn vị hành chính không tồn tại hoặc đã giải thể / Unknown or dissolved unit ${input.adminUnitCode}`);
    }
    const files: DecodedFile[] = decodeFiles(issues, 'files', input.files, new Set(procedure.components.map((c) => c.code)));
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

  private async create(em: EntityManager, p: Principal, procedure: Procedure, receiving: Agency, prepared: Prepared, channel: Channel, filing: Filing, note: string | null): Promise<WriteResult> {
    const workflow = this.modules.workflow(procedure.workflowKey);
    const now = this.clock.now();
    return inTransaction(em, async (tx) => {
      const calendar = await this.calendar.calendar(tx);
      const unit = prepared.unit ?? (await tx.findOneOrFail(AdminUnit, receiving.unit.id));
      const state = filing.start(workflow);
      const day = calendar.localDate(now);
      const code = await this.nextCode(tx, receiving, day);
      // The transaction rolls back on an error result: the counter keeps its last number.
      if (!code) return DailyCodeLimitReached.of(receiving.code, day, DAILY_CODE_LIMIT);
      const d = tx.create(Dossier, {
        code,
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
        applicantAccount: filing.byApplicant && p.accountId ? tx.getReference(Account, p.accountId) : null,
        channel,
        state,
        nationalStatus: findState(workflow, state).nationalStatus,
        submittedAt: now,
        version: 1,
      });
      const rows = ormDossierRows(tx, d, this.modules);
      await applyEffects(filing.effects, 'afterHooks', { dossier: d, procedure, actionKey: filing.action, calendar, now, data: {}, assignee: null, target: null, newDueDate: null, rows });
      tx.create(DossierAgencyStint, { dossier: d, agency: procedure.agency, startedAt: now });
      tx.create(DossierAccess, { dossier: d, agency: procedure.agency, submittedAt: now });
      if (receiving.id !== procedure.agency.id) {
        tx.create(DossierAgencyStint, { dossier: d, agency: receiving, startedAt: now, endedAt: now });
        tx.create(DossierAccess, { dossier: d, agency: receiving, submittedAt: now });
      }
      await attachFiles(tx, d, prepared.files, p, () => this.clock.now());
      await recordStep(tx, d, null, { workflow, calendar, now, warningPercent: this.stepWarningPercent });
      const data = { code: d.code, channel, dueAt: d.dueAt ?? null, files: prepared.files.map((f) => f.name) };
      await recordChange(tx, d, p, { action: filing.action, effects: filing.effects, before: null, note, data, now });
      // Received at the counter: assigned at once where one of the agency's rules says so.
      if (filing.effects.includes(ActionEffect.RECEIVE)) await assignByRule(tx, this.modules, d, procedure, workflow, calendar, now, this.stepWarningPercent);
      await tx.flush();
      return { dossierId: d.id };
    });
  }

  /**
   * `{agency code}-{yyMMdd}-{NNNN}`. The upsert takes a row lock on the agency's counter for
   * the day, so concurrent receptions get consecutive numbers, and a rolled-back reception
   * gives its number back. `null` once the day's 4-digit sequence is used up.
   */
  private async nextCode(em: EntityManager, agency: Agency, localDay: string): Promise<string | null> {
    const row = await em.getConnection().execute<{ last: number }>(
      `insert into dossier_code_counter (agency_id, day, last) values (?, ?, 1)
       on conflict (agency_id, day) do update set last = dossier_code_counter.last + 1 returning last`,
      [agency.id, localDay],
      'get',
      em.getTransactionContext(),
    );
    if (row.last > DAILY_CODE_LIMIT) return null;
    return `${agency.code}-${localDay.slice(2).replaceAll('-', '')}-${String(row.last).padStart(4, '0')}`;
  }
}
