import { hasRoleIn, Principal } from '../../auth/principal';
import { Role } from '../../auth/roles';
import { ActionEffect, WorkflowActionDefinition, WorkflowDefinition, WorkflowStateDefinition } from './workflow.types';

/** The facts about a dossier the engine needs to decide who may do what. */
export interface DossierFacts {
  state: string;
  holdingAgencyId: string;
  receivingAgencyId: string;
  /** The agency competent for the procedure (where a transferred dossier goes home). */
  procedureAgencyId: string;
  assigneeId: string | null;
  applicantAccountId: string | null;
  applicantIdNumber: string;
  /**
   * Whether the principal is the applicant, when a read path already knows it from the caller's
   * access level (`dossierAccessSql`, the read rule): then the engine takes it as it is.
   */
  isApplicant?: boolean;
  /** The current appointment date and the start of a running pause: what an action's timing depends on. */
  dueAt: Date | null;
  pausedAt: Date | null;
}

export function isApplicant(p: Principal | undefined, d: Pick<DossierFacts, 'applicantAccountId' | 'applicantIdNumber'>): boolean {
  if (!p) return false;
  if (p.accountId && d.applicantAccountId === p.accountId) return true;
  return !!p.identityNumber && p.roles.some((g) => g.role === Role.CITIZEN) && d.applicantIdNumber === p.identityNumber;
}

/** Why the action does not fit who holds the dossier now (an inter-agency step), or null. */
export function wrongHolder(action: WorkflowActionDefinition, d: Pick<DossierFacts, 'holdingAgencyId' | 'procedureAgencyId'>): string | null {
  if (action.whileHeldByProcedureAgency === undefined || action.whileHeldByProcedureAgency === (d.holdingAgencyId === d.procedureAgencyId)) return null;
  return action.whileHeldByProcedureAgency ? 'only while the competent agency holds the dossier' : 'only while another agency holds the dossier';
}

/**
 * Why the action cannot be taken at this time, or null. An apology with a new appointment
 * (effect APOLOGIZE, Mẫu 04) is issued BEFORE the due date passes (DOMAIN "Late dossiers",
 * Decree 61/2018/NĐ-CP as amended): once late, no promise is accepted and the dossier stays late.
 * Measured against the appointment the applicant holds (after an earlier timely apology, its new
 * date), the clock standing at the start of a running pause (unverified).
 */
export function untimely(action: WorkflowActionDefinition, d: Pick<DossierFacts, 'dueAt' | 'pausedAt'>, now: Date): string | null {
  if (action.effects.includes(ActionEffect.APOLOGIZE) && d.dueAt && (d.pausedAt ?? now) >= d.dueAt) {
    return 'Đã quá ngày hẹn trả kết quả: thư xin lỗi và hẹn lại (Mẫu 04) phải gửi trước ngày hẹn / The due date has passed: an apology with a new appointment (Mẫu 04) must be issued before it';
  }
  return null;
}

/**
 * Why a principal may not perform an action now, or null when it may: the one rule behind both
 * `Dossier.availableActions` and the action runner (an action offered is an action allowed).
 */
export function denial(action: WorkflowActionDefinition, d: DossierFacts, p: Principal | undefined, now: Date): string | null {
  if (!action.from.includes(d.state)) return `state ${d.state} is not one of ${action.from.join(', ')}`;
  const where = wrongHolder(action, d) ?? untimely(action, d, now);
  if (where) return where;
  if (!p) return 'not signed in';
  if (p.platform) return action.platform ? null : 'not an action the platform performs';
  if (action.applicant && (d.isApplicant ?? isApplicant(p, d))) return null;
  // Reception of an online dossier belongs to the agency that receives it.
  const agencyId = action.effects.includes(ActionEffect.RECEIVE) ? d.receivingAgencyId : d.holdingAgencyId;
  const roles = action.roles.filter((r) => hasRoleIn(p, r, agencyId));
  if (!roles.length) return `requires one of ${action.roles.join(', ')}${action.applicant ? ' or the applicant' : ''} in the agency holding the dossier`;
  if (action.assigneeOnly && !roles.some((r) => r !== Role.SPECIALIST) && d.assigneeId !== p.accountId) {
    return 'only the assigned specialist may do this';
  }
  return null;
}

export function findAction(w: WorkflowDefinition, key: string): WorkflowActionDefinition | undefined {
  return w.actions.find((a) => a.key === key);
}

export function findState(w: WorkflowDefinition, key: string): WorkflowStateDefinition {
  const s = w.states.find((x) => x.key === key);
  if (!s) throw new Error(`Workflow ${w.key} has no state ${key}`);
  return s;
}

/** What the principal may do now: `Dossier.availableActions`. */
export function availableActions(w: WorkflowDefinition, d: DossierFacts, p: Principal | undefined, now: Date): WorkflowActionDefinition[] {
  return w.actions.filter((a) => denial(a, d, p, now) === null);
}
