import 'reflect-metadata';
import { ALL_MODULES } from '../modules';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/logger';
import { openDatabase } from '../src/app';
import { migrate, openOrm } from '../src/db/orm';
import { seedHistory } from '../src/db/seed/history-seed';
import { syncReferenceData } from '../src/kernel/bootstrap';
import { ormParts } from '../src/kernel/entities';
import { selectModules } from '../src/kernel/registry';

/**
 * `npm run seed:history [-- --size=1000000 --from=2014 --to=2025]`: years of finished dossiers
 * in bulk into the configured database (DATABASE_URL, or the embedded one), for statistics:
 * the Đà Lạt desk's 10,069 (2014) and 18,095 (2015), plus `--size` across the province, with
 * their rollups and the snapshot of those in progress at every month's end.
 * Refuses to run twice on the same database.
 */
async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const { url, embedded } = await openDatabase(config, logger);
  const modules = selectModules(ALL_MODULES, config.modules, config.moduleOptions);
  const orm = await openOrm(url, ormParts(modules), 4);
  try {
    await migrate(orm);
    await syncReferenceData(orm.em.fork(), modules);
    const [{ n }] = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from dossier where code like '%-L'`);
    if (n) throw new Error(`This database already holds ${n} history dossiers; seed a fresh one.`);
    const started = Date.now();
    const total = await seedHistory(orm.em.fork() as never, { provinceSize: arg('size', 100_000), fromYear: arg('from', 2014), toYear: arg('to', 2025), logger: logger.child({ component: 'seed' }) });
    const seconds = (Date.now() - started) / 1000;
    console.log(`Seeded ${total} dossiers in ${seconds.toFixed(1)} s (${Math.round(total / seconds)} dossiers/s)`);
  } finally {
    await orm.close(true);
    await embedded?.stop();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
