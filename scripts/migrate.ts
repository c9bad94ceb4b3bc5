import 'reflect-metadata';
import { ALL_MODULES } from '../modules';
import { openDatabase, prepareData } from '../src/app';
import { CalendarService } from '../src/calendar/calendar.service';
import { ConfigError, loadConfig } from '../src/config';
import { MigrationRefused, migrationStatus, undoMigrations, withMigrationLock } from '../src/db/migrator';
import { openOrm } from '../src/db/orm';
import { ormParts } from '../src/kernel/entities';
import { selectModules } from '../src/kernel/registry';
import { componentLogger, createLogger } from '../src/logging/logger';

const USAGE = `Usage: npm run migrate -- [command]      (from the build: npm run migrate:prod -- [command])

  up                 (default) apply pending migrations, then bring the reference data in line
                     (and seed the demo data on an empty database when DEMO_SEED is on)
  status             list applied and pending migrations; exit code 3 when some are pending
  down               undo the last applied migration
  down --to <name>   undo every migration applied after <name> (<name> stays applied)

Reads DATABASE_URL (the embedded database when unset; stop the server using it first) and
MODULES like the server. Runs under the same advisory lock as a starting server.
Exit codes: 0 done, 1 failed, 2 refused (nothing changed) or bad usage, 3 (status) pending.`;

/** `npm run migrate`: the migration step, run before the new release's servers start (see migrations/index.ts). */
async function main(argv: string[]): Promise<number> {
  const [command = 'up', ...rest] = argv;
  let to: string | undefined;
  if (command === 'down' && rest.length) {
    if (rest[0] !== '--to' || !rest[1] || rest.length > 2) return usage();
    to = rest[1];
  } else if (rest.length || !['up', 'status', 'down'].includes(command)) {
    return usage();
  }
  const config = loadConfig();
  // What the step does goes to the JSON log (pretty on a terminal); what this command reports, to stdout as text.
  const logger = createLogger(config.logLevel);
  const log = (m: string) => console.log(m);
  const modules = selectModules(ALL_MODULES, config.modules, config.moduleOptions);
  const parts = ormParts(modules);
  const { directUrl, embedded } = await openDatabase(config, logger);
  try {
    // A migration may legitimately run longer than a request may (an index on a large table);
    // the lock timeout stays, so DDL waiting behind long transactions fails instead of queueing everyone.
    // On the direct URL: a transaction-pooling PgBouncer drops these start-up settings, and the
    // role's own statement_timeout (see the README) would then cut a long migration.
    const orm = await openOrm(directUrl, parts, 2, { ...config.db, statementTimeoutMs: 0 }, logger);
    try {
      if (command === 'up') {
        await prepareData(orm, directUrl, modules, new CalendarService(), { migrate: true, demoSeed: config.demoSeed }, logger);
        const { applied } = await migrationStatus(orm, parts);
        log(`Up to date: ${applied.length} migrations applied; reference data in line with modules ${modules.names.join(', ')}.`);
        return 0;
      }
      if (command === 'status') {
        const { applied, pending } = await migrationStatus(orm, parts);
        log(`Applied (${applied.length}):`);
        for (const m of applied) {
          const notes = [m.undoable ? 'can be undone' : 'one-way', ...(m.known ? [] : ['not in this build'])];
          log(`  ${m.executedAt?.toISOString() ?? '?'}  ${m.name}  (${notes.join(', ')})`);
        }
        log(`Pending (${pending.length}):${pending.length ? '' : ' none'}`);
        for (const name of pending) log(`  ${name}`);
        return pending.length ? 3 : 0;
      }
      const undone = await withMigrationLock(directUrl, componentLogger(logger, 'migrations'), () => undoMigrations(orm, parts, to));
      log(undone.length ? `Undone: ${undone.join(', ')}` : 'Nothing to undo.');
      return 0;
    } finally {
      await orm.close(true);
    }
  } finally {
    await embedded?.stop();
  }
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    if (e instanceof MigrationRefused) {
      console.error(`Refused: ${e.message}`);
      process.exit(2);
    }
    console.error(e instanceof ConfigError ? `Configuration error: ${e.message}` : e);
    process.exit(1);
  },
);
