import { ActionEffect, availableActions, findAction, Role, S } from '../../../src/kernel';
import { LAND_PROCEDURE, landProcedures } from '../procedures';
import { landTransferWorkflow, TAX_ASSESSMENT_CAPABILITY } from '../workflows';

const LAND = 'agency-land';
const TAX = 'agency-tax';
const officer = (role: Role, agencyId: string) => ({ subject: 'x', fullName: 'x', issuer: 'local', accountId: 'acc', roles: [{ role, agencyId }] });
const facts = (state: string, holdingAgencyId: string) => ({
  state,
  holdingAgencyId,
  receivingAgencyId: LAND,
  procedureAgencyId: LAND,
  assigneeId: 'acc',
  applicantAccountId: null,
  applicantIdNumber: '068085001234',
  dueAt: null,
  pausedAt: null,
});
const keys = (state: string, holding: string, p: ReturnType<typeof officer> | { subject: string; fullName: string; issuer: string; roles: never[]; platform: true }) =>
  availableActions(landTransferWorkflow, facts(state, holding), p as never, new Date('2026-11-23T02:00:00Z')).map((a) => a.key);

describe('the inter-agency land transfer workflow', () => {
  it('replaces the generic transfer by sending to tax and back', () => {
    expect(findAction(landTransferWorkflow, 'transfer')).toBeUndefined();
    expect(findAction(landTransferWorkflow, 'sendToTax')).toMatchObject({
      transferTo: { capability: TAX_ASSESSMENT_CAPABILITY },
      whileHeldByProcedureAgency: true,
      assigneeOnly: true,
      effects: [ActionEffect.TRANSFER, ActionEffect.CLEAR_ASSIGNEE],
    });
    expect(findAction(landTransferWorkflow, 'returnToLand')).toMatchObject({ effects: [ActionEffect.HAND_BACK, ActionEffect.CLEAR_ASSIGNEE], whileHeldByProcedureAgency: false });
    expect(findAction(landTransferWorkflow, 'pay')).toMatchObject({ from: [S.PAYMENT_REQUESTED], to: S.APPRAISING, platform: true, effects: [ActionEffect.RESUME_CLOCK, ActionEffect.RECORD_PAYMENT] });
  });

  it('lets the land office send to tax and approve, and the tax side ask for payment and send back', () => {
    expect(keys(S.APPRAISING, LAND, officer(Role.SPECIALIST, LAND))).toEqual(expect.arrayContaining(['sendToTax', 'submitForApproval']));
    expect(keys(S.APPRAISING, LAND, officer(Role.SPECIALIST, LAND))).not.toContain('requestPayment');
    expect(keys(S.APPRAISING, TAX, officer(Role.SPECIALIST, TAX))).toEqual(expect.arrayContaining(['requestPayment', 'returnToLand']));
    expect(keys(S.APPRAISING, TAX, officer(Role.SPECIALIST, TAX))).not.toContain('submitForApproval');
    expect(keys(S.AWAITING_APPROVAL, LAND, officer(Role.LEADER, LAND))).toEqual(expect.arrayContaining(['approve', 'sendBack']));
    expect(keys(S.AWAITING_APPROVAL, TAX, officer(Role.LEADER, TAX))).not.toContain('approve');
  });

  it('lets the platform confirm a verified payment, and nothing else', () => {
    const platform = { subject: 'platform:vnpay', fullName: 'Cổng thanh toán', issuer: 'platform', roles: [] as never[], platform: true as const };
    expect(keys(S.PAYMENT_REQUESTED, TAX, platform)).toEqual(['pay']);
    expect(keys(S.APPRAISING, LAND, platform)).toEqual([]);
  });

  it('is the workflow of the transfer only', () => {
    const workflows = Object.fromEntries(landProcedures.map((p) => [p.code, p.workflowKey]));
    expect(workflows).toEqual({
      [LAND_PROCEDURE.FIRST_REGISTRATION]: 'standard',
      [LAND_PROCEDURE.TRANSFER]: 'land-transfer-interagency',
      [LAND_PROCEDURE.MORTGAGE]: 'standard',
      [LAND_PROCEDURE.MORTGAGE_RELEASE]: 'standard',
      [LAND_PROCEDURE.REISSUE_LOST]: 'standard',
      [LAND_PROCEDURE.MORTGAGE_CHANGE]: 'standard',
      [LAND_PROCEDURE.PARCEL_SPLIT_MERGE]: 'standard',
    });
  });
});
