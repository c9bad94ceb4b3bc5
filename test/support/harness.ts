import 'reflect-metadata';
import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import { Client } from 'pg';
import { ALL_MODULES } from '../../modules';
import { App, createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { DEMO_CITIZENS, DEMO_PASSWORD } from '../../src/kernel/demo-staff';
import { EntityManager } from '@mikro-orm/postgresql';
import { Account } from '../../src/auth/account.entity';
import { principalOfAccount } from '../../src/auth/auth.resolver';
import { Principal } from '../../src/auth/principal';
import { DossierFieldsFragment, LoginDocument, PerformDossierActionDocument, ReceiveDossierDocument, SubmitDossierDocument } from '../generated/graphql';
import { LAND_DEMO, landDemoFormData } from '../../modules/land/seed';
import { seedTestData, TEST_CLOCK_START } from './test-data';

/**
 * What current GraphQL clients send (graphql-http's client, Apollo Client): the response media type
 * of GraphQL over HTTP first, so a refused document answers 4xx (test/integration/graphql-over-http.test.ts
 * covers plain `application/json`, which answers 200).
 */
export const GRAPHQL_CLIENT_ACCEPT = 'application/graphql-response+json, application/json;q=0.9';

/** A clock the test moves; starts on a Monday morning in office hours (Asia/Ho_Chi_Minh). */
class TestClock {
  t = new Date(TEST_CLOCK_START);
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

interface GqlResponse<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  extensions?: { sqlStatements?: number };
  status: number;
}

export interface TestApp {
  app: App;
  url: string;
  clock: TestClock;
  dbUrl: string;
  gql<T, V>(doc: TypedDocumentNode<T, V>, variables?: V, token?: string): Promise<GqlResponse<T>>;
  raw(body: unknown, token?: string): Promise<GqlResponse<any>>;
  login(username: string): Promise<string>;
  /** Performs a workflow action as `user` and returns the dossier; throws on any error result. */
  act(user: string, dossierId: string, expectedVersion: number, action: string, extra?: Record<string, unknown>): Promise<DossierFieldsFragment>;
  accountId(username: string): Promise<string>;
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Waits until every committed event is published and this instance's event feed has read it (nothing in flight). */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a real server on a random port over a fresh database cloned from the template, with
 * the demo staff and citizens (no dossiers). Talk to it over real HTTP with `gql`.
 */
export async function startTestApp(
  opts: {
    modules?: string[];
    env?: Record<string, string>;
    /** Start another instance on this app's database (multi-instance tests); no seeding, no drop on stop. */
    sameDatabaseAs?: TestApp;
    /**
     * Both receive every JSON log line of the server (pino), at LOG_LEVEL=trace unless `env`
     * says otherwise; without either, lines of level warn and above go to stdout.
     */
    log?: (line: string) => void;
    logLines?: (line: string) => void;
  } = {},
): Promise<TestApp> {
  const adminUrl = process.env.ONEDOOR_TEST_ADMIN_URL!;
  const template = process.env.ONEDOOR_TEST_TEMPLATE!;
  const shared = opts.sameDatabaseAs;
  // Unique per file and call: jest gives each file a fresh module registry, so no counter survives.
  const name = shared ? decodeURIComponent(new URL(shared.dbUrl).pathname.slice(1)) : `${template}_${randomUUID().slice(0, 8)}`;
  // An app of every module clones the template that already holds the test data (the global setup
  // seeded it once); an app of some modules seeds those modules' data itself, below.
  const preSeeded = !shared && !opts.modules;
  if (!shared) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}" template "${preSeeded ? `${template}_seeded` : template}"`);
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const dbUrl = u.toString();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: dbUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    DEMO_SEED: 'false',
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    MODULES: opts.modules?.join(','),
    DB_POOL_MAX: '5',
    // Five connections on a busy test machine: generous waits, so that a burst a test makes on
    // purpose (50 documents issued at once) is not refused as overload. The production bounds
    // (3 s, 2 s) are tested in test/security/pool.test.ts.
    DB_POOL_ACQUIRE_TIMEOUT_MS: '10000',
    DB_LOCK_TIMEOUT_MS: '10000',
    // Scheduled module jobs run when a test says so (`app.services.jobs.runNow`).
    JOBS: 'false',
    // The payment suites pay through the local sandbox gateway (never started unless asked for).
    PAYMENTS: 'sandbox',
    // Suites sign in and track from one address far more than a citizen would; the defaults are
    // for the public. test/security/rate-limits.test.ts sets low limits of its own.
    RATE_LIMIT_LOGIN_PER_IP: '100000',
    RATE_LIMIT_LOOKUPS_PER_IP: '100000',
    LOG_LEVEL: opts.log || opts.logLines ? 'trace' : 'warn',
    ...opts.env,
  });
  const clock = new TestClock();
  const collect = [opts.log, opts.logLines].filter((f): f is (line: string) => void => !!f);
  const logDestination = collect.length ? { write: (line: string) => collect.forEach((f) => f(line)) } : undefined;
  const app = await createApp(config, ALL_MODULES, { clock, logDestination });
  if (!shared && !preSeeded) await seedTestData(app.services.orm.em.fork() as EntityManager, app.services.modules.modules);
  const url = app.server.url.replace('localhost', '127.0.0.1');
  const tokens = new Map<string, Promise<string>>();
  const pg = new Client({ connectionString: dbUrl });
  await pg.connect();

  const raw = async (body: unknown, token?: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: GRAPHQL_CLIENT_ACCEPT, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    return { ...((await res.json()) as Record<string, unknown>), status: res.status };
  };
  const gql = <T, V>(doc: TypedDocumentNode<T, V>, variables?: V, token?: string) => raw({ query: print(doc), variables }, token) as Promise<GqlResponse<T>>;
  const testApp: TestApp = {
    app,
    url,
    clock,
    dbUrl,
    gql,
    raw,
    login(username: string) {
      // One sign-in per user, shared by concurrent callers: the sign-in limits count attempts in
      // flight (a burst is refused past the failure limit), as a real client signs in once.
      let token = tokens.get(username);
      if (!token) {
        token = gql(LoginDocument, { username, password: DEMO_PASSWORD }).then((r) => {
          if (r.data?.login.__typename !== 'LoginSuccess') throw new Error(`login ${username} failed: ${JSON.stringify(r)}`);
          return r.data.login.token;
        });
        tokens.set(username, token);
        token.catch(() => tokens.delete(username));
      }
      return token;
    },
    async act(user, dossierId, expectedVersion, action, extra = {}) {
      const r = await gql(PerformDossierActionDocument, { input: { dossierId, action, expectedVersion, ...extra } }, await testApp.login(user));
      const res = r.data?.performDossierAction;
      if (res?.__typename !== 'DossierPayload') throw new Error(`${action} by ${user}: ${JSON.stringify(r)}`);
      return res.dossier;
    },
    async accountId(username: string) {
      return (await pg.query('select id from account where username = $1', [username])).rows[0].id;
    },
    async sql(text: string, params: unknown[] = []) {
      return (await pg.query(text, params)).rows;
    },
    async settled() {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const [r] = (await pg.query('select count(*) filter (where published_at is null)::int as waiting, coalesce(max(published_seq), 0)::int as seq from outbox_event')).rows;
        if (!r.waiting && app.services.realtime.feed.position >= r.seq) return;
        if (Date.now() > deadline) throw new Error(`events still in flight: ${JSON.stringify(r)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await pg.end();
      await app.stop();
      if (shared) return;
      const admin = new Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
  return testApp;
}

/**
 * `CREATE ROLE` for a throwaway superuser that signs in like the admin URL: with its password
 * where the server asks for one (the embedded server's scram-sha-256), so a URL that only
 * changes the user name connects in either mode.
 */
export function createLoginRoleSql(role: string): string {
  const password = decodeURIComponent(new URL(process.env.ONEDOOR_TEST_ADMIN_URL!).password);
  return `create role "${role}" login superuser${password ? ` password '${password.replaceAll("'", "''")}'` : ''}`;
}

/** A valid 12-digit CCCD for tests (province 068, male born 1990). */
export const CITIZEN_AN = DEMO_CITIZENS[0];
export const CITIZEN_BINH = DEMO_CITIZENS[1];

/** The principal of an account as a sign-in would make it (roles, agencies, designations). */
export async function principalOf(em: EntityManager, username: string): Promise<Principal> {
  return principalOfAccount(em, await em.findOneOrFail(Account, { username }));
}

export function pdf(text: string) {
  return Buffer.from(`%PDF-1.4 ${text}`).toString('base64');
}

/** One small PDF per dossier component code, as an online submission attaches them. */
export function pdfFiles(codes: string[]) {
  return codes.map((c) => ({ name: `${c}.pdf`, mediaType: 'application/pdf', componentCode: c, contentBase64: pdf(c) }));
}

/** A valid certificate of one person over one parcel, as the land demo register holds it. */
export interface TransferableCertificate {
  serial: string;
  holderName: string;
  holderId: string;
  communeCode: string;
  mapSheet: number;
  parcelNumber: number;
  area: number;
  purposeCode: string;
}

/**
 * A valid certificate of one person (not citizen An) over one parcel that is not mortgaged: what
 * a transfer to An needs; `priced`: only where the land price table has a current price.
 */
export async function transferableCertificate(app: TestApp, skip = 0, priced = true): Promise<TransferableCertificate> {
  const rows = await app.sql<TransferableCertificate>(`
    select c.serial, h.name as "holderName", h.id_number as "holderId", p.commune_code as "communeCode", p.map_sheet as "mapSheet",
      p.parcel_number as "parcelNumber", p.area_m2::float8 as area, p.purpose_code as "purposeCode"
    from land_certificate c
    join land_certificate_holder ch on ch.certificate_id = c.id join land_holder h on h.id = ch.holder_id
    join land_certificate_parcel cp on cp.certificate_id = c.id join land_parcel p on p.id = cp.parcel_id
    where c.status = 'VALID' and h.kind = 'PERSON' and h.id_number <> $1
      and (select count(*) from land_certificate_holder x where x.certificate_id = c.id) = 1
      and (select count(*) from land_certificate_parcel y where y.certificate_id = c.id) = 1
      and (select count(*) filter (where kind = 'MORTGAGE_REGISTERED') - count(*) filter (where kind = 'MORTGAGE_RELEASED')
           from land_parcel_registration r where r.parcel_id = p.id) = 0
      and (not $3 or exists (select 1 from tax_land_price lp where lp.commune_code = p.commune_code and lp.purpose_code = p.purpose_code and lp.valid_to is null))
    order by c.serial offset $2 limit 1`, [CITIZEN_AN.identityNumber, skip, priced]);
  if (!rows[0]) throw new Error('the land seed has no transferable certificate');
  return rows[0];
}

/** The transfer form (procedure 1.013831) selling `c` to citizen An. */
export function landTransferForm(c: TransferableCertificate, declaredPriceVnd: number) {
  return {
    parcels: [{ communeCode: c.communeCode, mapSheet: c.mapSheet, parcelNumber: c.parcelNumber }],
    certificateSerial: c.serial,
    transferors: [{ kind: 'PERSON', name: c.holderName, idNumber: c.holderId }],
    transferees: [{ kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, address: '12 Trần Phú, Phường Xuân Hương - Đà Lạt' }],
    declaredPriceVnd,
    relationship: 'NONE',
  };
}

let landFormSeq = 100;

/**
 * A valid structured form (`formData`) for a land procedure, against the land module's demo
 * register: land dossiers are refused without one. Each call gets its own contract or parcel
 * number, so dossiers approved in one test do not collide in the register.
 */
export function landForm(procedureCode: string): Record<string, unknown> {
  const form = landDemoFormData(procedureCode, ++landFormSeq);
  // Filed online by citizen An, a mortgage must be on An's own certificate.
  return procedureCode === '1.011543' ? { ...form, certificateSerial: LAND_DEMO.transfer.certificateSerial } : form;
}

const AN = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber };

/** A land dossier of Nguyễn Văn An received at the land registration office's counter (its demo form). */
export async function receiveLandAtCounter(app: TestApp, procedureCode: string) {
  const r = await app.gql(ReceiveDossierDocument, { input: { procedureCode, formData: landForm(procedureCode), channel: 'COUNTER', applicant: AN } }, await app.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.receiveDossier.dossier;
}

/** The same dossier filed online by the citizen himself, with its three components. */
export async function submitLandOnline(app: TestApp, procedureCode: string) {
  const r = await app.gql(SubmitDossierDocument, { input: { procedureCode, formData: landForm(procedureCode), applicant: AN, files: pdfFiles(['TP1', 'TP2', 'TP3']) } }, await app.login('citizen.an'));
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.submitDossier.dossier;
}
