import { ActionEffect, composeWorkflow, findAction, Role, S, standardWorkflow, WorkflowActionDefinition } from '../../src/kernel';
import { LAND_TRANSFER_WORKFLOW } from './procedures';

/** The capability the transfer hands its dossier to; provided by whichever module runs the tax authority. */
export const TAX_ASSESSMENT_CAPABILITY = 'land-transfer-tax-assessment';

/** A standard action with some fields changed (composeWorkflow replaces an action by key). */
function standard(key: string, changes: Partial<WorkflowActionDefinition>): WorkflowActionDefinition {
  const action = findAction(standardWorkflow, key);
  if (!action) throw new Error(`The standard workflow has no action ${key}`);
  return { ...action, ...changes };
}

/**
 * Transfer of land-use rights as an inter-agency dossier (một cửa liên thông, Decree 101/2024
 * and the joint land–tax process): the land registration office appraises and sends the
 * cadastral data sheet to the tax authority; the tax authority assesses personal income tax and
 * registration fee and asks the applicant to pay; once paid (online, confirmed by the platform,
 * or at the counter) it sends the dossier back; the land office's leader approves, which
 * registers the transfer and issues the new certificate.
 *
 * The generic `transfer` (to any agency by code) is left out: the dossier goes only to the
 * agency providing the tax capability and back. Approval belongs to the land office, payment
 * requests to the tax side.
 */
export const landTransferWorkflow = composeWorkflow(standardWorkflow, {
  key: LAND_TRANSFER_WORKFLOW,
  name: 'Quy trình liên thông đăng ký biến động đất đai – xác định nghĩa vụ tài chính',
  omitActions: ['transfer'],
  addActions: [
    {
      key: 'sendToTax',
      label: 'Chuyển thông tin địa chính sang cơ quan thuế',
      from: [S.APPRAISING],
      to: S.APPRAISING,
      roles: [Role.SPECIALIST, Role.LEADER],
      assigneeOnly: true,
      inputs: [],
      effects: [ActionEffect.TRANSFER, ActionEffect.CLEAR_ASSIGNEE],
      transferTo: { capability: TAX_ASSESSMENT_CAPABILITY },
      whileHeldByProcedureAgency: true,
      form: 'Phiếu chuyển thông tin địa chính',
    },
    {
      key: 'returnToLand',
      label: 'Chuyển kết quả nghĩa vụ tài chính về cơ quan đất đai',
      from: [S.APPRAISING],
      to: S.APPRAISING,
      roles: [Role.SPECIALIST, Role.LEADER],
      inputs: [],
      // Tax hooks onto HAND_BACK (obligations settled before the dossier leaves it), not onto this key.
      effects: [ActionEffect.HAND_BACK, ActionEffect.CLEAR_ASSIGNEE],
      whileHeldByProcedureAgency: false,
    },
    {
      key: 'pay',
      label: 'Xác nhận hoàn thành nghĩa vụ tài chính',
      from: [S.PAYMENT_REQUESTED],
      to: S.APPRAISING,
      roles: [Role.RECEPTION_OFFICER, Role.SPECIALIST],
      platform: true,
      inputs: [],
      effects: [ActionEffect.RESUME_CLOCK, ActionEffect.RECORD_PAYMENT],
    },
    standard('submitForApproval', { whileHeldByProcedureAgency: true }),
    standard('approve', { whileHeldByProcedureAgency: true }),
    standard('sendBack', { whileHeldByProcedureAgency: true }),
    standard('requestPayment', { whileHeldByProcedureAgency: false }),
  ],
});
