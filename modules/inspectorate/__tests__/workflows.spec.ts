import { ActionEffect, findAction } from '../../../src/kernel';
import { inspectorateProcedures } from '../procedures';
import { petitionWorkflow } from '../workflows';

describe('the petition workflow', () => {
  it('adds a lawful extension, at most twice and 30 days at a time, to the fee-less one-stop workflow', () => {
    const extend = findAction(petitionWorkflow, 'extendDeadline')!;
    expect(extend.effects).toEqual([ActionEffect.EXTEND]);
    expect(extend.maxTimes).toBe(2);
    expect(extend.maxShiftDays).toBe(30);
    expect(findAction(petitionWorkflow, 'requestPayment')).toBeUndefined();
    expect(findAction(petitionWorkflow, 'approve')).toBeDefined();
  });

  it('is the workflow of complaints and denunciations, not of citizen reception', () => {
    const keys = Object.fromEntries(inspectorateProcedures.map((p) => [p.code, p.workflowKey]));
    expect(keys).toEqual({ '2.002186': 'inspectorate-petition', '2.002189': 'inspectorate-petition', '2.002192': 'standard-no-payment' });
  });
});
