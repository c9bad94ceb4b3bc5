import { AsyncLocalStorage } from 'node:async_hooks';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { Constructor, DefaultLogger, LogContext, LoggerNamespace, LoggerOptions, Options } from '@mikro-orm/core';
import { Logger, maskLogText } from '../logging/logger';
import { EntityClass, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../../migrations';
import { installPoolGuard, PoolGuardMode } from './pool-guard';

/**
 * Per-request SQL statement counter (tests and benchmarks read it; N+1 is a bug), and how many
 * root fields the SQL-compiled fast path answered (`src/server/sql-fast-path.ts`).
 */
export const statementCounter = new AsyncLocalStorage<{ count: number; compiledFields?: number }>();

/** A migration in the chain: the kernel's (`migrations/`) or one a module owns. */
export interface MigrationEntry {
  name: string;
  class: Constructor<Migration>;
}

/**
 * What the ORM maps and migrates. The entity list spans the layers (the kernel's entities and the
 * selected modules'), so the composition root assembles it (`src/kernel/entities.ts`); the
 * migrations are the modules' own, added to the kernel's chain.
 */
export interface OrmParts {
  entities: EntityClass<unknown>[];
  migrations?: MigrationEntry[];
}

/**
 * Bounds on waiting for the database (config `db`): a request that cannot get a connection, a
 * row lock or an answer in time fails fast (503 / `Busy`) instead of holding everyone up.
 */
export interface DbTimeouts {
  /** Wait for a pool connection (`DB_POOL_ACQUIRE_TIMEOUT_MS`); knex's default is 60 s. */
  acquireTimeoutMs?: number;
  /** PostgreSQL `lock_timeout` for every session (`DB_LOCK_TIMEOUT_MS`); 0 = wait for ever, whatever the role says; absent = the role's. */
  lockTimeoutMs?: number;
  /** PostgreSQL `statement_timeout` for every session (`DB_STATEMENT_TIMEOUT_MS`); 0 = none, whatever the role says; absent = the role's. */
  statementTimeoutMs?: number;
  /** What a second pool connection inside a transaction does (`DB_POOL_GUARD`). */
  poolGuard?: PoolGuardMode;
}

/**
 * MikroORM's own messages (discovery, deprecations) as JSON lines of the `orm` component, never
 * with ANSI colours, and never a SQL statement (they carry values): `logQuery` writes nothing.
 */
class PinoOrmLogger extends DefaultLogger {
  constructor(options: LoggerOptions, private readonly logger: Logger) {
    super(options);
  }

  override log(namespace: LoggerNamespace, message: string, context?: LogContext): void {
    if (!this.isEnabled(namespace, context)) return;
    const level = context?.level === 'error' ? 'error' : context?.level === 'warning' ? 'warn' : 'info';
    this.logger[level]({ namespace, ...(context?.label ? { label: context.label } : {}) }, maskLogText(message.replace(/\s+/g, ' ').trim()));
  }

  override logQuery(): void {}
}

/** knex's logger interface, writing to pino; messages are masked like any error text (they may quote a statement). */
function knexLog(logger: Logger): Record<'warn' | 'error' | 'deprecate' | 'debug', (message: unknown) => void> {
  const text = (m: unknown) => maskLogText(String(m instanceof Error ? m.message : m));
  return {
    warn: (m) => logger.warn(text(m)),
    error: (m) => logger.error(text(m)),
    deprecate: (m) => logger.warn(text(m)),
    debug: () => undefined,
  };
}

/** One chain ordered by name (a timestamp): a module's tables come after the kernel tables they reference. */
export function migrationChain(parts: Pick<OrmParts, 'migrations'> = {}): MigrationEntry[] {
  return [...MIGRATIONS, ...(parts.migrations ?? [])].sort((a, b) => a.name.localeCompare(b.name));
}

function ormOptions(clientUrl: string, parts: OrmParts, poolMax = 10, timeouts: DbTimeouts = {}, logger?: Logger): Options<PostgreSqlDriver> {
  const migrationsList = migrationChain(parts);
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: parts.entities,
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // Our own line names the applied migrations (src/app.ts); umzug's per-migration lines are not needed.
      silent: true,
    },
    colors: false,
    ...(logger ? { loggerFactory: (options: LoggerOptions) => new PinoOrmLogger(options, logger.child({ component: 'orm' })) } : {}),
    pool: { min: 0, max: poolMax, ...(timeouts.acquireTimeoutMs ? { acquireTimeoutMillis: timeouts.acquireTimeoutMs } : {}) },
    // Session settings sent at connection start-up (node-postgres passes them to the server): no
    // extra statement per transaction, and every path is bounded, not only the ones that remember.
    driverOptions: {
      ...(timeouts.acquireTimeoutMs ? { acquireConnectionTimeout: timeouts.acquireTimeoutMs } : {}),
      // knex's own warnings (a pool connection the server dropped) as JSON lines, not console.log.
      ...(logger ? { log: knexLog(logger.child({ component: 'db' })) } : {}),
      connection: {
        // 0 is sent too ("none" must override a timeout set on the role or the database), as a
        // string: node-postgres leaves out a start-up parameter whose value is falsy.
        ...(timeouts.lockTimeoutMs !== undefined ? { lock_timeout: String(timeouts.lockTimeoutMs) } : {}),
        ...(timeouts.statementTimeoutMs !== undefined ? { statement_timeout: String(timeouts.statementTimeoutMs) } : {}),
      },
    },
    // rate-limiter-flexible owns the layout of its counter table (no entity maps it).
    schemaGenerator: { skipTables: ['rate_limit'] },
    // Resolvers fork per request (ARCHITECTURE rule 3); touching the global context is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    debug: false,
  };
}

/** Opens the ORM and counts every statement sent, attributing it to the current request. */
export async function openOrm(clientUrl: string, parts: OrmParts, poolMax = 10, timeouts: DbTimeouts = {}, logger?: Logger): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, parts, poolMax, timeouts, logger));
  installPoolGuard(orm, timeouts.poolGuard ?? 'off', logger?.child({ component: 'db' }));
  orm.em.getConnection().getKnex().on('query', () => {
    const c = statementCounter.getStore();
    if (c) c.count++;
  });
  return orm;
}

/** Applies pending migrations; returns their names. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
