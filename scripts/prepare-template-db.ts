import 'reflect-metadata';
import { Client } from 'pg';
import { ALL_MODULES } from '../modules';
import { migrate, openOrm } from '../src/db/orm';
import { syncReferenceData } from '../src/kernel/bootstrap';
import { KERNEL_ENTITIES } from '../src/kernel/entities';
import { selectModules } from '../src/kernel/registry';

/**
 * Creates database `argv[3]` on the server at `argv[2]` with the migrations and reference data.
 * Run in its own process by the test setup: MikroORM keeps metadata in globals that must not
 * leak into jest's module registry.
 */
async function main(): Promise<void> {
  const [url, name] = process.argv.slice(2);
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists "${name}" with (force)`);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${name}`;
  const orm = await openOrm(target.toString(), { entities: KERNEL_ENTITIES, migrations: selectModules(ALL_MODULES).migrations });
  await migrate(orm);
  await syncReferenceData(orm.em.fork(), selectModules(ALL_MODULES));
  await orm.close(true);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
