import { Account } from './auth/account.entity';
import { principalOfAccount } from './auth/auth.resolver';
import { TokenService } from './auth/token.service';
import { CalendarService } from './calendar/calendar.service';
import { Config } from './config';
import { startEmbeddedPostgres, EmbeddedDatabase } from './db/embedded';
import { migrate, openOrm } from './db/orm';
import { seedDemo } from './db/seed/demo-seed';
import { DossierService } from './dossiers/dossier.service';
import { DossierPresenter } from './dossiers/dossier.view';
import { ReferenceData } from './graphql/reference-data';
import { syncReferenceData } from './kernel/bootstrap';
import { Clock, systemClock } from './kernel/clock';
import { OneDoorModule } from './kernel/module-contract';
import { selectModules } from './kernel/registry';
import { buildOneDoorSchema } from './kernel/schema';
import { Services } from './server/context';
import { RunningServer, startHttpServer } from './server/http';
import { Client } from 'pg';

export interface App {
  services: Services;
  server: RunningServer;
  /** Drains HTTP and WebSocket, closes the database, stops the embedded server: in that order. */
  stop(): Promise<void>;
}

/** Creates the database named in the URL when it does not exist (the embedded server starts with `postgres` only). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!exists.rowCount) await client.query(`create database "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Builds the whole server: config → database → modules → schema → HTTP/WebSocket. `main.ts`
 * calls it with the registry; tests call it with a controllable clock.
 */
export async function createApp(config: Config, allModules: readonly OneDoorModule[], opts: { clock?: Clock; log?: (m: string) => void } = {}): Promise<App> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const modules = selectModules(allModules, config.modules);
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    log(`Starting the embedded PostgreSQL in ${config.embedded.dataDir} …`);
    embedded = await startEmbeddedPostgres(config.embedded);
    url = embedded.url.replace(/\/postgres$/, '/onedoor');
  }
  try {
    await ensureDatabase(url);
    const orm = await openOrm(url, modules.entities, config.poolMax);
    const em = orm.em.fork();
    const applied = await migrate(orm);
    if (applied.length) log(`Applied migrations: ${applied.join(', ')}`);
    await syncReferenceData(em, modules);
    const clock = opts.clock ?? systemClock;
    const calendar = new CalendarService();
    const tokens = new TokenService(config.auth, async (identityNumber) => {
      const fork = orm.em.fork();
      const account = await fork.findOne(Account, { identityNumber, active: true });
      return account ? principalOfAccount(fork, account) : undefined;
    });
    const reference = await ReferenceData.load(em);
    const presenter = new DossierPresenter(reference, modules);
    const services: Services = { config, orm, modules, tokens, calendar, dossiers: new DossierService(modules, calendar, clock), clock, reference, presenter };
    if (config.demoSeed) {
      const started = Date.now();
      const n = await seedDemo(orm.em.fork(), modules, calendar);
      if (n) log(`Seeded ${n} demo dossiers in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const schema = await buildOneDoorSchema(modules);
    const server = await startHttpServer(services, schema);
    return {
      services,
      server,
      stop: async () => {
        await server.stop();
        await orm.close(true);
        await embedded?.stop();
      },
    };
  } catch (e) {
    await embedded?.stop().catch(() => undefined);
    throw e;
  }
}
