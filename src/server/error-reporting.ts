import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import { NUL_MESSAGE } from '../graphql/json-input';
import { errorForLog, Logger } from '../logging/logger';
import { currentRequest } from '../logging/request-context';
import { noteOperationName } from './access-log';
import { JSON_TOO_DEEP, TOO_MANY_JSON_VALUES } from './input-hygiene';

/**
 * Where an unexpected error goes: its real cause (stack, operation, path) to the log with
 * secrets redacted, and only "Internal server error" to the client. Nothing here may throw:
 * an exception while formatting an error would replace the real one.
 */

/**
 * Records the resolved operation's name in the request's context, for the log line of an
 * internal error (Apollo's formatError receives no request) and for the access line.
 */
export const errorScopePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operationName }) {
        noteOperationName(operationName ?? undefined);
      },
    };
  },
};

const INTERNAL: GraphQLFormattedError = { message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

/** PostgreSQL's errors for text it cannot store (NUL in text, NUL escapes in jsonb): the input was bad. */
const BAD_TEXT_SQLSTATES = new Set(['22021', '22P05']);

/**
 * Apollo's `formatError`. Keeps our codes on validation errors, turns PostgreSQL's "cannot store
 * this text" into BAD_USER_INPUT, and logs every internal error (also in development, where the
 * client sees the details); outside development the client gets "Internal server error" only.
 */
export function errorFormatter(logger: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown, operationName?: string | null): GraphQLFormattedError => {
    try {
      const code = formatted?.extensions?.code;
      const original = error instanceof GraphQLError ? error.originalError : undefined;
      // Apollo wraps validation errors and replaces their code; keep ours (QUERY_TOO_DEEP …).
      const originalCode = original instanceof GraphQLError ? original.extensions?.code : undefined;
      if (code === 'GRAPHQL_VALIDATION_FAILED' && originalCode) {
        return { ...formatted, extensions: { ...formatted.extensions, ...(original as GraphQLError).extensions } };
      }
      const sqlState = (original as { code?: unknown } | undefined)?.code;
      if (typeof sqlState === 'string' && BAD_TEXT_SQLSTATES.has(sqlState)) {
        return { message: NUL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
      }
      if (code !== 'INTERNAL_SERVER_ERROR' && code !== undefined) return formatted;
      // Apollo's own refusals without a code ("provided sha does not match query", an unsupported
      // persisted query version) carry a 4xx status: the client's mistake, not an internal error
      // (an attacker could otherwise write a stack trace to the log per request).
      const status = error instanceof GraphQLError && !error.originalError ? (error.extensions?.http as { status?: unknown } | undefined)?.status : undefined;
      if (typeof status === 'number' && status >= 400 && status < 500) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
      logger.error(
        { error: errorForLog(original ?? error), operationName: operationName ?? currentRequest()?.operationName ?? undefined, path: formatted?.path },
        'internal error in a GraphQL request',
      );
      if (development) return formatted;
      return { ...INTERNAL, locations: formatted?.locations, path: formatted?.path };
    } catch {
      try {
        logger.error({ error: errorForLog(error) }, 'internal error in a GraphQL request (while formatting it)');
      } catch {
        // Nothing more can be done for this error; the client still gets a well-formed answer.
      }
      return INTERNAL;
    }
  };
}

/** A GraphQL-shaped error body, so clients parse every answer of /graphql the same way. */
function graphqlErrorBody(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * After `express.json` on /graphql: a body that could not be read (not JSON, too large, bad
 * charset or encoding, aborted) answers a GraphQL-shaped 4xx. Nothing of the body is logged
 * (the parser's message quotes it), only the kind of failure and the sizes.
 */
export function bodyErrorHandler(logger: Logger, limitBytes: number): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const e = err as { type?: unknown; status?: unknown; length?: unknown; limit?: unknown } | undefined;
    const type = typeof e?.type === 'string' ? e.type : undefined;
    // Not a body-parser error: leave it to the final handler.
    if (!type || res.headersSent) return next(err);
    const status = typeof e?.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : 400;
    logger.warn({ reason: type, status, length: typeof e?.length === 'number' ? e.length : undefined }, 'request body refused');
    // Refused before parsing by jsonBodyBudget: the message is ours and quotes nothing of the body.
    if (type === TOO_MANY_JSON_VALUES || type === JSON_TOO_DEEP) {
      res.status(status).json(graphqlErrorBody((err as Error).message, type === JSON_TOO_DEEP ? 'BAD_USER_INPUT' : 'PAYLOAD_TOO_LARGE'));
      return;
    }
    if (type === 'entity.too.large') {
      res.status(413).json(graphqlErrorBody(`Nội dung yêu cầu vượt quá ${limitBytes} byte / Request body larger than ${limitBytes} bytes`, 'PAYLOAD_TOO_LARGE'));
      return;
    }
    const message =
      type === 'entity.parse.failed'
        ? 'Nội dung yêu cầu không phải JSON hợp lệ / The request body is not valid JSON'
        : 'Không đọc được nội dung yêu cầu / The request body could not be read';
    res.status(status).json(graphqlErrorBody(message, 'BAD_REQUEST'));
  };
}

/** Unknown routes: JSON, not express's HTML page. */
export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json({ error: 'Not found' });
};

/**
 * The last handler of the app: no HTML stack pages anywhere. Client errors express raises itself
 * (a malformed URL) keep their 4xx; anything else is logged and answers JSON 500.
 */
export function finalErrorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const status = (err as { status?: unknown } | undefined)?.status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (clientError) logger.warn({ status, method: req.method, route: req.route?.path ?? req.path }, 'request refused');
    else logger.error({ error: errorForLog(err), method: req.method, route: req.route?.path ?? req.path }, 'internal error in an HTTP handler');
    if (res.headersSent) {
      // Part of the answer is gone: cut the connection rather than append an error to it.
      res.destroy();
      return;
    }
    const message = clientError ? 'Bad request' : 'Internal server error';
    const graphql = req.originalUrl.startsWith('/graphql');
    res.status(clientError ? status : 500).json(graphql ? graphqlErrorBody(message, clientError ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR') : { error: message });
  };
}

/**
 * graphql-ws's `onNext`: the same formatting as Apollo's for results sent over WebSocket (graphql-ws
 * would send an internal error's message as it is).
 */
export function formatWsResult(format: ReturnType<typeof errorFormatter>, result: ExecutionResult, operationName?: string | null): FormattedExecutionResult | undefined {
  if (!result.errors?.length) return undefined;
  const errors = result.errors.map((e) => {
    let formatted: GraphQLFormattedError;
    try {
      formatted = e.toJSON();
    } catch {
      formatted = { message: 'Internal server error' };
    }
    // Without a path the error is about the request (a variable of the wrong type), as Apollo says for HTTP.
    const code = formatted.extensions?.code ?? (e.path ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT');
    formatted = { ...formatted, extensions: { ...formatted.extensions, code } };
    return format(formatted, e, operationName);
  });
  return { ...result, errors } as FormattedExecutionResult;
}
