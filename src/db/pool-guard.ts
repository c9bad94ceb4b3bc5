import { AsyncLocalStorage } from 'node:async_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger';

/**
 * ARCHITECTURE rule 11: no request holds a pool connection while waiting for another. A
 * transaction that holds row locks and then asks the pool for a second connection can wait for
 * ever once every connection belongs to a request waiting for those locks (issue 13, defect 6).
 *
 * The guard marks the async context of every ORM transaction's callback; asking the pool for a
 * connection from inside it is a bug. In tests it throws (so a test that takes that path fails),
 * elsewhere it logs the stack once per call site.
 */
const transactionScope = new AsyncLocalStorage<true>();

/** What the guard does on a second connection requested inside a transaction (`DB_POOL_GUARD`). */
export type PoolGuardMode = 'throw' | 'warn' | 'off';

/** Thrown (in `throw` mode) when a transaction asks the pool for a second connection. */
export class SecondConnectionInTransaction extends Error {}

/**
 * Runs `fn` outside any transaction's async context: for work started from inside a transaction
 * that nobody inside it waits for (a background cache refresh).
 */
export function outsideTransaction<T>(fn: () => T): T {
  return transactionScope.exit(fn);
}

interface PatchableConnection {
  transactional<T>(cb: (trx: unknown) => Promise<T>, options?: unknown): Promise<T>;
  getKnex(): { client: { acquireConnection(): Promise<unknown> } };
}

/** Installs the guard on an ORM's connection (once per ORM). */
export function installPoolGuard(orm: MikroORM, mode: PoolGuardMode, logger?: Logger): void {
  if (mode === 'off') return;
  const conn = orm.em.getConnection() as unknown as PatchableConnection;
  const transactional = conn.transactional.bind(conn);
  conn.transactional = (cb, options) => transactional((trx) => transactionScope.run(true, () => cb(trx)), options);
  // A transaction's own statements use its connection (knex's transaction client); only a
  // statement outside it reaches the pool's `acquireConnection`.
  const client = conn.getKnex().client;
  const acquire = client.acquireConnection.bind(client);
  const reported = new Set<string>();
  client.acquireConnection = () => {
    if (transactionScope.getStore()) {
      const error = new SecondConnectionInTransaction('A second pool connection was requested inside a transaction (ARCHITECTURE rule 11)');
      if (mode === 'throw') return Promise.reject(error);
      const site = error.stack?.split('\n').slice(2, 6).join('\n') ?? '';
      if (!reported.has(site) && reported.size < 100) {
        reported.add(site);
        logger?.warn({ stack: error.stack }, error.message);
      }
    }
    return acquire();
  };
}

/** SQLSTATEs of a contention failure: lock_not_available (lock_timeout, NOWAIT), serialization_failure, deadlock_detected. */
const BUSY_STATES = new Set(['55P03', '40001', '40P01']);

function chain(e: unknown): { code?: unknown; name?: unknown; message?: unknown }[] {
  const out: { code?: unknown; name?: unknown; message?: unknown }[] = [];
  let cur = e as { originalError?: unknown; cause?: unknown } | undefined;
  while (cur && typeof cur === 'object' && out.length < 5) {
    out.push(cur as never);
    cur = (cur.originalError ?? cur.cause) as never;
  }
  return out;
}

/** A row-lock wait that ran out, a serialization failure or a deadlock: try again shortly. */
export function isContention(e: unknown): boolean {
  return chain(e).some((x) => typeof x.code === 'string' && BUSY_STATES.has(x.code));
}

/**
 * The database cannot serve this request now: no pool connection within the acquire timeout
 * (knex's `KnexTimeoutError`), a statement over `statement_timeout` (57014), or contention.
 */
export function isDatabaseUnavailable(e: unknown): boolean {
  return isContention(e) || chain(e).some((x) => x.name === 'KnexTimeoutError' || x.code === '57014' || (typeof x.message === 'string' && ACQUIRE_TIMEOUT.test(x.message)));
}

/** knex's message; MikroORM re-wraps the error as a `DriverException` that keeps only the message. */
const ACQUIRE_TIMEOUT = /^Knex: Timeout acquiring a connection/;
