import type { IncomingMessage } from 'node:http';
import { DocumentNode, getOperationAST, GraphQLObjectType, GraphQLSchema, Kind, SelectionSetNode } from 'graphql';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { LoginThrottle } from '../auth/login-throttle';
import type { RateLimitConfig } from '../config';
import { RATE_LIMIT_EXTENSION, RateLimitBucket, rateLimitedError } from '../graphql/rate-limited';
import { addressKey, isRefusal, RateLimitStore } from '../db/rate-limit-store';

/**
 * The client of a WebSocket upgrade with the same rule as express's `req.ip`: walk
 * `X-Forwarded-For` from the socket outwards while each hop is a trusted proxy.
 */
export function clientAddressOf(req: IncomingMessage, trust: (addr: string, hop: number) => boolean): string | undefined {
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean).reverse();
  const chain = [req.socket.remoteAddress ?? '', ...forwarded];
  let i = 0;
  while (i < chain.length - 1 && trust(chain[i], i)) i++;
  return chain[i] || undefined;
}

/**
 * Counts, per rate-limit bucket, the root fields an operation will execute: one per response
 * key (aliases count separately; a fragment spread twice at the root executes once, so each
 * fragment is walked once: linear in the document).
 */
export function countLimitedFields(schema: GraphQLSchema, document: DocumentNode, operationName?: string | null): Map<RateLimitBucket, number> {
  const counts = new Map<RateLimitBucket, number>();
  const operation = getOperationAST(document, operationName);
  const root: GraphQLObjectType | null | undefined = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return counts;
  const fields = root.getFields();
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const seenKeys = new Set<string>();
  const seenFragments = new Set<string>();
  const walk = (set: SelectionSetNode) => {
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) {
        const bucket = fields[s.name.value]?.extensions?.[RATE_LIMIT_EXTENSION] as RateLimitBucket | undefined;
        const key = s.alias?.value ?? s.name.value;
        if (bucket && !seenKeys.has(key)) {
          seenKeys.add(key);
          counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
        }
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!seenFragments.has(s.name.value)) {
        seenFragments.add(s.name.value);
        const f = fragments.get(s.name.value);
        if (f) walk(f.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return counts;
}

/**
 * The rate limits of this instance on the shared store: per client address for the buckets of
 * `@RateLimited` fields, and the sign-in limits per username ({@link LoginThrottle}).
 */
export class RateLimits {
  private readonly perAddress: Record<RateLimitBucket, RateLimiterAbstract>;
  private readonly onlineFilings: RateLimiterAbstract;
  readonly login: LoginThrottle;

  constructor(readonly config: RateLimitConfig, private readonly store: RateLimitStore) {
    this.perAddress = {
      lookup: store.limiter('lookup_ip', { points: config.lookupsPerMinute, duration: 60 }),
      login: store.limiter('login_ip', { points: config.loginPerMinute, duration: 60 }),
    };
    this.onlineFilings = store.limiter('online_filing_account', { points: config.onlineFilingsPerAccountPerDay, duration: 24 * 60 * 60 });
    this.login = new LoginThrottle(config, (name, opts) => store.limiter(name, opts));
  }

  /** Charges an account for one online filing; over its daily budget, the typed refusal (nothing is filed). */
  async chargeOnlineFiling(accountKey: string): Promise<void> {
    try {
      await this.onlineFilings.consume(accountKey, 1);
    } catch (e) {
      if (isRefusal(e)) throw rateLimitedError(e.msBeforeNext);
      throw e;
    }
  }

  /**
   * Charges the client address for the limited fields of one operation, all at once, and
   * throws the typed refusal when any bucket is over its limit (nothing of the operation runs).
   */
  async charge(clientIp: string | undefined, counts: Map<RateLimitBucket, number>, opts: { http?: boolean } = {}): Promise<void> {
    const key = addressKey(clientIp);
    for (const [bucket, points] of counts) {
      try {
        await this.perAddress[bucket].consume(key, points);
      } catch (e) {
        if (isRefusal(e)) throw rateLimitedError(e.msBeforeNext, opts);
        throw e;
      }
    }
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
