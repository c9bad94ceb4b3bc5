import type { Account } from '../auth/account.entity';
import { DurationUnit } from '../calendar/duration';
import type { WorkingCalendar } from '../calendar/working-calendar';
import type { Agency } from '../org/agency.entity';
import type { Procedure } from '../procedures/procedure.entity';
import type { Dossier } from './dossier.entity';
import type { VerifiedPayment } from './workflow/hooks';
import { ActionEffect } from './workflow/workflow.types';

/**
 * The dossier's rows besides itself that effects read or write (pauses, the agencies that held
 * it), behind a port so that each effect is plain code on a dossier: `ormDossierRows` writes them
 * in the action's transaction, a spec keeps them in memory.
 */
export interface DossierRows {
  /** Opens a pause of the clock, `reason` being the action's key. */
  openPause(reason: string, at: Date): void;
  /** Ends the open pause, if there is one. */
  endPause(at: Date): Promise<void>;
  /** The pauses that ended (the applicant's time, not the agency's). */
  endedPauses(): Promise<{ startedAt: Date; endedAt: Date }[]>;
  /** Ends the holding agency's stint; returns the code of the agency the dossier leaves. */
  leaveHolder(at: Date): Promise<string>;
  /** Starts `agency`'s stint, and lets it see the dossier from now on. */
  enterHolder(agency: Agency, at: Date): Promise<void>;
  /** Everything payable now on the dossier, by module (what a counter payment settles). */
  payables(): Promise<{ module: string; ref: string; amountVnd: number }[]>;
}

/** What an effect works on: the locked dossier, the action's checked inputs, and the history entry's data it fills. */
export interface EffectContext {
  dossier: Dossier;
  procedure: Pick<Procedure, 'processingAmount' | 'processingUnit'>;
  /** The action's key (a pause records why it started). */
  actionKey: string;
  calendar: WorkingCalendar;
  now: Date;
  /** The data of the history entry (and so of the outbox event). */
  data: Record<string, unknown>;
  /** ASSIGN: the specialist, checked to belong to the holding agency. */
  assignee: Account | null;
  /** TRANSFER, HAND_BACK: the agency the dossier goes to. */
  target: Agency | null;
  /** APOLOGIZE: the new appointment date, checked to be later than now and the current one. */
  newDueDate: Date | null;
  /** RECORD_PAYMENT online: the order the gateway confirmed. */
  payment?: VerifiedPayment;
  rows: DossierRows;
}

/** One effect's handler. */
export interface Effect {
  /** Runs before the modules' hooks, because it reads what they are about to change; the others run after them. */
  readonly beforeHooks?: boolean;
  run(c: EffectContext): void | Promise<void>;
}

/** The clock starts at reception: the due date is the procedure's processing time from now (DOMAIN "Deadlines"). */
const receive: Effect = {
  run({ dossier: d, procedure, calendar, now, data }) {
    d.receivedAt = now;
    d.dueAt = calendar.dueDate(now, { amount: procedure.processingAmount, unit: procedure.processingUnit });
    d.originalDueAt = d.dueAt;
    data.dueAt = d.dueAt;
  },
};

const pauseClock: Effect = {
  run({ dossier: d, actionKey, now, rows }) {
    d.pausedAt = now;
    rows.openPause(actionKey, now);
  },
};

async function endPause({ dossier: d, now, rows }: EffectContext): Promise<void> {
  await rows.endPause(now);
  d.pausedAt = null;
}

/** A pause is the applicant's time, not the agency's: it moves the original due date too. */
const resumeClock: Effect = {
  async run(c) {
    const { dossier: d, procedure, calendar, now } = c;
    if (d.pausedAt) {
      const unit = procedure.processingUnit === DurationUnit.CALENDAR_DAYS ? DurationUnit.CALENDAR_DAYS : DurationUnit.WORKING_HOURS;
      if (d.dueAt) d.dueAt = calendar.extendForPause(d.dueAt, d.pausedAt, now, unit);
      if (d.originalDueAt) d.originalDueAt = calendar.extendForPause(d.originalDueAt, d.pausedAt, now, unit);
      await endPause(c);
    }
    c.data.dueAt = d.dueAt;
  },
};

/** Nothing for the kernel to do: the modules that issue notices hook onto it (tax checks one was issued). */
const requestPayment: Effect = { run() {} };

/**
 * What the payment settles, read before the hooks mark their items paid: the verified order
 * online, or at the counter everything payable now (the officer confirms it was all paid). The
 * statistics count `data.payment.amountVnd`; a settled procedure fee is not payable again.
 */
const recordPayment: Effect = {
  beforeHooks: true,
  async run({ payment, rows, data }) {
    const items = payment ? payment.items : (await rows.payables()).map(({ module, ref, amountVnd }) => ({ module, ref, amountVnd }));
    data.payment = payment
      ? { channel: 'ONLINE', txnRef: payment.txnRef, gatewayTransactionNo: payment.gatewayTransactionNo, amountVnd: payment.amountVnd, items }
      : { channel: 'COUNTER', amountVnd: items.reduce((s, i) => s + i.amountVnd, 0), items };
  },
};

/** The result is ready: the processing time for statistics is the working time since reception, less the pauses. */
const finish: Effect = {
  async run({ dossier: d, calendar, now, data, rows }) {
    d.finishedAt = now;
    const paused = (await rows.endedPauses()).reduce((m, p) => m + calendar.workingMinutesBetween(p.startedAt, p.endedAt), 0);
    if (d.receivedAt) data.processingWorkingMinutes = Math.max(0, calendar.workingMinutesBetween(d.receivedAt, now) - paused);
  },
};

const returnResult: Effect = {
  run({ dossier: d, now }) {
    d.returnedAt = now;
  },
};

/** Closed without a result: a pause still open ends with it. */
const close: Effect = {
  async run(c) {
    if (c.dossier.pausedAt) await endPause(c);
    c.dossier.closedAt = c.now;
  },
};

const assign: Effect = {
  run({ dossier: d, assignee, data }) {
    d.assignee = assignee;
    data.assigneeId = assignee!.id;
    data.assigneeName = assignee!.fullName;
  },
};

const clearAssignee: Effect = {
  run({ dossier: d }) {
    d.assignee = null;
  },
};

/** The dossier changes hands (TRANSFER, HAND_BACK: the runner found the target): each agency's time is kept, and the new one may see it. */
const handOver: Effect = {
  async run({ dossier: d, target, now, data, rows }) {
    data.fromAgencyCode = await rows.leaveHolder(now);
    d.holdingAgency = target!;
    await rows.enterHolder(target!, now);
    data.toAgencyCode = target!.code;
  },
};

/** The appointment moves; the original due date stays, so a late dossier stays late (DOMAIN "Late dossiers"). */
const apologize: Effect = {
  run({ dossier: d, newDueDate, now, data }) {
    data.previousDueAt = d.dueAt;
    data.lateWhenApologised = !!d.dueAt && d.dueAt < now;
    d.dueAt = newDueDate!;
    data.dueAt = d.dueAt;
  },
};

/** Every effect a workflow may name, with its handler. */
export const EFFECTS: Readonly<Record<ActionEffect, Effect>> = {
  [ActionEffect.RECEIVE]: receive,
  [ActionEffect.PAUSE_CLOCK]: pauseClock,
  [ActionEffect.RESUME_CLOCK]: resumeClock,
  [ActionEffect.REQUEST_PAYMENT]: requestPayment,
  [ActionEffect.RECORD_PAYMENT]: recordPayment,
  [ActionEffect.FINISH]: finish,
  [ActionEffect.RETURN_RESULT]: returnResult,
  [ActionEffect.CLOSE]: close,
  [ActionEffect.ASSIGN]: assign,
  [ActionEffect.CLEAR_ASSIGNEE]: clearAssignee,
  [ActionEffect.TRANSFER]: handOver,
  [ActionEffect.HAND_BACK]: handOver,
  [ActionEffect.APOLOGIZE]: apologize,
};

/** Applies an action's effects of one phase, in the order the workflow lists them. */
export async function applyEffects(effects: readonly ActionEffect[], phase: 'beforeHooks' | 'afterHooks', c: EffectContext): Promise<void> {
  for (const e of effects) {
    const effect = EFFECTS[e];
    if (!!effect.beforeHooks === (phase === 'beforeHooks')) await effect.run(c);
  }
}
