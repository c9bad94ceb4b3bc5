import { Role } from '../../src/auth/roles';
import { composeWorkflow } from '../../src/dossiers/workflow/compose-workflow';
import { OPEN_STATES, standardNoPaymentWorkflow } from '../../src/dossiers/workflow/standard-workflow';
import { ActionEffect, ActionInput } from '../../src/dossiers/workflow/workflow.types';

/**
 * Petitions follow the one-stop workflow without fees, plus the lawful extension of the time
 * limit: a complex denunciation may be extended once, an especially complex one twice, by at
 * most 30 days each (Law on Denunciations 25/2018/QH14, art. 30). An extension is not lateness.
 */
export const petitionWorkflow = composeWorkflow(standardNoPaymentWorkflow, {
  key: 'inspectorate-petition',
  name: 'Quy trình giải quyết khiếu nại, tố cáo',
  addActions: [
    {
      key: 'extendDeadline',
      label: 'Gia hạn thời hạn giải quyết',
      from: OPEN_STATES,
      roles: [Role.LEADER],
      inputs: [ActionInput.NOTE, ActionInput.NEW_DUE_DATE],
      effects: [ActionEffect.EXTEND],
      maxTimes: 2,
      maxShiftDays: 30,
    },
  ],
});
