import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import ts from 'typescript';
import { BENCH_ADMIN_URL, BENCH_AGENCY, BENCH_ANALYST, BENCH_DB, BENCH_DOSSIERS, BENCH_OFFICER, benchDbUrl } from '../bench-config';
import { procStatus, resetPeak } from '../proc-status';
import { BENCH_PRODUCTION_ENV } from '../production-env';
import { seedPeerData } from '../seed-peer-data';
import { firstDifference, median, pairRatios } from './compare';
import { type GraphQLRequest, PEER_SUITE, type PeerOperation, type SuiteContext } from './operations';
import { PEER_OPTIONS } from './postgraphile-server';

/**
 * The peer benchmark (issue 16): OneDoor's production build and PostGraphile V4 on the same
 * database, operation by operation, alternately.
 *
 *   npm run bench:peer -- [--pairs=4] [--duration=8] [--warmup=2] [--floor-duration=5] [--connections=10]
 *                         [--ops=analyst-inbox,track-dossier] [--no-build] [--db=postgres://…] [--cpu-prof] [--no-write]
 *
 * Per operation: checks that both servers answer the same rows (refuses to time it otherwise),
 * counts the SQL statements of one request on each side, warms both up, then runs autocannon
 * OneDoor, PostGraphile, OneDoor, PostGraphile … (`pairs` pairs), and runs the SQL floor (the
 * same rows as one prepared statement) under pgbench. Writes the table between the
 * `bench:peer` markers of bench/RESULTS.md.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const ONEDOOR_PORT = 4611;
const COUNTER_PORT = 4612;
const PEER_PORT = 4613;
const PASSWORD = 'onedoor-demo'; // DEMO_PASSWORD of src/kernel/demo-staff.ts (not imported: it pulls the ORM in)
const JWT_SECRET = 'onedoor-benchmark-secret-0123456789abcdef';
/** trackDossier's per-address limit, raised for the benchmark only (all requests come from 127.0.0.1). */
const BENCH_LOOKUP_LIMIT = '1000000000';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const text = (name: string) => args.find((x) => x.startsWith(`--${name}=`))?.slice(name.length + 3);
const num = (name: string, fallback: number) => Number(text(name) ?? fallback);
const PAIRS = num('pairs', 4);
const DURATION = num('duration', 8);
const WARMUP = num('warmup', 2);
const FLOOR_DURATION = num('floor-duration', 5);
const CONNECTIONS = num('connections', 10);
const DB_URL = text('db') ?? benchDbUrl(BENCH_ADMIN_URL, BENCH_DB);

type CannonResult = Awaited<ReturnType<typeof autocannon>>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** One autocannon run of one side. */
interface Run {
  rps: number;
  p50: number;
  p99: number;
  failures: number;
}

/** Everything measured for one operation. */
interface OperationResult {
  op: PeerOperation;
  refused?: string;
  oneDoorStatements?: number;
  peerStatements?: number;
  pairs: { oneDoor: Run; peer: Run }[];
  oneDoorRssMiB?: number;
  peerRssMiB?: number;
  floor?: { tps: number; latencyMs: number; same: string | null; failed?: string };
}

async function post(url: string, body: GraphQLRequest, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const raw = await res.text();
  try {
    return { status: res.status, json: JSON.parse(raw) };
  } catch {
    throw new Error(`${url}: HTTP ${res.status}, not JSON: ${raw.slice(0, 300)}`);
  }
}

async function login(url: string, username: string): Promise<string> {
  const r = await post(url, { query: 'mutation L($u: String!, $p: String!) { login(username: $u, password: $p) { __typename ... on LoginSuccess { token } } }', variables: { u: username, p: PASSWORD } });
  const token = r.json?.data?.login?.token;
  if (!token) throw new Error(`login ${username}: ${JSON.stringify(r.json).slice(0, 300)}`);
  return token;
}

async function waitReady(child: ChildProcess, probe: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    try {
      if (await probe()) return;
    } catch {
      /* not listening yet */
    }
    if (i > 480) throw new Error(`${what} not ready after 120 s`);
    await sleep(250);
  }
}

/** A child server, stopped by `stop()` (SIGTERM, then waits for its exit). */
function start(what: string, argv: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.on('data', (b: Buffer) => process.stderr.write(`  [${what}] ${b}`));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(20_000)]);
    },
  };
}

const oneDoorEnv = (port: number, extra: Record<string, string>): NodeJS.ProcessEnv => ({
  ...process.env,
  DATABASE_URL: DB_URL,
  PORT: String(port),
  HOST: '127.0.0.1',
  DEMO_SEED: 'false',
  JWT_SECRET,
  RATE_LIMIT_LOOKUPS_PER_IP: BENCH_LOOKUP_LIMIT,
  ...extra,
});

/**
 * PostGraphile's server, transpiled to plain JavaScript first (as OneDoor runs its compiled
 * build; no TypeScript loader in the measured process), resolving packages from this checkout.
 */
function peerServerScript(): string {
  const dir = path.join(os.tmpdir(), 'onedoor-bench-peer');
  mkdirSync(dir, { recursive: true });
  const out = ts.transpileModule(readFileSync(path.join(__dirname, 'postgraphile-server.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const file = path.join(dir, 'postgraphile-server.js');
  writeFileSync(file, out.outputText);
  return file;
}

async function suiteContext(): Promise<SuiteContext> {
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  try {
    // The newest land dossier with a result, files and a payment: what an officer opens to check it.
    const { rows } = await db.query(
      `select d.id, d.code, d.applicant_id_number from dossier d join agency a on a.id = d.holding_agency_id
        where a.code = $1 and d.state = 'RETURNED' and d.receiving_agency_id <> d.holding_agency_id
          and exists (select 1 from payment_order o where o.dossier_id = d.id) and exists (select 1 from dossier_file f where f.dossier_id = d.id)
        order by d.submitted_at desc limit 1`,
      [BENCH_AGENCY],
    );
    const fallback = rows[0] ?? (await db.query(`select d.id, d.code, d.applicant_id_number from dossier d join payment_order o on o.dossier_id = d.id order by d.submitted_at desc limit 1`)).rows[0];
    const commune = await db.query(`select commune_code from land_parcel group by 1 order by count(*) desc, 1 limit 1`);
    return { agencyCode: BENCH_AGENCY, dossierId: fallback.id, dossierCode: fallback.code, applicantIdNumber: fallback.applicant_id_number, communeCode: commune.rows[0].commune_code };
  } finally {
    await db.end();
  }
}

async function dataSummary(): Promise<string> {
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  try {
    const { rows } = await db.query(`select (select count(*) from dossier)::int as d, (select count(*) from dossier_history)::int as h, (select count(*) from dossier_file)::int as f,
      (select count(*) from payment_order)::int as p, (select count(*) from document_recipient)::int as r, (select count(*) from land_parcel)::int as l, (select count(*) from procedure where active)::int as c`);
    const r = rows[0];
    return `${fmt(r.d)} dossiers, ${fmt(r.h)} history entries, ${fmt(r.f)} dossier files, ${fmt(r.p)} payment orders, ${fmt(r.r)} incoming-register entries, ${fmt(r.l)} parcels, ${r.c} procedures`;
  } finally {
    await db.end();
  }
}

async function dossierCount(): Promise<number> {
  const c = new Client({ connectionString: DB_URL });
  try {
    await c.connect();
    return (await c.query('select count(*)::int as n from dossier')).rows[0].n;
  } catch {
    return 0;
  } finally {
    await c.end().catch(() => undefined);
  }
}

function fire(url: string, body: GraphQLRequest, token: string | undefined, duration: number): Promise<CannonResult> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    verifyBody: (b: string) => !b.includes('"errors"'),
  });
}

const asRun = (r: CannonResult): Run => ({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx + r.mismatches });

/** The SQL floor: the check of its rows against OneDoor's, then pgbench with one prepared statement. */
async function floor(op: PeerOperation, c: SuiteContext, oneDoorRows: unknown): Promise<OperationResult['floor']> {
  const sql = op.floorSql(c);
  const db = new Client({ connectionString: DB_URL });
  await db.connect();
  let same: string | null;
  try {
    const { rows } = await db.query(sql);
    same = firstDifference(Object.values(rows[0])[0], oneDoorRows);
  } finally {
    await db.end();
  }
  const file = path.join(os.tmpdir(), 'onedoor-bench-peer', `${op.key}.sql`);
  writeFileSync(file, `${sql.replace(/\s+/g, ' ').trim()};\n`);
  let out: string;
  try {
    out = execFileSync('pgbench', ['-M', 'prepared', '-n', '-f', file, '-c', String(CONNECTIONS), '-j', '2', '-T', String(FLOOR_DURATION), DB_URL], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    // A floor that could not be measured (no free connection on a shared server …) is reported, not fatal.
    const err = e as { stderr?: string; message: string };
    return { tps: NaN, latencyMs: NaN, same: same ?? null, failed: (err.stderr || err.message).trim().split('\n').slice(-1)[0].slice(0, 200) };
  }
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1] ?? /tps = ([\d.]+)/.exec(out)?.[1] ?? NaN);
  const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? NaN);
  return { tps, latencyMs, same };
}

async function measure(op: PeerOperation, c: SuiteContext, sides: { oneDoor: ChildProcess; peer: ChildProcess }, tokens: Map<string, string>, statements: Map<string, number>): Promise<OperationResult> {
  const result: OperationResult = { op, pairs: [], oneDoorStatements: statements.get(op.key) };
  const token = op.caller ? tokens.get(op.caller) : undefined;
  const oneDoorUrl = `http://127.0.0.1:${ONEDOOR_PORT}/graphql`;
  const peerUrl = `http://127.0.0.1:${PEER_PORT}/graphql`;
  const a = await post(oneDoorUrl, op.oneDoor(c), token);
  const peerCount = async () => ((await (await fetch(`http://127.0.0.1:${PEER_PORT}/__statements`)).json()) as { statements: number }).statements;
  const before = await peerCount();
  const b = await post(peerUrl, op.peer(c));
  result.peerStatements = (await peerCount()) - before;
  if (a.json.errors || a.status !== 200) return { ...result, refused: `OneDoor: HTTP ${a.status} ${JSON.stringify(a.json.errors ?? a.json).slice(0, 400)}` };
  if (b.json.errors || b.status !== 200) return { ...result, refused: `PostGraphile: HTTP ${b.status} ${JSON.stringify(b.json.errors ?? b.json).slice(0, 400)}` };
  const rowsA = op.oneDoorRows(a.json.data);
  const rowsB = op.peerRows(b.json.data);
  const difference = firstDifference(rowsA, rowsB);
  const count = Array.isArray(rowsA) ? `${rowsA.length} rows` : rowsA ? '1 object' : 'null';
  if (difference) return { ...result, refused: `answers differ at ${difference}` };
  if (!rowsA || (Array.isArray(rowsA) && !rowsA.length)) return { ...result, refused: 'both answers are empty: nothing to compare' };
  console.log(`  same rows on both sides (${count}); SQL statements per request: OneDoor ${result.oneDoorStatements ?? '?'}, PostGraphile ${result.peerStatements}`);

  result.floor = await floor(op, c, rowsA);
  if (result.floor!.failed) console.log(`  SQL floor not measured: pgbench failed: ${result.floor!.failed}`);
  else console.log(`  SQL floor (pgbench -M prepared, ${CONNECTIONS} clients, ${FLOOR_DURATION} s): ${fmt(result.floor!.tps, 1)} tps, ${fmt(result.floor!.latencyMs, 2)} ms average${result.floor!.same ? `; its rows differ: ${result.floor!.same}` : ''}`);

  resetPeak(sides.oneDoor.pid!);
  resetPeak(sides.peer.pid!);
  if (WARMUP > 0) {
    await fire(oneDoorUrl, op.oneDoor(c), token, WARMUP);
    await fire(peerUrl, op.peer(c), undefined, WARMUP);
  }
  for (let i = 0; i < PAIRS; i++) {
    const x = asRun(await fire(oneDoorUrl, op.oneDoor(c), token, DURATION));
    const y = asRun(await fire(peerUrl, op.peer(c), undefined, DURATION));
    result.pairs.push({ oneDoor: x, peer: y });
    console.log(`  pair ${i + 1}: OneDoor ${fmt(x.rps, 1)} req/s (p50 ${x.p50} / p99 ${x.p99} ms${x.failures ? `, ${x.failures} failed` : ''}), PostGraphile ${fmt(y.rps, 1)} req/s (p50 ${y.p50} / p99 ${y.p99} ms${y.failures ? `, ${y.failures} failed` : ''}) → ${fmt(x.rps / y.rps, 2)}×`);
  }
  result.oneDoorRssMiB = procStatus(sides.oneDoor.pid!, 'VmHWM') / 1024;
  result.peerRssMiB = procStatus(sides.peer.pid!, 'VmHWM') / 1024;
  return result;
}

/** OneDoor's statements per request, from the same build under NODE_ENV=test (production answers carry no counts). */
async function countOneDoorStatements(ops: readonly PeerOperation[], c: SuiteContext): Promise<Map<string, number>> {
  const url = `http://127.0.0.1:${COUNTER_PORT}/graphql`;
  const counter = start('counter', ['dist/src/main.js'], oneDoorEnv(COUNTER_PORT, { NODE_ENV: 'test', EXPOSE_SQL_STATEMENT_COUNT: 'true', JOBS: 'false' }));
  try {
    await waitReady(counter.child, async () => (await fetch(`http://127.0.0.1:${COUNTER_PORT}/readyz`)).ok, 'OneDoor (counter)');
    const tokens = new Map([
      ['officer', await login(url, BENCH_OFFICER)],
      ['analyst', await login(url, BENCH_ANALYST)],
    ]);
    const counts = new Map<string, number>();
    for (const op of ops) {
      const r = await post(url, op.oneDoor(c), op.caller ? tokens.get(op.caller) : undefined);
      const n = r.json.extensions?.sqlStatements;
      if (typeof n === 'number') counts.set(op.key, n);
      else console.log(`  ${op.key}: no statement count (${JSON.stringify(r.json.errors ?? r.json).slice(0, 300)})`);
    }
    return counts;
  } finally {
    await counter.stop();
  }
}

function machine(): string {
  const cpus = os.cpus();
  let pg = '?';
  try {
    pg = execFileSync('psql', [DB_URL, '-Atc', 'show server_version']).toString().trim();
  } catch {
    /* unknown */
  }
  return `${cpus.length} cores (${cpus[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, PostgreSQL ${pg}; load average before the run ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`;
}

function commit(): string {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: ROOT }).toString().trim();
    const dirty = git('status', '--porcelain', '--', 'src', 'modules', 'migrations') ? ' + uncommitted changes in src/modules/migrations' : '';
    return `${git('log', '-1', '--format=%h %s').slice(0, 120)}${dirty}`;
  } catch {
    return '?';
  }
}

function table(results: OperationResult[]): string {
  const head = '| operation | OneDoor req/s (pairs) | PostGraphile req/s (pairs) | median ratio | OneDoor p50 / p99 ms | PostGraphile p50 / p99 ms | SQL statements OneDoor / PostGraphile | peak RSS MiB OneDoor / PostGraphile | SQL floor (pgbench) | notes |';
  const lines = [head, '|---|---|---|---:|---|---|---|---|---|---|'];
  for (const r of results) {
    if (r.refused || !r.pairs.length) {
      lines.push(`| ${r.op.title} | not timed | | | | | ${r.oneDoorStatements ?? '?'} / ${r.peerStatements ?? '?'} | | | **refused**: ${r.refused ?? 'no pairs'}; ${r.op.notes} |`);
      continue;
    }
    const ratio = pairRatios(r.pairs.map((p) => ({ oneDoorRps: p.oneDoor.rps, peerRps: p.peer.rps }))).median;
    const lat = (k: 'oneDoor' | 'peer') => `${fmt(median(r.pairs.map((p) => p[k].p50)))} / ${fmt(median(r.pairs.map((p) => p[k].p99)))}`;
    const failures = r.pairs.reduce((s, p) => s + p.oneDoor.failures + p.peer.failures, 0);
    const f = r.floor!;
    const floorCell = `${f.failed ? `not measured (pgbench: ${f.failed})` : `${fmt(f.tps, 0)} tps, ${fmt(f.latencyMs, 2)} ms (OneDoor at ${fmt((median(r.pairs.map((p) => p.oneDoor.rps)) / f.tps) * 100, 0)} %)`}${f.same ? `; rows differ: ${f.same}` : ''}`;
    lines.push(
      `| ${r.op.title} | ${r.pairs.map((p) => fmt(p.oneDoor.rps, 1)).join(', ')} | ${r.pairs.map((p) => fmt(p.peer.rps, 1)).join(', ')} | **${fmt(ratio, 2)}×** | ${lat('oneDoor')} | ${lat('peer')} | ${r.oneDoorStatements ?? '?'}${r.op.uncounted ? ` (${r.op.uncounted})` : ''} / ${r.peerStatements} | ${fmt(r.oneDoorRssMiB!, 0)} / ${fmt(r.peerRssMiB!, 0)} | ${floorCell} | ${failures ? `**${failures} failed requests**; ` : ''}${r.op.notes} |`,
    );
  }
  return lines.join('\n');
}

function writeResults(results: OperationResult[], data: string, c: SuiteContext): void {
  const file = path.join(ROOT, 'bench', 'RESULTS.md');
  const begin = '<!-- bench:peer:begin (written by bench/peer/peer.bench.ts) -->';
  const end = '<!-- bench:peer:end -->';
  const opts = ['appendPlugins: [@graphile-contrib/pg-simplify-inflector 6.1.0]', ...Object.entries(PEER_OPTIONS).map(([k, v]) => `${k}: ${JSON.stringify(v)}`)].join(', ');
  const block = [
    begin,
    `## OneDoor against PostGraphile — ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `- Machine: ${machine()} (servers, PostgreSQL, autocannon and pgbench share the cores)`,
    `- Code: ${commit()}`,
    `- Data: ${data} (\`bench/seed-bench-data.ts\` + \`bench/seed-peer-data.ts\`); dossier opened: ${c.dossierCode}, commune ${c.communeCode}`,
    `- Command: \`npm run bench:peer${args.length ? ` -- ${args.join(' ')}` : ''}\` — per operation: equivalence check, ${WARMUP} s warm-up each, then ${PAIRS} pairs OneDoor → PostGraphile of ${DURATION} s each, autocannon ${CONNECTIONS} connections, POST /graphql`,
    `- OneDoor: \`node dist/src/main.js\`, NODE_ENV=production, DEMO_SEED=false, DB_POOL_MAX default (10), RATE_LIMIT_LOOKUPS_PER_IP=${BENCH_LOOKUP_LIMIT} (bench only: every request comes from 127.0.0.1; the per-lookup counter in PostgreSQL still runs). SQL statements counted by the same build with NODE_ENV=test and EXPOSE_SQL_STATEMENT_COUNT=true (production answers carry no counts); that count leaves out the session check of a signed-in caller and the rate-limit counter, shown beside it.`,
    `- PostGraphile 4.14.1 as a library (\`bench/peer/postgraphile-server.ts\`, transpiled to JavaScript, NODE_ENV=production), same database and role, pg pool of 10, schema \`public\`, options { ${opts} }. SQL statements: every \`query\` call on its pool's clients during one request (the pool's clients are wrapped; a counter read before and after).`,
    `- SQL floor: the same rows as one statement returning JSON, \`pgbench -M prepared -n -f op.sql -c ${CONNECTIONS} -j 2 -T ${FLOOR_DURATION}\`; its rows are checked against OneDoor's too. "OneDoor at x %" = OneDoor's median req/s over the floor's tps.`,
    '- Ratio: median over the pairs of OneDoor req/s ÷ PostGraphile req/s; p50/p99: medians over the runs; peak RSS: VmHWM over the operation (reset to the current RSS before its warm-up, so it never falls below what the process already holds).',
    '- PostGraphile is an upper bound for a generic server: it applies none of OneDoor’s rules (see the notes).',
    '',
    table(results),
    '',
    end,
  ].join('\n');
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const next = old.includes(begin) && old.includes(end) ? old.slice(0, old.indexOf(begin)) + block + old.slice(old.indexOf(end) + end.length) : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
  console.log(`\nWrote ${path.relative(ROOT, file)}`);
}

async function main(): Promise<void> {
  const wanted = text('ops')?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((k) => !PEER_SUITE.some((o) => o.key === k));
  if (unknown?.length) throw new Error(`unknown operations: ${unknown.join(', ')} (known: ${PEER_SUITE.map((o) => o.key).join(', ')})`);
  const ops = wanted ? PEER_SUITE.filter((o) => wanted.includes(o.key)) : PEER_SUITE;

  if ((await dossierCount()) < BENCH_DOSSIERS) {
    if (text('db')) throw new Error(`${DB_URL} holds fewer than ${BENCH_DOSSIERS} dossiers: seed it with bench/seed-bench-data.ts`);
    console.log(`== seeding ${BENCH_DB}`);
    execFileSync(process.execPath, ['-r', '@swc-node/register', 'bench/seed-bench-data.ts'], { cwd: ROOT, stdio: 'inherit' });
  } else if (await seedPeerData(DB_URL)) console.log('== added files, payments, incoming documents and parcels to the bench database');
  const data = await dataSummary();
  const c = await suiteContext();
  console.log(`== data: ${data}; dossier ${c.dossierCode}, commune ${c.communeCode}`);

  if (!flag('no-build')) {
    console.log('== npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  }
  console.log('== counting OneDoor SQL statements (NODE_ENV=test, EXPOSE_SQL_STATEMENT_COUNT=true)');
  const statements = await countOneDoorStatements(ops, c);

  const profDir = path.join(ROOT, 'bench', 'profiles');
  if (flag('cpu-prof')) mkdirSync(profDir, { recursive: true });
  const oneDoor = start('onedoor', [...(flag('cpu-prof') ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), 'dist/src/main.js'], oneDoorEnv(ONEDOOR_PORT, { ...BENCH_PRODUCTION_ENV }));
  const peer = start('postgraphile', [peerServerScript(), DB_URL, String(PEER_PORT)], { ...process.env, NODE_ENV: 'production', NODE_PATH: path.join(ROOT, 'node_modules') });
  const stopAll = async () => {
    await Promise.all([oneDoor.stop(), peer.stop()]);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  try {
    await waitReady(oneDoor.child, async () => (await fetch(`http://127.0.0.1:${ONEDOOR_PORT}/readyz`)).ok, 'OneDoor');
    await waitReady(peer.child, async () => (await post(`http://127.0.0.1:${PEER_PORT}/graphql`, { query: '{ __typename }' })).status === 200, 'PostGraphile');
    const oneDoorUrl = `http://127.0.0.1:${ONEDOOR_PORT}/graphql`;
    const tokens = new Map([
      ['officer', await login(oneDoorUrl, BENCH_OFFICER)],
      ['analyst', await login(oneDoorUrl, BENCH_ANALYST)],
    ]);
    const results: OperationResult[] = [];
    for (const op of ops) {
      console.log(`== ${op.key}: ${op.title}`);
      const r = await measure(op, c, { oneDoor: oneDoor.child, peer: peer.child }, tokens, statements);
      if (r.refused) console.log(`  REFUSED (not timed): ${r.refused}`);
      else console.log(`  median ratio OneDoor/PostGraphile ${fmt(pairRatios(r.pairs.map((p) => ({ oneDoorRps: p.oneDoor.rps, peerRps: p.peer.rps }))).median, 2)}×; peak RSS OneDoor ${fmt(r.oneDoorRssMiB!, 0)} MiB, PostGraphile ${fmt(r.peerRssMiB!, 0)} MiB`);
      results.push(r);
    }
    console.log(`\n${table(results)}`);
    if (!flag('no-write')) writeResults(results, data, c);
  } finally {
    await stopAll();
    if (flag('cpu-prof')) console.log(`OneDoor CPU profile written to ${path.relative(ROOT, profDir)}/`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
