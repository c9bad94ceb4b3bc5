import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError } from 'graphql';
import { documentCost } from './limits';

/** How much validated cost may execute at once in this process, and how many may wait. */
export interface AdmissionLimits {
  /** Cost of the operations executing at once (`MAX_COST_IN_FLIGHT`); one operation always runs when nothing else does. */
  maxCostInFlight: number;
  /** Operations at most this cheap never wait (a page of a list, a look-up): they are what must stay fast. */
  freeCost: number;
  /** Operations waiting for room (`MAX_QUEUED_OPERATIONS`); past it, SERVER_BUSY (HTTP 503). */
  maxQueued: number;
}

/**
 * Admission by cost: the limits bound one document, not how many a client sends at once. Heavy
 * operations (by the cost the validation rule measured) share a budget of cost in flight and
 * wait in line beyond it, so a client sending the most expensive allowed document at full rate
 * gets them answered one after the other, each followed by a rest as long as itself, while cheap
 * operations and /healthz keep answering.
 * Nothing waits holding a database connection: admission happens before execution.
 */
export function admissionPlugin(limits: AdmissionLimits, costOf: (document: DocumentNode) => number | undefined = documentCost): ApolloServerPlugin {
  let inFlight = 0;
  const queue: { cost: number; admit: () => void }[] = [];
  const fits = (cost: number) => inFlight === 0 || inFlight + cost <= limits.maxCostInFlight;
  const drain = () => {
    // First come, first served: a heavy operation at the head is not overtaken by lighter ones.
    while (queue.length && fits(queue[0].cost)) {
      const next = queue.shift()!;
      inFlight += next.cost;
      // Through the event loop, not a microtask: an operation whose resolvers never wait for I/O
      // would otherwise start the next one in the same turn, and /healthz would wait for the whole line.
      setImmediate(next.admit);
    }
  };
  return {
    async requestDidStart() {
      let held = 0;
      let admittedAt = 0;
      let finished = false;
      return {
        async didResolveOperation({ document }) {
          const cost = costOf(document) ?? 0;
          if (cost <= limits.freeCost) return;
          if (!queue.length && fits(cost)) {
            inFlight += cost;
          } else {
            if (queue.length >= limits.maxQueued) {
              throw new GraphQLError('Máy chủ đang bận, vui lòng thử lại sau / The server is busy, try again shortly', {
                extensions: { code: 'SERVER_BUSY', http: { status: 503, headers: new Map([['retry-after', '1']]) } },
              });
            }
            await new Promise<void>((admit) => queue.push({ cost, admit }));
            // Another plugin may have refused the request meanwhile (Apollo runs these hooks together).
            if (finished) {
              inFlight -= cost;
              return drain();
            }
          }
          held = cost;
          admittedAt = Date.now();
        },
        async willSendResponse() {
          finished = true;
          if (!held) return;
          const cost = held;
          held = 0;
          // The room is given back after as long as the operation ran (at most a second): heavy
          // operations take at most half of the process's time, so a saturated process still
          // sleeps between them and cheap requests are scheduled at once.
          setTimeout(() => {
            inFlight -= cost;
            drain();
          }, Math.min(Date.now() - admittedAt, 1000)).unref();
        },
      };
    },
  };
}
