import { Client } from 'pg';

/** SQLSTATEs: the database does not exist; another session created it first. */
const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

/**
 * Makes sure the database named in `url` exists. It connects to that database first; only when
 * PostgreSQL answers that it does not exist (3D000) does it connect to the maintenance database
 * (`postgres`) to create it. A role that may not connect to `postgres` (least privilege) can
 * therefore start the server on an existing database. Several instances creating it at once
 * is fine: the losers of that race find it created.
 *
 * @returns whether the database was `created` here or already `existed`.
 */
export async function ensureDatabase(url: string, maintenanceDb = 'postgres'): Promise<'existed' | 'created'> {
  const probe = new Client({ connectionString: url, application_name: 'onedoor-start' });
  try {
    await probe.connect();
    return 'existed';
  } catch (e) {
    if ((e as { code?: string }).code !== INVALID_CATALOG_NAME) throw e;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = `/${maintenanceDb}`;
  const client = new Client({ connectionString: admin.toString(), application_name: 'onedoor-start' });
  await client.connect();
  try {
    await client.query(`create database "${name.replaceAll('"', '""')}"`);
    return 'created';
  } catch (e) {
    const code = (e as { code?: string }).code;
    // Concurrent CREATE DATABASE: 42P04, or 23505 on pg_database's name index when both got that far.
    if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return 'existed';
    throw e;
  } finally {
    await client.end().catch(() => undefined);
  }
}
