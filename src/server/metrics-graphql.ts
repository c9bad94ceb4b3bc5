import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, ExecutionArgs, getOperationAST } from 'graphql';
import type { Context, ServerOptions } from 'graphql-ws';
import type { WebSocketServer } from 'ws';
import { type Metrics, UNKNOWN_OPERATION } from './metrics';

/** The operation's own name (undefined: anonymous) when the document is known, else the name the client sent (if any). */
function operationName(document: DocumentNode | undefined, requested: unknown): unknown {
  if (!document) return requested || UNKNOWN_OPERATION;
  const operation = getOperationAST(document, typeof requested === 'string' ? requested : undefined);
  // No such operation, or several and none chosen: nothing ran under any name.
  return operation ? operation.name?.value : UNKNOWN_OPERATION;
}

/**
 * Times every GraphQL operation over HTTP, from Apollo receiving it to the response: `refused`
 * when it never executed (parse, validation, limits, rate limit, admission), `error` when the
 * result carries errors, `ok` otherwise (typed error results of mutations are answers: `ok`).
 */
export function operationMetricsPlugin(metrics: Metrics): ApolloServerPlugin {
  return {
    async requestDidStart() {
      const started = performance.now();
      let executed = false;
      return {
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ response, operation, document, request }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          const name = operation ? operation.name?.value : operationName(document, request.operationName);
          metrics.observeOperation(name, !executed ? 'refused' : errors?.length ? 'error' : 'ok', started);
        },
      };
    },
  };
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof x === 'object' && x !== null && Symbol.asyncIterator in x;
}

/**
 * Wraps graphql-ws's server options: counts connections (acknowledged ones, with their running
 * subscriptions, read at scrape time from graphql-ws's own bookkeeping) and times operations
 * from `onSubscribe` to the executed result (a subscription: until it is established). Refusals
 * by `onSubscribe` are `refused`; an error emitted before execution (e.g. no such operation)
 * too. The wrapped hooks run unchanged.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function instrumentGraphqlWs<O extends ServerOptions<any, any>>(metrics: Metrics, wsServer: WebSocketServer, options: O): O {
  const live = new Set<Context>();
  /** Start times of operations between `onSubscribe` and their result, per connection. */
  const pending = new WeakMap<Context, Map<string, { started: number; name: unknown }>>();
  metrics.trackWebSockets({
    connections: () => wsServer.clients.size,
    subscriptions: () => {
      let n = 0;
      // graphql-ws keeps a running subscription's iterator there (null while an operation is prepared; single results never).
      for (const ctx of live) for (const s of Object.values(ctx.subscriptions)) if (s) n++;
      return n;
    },
  });
  const take = (ctx: Context, id: string) => {
    const m = pending.get(ctx);
    const p = m?.get(id);
    m?.delete(id);
    return p;
  };
  const wrapped: ServerOptions = {
    ...options,
    onConnect: async (ctx) => {
      const accepted = await options.onConnect?.(ctx);
      if (accepted !== false) live.add(ctx);
      return accepted;
    },
    onClose: async (ctx, code, reason) => {
      live.delete(ctx);
      pending.delete(ctx);
      return options.onClose?.(ctx, code, reason);
    },
    onSubscribe: async (ctx, id, payload) => {
      const started = performance.now();
      let result;
      try {
        result = await options.onSubscribe?.(ctx, id, payload);
      } catch (e) {
        metrics.observeOperation(payload.operationName || UNKNOWN_OPERATION, 'error', started);
        throw e;
      }
      if (Array.isArray(result)) {
        // The document was parsed inside the hook and is not ours to see: the client's name, if any.
        metrics.observeOperation(payload.operationName || UNKNOWN_OPERATION, 'refused', started);
        return result;
      }
      const args = result as ExecutionArgs | undefined | void;
      const name = operationName(args?.document, args?.operationName ?? payload.operationName);
      let m = pending.get(ctx);
      if (!m) pending.set(ctx, (m = new Map()));
      m.set(id, { started, name });
      return result;
    },
    onOperation: async (ctx, id, payload, args, result) => {
      const replaced = await options.onOperation?.(ctx, id, payload, args, result);
      const p = take(ctx, id);
      if (p) {
        const final = replaced ?? result;
        const failed = !isAsyncIterable(final) && !!(final as { errors?: unknown[] }).errors?.length;
        metrics.observeOperation(p.name, failed ? 'error' : 'ok', p.started);
      }
      return replaced;
    },
    onError: async (ctx, id, payload, errors) => {
      const p = take(ctx, id);
      if (p) metrics.observeOperation(p.name, 'refused', p.started);
      return options.onError?.(ctx, id, payload, errors);
    },
  };
  return wrapped as O;
}
