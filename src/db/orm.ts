import { AsyncLocalStorage } from 'node:async_hooks';
import { Migration, Migrator } from '@mikro-orm/migrations';
import { Constructor, Options } from '@mikro-orm/core';
import { EntityClass, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../../migrations';
import { KERNEL_ENTITIES } from './entities';

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

/** What the selected modules add to the kernel's entities and migrations. */
export interface OrmParts {
  entities?: EntityClass<unknown>[];
  migrations?: MigrationEntry[];
}

export function ormOptions(clientUrl: string, parts: OrmParts = {}, poolMax = 10): Options<PostgreSqlDriver> {
  // One chain ordered by name (a timestamp): a module's tables come after the kernel tables they reference.
  const migrationsList = [...MIGRATIONS, ...(parts.migrations ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: [...KERNEL_ENTITIES, ...(parts.entities ?? [])],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: poolMax },
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
export async function openOrm(clientUrl: string, parts: OrmParts = {}, poolMax = 10): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, parts, poolMax));
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
