import { EntityManager } from '@mikro-orm/postgresql';
import { statementCounter } from '../db/orm';
import { query } from '../db/sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Answers "is this local token's session still current" with one primary-key lookup, so that
 * disabling an account or changing its roles takes effect at its next request on every
 * instance (no cache to go stale). Not counted in a request's `sqlStatements`: it is the
 * authentication of the request, the same for every operation.
 */
export function accountSessionCheck(em: EntityManager): (accountId: string, tokenVersion: number) => Promise<boolean> {
  return async (accountId, tokenVersion) => {
    if (!UUID.test(accountId)) return false;
    const rows = await statementCounter.exit(() =>
      query(em, 'select 1 from account where id = $1 and active and token_version = $2', [accountId, tokenVersion], 'account_session_current'),
    );
    return rows.length === 1;
  };
}
