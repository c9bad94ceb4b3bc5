import { ActionEffect, composeWorkflow, Role, S, standardWorkflow } from '../../src/kernel';

/**
 * A declaration of PIT and registration fee on a land transfer filed directly with the tax
 * office: the one-stop workflow in which the payment may be confirmed by the platform after a
 * verified online payment (the module's hook on RECORD_PAYMENT records it against the notice),
 * or by an officer with the receipt of a counter payment.
 */
export const taxLandTransferWorkflow = composeWorkflow(standardWorkflow, {
  key: 'tax-land-transfer',
  name: 'Quy trình khai thuế chuyển nhượng bất động sản',
  omitActions: ['transfer'],
  addActions: [
    {
      key: 'pay',
      label: 'Xác nhận hoàn thành nghĩa vụ tài chính',
      from: [S.PAYMENT_REQUESTED],
      to: S.AWAITING_APPROVAL,
      roles: [Role.RECEPTION_OFFICER, Role.SPECIALIST],
      platform: true,
      inputs: [],
      effects: [ActionEffect.RESUME_CLOCK, ActionEffect.RECORD_PAYMENT],
    },
  ],
});
