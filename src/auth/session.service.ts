import { isUuid } from '../db/ids';
import { EntityManager } from '@mikro-orm/postgresql';
import { statementCounter } from '../db/orm';
import { query } from '../db/sql';

/** Outbox event that ends an account's sessions on every instance (written by the account mutations, read by `LiveSessions`). */
export const ACCOUNT_SESSIONS_ENDED = 'AccountSessionsEnded';


/**
 * Answers "is this local token's session still current" with one primary-key lookup, so that
 * disabling an account or changing its roles takes effect at its next request on every
 * instance (no cache to go stale). Not counted in a request's `sqlStatements`: it is the
 * authentication of the request, the same for every operation.
 */
export function accountSessionCheck(em: EntityManager): (accountId: string, tokenVersion: number) => Promise<boolean> {
  return async (accountId, tokenVersion) => {
    if (!isUuid(accountId)) return false;
    const rows = await statementCounter.exit(() =>
      query(em, 'select 1 from account where id = $1 and active and token_version = $2', [accountId, tokenVersion], 'account_session_current'),
    );
    return rows.length === 1;
  };
}
