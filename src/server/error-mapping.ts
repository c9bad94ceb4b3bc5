import type { ApolloServerPlugin } from '@apollo/server';
import type { ErrorRequestHandler } from 'express';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/pool-guard';

/** Seconds a client is asked to wait when the database cannot serve it now. */
export const RETRY_AFTER_SECONDS = 2;

const UNAVAILABLE_MESSAGE = 'Hệ thống đang bận, vui lòng thử lại sau giây lát / The service is busy, please try again shortly';

/**
 * A request the database could not serve in time (no pool connection within
 * `DB_POOL_ACQUIRE_TIMEOUT_MS`, a row lock past `DB_LOCK_TIMEOUT_MS`, a statement past
 * `DB_STATEMENT_TIMEOUT_MS`) is the server's load, not a bug: `SERVICE_UNAVAILABLE`, HTTP 503
 * with `Retry-After` (see {@link serviceUnavailablePlugin}). Returns undefined for anything else.
 */
export function databaseUnavailableError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (!isDatabaseUnavailable(original)) return undefined;
  return { message: UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: RETRY_AFTER_SECONDS } };
}

/** Answers HTTP 503 with `Retry-After` when a response carries a `SERVICE_UNAVAILABLE` error. */
export const serviceUnavailablePlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        if (!errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE' && e.extensions?.retryAfterSeconds)) return;
        response.http.status = 503;
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
      },
    };
  },
};

/** The same for the plain HTTP routes (file download, export, payment callbacks). */
export const databaseUnavailableHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent || !isDatabaseUnavailable(err)) return next(err);
  res.status(503).set('retry-after', String(RETRY_AFTER_SECONDS)).json({ errors: [{ message: UNAVAILABLE_MESSAGE, extensions: { code: 'SERVICE_UNAVAILABLE' } }] });
};
