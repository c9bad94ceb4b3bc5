import 'reflect-metadata'; // the limits import the connection types (type-graphql decorators)
import { BENCH_PRODUCTION_ENV } from './production-env';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { Client } from 'pg';
import { BENCH_ADMIN_URL, benchDbUrl } from './bench-config';
import { procStatus } from './proc-status';
import { loadConfig } from '../src/config';
import { validationRules } from '../src/server/armor';

/**
 * Overload under the query limits (issue 13): while one client sends the most expensive
 * anonymous document the limits allow, at full rate, two light clients measure `/healthz` and a
 * small query. Both must keep p99 under 100 ms.
 *
 *   npm run bench:limits [-- --check (the attack document's cost only) --no-build --duration=15 --connections=10 --probe-rate=20 --no-write]
 *
 * Builds, creates a fresh database `onedoor_limits_bench` with the demo data, starts the
 * production build (`node dist/src/main.js`, NODE_ENV=production) as a child process, runs the
 * attacker as a separate autocannon process (so the probes' timings are not the load
 * generator's), and writes the figures to bench/RESULTS.md (between the limits markers).
 */

type CannonResult = Awaited<ReturnType<typeof autocannon>>;

const ROOT = path.resolve(__dirname, '..');
const PORT = 4593;
const BASE = `http://127.0.0.1:${PORT}`;
const DB = 'onedoor_limits_bench';
const P99_TARGET = 100;

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const option = (name: string, fallback: number) => {
  const a = args.find((x) => x.startsWith(`--${name}=`));
  return a ? Number(a.split('=')[1]) : fallback;
};
const DURATION = option('duration', 15);
const CONNECTIONS = option('connections', 10);
/** Requests per second of each probe client (one connection each). */
const PROBE_RATE = option('probe-rate', 20);
/** Seconds the probes run alone before the attack, for comparison. */
const BASELINE = option('baseline', 5);

const SMALL_QUERY = '{ procedures(first: 5) { edges { node { code } } } }';

/**
 * The most expensive anonymous document within the default limits: the public catalogue at full
 * pages with every nested list, plus deadline arithmetic, up to the alias limit (30) and close to
 * the cost limit (20,000). `checkAttack` proves it passes validation and reports its cost.
 */
function attackDocument(): string {
  const node = 'code name field legalBasis resultKind onlineKind agency { code name shortName parent { code name parent { code name } } unit { code name } } components { code name required copies formCode note } fees { name amountVnd kind note } forms { code name url } processingTime { amount unit label } workflow { key name }';
  const catalogue = Array.from({ length: 10 }, (_, i) => `c${i}: procedures(first: 10) { edges { cursor node { ${node} } } pageInfo { hasNextPage endCursor } }`);
  const dueDates = Array.from({ length: 20 }, (_, i) => `d${i}: estimateDueDate(procedureCode: "1.011543", receivedAt: "2026-0${1 + (i % 9)}-1${i % 10}T0${i % 10}:30:00Z")`);
  return `query Heaviest { ${[...catalogue, ...dueDates].join(' ')} }`;
}

/** Validates the document against the production limits; its cost (probed with a zero cost limit). */
function checkAttack(query: string): { cost: number; aliases: number } {
  const schema = buildSchema(readFileSync(path.join(ROOT, 'schema.graphql'), 'utf8'));
  const config = loadConfig({ ...BENCH_PRODUCTION_ENV, JWT_SECRET: 'x'.repeat(32) });
  const doc = parse(query, { maxTokens: config.limits.maxTokens });
  const errors = validate(schema, doc, [...specifiedRules, ...validationRules(config)]);
  if (errors.length) throw new Error(`the attack document is refused: ${errors.map((e) => e.message).join('; ')}`);
  const probe = validate(schema, doc, validationRules({ ...config, limits: { ...config.limits, maxCost: 0 } }));
  const cost = Number(probe.find((e) => e.extensions.code === 'QUERY_TOO_COSTLY')?.extensions.cost);
  return { cost, aliases: (query.match(/\b[cd]\d+:/g) ?? []).length };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

interface Figures {
  who: string;
  rps: number;
  total: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  mismatches: number;
}

function figures(who: string, r: CannonResult): Figures {
  return { who, rps: r.requests.average, total: r.requests.total ?? Math.round(r.requests.average * r.duration), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, errors: r.errors + r.timeouts, non2xx: r.non2xx, mismatches: r.mismatches };
}

/** The attacker: autocannon in its own process (its JSON result on stdout). */
function attacker(query: string): { child: ChildProcess; result: Promise<CannonResult> } {
  const bin = path.join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const child = spawn(process.execPath, [bin, '--json', '-c', String(CONNECTIONS), '-d', String(DURATION), '-m', 'POST', '-H', 'content-type=application/json', '-b', JSON.stringify({ query }), `${BASE}/graphql`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b));
  const result = new Promise<CannonResult>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`autocannon exited with ${code}`)))));
  return { child, result };
}

function probe(pathname: string, body?: string, duration = DURATION) {
  return autocannon({
    url: `${BASE}${pathname}`,
    method: body ? 'POST' : 'GET',
    headers: body ? { 'content-type': 'application/json' } : {},
    body,
    connections: 1,
    overallRate: PROBE_RATE,
    duration,
    timeout: 10,
    verifyBody: (b: string) => !b.includes('"errors"'),
  });
}

async function prepareDatabase(): Promise<string> {
  const admin = new Client({ connectionString: BENCH_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists "${DB}" with (force)`);
  await admin.query(`create database "${DB}"`);
  await admin.end();
  return benchDbUrl(BENCH_ADMIN_URL, DB);
}

function commit(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT }).toString().trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'modules') ? ' + uncommitted changes' : '';
    return `${git('log', '-1', '--format=%h %s')}${dirty}`;
  } catch {
    return '?';
  }
}

function writeResults(lines: string[]): void {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- limits:begin (written by bench/limits.bench.ts) -->';
  const end = '<!-- limits:end -->';
  const block = [begin, ...lines, end].join('\n');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const next = old.includes(begin) && old.includes(end) ? old.slice(0, old.indexOf(begin)) + block + old.slice(old.indexOf(end) + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nWrote ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const query = attackDocument();
  const checked = checkAttack(query);
  console.log(`== attack document: ${Buffer.byteLength(query)} bytes, ${checked.aliases} aliases, cost ${fmt(checked.cost)} (limit 20,000)`);
  if (flag('check')) return; // the document only
  if (!flag('no-build')) {
    console.log('== npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  const dbUrl = await prepareDatabase();
  console.log(`== starting node dist/src/main.js (production, demo data in ${DB})`);
  const server = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_PRODUCTION_ENV, DATABASE_URL: dbUrl, PORT: String(PORT), HOST: '127.0.0.1', DEMO_SEED: 'true', JOBS: 'false', JWT_SECRET: 'onedoor-benchmark-secret-0123456789abcdef' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (b: Buffer) => process.stdout.write(`  [server] ${b}`));
  server.stderr!.on('data', (b: Buffer) => process.stderr.write(`  [server] ${b}`));
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
      if (await fetch(`${BASE}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 480) throw new Error('server not ready after 120 s');
      await sleep(250);
    }
    const sample = await fetch(`${BASE}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const text = await sample.text();
    if (sample.status !== 200 || text.includes('"errors"')) throw new Error(`the attack document failed: ${sample.status} ${text.slice(0, 300)}`);
    console.log(`== one attack response: ${fmt(Buffer.byteLength(text) / 1024, 1)} KiB`);
    // The probes alone first: what the machine gives them without the attacker (other work on it included).
    console.log(`== baseline: the probes alone, ${BASELINE} s`);
    const [baseHealth, baseSmall] = await Promise.all([probe('/healthz', undefined, BASELINE), probe('/graphql', JSON.stringify({ query: SMALL_QUERY }), BASELINE)]);
    const pid = server.pid!;
    try {
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // reset VmHWM: the peak of the run, not of the start
    } catch {
      /* the peak then covers the start too */
    }
    const rssBefore = procStatus(pid, 'VmRSS') / 1024;
    let polled = 0;
    const poll = setInterval(() => (polled = Math.max(polled, procStatus(pid, 'VmRSS'))), 200);
    console.log(`== attacker: ${CONNECTIONS} connections at full rate; probes: /healthz and a small query at ${PROBE_RATE} req/s each; ${DURATION} s`);
    const attack = attacker(query);
    await sleep(500); // the attacker is at full rate before the probes start
    const [health, small] = await Promise.all([probe('/healthz'), probe('/graphql', JSON.stringify({ query: SMALL_QUERY }))]);
    const attackResult = await attack.result;
    clearInterval(poll);
    const peak = Math.max(procStatus(pid, 'VmHWM'), polled) / 1024;
    const runs = [
      figures('attacker (heaviest allowed document)', attackResult),
      figures('probe: GET /healthz', health),
      figures('probe: small query', small),
      figures('baseline: /healthz alone', baseHealth),
      figures('baseline: small query alone', baseSmall),
    ];
    const met = runs.slice(1, 3).every((r) => r.p99 < P99_TARGET && r.errors === 0 && r.non2xx === 0);
    const table = [
      `| | ${runs.map((r) => r.who).join(' | ')} |`,
      `|---|${runs.map(() => '---:').join('|')}|`,
      `| Requests/s (average) | ${runs.map((r) => fmt(r.rps, 1)).join(' | ')} |`,
      `| Requests (total) | ${runs.map((r) => fmt(r.total)).join(' | ')} |`,
      `| Latency p50 | ${runs.map((r) => `${fmt(r.p50)} ms`).join(' | ')} |`,
      `| Latency p99 | ${runs.map((r) => `${fmt(r.p99)} ms`).join(' | ')} |`,
      `| Latency max | ${runs.map((r) => `${fmt(r.max)} ms`).join(' | ')} |`,
      `| Errors+timeouts / non-2xx / GraphQL errors | ${runs.map((r) => `${r.errors} / ${r.non2xx} / ${r.mismatches}`).join(' | ')} |`,
    ];
    const cpus = os.cpus();
    const lines = [
      `## Overload under the query limits — ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
      '',
      `- Machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), Node ${process.version}; server, PostgreSQL and the three clients share the cores (other work on the machine: load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end)`,
      `- Code: ${commit()}`,
      `- Server: \`npm run build\`, \`node dist/src/main.js\` with NODE_ENV=production, demo data, default limits (depth 10, cost 20,000, 30 aliases, 5,000 tokens, introspection off)`,
      `- Command: \`npm run bench:limits\` — attacker: autocannon (own process), ${CONNECTIONS} connections, ${DURATION} s, POST /graphql anonymous; probes: one connection each at ${PROBE_RATE} req/s`,
      `- Attack document: ${checked.aliases} aliases (10 × the full catalogue with every nested list, 20 × estimateDueDate), cost ${fmt(checked.cost)} of 20,000, ${fmt(Buffer.byteLength(query))} bytes, ${fmt(Buffer.byteLength(text) / 1024, 1)} KiB per answer`,
      `- Small query: \`${SMALL_QUERY}\``,
      `- Server RSS: ${fmt(rssBefore, 1)} MiB before the run, peak ${fmt(peak, 1)} MiB during it`,
      `- Requirement (healthz and small query p99 < ${P99_TARGET} ms, no errors): ${met ? 'met' : '**missed**'}`,
      '',
      ...table,
      '',
    ];
    console.log(`\n${lines.join('\n')}`);
    if (!flag('no-write')) writeResults(lines);
  } finally {
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
    const admin = new Client({ connectionString: BENCH_ADMIN_URL });
    await admin.connect();
    await admin.query(`drop database if exists "${DB}" with (force)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
