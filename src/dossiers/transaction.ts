import { EntityManager } from '@mikro-orm/postgresql';
import { isContention } from '../db/pool-guard';
import { Busy, ErrorResult } from '../graphql/errors';

/** Carries an error result out of `em.transactional` so that everything written before it rolls back. */
class Rollback extends Error {
  constructor(readonly result: ErrorResult) {
    super(result.code);
  }
}

/**
 * Runs `work` in a transaction. An error result rolls back whatever was written before it
 * (a module hook's rows, a half-applied action): an expected failure leaves nothing behind.
 * A row-lock wait past `lock_timeout`, a serialization failure or a deadlock rolls back too and
 * comes back as `Busy` (the caller may retry); inside an outer transaction (a savepoint) it is
 * rethrown, so that the outer work is not committed half done (an IPN's payment without its
 * dossier step): the outermost `inTransaction` answers `Busy` for all of it.
 */
export async function inTransaction<T>(em: EntityManager, work: (tx: EntityManager) => Promise<T | ErrorResult>): Promise<T | ErrorResult> {
  const outer = em.isInTransaction();
  try {
    return await em.transactional(async (tx) => {
      const r = await work(tx);
      if (r instanceof ErrorResult) throw new Rollback(r);
      return r;
    });
  } catch (e) {
    if (e instanceof Rollback) return e.result;
    if (!outer && isContention(e)) return Busy.of();
    throw e;
  }
}
