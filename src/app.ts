import { Account } from './auth/account.entity';
import { principalOfAccount } from './auth/auth.resolver';
import { accountSessionCheck } from './auth/session.service';
import { TokenService } from './auth/token.service';
import { CalendarService } from './calendar/calendar.service';
import { Config } from './config';
import { startEmbeddedPostgres, EmbeddedDatabase } from './db/embedded';
import { ensureDatabase } from './db/ensure-database';
import { pendingMigrations, PendingMigrationsError, withMigrationLock } from './db/migrator';
import { migrate, openOrm } from './db/orm';
import { seedDemo } from './db/seed/demo-seed';
import { DossierService } from './dossiers/dossier.service';
import { DossierPresenter } from './dossiers/dossier.view';
import { ReferenceData } from './procedures/reference-data';
import { syncReferenceData } from './kernel/bootstrap';
import { Clock, systemClock } from './calendar/clock';
import { OneDoorModule } from './kernel/module-contract';
import { ormParts } from './kernel/entities';
import { ModuleSet, selectModules } from './kernel/registry';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { AgencyDashboards } from './events/agency-dashboard';
import { RealTime } from './events/realtime';
import { ReferenceFollower } from './events/reference-follower';
import { NotificationPlanner } from './notifications/notification-planner';
import { StatisticsRollup } from './statistics/rollup.consumer';
import { DocumentService } from './documents/document.service';
import { buildOneDoorSchema } from './server/schema';
import { Services } from './server/context';
import { RunningServer, startHttpServer } from './server/http';
import { IPN_PATH, PaymentService } from './payments/payment.service';
import { startSandboxGateway } from './payments/sandbox-gateway';
import { JobRunner } from './kernel/jobs';
import { openSnapshotJob } from './statistics/open-snapshot';
import { calendarHorizonJob, warnOnCalendarHorizon } from './calendar/horizon-job';
import { stepDeadlineJob } from './dossiers/step-deadline-job';
import { componentLogger, createLogger, type DestinationStream, type Logger } from './logging/logger';
import { RateLimitStore } from './db/rate-limit-store';
import { RateLimits } from './server/rate-limits';

export interface App {
  services: Services;
  server: RunningServer;
  /** Drains HTTP and WebSocket, closes the database, stops the embedded server: in that order. */
  stop(): Promise<void>;
}

/**
 * The database the server uses: the configured URL, or an embedded PostgreSQL started here;
 * `directUrl` reaches the same database without a pooler (LISTEN, the migration lock).
 */
export async function openDatabase(config: Config, logger: Logger, opts: { callerHandlesSignals?: boolean } = {}): Promise<{ url: string; directUrl: string; embedded?: EmbeddedDatabase }> {
  if (config.databaseUrl) {
    await ensureDatabase(config.databaseUrl);
    return { url: config.databaseUrl, directUrl: config.databaseDirectUrl ?? config.databaseUrl };
  }
  componentLogger(logger, 'db').info({ dataDir: config.embedded.dataDir }, `Starting the embedded PostgreSQL in ${config.embedded.dataDir} …`);
  const embedded = await startEmbeddedPostgres({ ...config.embedded, callerHandlesSignals: opts.callerHandlesSignals });
  const url = embedded.url.replace(/\/postgres$/, '/onedoor');
  try {
    await ensureDatabase(url);
  } catch (e) {
    await embedded.stop().catch(() => undefined);
    throw e;
  }
  return { url, directUrl: url, embedded };
}

/**
 * The migration step, under the migration lock (concurrent starts take turns): migrations,
 * reference data, and (on an empty database, when asked) the demo data. With `migrate` off
 * (production: `npm run migrate` is the step) it only refuses a database that lacks migrations
 * this code needs, rather than serve a schema the code does not know.
 */
export async function prepareData(
  orm: MikroORM,
  /** A direct connection for the session-level lock (`DATABASE_DIRECT_URL`). */
  directUrl: string,
  modules: ModuleSet,
  calendar: CalendarService,
  opts: { migrate: boolean; demoSeed: boolean },
  logger: Logger,
): Promise<void> {
  const log = componentLogger(logger, 'migrations');
  await withMigrationLock(directUrl, log, async () => {
    if (!opts.migrate) {
      const pending = await pendingMigrations(orm);
      if (pending.length) throw new PendingMigrationsError(pending);
      return;
    }
    const applied = await migrate(orm);
    if (applied.length) log.info({ migrations: applied }, `Applied migrations: ${applied.join(', ')}`);
    else log.debug('No pending migrations');
    await syncReferenceData(orm.em.fork(), modules);
    if (opts.demoSeed) {
      const started = Date.now();
      const n = await seedDemo(orm.em.fork(), modules, calendar);
      if (n) componentLogger(logger, 'seed').info({ dossiers: n, durationMs: Date.now() - started }, `Seeded ${n} demo dossiers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  });
}

/**
 * Builds the whole server: config → database → modules → schema → HTTP/WebSocket. `main.ts`
 * calls it with the registry; tests call it with a controllable clock.
 */
export async function createApp(
  config: Config,
  allModules: readonly OneDoorModule[],
  opts: {
    clock?: Clock;
    /** The process's root logger (main.ts makes it); without it one is made on `logDestination` or stdout. */
    logger?: Logger;
    logDestination?: DestinationStream;
    /** The caller stops the app on SIGTERM/SIGINT (main.ts): the embedded database waits for it. */
    callerHandlesSignals?: boolean;
  } = {},
): Promise<App> {
  const logger = opts.logger ?? createLogger(config.logLevel, opts.logDestination);
  const modules = selectModules(allModules, config.modules, config.moduleOptions);
  const { url, directUrl, embedded } = await openDatabase(config, logger, { callerHandlesSignals: opts.callerHandlesSignals });
  // What is open so far, closed in reverse if a later step fails (a failed start leaves nothing behind).
  const opened: (() => unknown)[] = [];
  try {
    const orm = await openOrm(url, ormParts(modules), config.poolMax, config.db, logger);
    opened.push(() => orm.close(true));
    const em = orm.em.fork();
    const calendar = new CalendarService({ ttlMs: config.calendarCacheTtlMs, backgroundEm: () => orm.em.fork() as EntityManager, logger: componentLogger(logger, 'calendar') });
    await prepareData(orm, directUrl, modules, calendar, { migrate: config.migrateOnStart, demoSeed: config.demoSeed }, logger);
    const clock = opts.clock ?? systemClock;
    const tokens = new TokenService(config.auth, async (identityNumber) => {
      const fork = orm.em.fork();
      // Only a citizen account with this verified number is the token holder's: a staff account
      // an admin typed the number into is not (see citizenIdentityOf).
      const account = await fork.findOne(Account, { identityNumber, identityVerified: true, active: true });
      const p = account ? await principalOfAccount(fork, account) : undefined;
      return p?.identityNumber === identityNumber ? p : undefined;
    }, accountSessionCheck(orm.em.fork() as EntityManager));
    // The outbox's durable consumers, run in the relay's transaction in this order.
    const realtime = new RealTime(config, directUrl, orm.em.fork() as EntityManager, logger, [new NotificationPlanner(), new StatisticsRollup()]);
    opened.push(() => realtime.stop());
    await realtime.start();
    // Loaded after the event feed starts: a catalogue change committed after this load is published
    // after the feed's start position, so the follower hears of it; one before is in the load.
    const reference = await ReferenceData.load(em);
    const follower = new ReferenceFollower(realtime.feed, reference, calendar, () => orm.em.fork() as EntityManager, componentLogger(logger, 'feed'));
    opened.push(() => follower.stop());
    const presenter = new DossierPresenter(reference, modules);
    const dashboards = new AgencyDashboards(orm.em.fork() as EntityManager, realtime.feed, clock, config.realtime.dashboardThrottleMs, componentLogger(logger, 'dashboard'));
    opened.push(() => dashboards.stop());
    // The replica shares the schema (streaming replication); it is never migrated from here.
    const analytics = config.databaseReplicaUrl ? await openOrm(config.databaseReplicaUrl, ormParts(modules), config.poolMax, config.db, logger) : orm;
    if (analytics !== orm) opened.push(() => analytics.close(true));
    const dossiers = new DossierService(modules, calendar, clock, { stepWarningPercent: config.stepWarningPercent });
    const payments = new PaymentService(modules, dossiers, clock, config.payments, componentLogger(logger, 'payments'));
    const calendarLogger = componentLogger(logger, 'calendar');
    await warnOnCalendarHorizon(calendar, orm.em.fork() as EntityManager, clock.now(), calendarLogger);
    const jobs = new JobRunner(orm.em.fork() as EntityManager, [openSnapshotJob, calendarHorizonJob(calendar, calendarLogger), stepDeadlineJob(modules, componentLogger(logger, 'jobs')), ...modules.jobs], clock, componentLogger(logger, 'jobs'));
    const rateLimits = new RateLimits(config.rateLimits, RateLimitStore.open(config.rateLimits, url));
    opened.push(() => rateLimits.close());
    const services: Services = {
      config, orm, modules, tokens, calendar, dossiers, clock, reference, presenter, realtime, dashboards,
      documents: new DocumentService(clock, calendar), analytics, payments, jobs, rateLimits,
      logger,
    };
    const schema = await buildOneDoorSchema(modules);
    const server = await startHttpServer(services, schema);
    opened.push(() => server.stop());
    const baseUrl = config.payments.publicBaseUrl ?? server.url.replace(/\/graphql$/, '');
    payments.publicBaseUrl = baseUrl;
    // Only when asked for (PAYMENTS=sandbox: the demo, the tests) a local sandbox plays VNPay's part.
    const sandbox = config.payments.mode === 'sandbox'
      ? await startSandboxGateway({ tmnCode: config.payments.tmnCode, hashSecret: config.payments.hashSecret, now: () => clock.now(), ipnUrl: `${baseUrl.replace('localhost', '127.0.0.1')}${IPN_PATH}` })
      : undefined;
    payments.gatewayUrl = sandbox?.payUrl ?? config.payments.gatewayUrl ?? '';
    if (sandbox) componentLogger(logger, 'payments').info({ url: sandbox.url }, `Payment sandbox gateway (VNPay protocol) at ${sandbox.url}`);
    else if (config.payments.mode === 'off') componentLogger(logger, 'payments').info('Online payment is off (PAYMENTS=off): officers record counter payments');
    if (config.jobs) jobs.start();
    return {
      services,
      server,
      stop: async () => {
        await server.stop();
        await sandbox?.stop();
        await jobs.stop();
        dashboards.stop();
        await follower.stop();
        await realtime.stop();
        await rateLimits.close();
        if (analytics !== orm) await analytics.close(true);
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (e) {
    for (const close of opened.reverse()) await Promise.resolve().then(close).catch(() => undefined);
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}
