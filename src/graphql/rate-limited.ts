import { GraphQLError } from 'graphql';
import { Extensions } from 'type-graphql';

/**
 * The per-client-address budgets a root field can draw on: `lookup` for the anonymous
 * look-ups (tracking, due-date estimates), `login` for sign-in attempts.
 */
export type RateLimitBucket = 'lookup' | 'login';

/** The field extension the server reads (`extensions.rateLimit` on the schema field). */
export const RATE_LIMIT_EXTENSION = 'rateLimit';

/**
 * Marks a root query, mutation or subscription as rate-limited per client address: the server
 * counts every occurrence (each alias) before anything of the operation runs, over HTTP and
 * WebSocket alike, and refuses the whole operation with `RATE_LIMITED` once the budget is spent.
 * Modules use it on their own public look-ups (e.g. `trackPetition`).
 */
export function RateLimited(bucket: RateLimitBucket): MethodDecorator & PropertyDecorator {
  return Extensions({ [RATE_LIMIT_EXTENSION]: bucket });
}

/**
 * The refusal every limit answers with: typed (`RATE_LIMITED`), HTTP 429 with `Retry-After`
 * (Apollo turns `extensions.http` into the response's status and headers, then drops it).
 */
export function rateLimitedError(msBeforeNext: number, opts: { http?: boolean } = {}): GraphQLError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new GraphQLError(`Quá nhiều yêu cầu, vui lòng thử lại sau ${seconds} giây / Too many requests, try again in ${seconds} s`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfterSeconds: seconds,
      ...(opts.http === false ? {} : { http: { status: 429, headers: new Map([['retry-after', String(seconds)]]) } }),
    },
  });
}
