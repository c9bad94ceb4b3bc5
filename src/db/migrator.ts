import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import type { Logger } from '../logging/logger';
import { MigrationEntry, migrationChain, OrmParts } from './orm';

/**
 * Any fixed 64-bit key, distinct from the outbox relay's: one migration step at a time per
 * database (advisory locks are scoped to the database they are taken in).
 */
export const MIGRATION_LOCK_KEY = 0x0ed0_0002;

/**
 * Runs `work` while holding the session-level advisory lock on a dedicated connection, so that
 * instances starting together (and `npm run migrate` beside them) take turns: the first one
 * migrates and seeds, the others wait, then find nothing left to do. The lock goes with the
 * connection, so a process that dies mid-step releases it.
 */
export async function withMigrationLock<T>(url: string, log: Logger, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, application_name: 'onedoor-migrate', keepAlive: true });
  client.on('error', (e) => log.warn({ error: { type: e.name, message: e.message } }, "The migration lock's connection failed"));
  await client.connect();
  try {
    const [{ locked }] = (await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [MIGRATION_LOCK_KEY])).rows;
    if (!locked) {
      log.info('Waiting for the migration lock: another instance is migrating or seeding this database …');
      const started = Date.now();
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      log.info({ waitedMs: Date.now() - started }, `Got the migration lock after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    return await work();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Whether the migration's class writes its own `down()` (MikroORM's default throws). */
export function canUndo(entry: MigrationEntry): boolean {
  return entry.class.prototype.down !== Migration.prototype.down;
}

interface AppliedMigration {
  name: string;
  executedAt?: Date;
  /** False for a migration this build does not list (a newer release's, or an unselected module's). */
  known: boolean;
  undoable: boolean;
}

export interface MigrationStatus {
  applied: AppliedMigration[];
  pending: string[];
}

/** Applied migrations in the order they ran, and the listed ones not applied yet. */
export async function migrationStatus(orm: MikroORM, parts: OrmParts): Promise<MigrationStatus> {
  const chain = migrationChain(parts);
  const migrator = orm.getMigrator();
  const executed = await migrator.getExecutedMigrations();
  const pending = await migrator.getPendingMigrations();
  return {
    applied: executed.map((row) => {
      const entry = chain.find((m) => m.name === row.name);
      return { name: row.name, executedAt: row.executed_at, known: !!entry, undoable: !!entry && canUndo(entry) };
    }),
    pending: pending.map((m) => m.name),
  };
}

/** Names of the listed migrations the database has not applied. */
export async function pendingMigrations(orm: MikroORM): Promise<string[]> {
  return (await orm.getMigrator().getPendingMigrations()).map((m) => m.name);
}

/** A refusal that changed nothing: the operator's request cannot be carried out as asked. */
export class MigrationRefused extends Error {}

/** Start-up with `MIGRATE_ON_START=false` on a database that lacks migrations this code needs. */
export class PendingMigrationsError extends Error {
  constructor(readonly pending: string[]) {
    super(
      `The database lacks ${pending.length} migration(s) this code needs: ${pending.join(', ')}. ` +
        'Run the migration step first (npm run migrate, or npm run migrate:prod from the build), or set MIGRATE_ON_START=true.',
    );
  }
}

/**
 * Undoes the last applied migration, or (`to`) every migration applied after `to`, so that `to`
 * is the last one applied; all in one transaction. Refuses, changing nothing, when one of them
 * has no `down()` or is not known to this build. Returns the undone names, newest first.
 */
export async function undoMigrations(orm: MikroORM, parts: OrmParts, to?: string): Promise<string[]> {
  const { applied } = await migrationStatus(orm, parts);
  let targets: AppliedMigration[];
  if (to) {
    const at = applied.findIndex((m) => m.name === to);
    if (at < 0) throw new MigrationRefused(`${to} is not an applied migration`);
    targets = applied.slice(at + 1);
  } else {
    targets = applied.slice(-1);
  }
  targets.reverse();
  if (!targets.length) return [];
  const unknown = targets.filter((m) => !m.known).map((m) => m.name);
  if (unknown.length) throw new MigrationRefused(`Not undone: ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not known to this build (run down from the release that added it).`);
  const oneWay = targets.filter((m) => !m.undoable).map((m) => m.name);
  if (oneWay.length) {
    throw new MigrationRefused(`Not undone: ${oneWay.join(', ')} cannot be undone (no down()). Fix forward with a new migration instead.`);
  }
  const names = targets.map((m) => m.name);
  await orm.getMigrator().down({ migrations: names });
  return names;
}
