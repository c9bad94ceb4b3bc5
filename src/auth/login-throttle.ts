import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitConfig } from '../config';
import { rateLimitedError } from '../graphql/rate-limited';
import { addressKey, isRefusal, LimiterOptions } from '../db/rate-limit-store';

/** How long an address that signed in to an account stays "known" to it. */
const KNOWN_ADDRESS_DAYS = 30;

/** What the resolver reports back once the password was checked (a failure needs no report: the reservation counted it). */
export interface LoginAttempt {
  succeeded(): Promise<void>;
}

/**
 * Password-guessing limits for one username, counted atomically in the shared store.
 *
 * - Per (username, client address): after `loginFailuresPerAddress` failures in a row that pair
 *   is refused for `loginLockSeconds`. The attempt is charged BEFORE the password is checked
 *   (a reservation, given back on success), so a burst of concurrent attempts cannot check more
 *   passwords than the limit: the store's increment is one atomic upsert.
 * - Per username across addresses: `loginFailuresPerAccount` failures an hour from addresses
 *   that never signed in to it; then those addresses are refused for an hour. An address that
 *   did sign in to the account in the last 30 days is exempt, so an attacker who knows an
 *   officer's username cannot lock the officer out of their usual office or device: the
 *   attacker only locks out their own addresses (and, past the account limit, new ones).
 *
 * Keys are the normalised username, never the account: an unknown username is throttled
 * exactly like a real one, so the limits tell nothing about which accounts exist.
 */
export class LoginThrottle {
  private readonly pair: RateLimiterAbstract;
  private readonly account: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;

  constructor(config: RateLimitConfig, limiter: (name: string, opts: LimiterOptions) => RateLimiterAbstract) {
    this.pair = limiter('login_fail', { points: config.loginFailuresPerAddress, duration: config.loginLockSeconds, blockDuration: config.loginLockSeconds });
    this.account = limiter('login_fail_account', { points: config.loginFailuresPerAccount, duration: 3600, blockDuration: 3600 });
    this.known = limiter('login_known', { points: 1, duration: KNOWN_ADDRESS_DAYS * 86400 });
  }

  /**
   * Reserves one attempt for `username` from `clientIp`, or throws `RATE_LIMITED` without
   * checking anything (cheap, and the same whether the username exists or not).
   */
  async begin(username: string, clientIp: string | undefined): Promise<LoginAttempt> {
    const user = username.slice(0, 120);
    const pairKey = `${user}|${addressKey(clientIp)}`;
    const known = (await this.known.get(pairKey)) !== null;
    await this.reserve(this.pair, pairKey);
    if (!known) {
      try {
        await this.reserve(this.account, user);
      } catch (e) {
        // Not checked, so not a failure of this pair.
        await this.pair.reward(pairKey, 1).catch(() => undefined);
        throw e;
      }
    }
    return {
      succeeded: async () => {
        await Promise.all([
          this.pair.delete(pairKey),
          known ? undefined : this.account.reward(user, 1),
          this.known.set(pairKey, 1, KNOWN_ADDRESS_DAYS * 86400),
        ]);
      },
    };
  }

  private async reserve(limiter: RateLimiterAbstract, key: string): Promise<void> {
    try {
      await limiter.consume(key, 1);
    } catch (e) {
      if (isRefusal(e)) throw rateLimitedError(e.msBeforeNext);
      throw e;
    }
  }
}
