import type { EntityManager } from '@mikro-orm/postgresql';
import { platformPrincipal } from '../auth/principal';
import { Role } from '../auth/roles';
import type { Logger } from '../logging/logger';
import { recordChange, stateOf, StaffNotice } from './dossier-recorder';
import { Dossier } from './dossier.entity';
import { escalationRoles, holderRoles, stepAtRiskSql, stepLateSql } from './step-budget';
import { findState } from './workflow/workflow.engine';
import type { WorkflowDefinition, WorkflowStateDefinition } from './workflow/workflow.types';

/** Steps handled per run; the rest wait for the next run (a minute later). */
const BATCH = 200;

/** Names of the history entries (and of the outbox events' `action`) this job writes. */
const STEP_WARNING_ACTION = 'stepWarning';
const STEP_ESCALATION_ACTION = 'stepEscalation';

/** The system as the actor of the history entries this job writes. */
const SYSTEM = platformPrincipal('step-deadlines', 'Hệ thống (theo dõi thời hạn bước xử lý)');

interface DueStep {
  id: string;
  dossier_id: string;
  state: string;
  agency_id: string;
  assignee_id: string | null;
  budget_minutes: number;
  deadline_at: string;
  late: boolean;
}

/** dd/MM/yyyy HH:mm in Vietnam's time. */
function local(t: Date): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(t).map((x) => [x.type, x.value]));
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

const hours = (minutes: number) => `${Math.round((minutes / 60) * 100) / 100} giờ làm việc`;

/**
 * Per-step deadlines with escalation (issue 19): every minute, each open step past its warning
 * time warns its holder once, and each step past its deadline is escalated once to the holding
 * agency's leaders (or the roles its state names). The deadlines were set in working time when
 * the step opened (`step-recorder.ts`); a dossier whose clock is paused is skipped (its clock
 * stands at the start of the pause: `stepLateSql`). Each warning or escalation is claimed by a
 * conditional update of the step (so none is sent twice, whatever instance or rerun), and written
 * with a history entry by the system and an outbox event in the job's transaction; the
 * notification planner e-mails the officers it names. A job in the shape the job runner takes
 * (`ModuleJob`), declared without importing the module system above. A step the workflows no
 * longer know (its module removed from `MODULES`, its state renamed) is skipped with a warning
 * and marked warned and escalated, so that it is not claimed again and the other steps of the
 * batch are still warned.
 */
export function stepDeadlineJob(modules: { workflow(key: string): WorkflowDefinition }, logger: Logger) {
  return {
    name: 'dossiers.step-deadlines',
    everyMs: 60_000,
    async run(tx: EntityManager, now: Date): Promise<void> {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      // Claim the batch: one statement marks each step warned or escalated, only if it still is not.
      const due = await conn.execute<DueStep[]>(
        `with p as (select ?::timestamptz as now),
         due as (
           select s.id, ${stepLateSql('s', 'd', 'p.now')} as late from p, dossier_step s join dossier d on d.id = s.dossier_id
           where s.ended_at is null and s.escalated_at is null and s.budget_minutes is not null and s.warn_at <= p.now and d.paused_at is null
             and (${stepLateSql('s', 'd', 'p.now')} or (s.warned_at is null and ${stepAtRiskSql('s', 'd', 'p.now')}))
           order by s.warn_at limit ${BATCH} for update of s skip locked)
         update dossier_step s set escalated_at = case when due.late then p.now else s.escalated_at end,
           warned_at = case when due.late then s.warned_at else p.now end
         from due, p where due.id = s.id
         returning s.id, s.dossier_id, s.state, s.agency_id, s.assignee_id, s.budget_minutes, s.deadline_at, due.late`,
        [now],
        'all',
        ctx,
      );
      if (!due.length) return;
      const dossiers = new Map((await tx.find(Dossier, { id: due.map((s) => s.dossier_id) }, { populate: ['procedure'] })).map((d) => [d.id, d]));
      const officers = await conn.execute<{ account_id: string; role: Role; agency_id: string }[]>(
        `select r.account_id, r.role, r.agency_id from role_assignment r join account a on a.id = r.account_id
         where a.active and r.agency_id in (${due.map(() => '?').join(', ')})`,
        [...new Set(due.map((s) => s.agency_id))],
        'all',
        ctx,
      );
      const withRoles = (agencyId: string, roles: Role[]) => [...new Set(officers.filter((o) => o.agency_id === agencyId && roles.includes(o.role)).map((o) => o.account_id))];
      const unknown: string[] = [];
      for (const s of due) {
        const d = dossiers.get(s.dossier_id)!;
        let workflow: WorkflowDefinition;
        let state: WorkflowStateDefinition;
        try {
          workflow = modules.workflow(d.procedure.workflowKey);
          state = findState(workflow, s.state);
        } catch (e) {
          logger.warn({ stepId: s.id, dossierId: s.dossier_id, workflowKey: d.procedure.workflowKey, state: s.state, err: e }, 'step-deadlines: step of an unknown workflow or state skipped');
          unknown.push(s.id);
          continue;
        }
        const deadline = new Date(s.deadline_at);
        let notice: StaffNotice;
        let note: string;
        if (s.late) {
          notice = { kind: 'STEP_ESCALATION', accountIds: withRoles(s.agency_id, escalationRoles(state)) };
          note = `Quá thời hạn bước "${state.label}" (${hours(s.budget_minutes)}, hạn ${local(deadline)}): báo cáo lãnh đạo`;
        } else {
          const roles = holderRoles(workflow, state, !!s.assignee_id);
          notice = { kind: 'STEP_WARNING', accountIds: roles ? withRoles(s.agency_id, roles) : [s.assignee_id!] };
          note = `Sắp hết thời hạn bước "${state.label}" (${hours(s.budget_minutes)}, hạn ${local(deadline)})`;
        }
        const data = { stepId: s.id, state: s.state, budgetMinutes: s.budget_minutes, deadlineAt: deadline, notifiedAccountIds: notice.accountIds };
        await recordChange(tx, d, SYSTEM, { action: s.late ? STEP_ESCALATION_ACTION : STEP_WARNING_ACTION, before: stateOf(d), note, data, now, staffNotice: notice });
      }
      if (unknown.length) {
        await conn.execute(
          `update dossier_step set warned_at = coalesce(warned_at, ?), escalated_at = coalesce(escalated_at, ?) where id in (${unknown.map(() => '?').join(', ')})`,
          [now, now, ...unknown],
          'run',
          ctx,
        );
      }
      await tx.flush();
    },
  };
}
