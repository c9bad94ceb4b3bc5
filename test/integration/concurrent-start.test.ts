import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ALL_MODULES } from '../../modules';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { migrationChain } from '../../src/db/orm';
import { selectModules } from '../../src/kernel/registry';

/**
 * Three instances start at once on a database that does not exist yet. The migration step runs
 * under a PostgreSQL advisory lock (the lock lives in the database, so three `createApp` in one
 * process take turns exactly as three processes would): the first creates the schema, the
 * reference data and the demo data, the others wait and find nothing left to do.
 */

const adminUrl = process.env.ONEDOOR_TEST_ADMIN_URL!;
// Under the template's name, so that the global teardown drops it whatever happens here.
const name = `${process.env.ONEDOOR_TEST_TEMPLATE}_concurrent_${randomUUID().slice(0, 8)}`;
const dbUrl = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();

interface Instance {
  app: App;
  messages: string[];
  logLines: string[];
}

const instances: Instance[] = [];
let pg: Client;

async function start(): Promise<Instance> {
  const messages: string[] = [];
  const logLines: string[] = [];
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    DEMO_SEED: 'true',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    DB_POOL_MAX: '3',
    DB_POOL_ACQUIRE_TIMEOUT_MS: '10000',
    DB_LOCK_TIMEOUT_MS: '10000',
    JOBS: 'false',
  });
  // Every JSON line, and its message text apart for the assertions below.
  const app = await createApp(config, ALL_MODULES, {
    logDestination: {
      write: (line: string) => {
        logLines.push(line);
        messages.push(JSON.parse(line).msg);
      },
    },
  });
  const instance = { app, messages, logLines };
  instances.push(instance);
  return instance;
}

beforeAll(async () => {
  const [first, second, third] = await Promise.allSettled([start(), start(), start()]);
  for (const r of [first, second, third]) if (r.status === 'rejected') throw r.reason;
  pg = new Client({ connectionString: dbUrl });
  await pg.connect();
}, 180_000);

afterAll(async () => {
  await pg?.end();
  for (const i of instances) await i.app.stop();
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.end();
});

const rows = async <T = Record<string, unknown>>(sql: string): Promise<T[]> => (await pg.query(sql)).rows as T[];

describe('three instances starting together on an empty database', () => {
  it('all come up and answer over HTTP', async () => {
    expect(instances).toHaveLength(3);
    for (const { app } of instances) {
      const url = app.server.url.replace('localhost', '127.0.0.1');
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ procedures(first: 1) { edges { node { code } } } }' }) });
      const body = (await res.json()) as { data?: { procedures: { edges: unknown[] } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      expect(body.data!.procedures.edges).toHaveLength(1);
      expect((await fetch(url.replace(/\/graphql$/, '/readyz'))).status).toBe(200);
    }
  });

  it('ran each migration exactly once, by one instance', async () => {
    const applied = await rows<{ name: string; n: number }>('select name, count(*)::int as n from mikro_orm_migrations group by name order by name');
    const chain = migrationChain(selectModules(ALL_MODULES)).map((m) => m.name);
    expect(applied.map((r) => r.name)).toEqual([...chain].sort());
    expect(applied.every((r) => r.n === 1)).toBe(true);
    const migrators = instances.filter((i) => i.messages.some((m) => m.startsWith('Applied migrations:')));
    expect(migrators).toHaveLength(1);
  });

  it('left the reference data and the demo data unduplicated', async () => {
    const twice = await rows(`
      select 'agency' as t, code as k from agency group by code having count(*) > 1
      union all select 'admin_unit', code || '@' || valid_from from admin_unit group by code, valid_from having count(*) > 1
      union all select 'procedure', code from procedure group by code having count(*) > 1
      union all select 'account', username from account group by username having count(*) > 1`);
    expect(twice).toEqual([]);
    expect((await rows<{ n: number }>('select count(*)::int as n from procedure'))[0].n).toBeGreaterThan(0);
    const seeders = instances.filter((i) => i.messages.some((m) => m.startsWith('Seeded ')));
    expect(seeders).toHaveLength(1);
    const [{ n }] = await rows<{ n: number }>('select count(*)::int as n from dossier');
    expect(n).toBe(Number(/Seeded (\d+) demo dossiers/.exec(seeders[0].messages.find((m) => m.startsWith('Seeded '))!)![1]));
  });

  it('logged no error on any instance', async () => {
    for (const i of instances) {
      expect(i.logLines.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
      expect(i.messages.filter((m) => /fail|error/i.test(m))).toEqual([]);
    }
  });
});
