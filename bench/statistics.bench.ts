import 'reflect-metadata';
import { BENCH_PRODUCTION_ENV } from './production-env';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_MODULES } from '../modules';
import { Role } from '../src/auth/roles';
import { openOrm } from '../src/db/orm';
import { createDemoAccounts } from '../src/kernel/demo-staff';
import { ormParts } from '../src/kernel/entities';
import { selectModules } from '../src/kernel/registry';
import { BENCH_ADMIN_URL, benchDbUrl } from './bench-config';

/**
 * Statistics benchmark (run by hand, not a test), on a database filled by `npm run seed:history`:
 *
 *   DATABASE_URL=postgres://…/onedoor_hist npm run seed:history -- --size=1000000
 *   npm run bench:statistics [-- --db=onedoor_hist --runs=50 --no-build --no-write]
 *
 * Starts the production build on that database, signs in as an analyst and times
 * `dossierStatistics` over HTTP: by agency × month over all years, by agency over one month,
 * and by unit × year over all years; reports p50/p95 and the rollup and dossier counts.
 */
const ROOT = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const DB = option('db', 'onedoor_hist');
const RUNS = Number(option('runs', '50'));
const PORT = 4611;
const URL_GRAPHQL = `http://127.0.0.1:${PORT}/graphql`;

const QUERY = `query($f: StatisticsFilter!, $g: [StatisticsDimension!]) { dossierStatistics(filter: $f, groupBy: $g) {
  __typename ... on DossierStatistics { rows { agencyCode unitCode period received resolved resolvedLate onTimeRate carriedOver inProgressAtEnd } total { received } } ... on ErrorResult { code message } } }`;

async function gql(token: string | null, query: string, variables: Record<string, unknown>) {
  const res = await fetch(URL_GRAPHQL, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as any;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main(): Promise<void> {
  if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const url = benchDbUrl(BENCH_ADMIN_URL, DB);
  const orm = await openOrm(url, ormParts(selectModules(ALL_MODULES)), 2);
  await createDemoAccounts(orm.em.fork() as never, [{ username: 'analyst', fullName: 'Chuyên viên phân tích', role: Role.ANALYST }]);
  const [counts] = await orm.em.getConnection().execute<{ dossiers: number; by_procedure: number; by_unit: number }[]>(
    `select (select count(*) from dossier)::int as dossiers, (select count(*) from dossier_daily_stat)::int as by_procedure, (select count(*) from dossier_unit_daily_stat)::int as by_unit`,
  );
  await orm.close(true);
  const server: ChildProcess = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, ...BENCH_PRODUCTION_ENV, DATABASE_URL: url, PORT: String(PORT), HOST: '127.0.0.1', DEMO_SEED: 'false', JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0', STATISTICS_MAX_CELLS: '100000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/readyz`)).ok) break;
      } catch {
        // not yet
      }
      if (i > 240) throw new Error('server not ready');
      await new Promise((r) => setTimeout(r, 250));
    }
    const login = await gql(null, 'mutation { login(username: "analyst", password: "onedoor-demo") { ... on LoginSuccess { token } } }', {});
    const token = login.data.login.token as string;
    const MEDIAN = QUERY.replace('onTimeRate', 'onTimeRate medianProcessingDays');
    const cases: [string, Record<string, unknown>, string?][] = [
      ['agency × month, 2014–2025', { f: { from: '2014-01-01', to: '2025-12-31' }, g: ['AGENCY', 'MONTH'] }],
      ['agency × month, 2014–2025, with the median', { f: { from: '2014-01-01', to: '2025-12-31' }, g: ['AGENCY', 'MONTH'] }, MEDIAN],
      ['unit × year, 2014–2025, with the median', { f: { from: '2014-01-01', to: '2025-12-31' }, g: ['UNIT', 'YEAR'] }, MEDIAN],
      ['agency, one month (2025-11)', { f: { from: '2025-11-01', to: '2025-11-30' }, g: ['AGENCY'] }],
      ['unit × year, 2014–2025', { f: { from: '2014-01-01', to: '2025-12-31' }, g: ['UNIT', 'YEAR'] }],
      ['Đà Lạt (unit 672) by year, 2014–2015', { f: { from: '2014-01-01', to: '2015-12-31', unitCodes: ['672'] }, g: ['YEAR'] }],
    ];
    const lines = [`Date: ${new Date().toISOString()}; database ${DB}: ${counts.dossiers} dossiers, ${counts.by_procedure} rollup rows by procedure, ${counts.by_unit} by unit; ${RUNS} runs each over HTTP, one at a time.`];
    for (const [name, variables, query = QUERY] of cases) {
      const first = await gql(token, query, variables);
      if (first.data?.dossierStatistics?.__typename !== 'DossierStatistics') throw new Error(`${name}: ${JSON.stringify(first)}`);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await gql(token, query, variables);
        times.push(performance.now() - t0);
      }
      const s = first.data.dossierStatistics;
      lines.push(`${name}: ${s.rows.length} rows, ${s.total.received} received; p50 ${pct(times, 50).toFixed(1)} ms, p95 ${pct(times, 95).toFixed(1)} ms.`);
    }
    // The 766 index of the whole province over all years.
    const INDEX = `query($f: StatisticsFilter!) { index766(filter: $f, groupBy: []) { __typename ... on Index766 { rows { score measuredOutOf components { key score } } } } }`;
    const idx = await gql(token, INDEX, { f: { from: '2014-01-01', to: '2025-12-31' } });
    if (idx.data?.index766?.__typename !== 'Index766') throw new Error(JSON.stringify(idx));
    const idxTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await gql(token, INDEX, { f: { from: '2014-01-01', to: '2025-12-31' } });
      idxTimes.push(performance.now() - t0);
    }
    const row = idx.data.index766.rows[0];
    lines.push(`766 index, whole province 2014–2025: ${row.score} of the ${row.measuredOutOf} points measured (${row.components.filter((c: any) => c.score !== null).map((c: any) => `${c.key} ${c.score}`).join(', ')}); p50 ${pct(idxTimes, 50).toFixed(1)} ms, p95 ${pct(idxTimes, 95).toFixed(1)} ms.`);

    // Bulk export of every dossier: rows/s and the server's peak memory while it streams.
    const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    let peak = rss();
    const before = peak;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
    const t0 = performance.now();
    const res = await fetch(`http://127.0.0.1:${PORT}/exports/dossiers?format=csv&from=2014-01-01&to=2025-12-31`, { headers: { authorization: `Bearer ${token}` } });
    let bytes = 0;
    let rows = -1; // the header
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const b of value) if (b === 10) rows++;
    }
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    lines.push(`Export of every dossier (CSV): ${rows} rows, ${(bytes / 1048576).toFixed(0)} MiB in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s; server RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB.`);
    console.log(lines.join('\n'));
    if (!args.includes('--no-write')) {
      const file = path.join(ROOT, 'bench/RESULTS.md');
      const text = readFileSync(file, 'utf8');
      const block = `<!-- statistics:start -->\n${lines.map((l) => `- ${l}`).join('\n')}\n<!-- statistics:end -->`;
      writeFileSync(file, text.includes('<!-- statistics:start -->') ? text.replace(/<!-- statistics:start -->[\s\S]*<!-- statistics:end -->/, block) : `${text.trimEnd()}\n\n## Statistics (\`npm run bench:statistics\`)\n\n${block}\n`);
    }
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
