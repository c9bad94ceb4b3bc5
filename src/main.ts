import 'reflect-metadata';
import cluster from 'node:cluster';
import { ALL_MODULES } from '../modules';
import { createApp, openDatabase, prepareData } from './app';
import { CalendarService } from './calendar/calendar.service';
import { Config, ConfigError, loadConfig } from './config';
import { PendingMigrationsError } from './db/migrator';
import { openOrm } from './db/orm';
import { selectModules } from './kernel/registry';

function onSignals(stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: draining connections and stopping …`);
    const timer = setTimeout(() => {
      console.error('Shutdown took longer than 15 s; exiting.');
      process.exit(1);
    }, 15_000);
    try {
      await stop(signal);
      clearTimeout(timer);
      process.exit(0);
    } catch (e) {
      console.error('Shutdown failed', e);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void handle('SIGTERM'));
  process.on('SIGINT', () => void handle('SIGINT'));
}

/** One process: database, data, HTTP and WebSocket. */
async function single(config: Config, started: number): Promise<void> {
  const app = await createApp(config, ALL_MODULES);
  const worker = cluster.isWorker ? ` (worker ${cluster.worker!.id}, pid ${process.pid})` : '';
  console.log(`OneDoor ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${app.server.url}${worker} (modules: ${app.services.modules.names.join(', ')})`);
  onSignals(() => app.stop());
}

/**
 * `WORKERS=n`: the primary prepares the database once (embedded server, migrations, reference
 * and demo data), then forks n server processes sharing the port. Each worker is an ordinary
 * instance of the multi-instance design: they share nothing but PostgreSQL.
 */
async function primary(config: Config, started: number): Promise<void> {
  const log = (m: string) => console.log(m);
  const db = await openDatabase(config, log);
  const modules = selectModules(ALL_MODULES, config.modules);
  const orm = await openOrm(db.url, modules.ormParts, 2);
  await prepareData(orm, db.url, modules, new CalendarService(), { migrate: config.migrateOnStart, demoSeed: config.demoSeed }, log);
  await orm.close(true);
  // Tokens signed by one worker must verify on the others. The step is done: workers only check it.
  const env = { DATABASE_URL: db.url, DEMO_SEED: 'false', MIGRATE_ON_START: 'false', JWT_SECRET: config.auth.jwtSecret };
  let stopping = false;
  const fork = () => cluster.fork(env);
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    console.error(`Worker ${w.id} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < config.workers; i++) fork();
  console.log(`OneDoor primary ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${config.workers} workers on port ${config.port}`);
  onSignals(async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      if (w!.isDead()) return resolve();
      w!.once('exit', () => resolve());
      w!.process.kill('SIGTERM');
    })));
    await db.embedded?.stop();
  });
}

/** The composition root: the only place that reads the module registry. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  if (config.workers > 1 && cluster.isPrimary) await primary(config, started);
  else await single(config, started);
}

main().catch((e) => {
  console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e instanceof PendingMigrationsError ? e.message : e);
  process.exit(1);
});
