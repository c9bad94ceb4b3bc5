import { isIPv4, isIPv6 } from 'node:net';
import { Pool } from 'pg';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config';

/** The table created by `Migration20261207020000RateLimits`. */
const TABLE = 'rate_limit';
/** Counters expired this long ago are deleted, this often (the library's own figures). */
const PURGE_EXPIRED_AFTER_MS = 3_600_000;
const PURGE_EVERY_MS = 300_000;

export interface LimiterOptions {
  points: number;
  /** Seconds the counter lives from its first point. */
  duration: number;
  /** Seconds a key stays refused once it went over (0: only until the window ends). */
  blockDuration?: number;
}

/** True when a limiter refused (as opposed to a store error). */
export function isRefusal(e: unknown): e is RateLimiterRes {
  return e instanceof RateLimiterRes;
}

/**
 * The key of a client address: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4), IPv6 by
 * its /64, because one subscriber holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return address.slice(0, 64);
  const [head, tail] = address.split('%')[0].split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

/**
 * Where rate-limit counters live: PostgreSQL (`RATE_LIMIT_STORE=postgres`, the default), so
 * every instance sees the same counts, or memory for a single development instance. Built on
 * rate-limiter-flexible; a store failure falls back to an in-memory limiter with the same
 * limits (the library's insurance limiter) rather than to no limit at all.
 */
export class RateLimitStore {
  private purge?: NodeJS.Timeout;

  private constructor(private readonly pool: Pool | undefined) {}

  /** Opens the store (a small pool of its own: a limit is checked even when the main pool is exhausted). */
  static open(config: RateLimitConfig, databaseUrl: string): RateLimitStore {
    const pool = config.store === 'postgres' ? new Pool({ connectionString: databaseUrl, max: 3, idleTimeoutMillis: 10_000 }) : undefined;
    // An idle client that loses its server must not crash the process; the next query reconnects.
    pool?.on('error', () => undefined);
    return new RateLimitStore(pool);
  }

  /** A limiter on this store; `name` prefixes its keys. */
  limiter(name: string, opts: LimiterOptions): RateLimiterAbstract {
    const base = { keyPrefix: name, points: opts.points, duration: opts.duration, blockDuration: opts.blockDuration ?? 0 };
    if (!this.pool) return new RateLimiterMemory(base);
    // Each library limiter would arm a purge timer of its own that nothing stops (it outlives
    // close()); the store runs one purge for the shared table instead, and stops it.
    if (!this.purge) {
      this.purge = setInterval(() => void this.purgeExpired().catch(() => undefined), PURGE_EVERY_MS); // not critical: the next round retries
      this.purge.unref();
    }
    return new RateLimiterPostgres({ ...base, storeClient: this.pool, storeType: 'pool', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false, insuranceLimiter: new RateLimiterMemory(base) });
  }

  /** Deletes the counters that expired over an hour ago; how many. */
  async purgeExpired(): Promise<number> {
    if (!this.pool) return 0;
    return (await this.pool.query(`delete from ${TABLE} where expire < $1`, [Date.now() - PURGE_EXPIRED_AFTER_MS])).rowCount ?? 0;
  }

  async close(): Promise<void> {
    clearInterval(this.purge);
    await this.pool?.end();
  }
}
