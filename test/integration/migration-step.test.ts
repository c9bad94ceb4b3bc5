import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Migration } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { ALL_MODULES } from '../../modules';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { ensureDatabase } from '../../src/db/ensure-database';
import { canUndo, MIGRATION_LOCK_KEY, migrationStatus, MigrationRefused, undoMigrations } from '../../src/db/migrator';
import { migrate, migrationChain, openOrm, OrmParts } from '../../src/db/orm';
import { ormParts } from '../../src/kernel/entities';
import { selectModules } from '../../src/kernel/registry';
import { createLoginRoleSql } from '../support/harness';
import { withAdminClient } from '../support/admin';

/**
 * The migration step as an operator runs it (`npm run migrate` in a child process), what start
 * does with MIGRATE_ON_START off, undoing migrations, and creating the database only when it is
 * missing.
 */

const adminUrl = process.env.ONEDOOR_TEST_ADMIN_URL!;
const template = process.env.ONEDOOR_TEST_TEMPLATE!;
const created: string[] = [];

/** A database name the global teardown drops whatever happens here. */
function databaseName(): string {
  const name = `${template}_step_${randomUUID().slice(0, 8)}`;
  created.push(name);
  return name;
}

function urlOf(name: string, user?: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  if (user) u.username = user;
  return u.toString();
}

const admin = <T>(work: (c: Client) => Promise<T>, url = adminUrl): Promise<T> => withAdminClient(work, url);

const cloneTemplate = async (): Promise<string> => {
  const name = databaseName();
  await admin((c) => c.query(`create database "${name}" template "${template}"`));
  return name;
};

afterAll(async () => {
  await admin(async (c) => {
    for (const name of created) await c.query(`drop database if exists "${name}" with (force)`);
  });
});

const baseEnv = (url: string): Record<string, string> => ({
  NODE_ENV: 'test',
  DATABASE_URL: url,
  HOST: '127.0.0.1',
  PORT: '0',
  DEMO_SEED: 'false',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  DB_POOL_MAX: '2',
  JOBS: 'false',
});

/** `npm run migrate -- …args` as an operator runs it. */
function migrateCli(url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return migrateCliWith({}, url, ...args);
}

function migrateCliWith(env: Record<string, string>, url: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '../../scripts/migrate.ts'), ...args], {
      cwd: path.join(__dirname, '../..'),
      env: { ...process.env, ...baseEnv(url), ...env },
    }, (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout, err: stderr }));
  });
}

const ALL_PARTS = ormParts(selectModules(ALL_MODULES));
const ENTRIES = migrationChain(ALL_PARTS);
const CHAIN = ENTRIES.map((m) => m.name);
const LAST = CHAIN[CHAIN.length - 1];
/** The newest migration without a down(), and the one before it (later ones may be undoable). */
const LAST_ONE_WAY = [...ENTRIES].reverse().find((m) => !canUndo(m))!.name;
const BEFORE_LAST_ONE_WAY = CHAIN[CHAIN.indexOf(LAST_ONE_WAY) - 1];

describe('npm run migrate', () => {
  let url: string;
  beforeAll(async () => {
    url = urlOf(databaseName()); // not created: the command creates it, as a start would
  });

  it('status on an empty database lists every migration as pending and exits 3', async () => {
    const r = await migrateCli(url, 'status');
    expect(r.code).toBe(3);
    expect(r.out).toContain('Applied (0):');
    expect(r.out).toContain(`Pending (${CHAIN.length}):`);
    for (const name of CHAIN) expect(r.out).toContain(`  ${name}`);
  });

  it('up waits for the lock another session holds, then applies everything once', async () => {
    await admin(async (holder) => {
      await holder.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const running = migrateCli(url, 'up');
      // Released once the command says it waits (it waits in PostgreSQL, so this cannot race it).
      for (;;) {
        const [{ n }] = (await holder.query(`select count(*)::int as n from pg_locks l join pg_stat_activity a using (pid)
          where l.locktype = 'advisory' and not l.granted and a.application_name = 'onedoor-migrate' and a.datname = current_database()`)).rows;
        if (n) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await holder.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      const r = await running;
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toContain('Waiting for the migration lock');
      expect(r.out).toContain(`Up to date: ${CHAIN.length} migrations applied`);
    }, url);
    const rows = await admin((c) => c.query('select name from mikro_orm_migrations order by name'), url);
    expect(rows.rows.map((r) => r.name)).toEqual([...CHAIN].sort());
    const procedures = await admin((c) => c.query('select count(*)::int as n from procedure'), url);
    expect(procedures.rows[0].n).toBeGreaterThan(0);
  });

  it('status afterwards exits 0 with nothing pending and says which can be undone', async () => {
    const r = await migrateCli(url, 'status');
    expect(r.code).toBe(0);
    expect(r.out).toContain(`Applied (${CHAIN.length}):`);
    expect(r.out).toContain('Pending (0): none');
    expect(r.out).toMatch(/Migration20261207020000RateLimits {2}\(can be undone\)/);
    expect(r.out).toMatch(new RegExp(`${LAST_ONE_WAY} {2}\\(one-way\\)`));
  });

  it('down refuses, changing nothing, where the migration has no down()', async () => {
    const r = await migrateCli(url, 'down', '--to', BEFORE_LAST_ONE_WAY);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Refused: Not undone: ${LAST_ONE_WAY} cannot be undone (no down()). Fix forward with a new migration instead.`);
    const rows = await admin((c) => c.query('select count(*)::int as n from mikro_orm_migrations'), url);
    expect(rows.rows[0].n).toBe(CHAIN.length);
  });

  it('a wrong command prints the usage and exits 2', async () => {
    const r = await migrateCli(url, 'sideways');
    expect(r.code).toBe(2);
    expect(r.err).toContain('Usage: npm run migrate');
  });
});

describe('npm run migrate under a statement_timeout set in the database (the README sets one on the role behind PgBouncer)', () => {
  // Behind PgBouncer the start-up parameters are dropped: the step runs on DATABASE_DIRECT_URL (this role tells which URL a session used).
  const directRole = `onedoor_step_direct_${randomUUID().slice(0, 8)}`;
  // The migrations the role applies create objects it then owns (tables, types): its database goes first.
  let directDatabase: string | undefined;
  afterAll(async () => {
    if (directDatabase) await admin((c) => c.query(`drop database if exists "${directDatabase}" with (force)`));
    await admin((c) => c.query(`drop role if exists "${directRole}"`));
  });

  it('lets a migration wait for its lock as long as it must (the step has no statement timeout, "0 = none"), on DATABASE_DIRECT_URL', async () => {
    // A migration that alters outbox_event (so it must wait for the table's lock): this test undoes
    // it and those after it, then applies them again.
    const altersOutbox = ENTRIES.find((m) => m.name === 'Migration20261207110000OutboxTraceContext')!;
    const after = ENTRIES.slice(ENTRIES.indexOf(altersOutbox));
    expect(after.every(canUndo)).toBe(true);
    const name = (directDatabase = await cloneTemplate());
    const url = urlOf(name);
    expect((await migrateCli(url, 'down', '--to', CHAIN[CHAIN.indexOf(altersOutbox.name) - 1])).code).toBe(0);
    await admin((c) => c.query(`alter database "${name}" set statement_timeout = '300ms'`));
    await admin((c) => c.query(createLoginRoleSql(directRole)));
    // The first pending migration alters outbox_event: it waits behind a transaction reading the table.
    await admin(async (holder) => {
      await holder.query('begin');
      await holder.query('lock table outbox_event in access share mode');
      const running = migrateCliWith({ DB_LOCK_TIMEOUT_MS: '0', DATABASE_DIRECT_URL: urlOf(name, directRole) }, url, 'up');
      let exited = false;
      void running.then(() => (exited = true));
      let waiting: { usename: string } | undefined;
      try {
        while (!waiting && !exited) {
          // Inside a transaction pg_stat_activity is a snapshot taken once: cleared before each look.
          await holder.query('select pg_stat_clear_snapshot()');
          [waiting] = (await holder.query(`select usename from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'alter table "outbox_event"%'`)).rows;
          if (!waiting) await new Promise((resolve) => setTimeout(resolve, 50));
        }
        // Longer than the database's statement_timeout: a step bound by it would have failed by now.
        await new Promise((resolve) => setTimeout(resolve, 1000));
      } finally {
        await holder.query('rollback');
      }
      const r = await running;
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(waiting?.usename).toBe(directRole);
      expect(r.out).toContain(`Up to date: ${CHAIN.length} migrations applied`);
    }, url);
  }, 60_000);
});

/** A migration that can be undone, and one that cannot, after the real chain. */
class Migration20991231000000OneWay extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "step_probe_one_way" ("id" int primary key)');
  }
}
class Migration20991231000100Undoable extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "step_probe_undoable" ("id" int primary key)');
  }
  override async down(): Promise<void> {
    this.addSql('drop table "step_probe_undoable"');
  }
}

describe('undoing migrations', () => {
  let orm: MikroORM;
  let parts: OrmParts;
  beforeAll(async () => {
    parts = {
      ...ALL_PARTS,
      migrations: [
        ...(ALL_PARTS.migrations ?? []),
        { name: 'Migration20991231000000OneWay', class: Migration20991231000000OneWay },
        { name: 'Migration20991231000100Undoable', class: Migration20991231000100Undoable },
      ],
    };
    orm = await openOrm(urlOf(await cloneTemplate()), parts, 2);
    expect(await migrate(orm)).toEqual(['Migration20991231000000OneWay', 'Migration20991231000100Undoable']);
  });
  afterAll(async () => {
    await orm?.close(true);
  });
  const tables = async () => (await orm.em.getConnection().execute<{ tablename: string }[]>(`select tablename from pg_tables where tablename like 'step_probe_%' order by 1`)).map((r) => r.tablename);

  it('down undoes the last migration when it has a down()', async () => {
    expect(await undoMigrations(orm, parts)).toEqual(['Migration20991231000100Undoable']);
    expect(await tables()).toEqual(['step_probe_one_way']);
    expect((await migrationStatus(orm, parts)).pending).toEqual(['Migration20991231000100Undoable']);
  });

  it('down refuses the next one, which has none, and changes nothing', async () => {
    await expect(undoMigrations(orm, parts)).rejects.toThrow(new MigrationRefused('Not undone: Migration20991231000000OneWay cannot be undone (no down()). Fix forward with a new migration instead.'));
    expect(await tables()).toEqual(['step_probe_one_way']);
  });

  it('down --to undoes exactly what was applied after the named migration', async () => {
    await migrate(orm);
    expect(await undoMigrations(orm, parts, 'Migration20991231000000OneWay')).toEqual(['Migration20991231000100Undoable']);
    expect(await tables()).toEqual(['step_probe_one_way']);
    expect(await undoMigrations(orm, parts, 'Migration20991231000000OneWay')).toEqual([]);
  });

  it('down --to refuses when anything in the way cannot be undone, naming it', async () => {
    await migrate(orm);
    await expect(undoMigrations(orm, parts, BEFORE_LAST_ONE_WAY)).rejects.toThrow(`Not undone: Migration20991231000000OneWay, ${LAST_ONE_WAY} cannot be undone`);
    expect(await tables()).toEqual(['step_probe_one_way', 'step_probe_undoable']);
    await expect(undoMigrations(orm, parts, 'Migration20000101000000Nope')).rejects.toThrow('Migration20000101000000Nope is not an applied migration');
  });
});

describe('MIGRATE_ON_START', () => {
  it('is on by default outside production and with the embedded database, off in production', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), PAYMENT_GATEWAY_URL: 'https://pay.example', PAYMENT_TMN_CODE: 'T', PAYMENT_HASH_SECRET: 's', PUBLIC_BASE_URL: 'https://onedoor.example' };
    expect(loadConfig({ NODE_ENV: 'development', DATABASE_URL: adminUrl }).migrateOnStart).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_URL: adminUrl }).migrateOnStart).toBe(true);
    expect(loadConfig({ ...prod, DATABASE_URL: adminUrl }).migrateOnStart).toBe(false);
    expect(loadConfig(prod).migrateOnStart).toBe(true);
    expect(loadConfig({ ...prod, DATABASE_URL: adminUrl, MIGRATE_ON_START: 'true' }).migrateOnStart).toBe(true);
  });

  it('off: start refuses a database with pending migrations, naming them and the command, and changes nothing', async () => {
    const url = urlOf(await cloneTemplate());
    await admin((c) => c.query('delete from mikro_orm_migrations where name = $1', [LAST]), url);
    const config = loadConfig({ ...baseEnv(url), MIGRATE_ON_START: 'false' });
    await expect(createApp(config, ALL_MODULES, { logDestination: { write: () => undefined } })).rejects.toThrow(
      `The database lacks 1 migration(s) this code needs: ${LAST}. Run the migration step first (npm run migrate, or npm run migrate:prod from the build), or set MIGRATE_ON_START=true.`,
    );
    const rows = await admin((c) => c.query('select count(*)::int as n from mikro_orm_migrations where name = $1', [LAST]), url);
    expect(rows.rows[0].n).toBe(0);
  });

  it('off: start on an up-to-date database serves', async () => {
    const config = loadConfig({ ...baseEnv(urlOf(await cloneTemplate())), MIGRATE_ON_START: 'false' });
    const app = await createApp(config, ALL_MODULES, { logDestination: { write: () => undefined } });
    try {
      expect((await fetch(app.server.url.replace('localhost', '127.0.0.1').replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    } finally {
      await app.stop();
    }
  });
});

describe('the target database is connected first', () => {
  // A role whose every connection to the maintenance database `postgres` fails at start-up
  // (a library that does not exist is preloaded there, for this role only).
  const role = `onedoor_nomaint_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    await admin(async (c) => {
      await c.query(createLoginRoleSql(role));
      await c.query(`alter role "${role}" in database postgres set local_preload_libraries = 'onedoor_no_such_library'`);
    });
  });
  afterAll(async () => {
    await admin((c) => c.query(`drop role if exists "${role}"`));
  });

  it('the role cannot connect to postgres (the check below can fail)', async () => {
    await expect(admin(() => Promise.resolve(), urlOf('postgres', role))).rejects.toThrow(/onedoor_no_such_library/);
  });

  it('a server starts on an existing database without connecting to postgres', async () => {
    const url = urlOf(await cloneTemplate(), role);
    expect(await ensureDatabase(url)).toBe('existed');
    const app = await createApp(loadConfig(baseEnv(url)), ALL_MODULES, { logDestination: { write: () => undefined } });
    try {
      expect((await fetch(app.server.url.replace('localhost', '127.0.0.1').replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    } finally {
      await app.stop();
    }
  });

  it('only a missing database sends it to postgres, to create it', async () => {
    const name = databaseName();
    await expect(ensureDatabase(urlOf(name, role))).rejects.toThrow(/onedoor_no_such_library/);
    expect(await ensureDatabase(urlOf(name))).toBe('created');
    expect(await ensureDatabase(urlOf(name))).toBe('existed');
    expect(await ensureDatabase(urlOf(name, role))).toBe('existed');
  });
});
