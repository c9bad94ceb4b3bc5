import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Client } from 'pg';
import { freePort, spawnServer, withAdminClient } from '../support/admin';
import { sleep } from '../support/ws';

/**
 * `WORKERS=2` as production runs it (`src/main.ts`, a real cluster): the workers share the main
 * port, and the primary's METRICS_PORT answers with the sum over both workers.
 */

const POOL = 3;
let proc: ChildProcess | undefined;
let dbName: string;

function sampleValue(text: string, name: string, labels: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `) || (labels === '' && l.startsWith(`${name} `)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
  if (dbName) await withAdminClient((c) => c.query(`drop database if exists "${dbName}" with (force)`));
});

it('the primary serves METRICS_PORT with the metrics of every worker, summed', async () => {
  dbName = `${process.env.ONEDOOR_TEST_TEMPLATE}_${randomUUID().slice(0, 8)}`;
  await withAdminClient((c) => c.query(`create database "${dbName}" template "${process.env.ONEDOOR_TEST_TEMPLATE}"`));
  const url = new URL(process.env.ONEDOOR_TEST_ADMIN_URL!);
  url.pathname = `/${dbName}`;
  // Two events no relay publishes (OUTBOX_RELAY=false): each worker counts the same two.
  const db = new Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at) values ('Test', '1', 'ClusterProbe', '{}', now()), ('Test', '2', 'ClusterProbe', '{}', now())`);
  } finally {
    await db.end();
  }
  const [port, metricsPort] = [await freePort(), await freePort()];
  const server = spawnServer({
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      HOST: '127.0.0.1',
      PORT: String(port),
      WORKERS: '2',
      METRICS_PORT: String(metricsPort),
      DB_POOL_MAX: String(POOL),
      DEMO_SEED: 'false',
      JOBS: 'false',
      OUTBOX_RELAY: 'false',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
  });
  proc = server.proc;
  const output = server.output;

  // Ready when both workers answer the primary: their pools add up.
  const scrapeUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const deadline = Date.now() + 90_000;
  let text = '';
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${output()}`);
    const res = await fetch(scrapeUrl).catch(() => undefined);
    text = res?.status === 200 ? await res.text() : '';
    if (sampleValue(text, 'onedoor_db_pool_max_connections', 'pool="main"') === 2 * POOL) break;
    if (Date.now() > deadline) throw new Error(`the workers never both reported:\n${text.slice(0, 2000)}\n${output()}`);
    await sleep(200);
  }
  const before = sampleValue(text, 'onedoor_graphql_operation_duration_seconds_count', 'operation="ClusterProbe",outcome="ok"') ?? 0;

  // New connections each time, so that both workers get some of them.
  const n = 20;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ query: 'query ClusterProbe { __typename }' }),
    });
    expect(res.status).toBe(200);
  }
  const after = await (await fetch(scrapeUrl)).text();
  expect(sampleValue(after, 'onedoor_graphql_operation_duration_seconds_count', 'operation="ClusterProbe",outcome="ok"')).toBe(before + n);
  expect(sampleValue(after, 'nodejs_eventloop_lag_seconds', '')).toBeGreaterThanOrEqual(0);
  // Read from one database by each worker: the largest, not the sum.
  expect(sampleValue(after, 'onedoor_outbox_unpublished_events', '')).toBe(2);
  // The main port has no /metrics of its own here (a port of its own is configured).
  expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

  proc.kill('SIGTERM');
  const [code] = await once(proc, 'exit');
  expect(code).toBe(0);
}, 150_000);
