import 'reflect-metadata';
import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { ALL_MODULES } from '../../modules';
import { openOrm } from '../../src/db/orm';
import { ormParts } from '../../src/kernel/entities';
import { selectModules } from '../../src/kernel/registry';
import { seedTestData } from './test-data';

/**
 * Creates `<template>_seeded` from the migrated template `argv[3]` on the server at `argv[2]`,
 * with the test data of every module (`seedTestData`), so that an app of every module clones
 * it instead of seeding the same rows again at each start. Its own process, like the template's.
 */
async function main(): Promise<void> {
  const [url, template] = process.argv.slice(2);
  const name = `${template}_seeded`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database "${name}" template "${template}"`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const modules = selectModules(ALL_MODULES);
  const orm = await openOrm(target.toString(), ormParts(modules));
  await seedTestData(orm.em.fork() as EntityManager, modules.modules);
  await orm.close(true);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
