// First: tracing instruments http, express, pg and graphql as they load (see telemetry.ts).
import { shutdownTelemetry } from './telemetry';
import 'reflect-metadata';
import cluster from 'node:cluster';
import { ALL_MODULES } from '../modules';
import { App, createApp, openDatabase, prepareData } from './app';
import { CalendarService } from './calendar/calendar.service';
import { Config, ConfigError, loadConfig, SHUTDOWN_LIMIT_MS } from './config';
import { PendingMigrationsError } from './db/migrator';
import { openOrm } from './db/orm';
import { ormParts } from './kernel/entities';
import { selectModules } from './kernel/registry';
import { checkFormerVariables } from './kernel/module-options';
import { componentLogger, createLogger, errorForLog, Logger } from './logging/logger';
import { startClusterMetrics } from './server/metrics-cluster';

function onSignals(log: Logger, stop: (signal: string) => Promise<void>): void {
  let stopping = false;
  const handle = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${signal}: draining connections and stopping …`);
    const timer = setTimeout(() => {
      log.error(`Shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s; exiting.`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    try {
      await stop(signal);
      await shutdownTelemetry();
      clearTimeout(timer);
      log.info('Stopped.');
      process.exit(0);
    } catch (e) {
      log.error({ error: errorForLog(e) }, 'Shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void handle('SIGTERM'));
  process.on('SIGINT', () => void handle('SIGINT'));
}

/** One process: database, data, HTTP and WebSocket. */
async function single(config: Config, logger: Logger, started: number): Promise<void> {
  const log = componentLogger(logger, 'app');
  // Signals are ours from the start (the embedded database leaves them to us): one during the
  // start waits for it, then stops in order.
  let starting: Promise<App> | undefined;
  onSignals(log, async () => (await starting?.catch(() => undefined))?.stop());
  starting = createApp(config, ALL_MODULES, { logger, callerHandlesSignals: true });
  const app = await starting;
  const worker = cluster.isWorker ? ` (worker ${cluster.worker!.id}, pid ${process.pid})` : '';
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const modules = app.services.modules.names;
  // CI and operators grep this text: keep "OneDoor ready in <s> s at <url>" in the message.
  log.info({ url: app.server.url, startupMs: Date.now() - started, modules, ...(cluster.isWorker ? { worker: cluster.worker!.id } : {}) }, `OneDoor ready in ${seconds} s at ${app.server.url}${worker} (modules: ${modules.join(', ')})`);
}

/**
 * `WORKERS=n`: the primary prepares the database once (embedded server, migrations, reference
 * and demo data), then forks n server processes sharing the port. Each worker is an ordinary
 * instance of the multi-instance design: they share nothing but PostgreSQL.
 */
async function primary(config: Config, logger: Logger, started: number): Promise<void> {
  const log = componentLogger(logger, 'app');
  const db = await openDatabase(config, logger);
  const modules = selectModules(ALL_MODULES, config.modules, config.moduleOptions);
  const orm = await openOrm(db.url, ormParts(modules), 2, {}, logger);
  await prepareData(orm, db.directUrl, modules, new CalendarService(), { migrate: config.migrateOnStart, demoSeed: config.demoSeed }, logger);
  await orm.close(true);
  // The migration step is done: workers only check it. Workers inherit this environment and read
  // the configured secrets themselves (JWT_SECRET or its file, DATABASE_URL with DATABASE_PASSWORD
  // or its file), so a secret given as a file never enters a worker's environment. Handed down
  // are only what this process made: the embedded database's URL, and the per-process JWT secret
  // of a development run without one (tokens signed by one worker must verify on the others).
  const env: Record<string, string> = { DEMO_SEED: 'false', MIGRATE_ON_START: 'false' };
  if (db.embedded) env.DATABASE_URL = db.url;
  if (!process.env.JWT_SECRET && !process.env.JWT_SECRET_FILE) env.JWT_SECRET = config.auth.jwtSecret;
  let stopping = false;
  const fork = () => cluster.fork(env);
  cluster.on('exit', (w, code, signal) => {
    if (stopping) return;
    log.error({ worker: w.id, exit: signal ?? code }, `Worker ${w.id} exited (${signal ?? code}); starting another`);
    setTimeout(fork, 1000);
  });
  for (let i = 0; i < config.workers; i++) fork();
  // The workers share the main port; METRICS_PORT is served here, with all workers' metrics.
  const metrics = config.metrics.port !== undefined ? await startClusterMetrics(config.metrics, logger) : undefined;
  log.info({ workers: config.workers, port: config.port }, `OneDoor primary ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${config.workers} workers on port ${config.port}`);
  onSignals(log, async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
    await Promise.all(workers.map((w) => new Promise<void>((resolve) => {
      if (w!.isDead()) return resolve();
      w!.once('exit', () => resolve());
      w!.process.kill('SIGTERM');
    })));
    await metrics?.close();
    await db.embedded?.stop();
  });
}

/** The composition root: the only place that reads the module registry. */
async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  checkFormerVariables(ALL_MODULES, process.env);
  // The one root logger of this process, handed down to every part.
  const logger = createLogger(config.logLevel);
  try {
    if (config.workers > 1 && cluster.isPrimary) await primary(config, logger, started);
    else await single(config, logger, started);
  } catch (e) {
    const log = componentLogger(logger, 'app');
    // Pending migrations are an operator's step to take, not a fault: the message names them and the command.
    if (e instanceof PendingMigrationsError) log.fatal(e.message);
    else if (e instanceof ConfigError) log.fatal(`Configuration error: ${e.message}`);
    else log.fatal({ error: errorForLog(e) }, 'Start-up failed');
    process.exit(1);
  }
}

main().catch((e) => {
  // Before the configuration (and so LOG_LEVEL) is known: a JSON line all the same.
  const log = componentLogger(createLogger('info'), 'app');
  if (e instanceof ConfigError) log.fatal(`Configuration error: ${e.message}`);
  else log.fatal({ error: errorForLog(e) }, 'Start-up failed');
  process.exit(1);
});
