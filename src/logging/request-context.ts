import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * What is known about the unit of work being served: an HTTP request, one operation on a
 * WebSocket connection, or one run of a scheduled job. Every log line written inside it carries
 * `requestId` (and `operationId`), and an outbox event recorded inside it keeps `requestId`, so the
 * relay's and the delivery worker's lines about that event can be found from the request.
 */
export interface RequestContext {
  requestId: string;
  /** The graphql-ws operation id (a subscribe over WebSocket). */
  operationId?: string;
  /** The GraphQL operation's name, once Apollo resolved it (for the access line and error lines). */
  operationName?: string | null;
  /** The caller's account id once authenticated; absent means anonymous. */
  callerId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** The context of the work running now, if any. */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it starts) inside `context`. */
export function runInRequest<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` outside any request: background work a request only woke up must not borrow its id. */
export function outsideRequest<T>(fn: () => T): T {
  return storage.exit(fn);
}

/**
 * A client's `X-Request-Id` is kept only when it looks like an id: at most this many
 * characters of a conservative set. Anything else (long, spaces, quotes, control characters)
 * is replaced by a fresh id, so a client can never write arbitrary text into the log.
 */
export const REQUEST_ID_MAX_LENGTH = 64;
const SAFE_REQUEST_ID = new RegExp(`^[A-Za-z0-9._:-]{1,${REQUEST_ID_MAX_LENGTH}}$`);

/** The request id to use for a client-supplied header value: the value when safe, else a new UUID. */
export function acceptRequestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/** A fresh id (a job run, a background task). */
export function newRequestId(): string {
  return randomUUID();
}
