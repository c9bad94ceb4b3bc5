import { ActionEffect } from './workflow/workflow.types';

/**
 * What the consumers read from the action keys of events recorded before events carried their
 * effects: during a rolling upgrade an instance of the previous version still records such
 * events (README, "Roll-forward policy"), and a new relay publishes them. Data about the previous
 * version's events, not a rule: remove it in the release after the next.
 */
const EFFECTS_OF_PREVIOUS_VERSION_EVENTS: Readonly<Record<string, readonly ActionEffect[]>> = {
  pay: [ActionEffect.RESUME_CLOCK, ActionEffect.RECORD_PAYMENT],
  apologize: [ActionEffect.APOLOGIZE],
};

/**
 * Whether the action behind a dossier event had `effect` (the recorder carries the action's
 * effects in the outbox payload): how the event consumers know a payment or an apology
 * without comparing action keys (ARCHITECTURE rule 10).
 */
export function hasEffect(payload: { effects?: unknown; action?: unknown }, effect: ActionEffect): boolean {
  if (Array.isArray(payload.effects)) return payload.effects.includes(effect);
  return typeof payload.action === 'string' && Object.hasOwn(EFFECTS_OF_PREVIOUS_VERSION_EVENTS, payload.action) && EFFECTS_OF_PREVIOUS_VERSION_EVENTS[payload.action].includes(effect);
}
