import { ActionEffect } from './workflow/workflow.types';

/**
 * Whether the action behind a dossier event had `effect` (the recorder carries the action's
 * effects in the outbox payload): how the event consumers know a payment or an apology
 * without comparing action keys (ARCHITECTURE rule 10).
 */
export function hasEffect(payload: { effects?: unknown }, effect: ActionEffect): boolean {
  return Array.isArray(payload.effects) && payload.effects.includes(effect);
}
