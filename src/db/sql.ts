import { EntityManager } from '@mikro-orm/postgresql';
import { statementCounter } from './orm';

/**
 * Runs one read statement with PostgreSQL's own `$n` parameters (arrays bind as arrays), on a
 * pooled connection of the ORM. The read path uses it to map rows without the unit of work.
 * Inside a transaction use the entity manager instead: this does not join it.
 */
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;

export async function query<T = Record<string, any>>(em: EntityManager, text: string, params: unknown[] = [], name?: string): Promise<T[]> {
  const client = em.getConnection().getKnex().client;
  const conn = await client.acquireConnection();
  const counter = statementCounter.getStore();
  if (counter) counter.count++;
  try {
    // A name makes it a prepared statement on each connection (parsed once there); same text, same name.
    const res = await conn.query(name ? { name, text, values: params } : text, name ? undefined : params);
    // The ORM's connection returns timestamps as strings; the read path wants Date objects.
    const stamps: string[] = res.fields.filter((f: { dataTypeID: number }) => f.dataTypeID === TIMESTAMPTZ || f.dataTypeID === TIMESTAMP).map((f: { name: string }) => f.name);
    if (stamps.length) {
      for (const row of res.rows) for (const k of stamps) if (row[k] != null) row[k] = new Date(row[k]);
    }
    return res.rows as T[];
  } finally {
    await client.releaseConnection(conn);
  }
}

/** A statement runner bound to one connection inside a raw transaction. */
export interface Tx {
  query<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
}

/**
 * Runs `fn` in one transaction on a pooled connection with raw `$n` SQL, for the background
 * workers (relay, delivery) that need neither the unit of work nor an entity manager.
 * Rolls back on any error and rethrows it.
 */
export async function transaction<T>(em: EntityManager, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = em.getConnection().getKnex().client;
  const conn = await client.acquireConnection();
  const tx: Tx = {
    async query<R>(text: string, params: unknown[] = []) {
      return (await conn.query(text, params)).rows as R[];
    },
  };
  try {
    await conn.query('begin');
    const result = await fn(tx);
    await conn.query('commit');
    return result;
  } catch (e) {
    await conn.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    await client.releaseConnection(conn);
  }
}
