import { Principal } from '../../auth/principal';
import { Role } from '../../auth/roles';
import { composeWorkflow, validateWorkflow } from './compose-workflow';
import { standardNoPaymentWorkflow, standardWorkflow } from './standard-workflow';
import { hookApplies } from './hooks';
import { availableActions, denial, findAction, untimely } from './workflow.engine';
import { ActionEffect, ActionInput } from './workflow.types';

const AGENCY = 'a-1';
const officer = (role: Role, accountId = `${role}-1`): Principal => ({ accountId, subject: accountId, fullName: role, roles: [{ role, agencyId: AGENCY }], issuer: 'local' });
const facts = (state: string, extra: Partial<{ assigneeId: string }> = {}) => ({
  state,
  holdingAgencyId: AGENCY,
  receivingAgencyId: AGENCY,
  procedureAgencyId: AGENCY,
  assigneeId: extra.assigneeId ?? null,
  applicantAccountId: 'citizen-1',
  applicantIdNumber: '068085001234',
  dueAt: null as Date | null,
  pausedAt: null as Date | null,
});
const NOW = new Date('2026-11-23T02:00:00Z');
const keys = (p: Principal, state: string, extra = {}) => availableActions(standardWorkflow, facts(state, extra), p, NOW).map((a) => a.key).sort();

describe('the standard one-stop workflow', () => {
  it('maps its states onto all ten national status codes', () => {
    expect(new Set(standardWorkflow.states.map((s) => s.nationalStatus))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
  });

  it('has every action the architecture lists', () => {
    expect(standardWorkflow.actions.map((a) => a.key).sort()).toEqual(
      ['apologize', 'approve', 'assign', 'pay', 'receive', 'refuse', 'requestPayment', 'requestSupplement', 'returnResult', 'sendBack', 'stop', 'submitForApproval', 'submitSupplement', 'transfer', 'withdraw'].sort(),
    );
  });

  it('offers each role only its own actions', () => {
    expect(keys(officer(Role.RECEPTION_OFFICER), 'NEW')).toEqual(['receive', 'refuse', 'withdraw']);
    expect(keys(officer(Role.SPECIALIST), 'NEW')).toEqual([]);
    expect(keys(officer(Role.LEADER), 'AWAITING_APPROVAL')).toEqual(['apologize', 'approve', 'requestPayment', 'sendBack', 'stop', 'transfer']);
    const citizen: Principal = { accountId: 'citizen-1', subject: 'c', fullName: 'An', roles: [{ role: Role.CITIZEN }], issuer: 'local' };
    expect(keys(citizen, 'SUPPLEMENT_REQUESTED')).toEqual(['submitSupplement', 'withdraw']);
    expect(keys(citizen, 'AWAITING_APPROVAL')).toEqual(['withdraw']);
  });

  it('offers the apology only before the due date, and the runner refuses it by the same rule (issue 19 #1)', () => {
    const leader = officer(Role.LEADER);
    const due = (dueAt: Date | null, pausedAt: Date | null = null) => ({ ...facts('APPRAISING'), dueAt, pausedAt });
    const apologize = findAction(standardWorkflow, 'apologize')!;
    expect(availableActions(standardWorkflow, due(new Date('2026-11-23T03:00:00Z')), leader, NOW).map((a) => a.key)).toContain('apologize');
    expect(availableActions(standardWorkflow, due(NOW), leader, NOW).map((a) => a.key)).not.toContain('apologize');
    expect(denial(apologize, due(new Date('2026-11-23T01:00:00Z')), leader, NOW)).toMatch(/Mẫu 04/);
    // Paused before the due date: the clock stands at the pause, the apology may still come.
    expect(denial(apologize, due(new Date('2026-11-23T01:00:00Z'), new Date('2026-11-23T00:30:00Z')), leader, NOW)).toBeNull();
    expect(untimely(apologize, { dueAt: null, pausedAt: null }, NOW)).toBeNull();
  });

  it('checks step budgets: positive, one kind, not on paused or terminal states, shares within the processing time', () => {
    const base = standardWorkflow;
    const withState = (key: string, o: object) => () => composeWorkflow(base, { key: 'x', name: 'x', stateOverrides: { [key]: o } });
    expect(withState('APPRAISING', { slaWorkingHours: 4 })).toThrow(/both/);
    expect(withState('APPRAISING', { slaShareOfProcessingTime: 0, slaWorkingHours: undefined })).toThrow(/share/);
    expect(withState('APPRAISING', { slaShareOfProcessingTime: 0.8 })).toThrow(/add up/);
    expect(withState('SUPPLEMENT_REQUESTED', { slaWorkingHours: 8 })).toThrow(/applicant/);
    expect(withState('RETURNED', { slaWorkingHours: 8 })).toThrow(/terminal/);
    expect(withState('NEW', { slaWorkingHours: -1 })).toThrow(/positive/);
    expect(withState('APPRAISING', { slaShareOfProcessingTime: 0.5 })).not.toThrow();
    const running = base.states.filter((s) => s.clock === 'RUNNING');
    expect(running.reduce((a, s) => a + (s.slaShareOfProcessingTime ?? 0), 0)).toBeLessThanOrEqual(1);
  });

  it('lets only the assigned specialist submit for approval', () => {
    const action = findAction(standardWorkflow, 'submitForApproval')!;
    expect(denial(action, facts('APPRAISING', { assigneeId: 'SPECIALIST-1' }), officer(Role.SPECIALIST), NOW)).toBeNull();
    expect(denial(action, facts('APPRAISING', { assigneeId: 'someone-else' }), officer(Role.SPECIALIST), NOW)).toMatch(/assigned/);
  });

  it('denies officers of another agency', () => {
    const other: Principal = { accountId: 'x', subject: 'x', fullName: 'x', roles: [{ role: Role.LEADER, agencyId: 'a-2' }], issuer: 'local' };
    expect(keys(other, 'AWAITING_APPROVAL')).toEqual([]);
  });
});

describe('composeWorkflow', () => {
  it('derives the no-payment variant without the payment actions', () => {
    const actions = standardNoPaymentWorkflow.actions.map((a) => a.key);
    expect(actions).not.toContain('requestPayment');
    expect(actions).not.toContain('pay');
    expect(actions).toContain('approve');
  });

  it('rejects an action that refers to an unknown state', () => {
    expect(() =>
      composeWorkflow(standardWorkflow, {
        key: 'broken',
        name: 'broken',
        addActions: [{ key: 'jump', label: 'x', from: ['NOWHERE'], to: 'RETURNED', roles: [Role.LEADER], inputs: [], effects: [] }],
      }),
    ).toThrow(/unknown state NOWHERE/);
    expect(() => validateWorkflow({ ...standardWorkflow, states: [...standardWorkflow.states, standardWorkflow.states[0]] })).toThrow(/duplicate state/);
  });
});

describe('effects in the workflow data', () => {
  const action = (changes: object) => composeWorkflow(standardWorkflow, {
    key: 'x',
    name: 'x',
    addActions: [{ key: 'step', label: 'x', from: ['APPRAISING'], roles: [Role.LEADER], inputs: [], effects: [], ...changes }],
  });

  it('refuses effects that lack what they need: a transfer without a destination, an apology without a date', () => {
    expect(() => action({ effects: [ActionEffect.TRANSFER] })).toThrow(/TARGET_AGENCY input or transferTo/);
    expect(() => action({ effects: [ActionEffect.TRANSFER], inputs: [ActionInput.TARGET_AGENCY], transferTo: { capability: 'c' } })).toThrow(/either/);
    expect(() => action({ transferTo: { capability: 'c' } })).toThrow(/without the TRANSFER effect/);
    expect(() => action({ effects: [ActionEffect.TRANSFER, ActionEffect.HAND_BACK], transferTo: { capability: 'c' } })).toThrow(/both/);
    expect(() => action({ effects: [ActionEffect.APOLOGIZE] })).toThrow(/NEW_DUE_DATE/);
    expect(() => action({ effects: [ActionEffect.ASSIGN] })).toThrow(/ASSIGNEE/);
    expect(() => action({ effects: [ActionEffect.HAND_BACK, ActionEffect.CLEAR_ASSIGNEE] })).not.toThrow();
  });

  it('lets reception be the receiving agency\'s step by its effect, whatever the action is called', () => {
    const w = action({ key: 'takeIn', from: ['NEW'], to: 'RECEIVED', roles: [Role.RECEPTION_OFFICER], effects: [ActionEffect.RECEIVE] });
    const f = { ...facts('NEW'), holdingAgencyId: 'a-2' };
    expect(denial(findAction(w, 'takeIn')!, f, officer(Role.RECEPTION_OFFICER), NOW)).toBeNull();
    expect(denial(findAction(w, 'refuse')!, f, officer(Role.RECEPTION_OFFICER), NOW)).toMatch(/requires/);
  });

  it('lets a hook name its own actions by key, and another module\'s only by effect', () => {
    const pay = findAction(standardWorkflow, 'pay')!;
    expect(hookApplies({ effects: [ActionEffect.RECORD_PAYMENT] }, pay)).toBe(true);
    expect(hookApplies({ actions: ['pay'] }, pay)).toBe(true);
    expect(hookApplies({ effects: [ActionEffect.HAND_BACK] }, pay)).toBe(false);
    expect(hookApplies({}, pay)).toBe(false);
  });
});
