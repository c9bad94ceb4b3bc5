import { BENCH_PRODUCTION_ENV } from './production-env';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { BENCH_ADMIN_URL, BENCH_AGENCY, BENCH_ANALYST, BENCH_DB, BENCH_DOSSIERS, BENCH_OFFICER, benchDbUrl } from './bench-config';
import { procStatus, resetPeak } from './proc-status';

/**
 * The dossier inbox benchmark: the production build against 100,000 dossiers.
 *
 *   npm run bench [-- --no-build --seed --duration=15 --connections=10 --warmup=3 --wait-quiet=120 --cpu-prof --no-write --root=<checkout>]
 *
 * Seeds `onedoor_bench` when it is missing (bench/seed-bench-data.ts), builds, starts
 * `node dist/src/main.js` as a child process, logs in as an officer of the land registration
 * office and as an analyst, checks one response, then runs autocannon against POST /graphql
 * for each and writes the figures to bench/RESULTS.md (between the bench markers).
 */

const ROOT = path.resolve(__dirname, '..');
const PORT = 4591;
const URL_GRAPHQL = `http://127.0.0.1:${PORT}/graphql`;
const PASSWORD = 'onedoor-demo'; // DEMO_PASSWORD of src/kernel/demo-staff.ts (not imported: it pulls the ORM in)
const TARGET = { rps: 340, p99: 100 };

const INBOX_QUERY =
  'query DossierInbox { dossiers(first: 50) { edges { node { id code submittedAt dueAt state { key label } nationalStatus { code name } applicant { name } procedure { code name } holdingAgency { code name } history(last: 5) { action actorName at note } } } pageInfo { hasNextPage endCursor } } }';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
/** Another checkout whose build to start (A/B experiments on a patched copy); this one by default. */
const APP_ROOT = path.resolve(args.find((x) => x.startsWith('--root='))?.slice('--root='.length) ?? ROOT);
const DURATION = option('duration', 15);
const CONNECTIONS = option('connections', 10);
const WARMUP = option('warmup', 3);

interface RunFigures {
  who: string;
  requestsPerSecond: number;
  total: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
  sqlStatements: number;
  responseBytes: number;
  peakRssMiB: number;
  serverCpuPercent: number;
  postgresCpuPercent: number;
  loadGeneratorCpuPercent: number;
  machineCpuPercent: number;
  /** CPU used by everything else on the machine during the run (100 % = one core). */
  otherCpuPercent: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function dossierCount(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    const { rows } = await c.query('select count(*)::int as n from dossier');
    return rows[0].n;
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** User + system CPU ticks of one process. */
function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** CPU ticks of the PostgreSQL backends serving the benchmark database. */
function postgresTicks(): number {
  let sum = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${BENCH_DB} `)) continue;
      sum += processTicks(Number(pid));
    } catch {
      /* gone */
    }
  }
  return sum;
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = cpu[3] + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

async function graphql(token: string | null, query: string, variables?: Record<string, unknown>, url = URL_GRAPHQL): Promise<{ status: number; text: string; json: any }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) };
}

async function login(username: string, url = URL_GRAPHQL): Promise<string> {
  const r = await graphql(
    null,
    'mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on LoginSuccess { token } } }',
    { u: username, p: PASSWORD },
    url,
  );
  const token = r.json?.data?.login?.token;
  if (!token) throw new Error(`login ${username} failed: ${r.text}`);
  return token;
}

/**
 * SQL statements of one inbox request per caller. Production answers carry no statement counts
 * (EXPOSE_SQL_STATEMENT_COUNT is refused under NODE_ENV=production), so the same build runs
 * briefly with NODE_ENV=test (which reports them) on the same database before the measured
 * server starts: the same code path, only the reporting differs, and nothing of it runs during
 * the measurement.
 */
async function countStatements(dbUrl: string, users: string[]): Promise<Map<string, number>> {
  const port = PORT + 1;
  const url = `http://127.0.0.1:${port}/graphql`;
  console.log(`== counting SQL statements: node dist/src/main.js with NODE_ENV=test on port ${port}`);
  const counter = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: APP_ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: '127.0.0.1', DEMO_SEED: 'false', JOBS: 'false', NODE_ENV: 'test', EXPOSE_SQL_STATEMENT_COUNT: 'true', JWT_SECRET: 'onedoor-benchmark-secret-0123456789abcdef' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  counter.stderr!.on('data', (b: Buffer) => process.stderr.write(`  [counter] ${b}`));
  const exited = new Promise<number | null>((resolve) => counter.on('exit', (code) => resolve(code)));
  try {
    await waitReady(counter, `http://127.0.0.1:${port}/readyz`);
    const counts = new Map<string, number>();
    for (const user of users) {
      const r = await graphql(await login(user, url), INBOX_QUERY, undefined, url);
      const n = r.json.extensions?.sqlStatements;
      if (r.json.errors || typeof n !== 'number') throw new Error(`${user}: no statement count: ${r.text.slice(0, 500)}`);
      console.log(`  ${user}: ${n} SQL statements per inbox request`);
      counts.set(user, n);
    }
    return counts;
  } finally {
    counter.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
  }
}

/** Waits until a server child answers its readiness probe. */
async function waitReady(child: ChildProcess, readyUrl: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(readyUrl)).ok) return;
    } catch {
      /* not listening yet */
    }
    if (i > 240) throw new Error('server not ready after 60 s');
    await sleep(250);
  }
}

/** One request checked in full: 50 edges, 5 history entries each, no errors (its statements counted by `countStatements`). */
async function verify(who: string, token: string, sqlStatements: number, expectAgency?: string): Promise<{ sqlStatements: number; bytes: number }> {
  const r = await graphql(token, INBOX_QUERY);
  const problems: string[] = [];
  if (r.status !== 200) problems.push(`HTTP ${r.status}`);
  if (r.json.errors) problems.push(`errors: ${JSON.stringify(r.json.errors).slice(0, 500)}`);
  const edges = r.json.data?.dossiers?.edges ?? [];
  if (edges.length !== 50) problems.push(`${edges.length} edges instead of 50`);
  const short = edges.filter((e: any) => e.node.history?.length !== 5).length;
  if (short) problems.push(`${short} dossiers without 5 history entries`);
  if (expectAgency) {
    const other = edges.filter((e: any) => e.node.holdingAgency?.code !== expectAgency).length;
    if (other) problems.push(`${other} dossiers of another agency`);
  }
  if (r.json.extensions?.sqlStatements !== undefined) problems.push('a production answer with extensions.sqlStatements');
  if (problems.length) throw new Error(`${who}: response check failed: ${problems.join('; ')}`);
  console.log(`  ${who}: verified 50 edges × 5 history, no errors, ${sqlStatements} SQL statements, ${(Buffer.byteLength(r.text) / 1024).toFixed(1)} KiB; first ${edges[0].node.code}`);
  return { sqlStatements, bytes: Buffer.byteLength(r.text) };
}

function fire(token: string, duration: number) {
  return autocannon({
    url: URL_GRAPHQL,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: INBOX_QUERY }),
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    // Cheap check on every response: a GraphQL error counts as a mismatch.
    verifyBody: (body: string) => !body.includes('"errors"'),
  });
}

/** Waits (at most `seconds`) until the rest of the machine is nearly idle, so that the figures are the server's. */
async function waitQuiet(seconds: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const a = machineTicks();
    await sleep(2000);
    const b = machineTicks();
    const busy = ((b.busy - a.busy) / (b.total - a.total)) * 100;
    if (busy < 10 || Date.now() > deadline) {
      if (busy >= 10) console.log(`  machine still ${fmt(busy)} % busy before the run (other processes): figures will be pessimistic`);
      return busy;
    }
    console.log(`  machine ${fmt(busy)} % busy (other processes); waiting …`);
  }
}

async function run(who: string, server: ChildProcess, token: string, sqlStatements: number, expectAgency?: string): Promise<RunFigures> {
  const pid = server.pid!;
  const checked = await verify(who, token, sqlStatements, expectAgency);
  await waitQuiet(option('wait-quiet', 120));
  if (WARMUP > 0) await fire(token, WARMUP);
  const peakResettable = resetPeak(pid);
  let polledRss = 0;
  const poll = setInterval(() => {
    try {
      polledRss = Math.max(polledRss, procStatus(pid, 'VmRSS'));
    } catch {
      /* the server is gone; the run will report it */
    }
  }, 200);
  const cpu0 = processTicks(pid);
  const pg0 = postgresTicks();
  const me0 = process.cpuUsage();
  const m0 = machineTicks();
  const t0 = process.hrtime.bigint();
  const r = await fire(token, DURATION);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = processTicks(pid);
  const pg1 = postgresTicks();
  const me1 = process.cpuUsage(me0);
  const m1 = machineTicks();
  clearInterval(poll);
  const hwm = procStatus(pid, 'VmHWM');
  if (!peakResettable) console.log('  (VmHWM could not be reset: peak covers the whole process life)');
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return {
    who,
    requestsPerSecond: r.requests.average,
    total: r.requests.total ?? Math.round(r.requests.average * r.duration),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    mismatches: r.mismatches,
    sqlStatements: checked.sqlStatements,
    responseBytes: checked.bytes,
    peakRssMiB: Math.max(hwm, polledRss) / 1024,
    serverCpuPercent: ((cpu1 - cpu0) / hz / seconds) * 100,
    postgresCpuPercent: ((pg1 - pg0) / hz / seconds) * 100,
    loadGeneratorCpuPercent: ((me1.user + me1.system) / 1e6 / seconds) * 100,
    machineCpuPercent: ((m1.busy - m0.busy) / (m1.total - m0.total)) * 100,
    otherCpuPercent: Math.max(0, ((m1.busy - m0.busy) / (m1.total - m0.total)) * os.cpus().length * 100 - ((cpu1 - cpu0 + pg1 - pg0) / hz / seconds) * 100 - ((me1.user + me1.system) / 1e6 / seconds) * 100),
  };
}

function machine(): string {
  const cpus = os.cpus();
  let pg = '';
  try {
    pg = execFileSync('psql', [BENCH_ADMIN_URL, '-Atc', 'show server_version']).toString().trim();
  } catch {
    pg = '?';
  }
  return `${cpus.length} cores (${cpus[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, PostgreSQL ${pg} (same machine; autocannon, server and database share the ${cpus.length} cores)`;
}

function commit(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: APP_ROOT }).toString().trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'modules', 'migrations') ? ' + uncommitted changes in src/modules/migrations' : '';
    return `${git('log', '-1', '--format=%h %s')}${dirty}${APP_ROOT === ROOT ? '' : ` (${APP_ROOT})`}`;
  } catch {
    return APP_ROOT;
  }
}

const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

function table(runs: RunFigures[]): string {
  const rows: [string, (r: RunFigures) => string][] = [
    ['Requests/s (average)', (r) => fmt(r.requestsPerSecond, 1)],
    ['Requests (total)', (r) => fmt(r.total)],
    ['Latency p50', (r) => `${fmt(r.p50)} ms`],
    ['Latency p90', (r) => `${fmt(r.p90)} ms`],
    ['Latency p99', (r) => `${fmt(r.p99)} ms`],
    ['Latency max', (r) => `${fmt(r.max)} ms`],
    ['Errors / timeouts', (r) => `${r.errors} / ${r.timeouts}`],
    ['Non-2xx', (r) => `${r.non2xx}`],
    ['GraphQL errors (body check)', (r) => `${r.mismatches}`],
    ['SQL statements per request', (r) => `${r.sqlStatements}`],
    ['Response size', (r) => `${fmt(r.responseBytes / 1024, 1)} KiB`],
    ['Server peak RSS (VmHWM)', (r) => `${fmt(r.peakRssMiB, 1)} MiB`],
    ['CPU: Node server (100 % = one core)', (r) => `${fmt(r.serverCpuPercent)} %`],
    ['CPU: PostgreSQL (backends of the bench database)', (r) => `${fmt(r.postgresCpuPercent)} %`],
    ['CPU: autocannon (bench process)', (r) => `${fmt(r.loadGeneratorCpuPercent)} %`],
    ['CPU: other processes on the machine', (r) => `${fmt(r.otherCpuPercent)} %`],
    ['Machine CPU busy (all cores)', (r) => `${fmt(r.machineCpuPercent)} %`],
    ['Target ≥ 340 req/s and p99 ≤ 100 ms', (r) => (r.requestsPerSecond >= TARGET.rps && r.p99 <= TARGET.p99 ? 'met' : '**missed**')],
  ];
  return [
    `| | ${runs.map((r) => r.who).join(' | ')} |`,
    `|---|${runs.map(() => '---:').join('|')}|`,
    ...rows.map(([label, f]) => `| ${label} | ${runs.map(f).join(' | ')} |`),
  ].join('\n');
}

function writeResults(runs: RunFigures[], counts: string): void {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:begin (written by bench/dossier-list.bench.ts) -->';
  const end = '<!-- bench:end -->';
  const block = [
    begin,
    `## Dossier inbox — ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `- Machine: ${machine()}`,
    `- Code: ${commit()}`,
    `- Data: ${counts}`,
    `- Server: \`npm run build\`, then \`node dist/src/main.js\` with NODE_ENV=production, DEMO_SEED=false, DB_POOL_MAX default (10); SQL statements counted beforehand by the same build with NODE_ENV=test (production answers carry no counts)`,
    `- Command: \`node -r @swc-node/register bench/seed-bench-data.ts\` (once), then \`npm run bench\` — autocannon, ${CONNECTIONS} connections, ${DURATION} s per caller after a ${WARMUP} s warm-up, POST /graphql`,
    `- Query: \`${INBOX_QUERY}\``,
    '',
    table(runs),
    '',
    end,
  ].join('\n');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const next = old.includes(begin) && old.includes(end)
    ? old.slice(0, old.indexOf(begin)) + block + old.slice(old.indexOf(end) + end.length)
    : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nWrote ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const dbUrl = benchDbUrl(BENCH_ADMIN_URL, BENCH_DB);
  if (flag('seed') || (await dossierCount(dbUrl)) < BENCH_DOSSIERS) {
    console.log(`== seeding ${BENCH_DB}`);
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'bench/seed-bench-data.ts'], { cwd: ROOT, stdio: 'inherit' });
  }
  const meta = new Client({ connectionString: dbUrl });
  await meta.connect();
  const { rows } = await meta.query(`select (select count(*) from dossier)::int as d, (select count(*) from dossier_history)::int as h,
    (select count(*) from dossier d join agency a on a.id = d.holding_agency_id where a.code = $1)::int as busy`, [BENCH_AGENCY]);
  await meta.end();
  const counts = `${fmt(rows[0].d)} dossiers (${fmt(rows[0].busy)} held by ${BENCH_AGENCY}), ${fmt(rows[0].h)} history entries, database \`${BENCH_DB}\``;
  console.log(`== data: ${counts}`);

  if (!flag('no-build')) {
    console.log('== npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: APP_ROOT, stdio: 'inherit' });
  }

  const statements = await countStatements(dbUrl, [BENCH_OFFICER, BENCH_ANALYST]);

  const profDir = path.join(ROOT, 'bench', 'profiles');
  if (flag('cpu-prof')) mkdirSync(profDir, { recursive: true });
  console.log(`== starting node dist/src/main.js${APP_ROOT === ROOT ? '' : ` in ${APP_ROOT}`}`);
  const server = spawn(process.execPath, [...(flag('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), 'dist/src/main.js'], {
    cwd: APP_ROOT,
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DEMO_SEED: 'false',
      ...BENCH_PRODUCTION_ENV,
      JWT_SECRET: 'onedoor-benchmark-secret-0123456789abcdef',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (b: Buffer) => process.stdout.write(`  [server] ${b}`));
  server.stderr!.on('data', (b: Buffer) => process.stderr.write(`  [server] ${b}`));
  const exited = new Promise<number | null>((resolve) => server.on('exit', (code) => resolve(code)));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(130)));

  try {
    await waitReady(server, `http://127.0.0.1:${PORT}/readyz`);
    const officer = await login(BENCH_OFFICER);
    const analyst = await login(BENCH_ANALYST);
    console.log(`== autocannon: ${CONNECTIONS} connections, ${DURATION} s (after ${WARMUP} s warm-up)`);
    const runs = [
      await run(`officer (${BENCH_OFFICER}, ${BENCH_AGENCY})`, server, officer, statements.get(BENCH_OFFICER)!, BENCH_AGENCY),
      await run(`analyst (${BENCH_ANALYST})`, server, analyst, statements.get(BENCH_ANALYST)!),
    ];
    const lifetimePeak = procStatus(server.pid!, 'VmHWM') / 1024;
    console.log('');
    for (const r of runs) {
      console.log(`${r.who}:`);
      console.log(`  requests/s avg ${fmt(r.requestsPerSecond, 1)} (${fmt(r.total)} in ${DURATION} s), latency p50 ${r.p50} ms, p90 ${r.p90} ms, p99 ${r.p99} ms, max ${r.max} ms`);
      console.log(`  errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}, GraphQL errors ${r.mismatches}, SQL statements/request ${r.sqlStatements}`);
      console.log(`  server peak RSS ${fmt(r.peakRssMiB, 1)} MiB; CPU (100 % = one core): server ${fmt(r.serverCpuPercent)} %, PostgreSQL ${fmt(r.postgresCpuPercent)} %, autocannon ${fmt(r.loadGeneratorCpuPercent)} %, other processes ${fmt(r.otherCpuPercent)} %; machine ${fmt(r.machineCpuPercent)} % busy`);
      console.log(`  target ≥ ${TARGET.rps} req/s & p99 ≤ ${TARGET.p99} ms: ${r.requestsPerSecond >= TARGET.rps && r.p99 <= TARGET.p99 ? 'MET' : 'MISSED'}`);
    }
    console.log(`server VmHWM at the end (since the last reset): ${fmt(lifetimePeak, 1)} MiB`);
    if (!flag('no-write')) writeResults(runs, counts);
  } finally {
    await stop();
    if (flag('cpu-prof')) console.log(`CPU profile written to ${path.relative(ROOT, profDir)}/`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
