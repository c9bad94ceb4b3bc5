import { inspectorateProcedures } from '../procedures';

describe('the catalogue entries of petitions', () => {
  it('need no workflow of their own: complaints and denunciations are petitions, never filed as dossiers', () => {
    const keys = Object.fromEntries(inspectorateProcedures.map((p) => [p.code, p.workflowKey]));
    expect(keys).toEqual({ '2.002186': 'standard-no-payment', '2.002189': 'standard-no-payment', '2.002192': 'standard-no-payment' });
  });
});
