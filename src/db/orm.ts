import { AsyncLocalStorage } from 'node:async_hooks';
import { Migrator } from '@mikro-orm/migrations';
import { Options } from '@mikro-orm/core';
import { EntityClass, MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { MIGRATIONS } from '../../migrations';
import { KERNEL_ENTITIES } from './entities';

/** Per-request SQL statement counter (tests and benchmarks read it; N+1 is a bug). */
export const statementCounter = new AsyncLocalStorage<{ count: number }>();

export function ormOptions(clientUrl: string, extraEntities: EntityClass<unknown>[] = [], poolMax = 10): Options<PostgreSqlDriver> {
  return {
    driver: PostgreSqlDriver,
    clientUrl,
    entities: [...KERNEL_ENTITIES, ...extraEntities],
    discovery: { disableDynamicFileAccess: true, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: {
      migrationsList: MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
    },
    pool: { min: 0, max: poolMax },
    // Resolvers fork per request (ARCHITECTURE rule 3); touching the global context is a bug.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    ignoreUndefinedInQuery: true,
    debug: false,
  };
}

/** Opens the ORM and counts every statement sent, attributing it to the current request. */
export async function openOrm(clientUrl: string, extraEntities: EntityClass<unknown>[] = [], poolMax = 10): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(clientUrl, extraEntities, poolMax));
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
