import { hasEffect } from './dossier-event';
import { ActionEffect } from './workflow/workflow.types';

describe('hasEffect', () => {
  it('reads the effects the event carries, whatever the action is called', () => {
    expect(hasEffect({ action: 'settleFees', effects: ['RESUME_CLOCK', 'RECORD_PAYMENT'] }, ActionEffect.RECORD_PAYMENT)).toBe(true);
    expect(hasEffect({ action: 'pay', effects: ['RESUME_CLOCK'] }, ActionEffect.RECORD_PAYMENT)).toBe(false);
    expect(hasEffect({ action: 'apologize', effects: [] }, ActionEffect.APOLOGIZE)).toBe(false);
  });

  it('gives an event of the previous version (no effects, during a rolling upgrade) the meaning its consumers gave it', () => {
    expect(hasEffect({ action: 'pay' }, ActionEffect.RECORD_PAYMENT)).toBe(true);
    expect(hasEffect({ action: 'apologize' }, ActionEffect.APOLOGIZE)).toBe(true);
    expect(hasEffect({ action: 'pay' }, ActionEffect.APOLOGIZE)).toBe(false);
    expect(hasEffect({ action: 'receive' }, ActionEffect.RECEIVE)).toBe(false);
    expect(hasEffect({ action: 'toString' }, ActionEffect.RECORD_PAYMENT)).toBe(false);
    expect(hasEffect({}, ActionEffect.RECORD_PAYMENT)).toBe(false);
  });
});
