import { Client } from 'pg';
import type { ReadinessBody } from '../../src/server/readiness';
import { createLoginRoleSql, startTestApp, TestApp } from '../support/harness';

/**
 * `/readyz` tells the truth: 503 naming what is down (the database, the LISTEN connection, the
 * outbox relay) and `stopping` from the start of a graceful shutdown; ready again once the
 * dependency is back. `/healthz` stays a liveness check.
 */

let t: TestApp;
beforeAll(async () => {
  // Short sweeps, so that a failing relay is reported within max(3 sweeps, 2 s).
  t = await startTestApp({ env: { OUTBOX_RELAY_SWEEP_MS: '100', LISTENER_RECONNECT_MS: '50' } });
});
afterAll(async () => {
  if (t) await allowConnections(await currentDatabase(), true).catch(() => undefined);
  await t?.stop();
});

/** `ALTER DATABASE … ALLOW_CONNECTIONS` (from another database: PostgreSQL refuses it on the current one). */
async function allowConnections(db: string, allow: boolean): Promise<void> {
  const admin = new Client({ connectionString: process.env.ONEDOOR_TEST_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`alter database "${db}" allow_connections ${allow}`);
  } finally {
    await admin.end();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const currentDatabase = async () => (await t.sql<{ name: string }>('select current_database() as name'))[0].name;

async function readyz(app: TestApp = t): Promise<{ status: number; body: ReadinessBody }> {
  const res = await fetch(app.url.replace(/\/graphql$/, '/readyz'));
  return { status: res.status, body: (await res.json()) as ReadinessBody };
}

/** Asks /readyz until `until` holds (each answer is a real one; the test's timeout bounds the wait). */
async function readyzUntil(until: (r: { status: number; body: ReadinessBody }) => boolean, app: TestApp = t): Promise<{ status: number; body: ReadinessBody }> {
  for (;;) {
    const r = await readyz(app);
    if (until(r)) return r;
    await sleep(50);
  }
}

// The test clock (23/11/2026) is 38 days before the last confirmed holiday year ends: ready, with
// the calendar's warning (issue 19, defect 10; test/integration/calendar-horizon.test.ts).
const HORIZON_WARNING = [expect.stringContaining('confirmed through 2026-12-31 only')];
const READY = { status: 200, body: { status: 'ready', checks: { database: 'ok', listener: 'ok', relay: 'ok' }, modules: expect.any(Array), warnings: HORIZON_WARNING } };

describe('/readyz', () => {
  it('answers 200 ready with every check ok', async () => {
    expect(await readyz()).toEqual(READY);
  });

  it('answers 503 naming the listener while the LISTEN connection is down, ready again after it reconnects', async () => {
    const db = await currentDatabase();
    const listener = t.app.services.realtime.listener;
    const oldPid = listener.pid;
    // New connections are refused, so the listener stays down while we look.
    await allowConnections(db, false);
    try {
      const [{ n }] = await t.sql<{ n: number }>(`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where application_name = 'onedoor-listener' and datname = $1`, [db]);
      expect(n).toBe(1);
      const down = await readyzUntil((r) => r.status !== 200);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('not ready');
      expect(down.body.checks?.listener).toBe('down');
    } finally {
      await allowConnections(db, true);
    }
    expect(await readyzUntil((r) => r.status === 200)).toEqual(READY);
    expect(listener.pid).not.toBe(oldPid);
  });

  it('answers 503 naming the relay while its batches fail, ready again once they succeed', async () => {
    await t.settled();
    // Publishing is an UPDATE of outbox_event: refused, every batch fails (and rolls back).
    await t.sql(`create function readyz_refuse_publish() returns trigger language plpgsql as $$ begin raise exception 'publishing refused by the test'; end $$`);
    await t.sql(`create trigger readyz_refuse_publish before update on outbox_event for each row execute function readyz_refuse_publish()`);
    try {
      await t.sql(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at) values ('Test', 'readyz', 'ReadinessProbe', '{}', now())`);
      const down = await readyzUntil((r) => r.status !== 200);
      expect(down).toEqual({ status: 503, body: { status: 'not ready', checks: { database: 'ok', listener: 'ok', relay: 'down' }, modules: expect.any(Array), warnings: HORIZON_WARNING } });
      expect((await t.sql(`select published_at from outbox_event where type = 'ReadinessProbe'`))[0].published_at).toBeNull();
    } finally {
      await t.sql('drop trigger readyz_refuse_publish on outbox_event');
      await t.sql('drop function readyz_refuse_publish()');
    }
    expect(await readyzUntil((r) => r.status === 200)).toEqual(READY);
    expect((await t.sql(`select published_at from outbox_event where type = 'ReadinessProbe'`))[0].published_at).not.toBeNull();
  });

  it('bounds the database check: with every pool connection taken it answers 503 database timeout, not after the acquire timeout', async () => {
    const knex = t.app.services.orm.em.getConnection().getKnex();
    const held = await Promise.all(Array.from({ length: t.app.services.config.poolMax }, () => knex.client.acquireConnection()));
    try {
      const r = await readyz();
      expect(r.status).toBe(503);
      expect(r.body.checks?.database).toBe('timeout');
    } finally {
      for (const c of held) await knex.client.releaseConnection(c);
    }
    expect(await readyzUntil((r) => r.status === 200)).toEqual(READY);
  });

  it('a flood of /readyz asks the pool for one connection at a time, not one per request (anonymous callers cannot queue the pool)', async () => {
    const knex = t.app.services.orm.em.getConnection().getKnex();
    const pool = knex.client.pool as { numPendingAcquires(): number };
    const held = await Promise.all(Array.from({ length: t.app.services.config.poolMax }, () => knex.client.acquireConnection()));
    try {
      const answers = await Promise.all(Array.from({ length: 40 }, () => readyz()));
      expect(answers.map((r) => r.body.checks?.database)).toEqual(Array(40).fill('timeout'));
      // Each answer gave up waiting, but a probe's acquire stays queued until the pool's own
      // timeout: one per request would be 40 here. The relay's sweeps may wait beside the one probe.
      expect(pool.numPendingAcquires()).toBeLessThan(10);
    } finally {
      for (const c of held) await knex.client.releaseConnection(c);
    }
    expect(await readyzUntil((r) => r.status === 200)).toEqual(READY);
  });

  describe('an instance without a relay, shutting down gracefully', () => {
    let b: TestApp;
    beforeAll(async () => {
      b = await startTestApp({ sameDatabaseAs: t, env: { OUTBOX_RELAY: 'false', SHUTDOWN_DRAIN_DELAY_MS: '3000' } });
    });

    it('reports its relay off, which does not count', async () => {
      expect(await readyz(b)).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', listener: 'ok', relay: 'off' }, modules: expect.any(Array), warnings: HORIZON_WARNING } });
    });

    it('answers 503 stopping from the start of the shutdown while still serving requests, then stops', async () => {
      const stopping = b.stop(); // the harness's own connection, then app.stop()
      // Ready until app.stop() begins; then stopping for the 3 s drain delay, while requests are still served.
      expect(await readyzUntil((r) => r.status !== 200, b)).toEqual({ status: 503, body: { status: 'stopping', modules: expect.any(Array) } });
      const res = await fetch(b.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { data: unknown }).data).toEqual({ __typename: 'Query' });
      await stopping;
      await expect(fetch(b.url.replace(/\/graphql$/, '/healthz'))).rejects.toThrow();
    });
  });

  it('answers 503 naming the database when it cannot be reached; /healthz stays 200', async () => {
    const db = await currentDatabase();
    await allowConnections(db, false);
    try {
      // Every connection of the server to its database goes (ours stays to restore it).
      await t.sql(`select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`, [db]);
      const down = await readyzUntil((r) => r.status !== 200 && r.body.checks?.database !== 'ok');
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('not ready');
      expect(['down', 'timeout']).toContain(down.body.checks?.database);
      expect((await fetch(t.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
    } finally {
      await allowConnections(db, true);
    }
    expect(await readyzUntil((r) => r.status === 200)).toEqual(READY);
  });
});

describe('DATABASE_DIRECT_URL (behind a transaction-pooling PgBouncer)', () => {
  // Another role for the direct URL, so that pg_stat_activity tells which connection used which URL.
  const role = `onedoor_direct_${Math.random().toString(36).slice(2, 10)}`;
  let b: TestApp | undefined;
  afterAll(async () => {
    await b?.stop();
    await t.sql(`drop role if exists "${role}"`);
  });

  it('carries the LISTEN connection, while requests use DATABASE_URL', async () => {
    await t.sql(createLoginRoleSql(role));
    const direct = new URL(t.dbUrl);
    direct.username = role;
    b = await startTestApp({ sameDatabaseAs: t, env: { DATABASE_DIRECT_URL: direct.toString() } });
    expect(await readyz(b)).toEqual(READY);
    const [listener] = await t.sql<{ usename: string; application_name: string }>('select usename, application_name from pg_stat_activity where pid = $1', [b.app.services.realtime.listener.pid]);
    expect(listener).toEqual({ usename: role, application_name: 'onedoor-listener' });
    const [request] = (await b.login('admin'), await t.sql<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and usename = $1 and application_name <> 'onedoor-listener'`, [role]));
    expect(request.n).toBe(0); // the sign-in read the account through the pool, on DATABASE_URL's role
  });
});
