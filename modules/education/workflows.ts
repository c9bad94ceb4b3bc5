import { composeWorkflow, standardNoPaymentWorkflow } from '../../src/kernel';

/**
 * A school transfer follows the fee-less one-stop workflow; approval moves the enrolment (the
 * module's `education.transfer-on-approval` hook). It is decided for the two schools by the
 * department itself, so the handover to another agency is left out.
 */
export const schoolTransferWorkflow = composeWorkflow(standardNoPaymentWorkflow, {
  key: 'education-school-transfer',
  name: 'Quy trình chuyển trường',
  omitActions: ['transfer'],
});
