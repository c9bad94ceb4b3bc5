import { BENCH_PRODUCTION_ENV } from './production-env';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { landDemoFormData } from '../modules/land/seed';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createClient, Client } from 'graphql-ws';
import { Client as Pg } from 'pg';
import WebSocket from 'ws';
import { BENCH_ADMIN_URL, benchDbUrl } from './bench-config';

/**
 * Real-time delivery benchmark (run by hand, not a test):
 *
 *   npm run bench:realtime [-- --subscribers=1000 --transitions=1000 --concurrency=10 --no-build --no-write]
 *
 * Builds, creates a fresh database `onedoor_bench_rt`, starts two server processes on it
 * (instance A seeds the demo data), receives one dossier per subscriber, opens the WebSocket
 * subscribers split across the two instances (each follows its own dossier with
 * `dossierStatusChanged`), then performs the transitions, each through the instance its
 * subscriber is NOT connected to, so every event crosses PostgreSQL LISTEN/NOTIFY.
 *
 * Latency is measured from the moment the mutation's HTTP response arrived (the transaction
 * had committed by then: a lower bound of commit-to-client) and from the moment it was sent
 * (an upper bound). Lost = transitions whose event never arrived within 30 s.
 */

const ROOT = path.resolve(__dirname, '..');
const DB = 'onedoor_bench_rt';
const PORTS = [4601, 4602];
const PASSWORD = 'onedoor-demo';
const args = process.argv.slice(2);
const option = (name: string, fallback: number) => Number(args.find((x) => x.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const flag = (name: string) => args.includes(`--${name}`);
const SUBSCRIBERS = option('subscribers', 1000);
const TRANSITIONS = option('transitions', SUBSCRIBERS);
const CONCURRENCY = option('concurrency', 10);
const url = (i: number) => `http://127.0.0.1:${PORTS[i]}/graphql`;

async function gql(i: number, token: string | null, query: string, variables?: Record<string, unknown>): Promise<any> {
  const res = await fetch(url(i), { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const json = (await res.json()) as any;
  if (json.errors) throw new Error(JSON.stringify(json.errors));
  return json.data;
}

async function login(username: string): Promise<string> {
  const d = await gql(0, null, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on LoginSuccess { token } } }', { u: username, p: PASSWORD });
  return d.login.token;
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

function startServer(i: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_PRODUCTION_ENV, DATABASE_URL: benchDbUrl(BENCH_ADMIN_URL, DB), PORT: String(PORTS[i]), HOST: '127.0.0.1', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${PORTS[i]}/readyz`)).ok) return resolve(child);
      } catch {
        // not yet
      }
      if (Date.now() - started > 120_000 || child.exitCode !== null) return reject(new Error(`instance ${i} did not start`));
      setTimeout(poll, 250);
    };
    void poll();
  });
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN;
};

async function pool<T>(items: T[], n: number, f: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i], i);
    }
  }));
}

async function main(): Promise<void> {
  if (!flag('no-build')) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const admin = new Pg({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  await admin.end();

  const servers: ChildProcess[] = [];
  const clients: Client[] = [];
  try {
    servers.push(await startServer(0, { DEMO_SEED: 'true' }));
    servers.push(await startServer(1, { DEMO_SEED: 'false' }));
    const reception = await login('landreg.reception');
    const leader = await login('landreg.leader');

    console.log(`Receiving ${SUBSCRIBERS} dossiers …`);
    const dossiers: { id: string; version: number }[] = [];
    await pool(Array.from({ length: SUBSCRIBERS }), CONCURRENCY, async (_x, i) => {
      const d = await gql(i % 2, reception, `mutation($i: ReceiveDossierInput!) { receiveDossier(input: $i) { __typename ... on DossierPayload { dossier { id version } } } }`, {
        i: { procedureCode: '1.011543', formData: landDemoFormData('1.011543', i + 100), channel: 'COUNTER', applicant: { kind: 'PERSON', name: 'Nguyễn Văn An', idNumber: '068085001234' } },
      });
      dossiers[i] = d.receiveDossier.dossier;
    });
    const rssBefore = servers.map((s) => rssMiB(s.pid!));

    console.log(`Opening ${SUBSCRIBERS} subscribers across 2 instances …`);
    const received = new Map<string, number>();
    let duplicates = 0;
    const subscribedAt = Date.now();
    await pool(dossiers, 50, async (d, i) => {
      const client = createClient({ url: url(i % 2).replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${leader}` }, retryAttempts: 0 });
      clients.push(client);
      await new Promise<void>((resolve, reject) => {
        let acked = false;
        client.on('connected', () => {
          acked = true;
          setTimeout(resolve, 5); // the subscribe message follows the ack on the same socket
        });
        client.subscribe({ query: 'subscription($f: DossierStatusFilter) { dossierStatusChanged(filter: $f) { eventId action dossier { id version } } }', variables: { f: { dossierId: d.id } } }, {
          next: (r: any) => {
            const id = r.data?.dossierStatusChanged?.dossier?.id;
            if (!id) return;
            if (received.has(id)) duplicates++;
            else received.set(id, performance.now());
          },
          error: (e) => (acked ? console.error('subscription error', e) : reject(e)),
          complete: () => undefined,
        });
      });
    });
    await new Promise((r) => setTimeout(r, 1000));
    const rssSubscribed = servers.map((s) => rssMiB(s.pid!));
    console.log(`Subscribed in ${((Date.now() - subscribedAt) / 1000).toFixed(1)} s. Performing ${TRANSITIONS} transitions …`);

    const sentAt = new Map<string, number>();
    const committedAt = new Map<string, number>();
    const peak = [...rssSubscribed];
    const sampler = setInterval(() => servers.forEach((s, i) => (peak[i] = Math.max(peak[i], rssMiB(s.pid!)))), 100);
    const staff = await gql(0, leader, '{ accounts(agencyCode: "000.13.01.H37") { id username } }');
    const specialist: string = staff.accounts.find((n: any) => n.username === 'landreg.specialist').id;
    const started = performance.now();
    await pool(dossiers.slice(0, TRANSITIONS), CONCURRENCY, async (d, i) => {
      // Through the other instance than the subscriber's.
      const via = (i + 1) % 2;
      sentAt.set(d.id, performance.now());
      const input = { dossierId: d.id, expectedVersion: d.version, action: 'assign', assigneeId: specialist };
      const r = await gql(via, reception, 'mutation($i: PerformDossierActionInput!) { performDossierAction(input: $i) { __typename } }', { i: input });
      committedAt.set(d.id, performance.now());
      if (r.performDossierAction.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    });
    const elapsed = (performance.now() - started) / 1000;
    const deadline = Date.now() + 30_000;
    while (received.size < TRANSITIONS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    clearInterval(sampler);

    const fromCommit: number[] = [];
    const fromSend: number[] = [];
    for (const [id, t] of received) {
      if (committedAt.has(id)) fromCommit.push(t - committedAt.get(id)!);
      if (sentAt.has(id)) fromSend.push(t - sentAt.get(id)!);
    }
    const lost = TRANSITIONS - [...received.keys()].filter((id) => committedAt.has(id)).length;
    const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;
    const lines = [
      `Date: ${new Date().toISOString()}; machine: ${require('node:os').cpus().length} cores; load generator in the same machine.`,
      `Subscribers: ${SUBSCRIBERS} (half on each of 2 instances), transitions: ${TRANSITIONS} (each through the other instance), concurrency ${CONCURRENCY}: ${(TRANSITIONS / elapsed).toFixed(0)} transitions/s.`,
      `Latency from the mutation response (commit done) to the client: ${fmt(fromCommit)}.`,
      `Latency from the mutation request to the client: ${fmt(fromSend)}.`,
      `Events lost: ${lost}; duplicates: ${duplicates}.`,
      `Server RSS (MiB) A / B: before subscribers ${rssBefore.join(' / ')}, with subscribers ${rssSubscribed.join(' / ')}, peak during the run ${peak.join(' / ')}.`,
    ];
    console.log(lines.join('\n'));
    if (!flag('no-write')) {
      const file = path.join(ROOT, 'bench/RESULTS.md');
      const text = readFileSync(file, 'utf8');
      const block = `<!-- realtime:start -->\n${lines.map((l) => `- ${l}`).join('\n')}\n<!-- realtime:end -->`;
      writeFileSync(file, text.includes('<!-- realtime:start -->') ? text.replace(/<!-- realtime:start -->[\s\S]*<!-- realtime:end -->/, block) : `${text.trimEnd()}\n\n## Real-time delivery (\`npm run bench:realtime\`)\n\n${block}\n`);
    }
    if (lost) process.exitCode = 1;
  } finally {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once('exit', r)))));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
