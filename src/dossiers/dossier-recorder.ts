import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../auth/account.entity';
import { Principal } from '../auth/principal';
import { recordOutboxEvent } from '../outbox/outbox-event.entity';
import { Agency } from '../org/agency.entity';
import { applicantKey } from './dossier-access';
import { DossierHistory } from './dossier-history.entity';
import { Dossier } from './dossier.entity';
import { ActionEffect } from './workflow/workflow.types';

/** What a dossier was before a change, for the history and the event. */
export interface Before {
  state: string;
  nationalStatus: number;
  holdingAgencyId: string;
}

/** The dossier's state, holder and national status now (taken before a change). */
export function stateOf(d: Dossier): Before {
  return { state: d.state, nationalStatus: d.nationalStatus, holdingAgencyId: d.holdingAgency.id };
}

/** One change to record. */
export interface RecordedChange {
  /** The workflow action's key, or the name of the step outside the workflow (`submit`, `evaluate`, a module's update). */
  action: string;
  /** The action's effects, carried in the event for its consumers (see `hasEffect`). */
  effects?: readonly ActionEffect[];
  /** Null for a new dossier. */
  before: Before | null;
  note: string | null;
  data: Record<string, unknown>;
  now: Date;
  /** The applicant's rating, when the change is one: for the statistics. */
  evaluationLevel?: string;
  /** Staff to be told (a step's warning or escalation, `step-deadline-job.ts`): their account ids, for the notification planner. */
  staffNotice?: StaffNotice;
}

/** A notice to officers about a dossier, carried in the outbox event (account ids only, no personal data). */
export interface StaffNotice {
  kind: 'STEP_WARNING' | 'STEP_ESCALATION';
  accountIds: string[];
}

/**
 * Writes a change's history row and outbox event, in the caller's transaction (ARCHITECTURE
 * rule 4); the version is bumped by the flush of the changed dossier.
 */
export async function recordChange(em: EntityManager, d: Dossier, p: Principal, change: RecordedChange): Promise<void> {
  const { action, before, note, data, now } = change;
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
  recordOutboxEvent(em, {
    aggregateType: 'Dossier',
    aggregateId: d.id,
    // A new dossier has no state before (so it changed status); an action that keeps the state updates it.
    type: fromState === d.state ? 'DossierUpdated' : 'DossierStatusChanged',
    payload: {
      dossierId: d.id,
      code: d.code,
      action,
      effects: [...(change.effects ?? [])],
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
      receivedAt: d.receivedAt ?? null,
      finishedAt: d.finishedAt ?? null,
      evaluationLevel: change.evaluationLevel ?? null,
      processingWorkingMinutes: data.processingWorkingMinutes ?? null,
      paymentAmountVnd: (data.payment as { amountVnd?: number } | undefined)?.amountVnd ?? null,
      paymentChannel: (data.payment as { channel?: string } | undefined)?.channel ?? null,
      ...(change.staffNotice ? { staffNotice: change.staffNotice } : {}),
    },
    createdAt: now,
  });
}
