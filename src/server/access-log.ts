import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Principal } from '../auth/principal';
import { statementCounter } from '../db/orm';
import { maskPersonalData, type Logger } from '../logging/logger';
import { loggablePath, PROBE_PATHS } from '../logging/url-path';
import { acceptRequestId, currentRequest, RequestContext, runInRequest } from '../logging/request-context';

/**
 * The request scope and the access log. Every HTTP request gets a request id (the client's
 * `X-Request-Id` when it looks like one, else a new UUID), echoed in the response; everything
 * done for it runs in its context (log lines carry `requestId`, SQL statements are counted), and
 * one access line is written when the response finishes. A WebSocket connection gets one id from
 * its upgrade request; each message it sends runs in a context of its own carrying that id, and
 * a subscribe adds its operation id.
 */

const REQUEST_ID_HEADER = 'x-request-id';


/** The only request headers an access line shows; never authorization, cookie or anything free-form. */
const LOGGED_HEADERS = ['user-agent', 'content-type', 'content-length'] as const;
const MAX_HEADER_CHARS = 200;

const ID = Symbol('onedoor.requestId');
const SCOPE = Symbol('onedoor.requestScope');

interface Scope {
  context: RequestContext;
  statements: { count: number; compiledFields?: number };
}

/** The request id of an HTTP request or a WebSocket upgrade, decided once per request. */
function requestIdOf(req: IncomingMessage): string {
  const r = req as IncomingMessage & { [ID]?: string };
  return (r[ID] ??= acceptRequestId(req.headers[REQUEST_ID_HEADER]));
}

/** What the log says of a caller: the account id, `external` (an identity provider's citizen without an account here), or `anonymous`. */
function callerIdOf(p: Principal | undefined): string {
  return p?.accountId ?? (p ? 'external' : 'anonymous');
}

/** Records the authenticated caller in the current request's context (for its access line). */
export function noteCaller(p: Principal | undefined): void {
  const c = currentRequest();
  if (c) c.callerId = callerIdOf(p);
}

/** Express, first middleware: the request id, its response header, the log context and the SQL statement counter. */
export const requestScope: RequestHandler = (req, res, next) => {
  const scope: Scope = { context: { requestId: requestIdOf(req) }, statements: { count: 0 } };
  (req as unknown as { [SCOPE]: Scope })[SCOPE] = scope;
  res.setHeader('X-Request-Id', scope.context.requestId);
  statementCounter.run(scope.statements, () => runInRequest(scope.context, next));
};

function scopeOf(req: IncomingMessage): Scope | undefined {
  return (req as unknown as { [SCOPE]?: Scope })[SCOPE];
}

/** The path of the request (express's `originalUrl` when routed), as it may be logged. */
function pathOf(req: IncomingMessage): string {
  return loggablePath((req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url);
}

function loggedHeaders(req: IncomingMessage): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const h of LOGGED_HEADERS) {
    const v = req.headers[h];
    if (typeof v === 'string') out[h] = maskPersonalData(v).slice(0, MAX_HEADER_CHARS);
  }
  return Object.keys(out).length ? out : undefined;
}

/** The fields of an access line. */
function accessFields(req: IncomingMessage, res: ServerResponse, durationMs: number): Record<string, unknown> {
  const scope = scopeOf(req);
  const length = res.getHeader('content-length');
  return {
    requestId: scope?.context.requestId ?? requestIdOf(req),
    method: req.method,
    path: pathOf(req),
    status: res.statusCode,
    durationMs,
    ...(scope?.context.operationName ? { operationName: scope.context.operationName } : {}),
    callerId: scope?.context.callerId ?? 'anonymous',
    sqlStatements: scope?.statements.count ?? 0,
    ...(length !== undefined ? { responseBytes: Number(length) } : {}),
    // The client went away before the answer was complete.
    ...(res.writableFinished ? {} : { aborted: true }),
    headers: loggedHeaders(req),
  };
}

/**
 * pino-http: one line per HTTP request, written when the response finishes (or the client
 * leaves). Nothing of the request is logged but the fields above: no query string, no body, no
 * header outside the allow-list.
 */
export function accessLog(logger: Logger): RequestHandler {
  const drop = () => undefined;
  return pinoHttp({
    logger,
    genReqId: (req) => requestIdOf(req),
    // pino-http binds the whole request (URL with its query, every header) to its child logger: not here.
    serializers: { req: drop, res: drop },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (PROBE_PATHS.has(pathOf(req))) return res.statusCode < 400 ? 'debug' : 'warn';
      return 'info';
    },
    customSuccessObject: (req, res, val) => accessFields(req, res, val.responseTime),
    customErrorObject: (req, res, _err, val) => accessFields(req, res, val.responseTime),
    customSuccessMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${pathOf(req)} ${res.statusCode}`,
  }) as unknown as RequestHandler;
}

/**
 * WebSocket: the connection's id from its upgrade request (echoed in the 101 response), each
 * incoming message handled in a context of its own carrying it (a subscribe then adds its
 * operation id, see {@link noteOperation}), and one line when the connection closes.
 */
export function websocketLog(wsServer: WebSocketServer, logger: Logger): { noteCaller(socket: WebSocket, p: Principal | undefined): void } {
  const connections = new WeakMap<WebSocket, { callerId: string; messages: number }>();
  wsServer.on('headers', (headers, request) => {
    headers.push(`X-Request-Id: ${requestIdOf(request)}`);
  });
  wsServer.on('connection', (socket: WebSocket, request: IncomingMessage) => {
    const requestId = requestIdOf(request);
    const started = Date.now();
    const state = { callerId: 'anonymous', messages: 0 };
    connections.set(socket, state);
    logger.debug({ requestId, path: pathOf(request) }, 'websocket connected');
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...rest: unknown[]) => {
      if (event !== 'message') return emit(event, ...rest);
      state.messages++;
      return runInRequest({ requestId, callerId: state.callerId }, () => emit(event, ...rest));
    }) as typeof socket.emit;
    socket.once('close', (code: number) => {
      logger.info({ requestId, path: pathOf(request), durationMs: Date.now() - started, callerId: state.callerId, messages: state.messages, closeCode: code, headers: loggedHeaders(request) }, 'websocket closed');
    });
  });
  return {
    noteCaller(socket, p) {
      const state = connections.get(socket);
      if (state) state.callerId = callerIdOf(p);
      noteCaller(p);
    },
  };
}

/**
 * Inside a WebSocket message's context: the operation it subscribes, for every later line about
 * it. The id comes from the client: kept only when it looks like an id.
 */
export function noteOperation(operationId: string): void {
  const c = currentRequest();
  if (c) c.operationId = acceptRequestId(operationId);
}

/** Longest operation name an access line carries whole (a GraphQL name has no length limit of its own). */
const MAX_LOGGED_OPERATION_NAME = 100;

/** The operation's name once the document is parsed and validated (so it is a GraphQL name). */
export function noteOperationName(operationName: string | undefined): void {
  const c = currentRequest();
  if (!c) return;
  c.operationName = operationName && operationName.length > MAX_LOGGED_OPERATION_NAME ? `${operationName.slice(0, MAX_LOGGED_OPERATION_NAME)}…` : operationName ?? null;
}
