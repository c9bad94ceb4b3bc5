import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { CalendarService } from '../calendar/calendar.service';
import { Config } from '../config';
import { DossierService } from '../dossiers/dossier.service';
import { Loaders } from '../dossiers/dossier.loaders';
import { ReferenceData } from '../procedures/reference-data';
import { DossierPresenter } from '../dossiers/dossier.view';
import { AgencyDashboards } from '../events/agency-dashboard';
import { RealTime } from '../events/realtime';
import { DocumentService } from '../documents/document.service';
import { Clock } from '../calendar/clock';
import { ModuleSet } from '../kernel/registry';
import { PaymentService } from '../payments/payment.service';
import { JobRunner } from '../kernel/jobs';
import type { Logger } from './logger';
import type { RateLimits } from './rate-limits';
import { DataAccessCollector } from '../privacy/data-access';
import type { ModuleContext } from '../kernel/module-context';

/** Long-lived services, built once by the composition root. */
export interface Services {
  config: Config;
  orm: MikroORM;
  modules: ModuleSet;
  tokens: TokenService;
  calendar: CalendarService;
  dossiers: DossierService;
  clock: Clock;
  /** Agencies, units and procedures in memory (reloaded when the reference data is synchronised). */
  reference: ReferenceData;
  presenter: DossierPresenter;
  /** Relay, event feed and notification delivery of this instance. */
  realtime: RealTime;
  dashboards: AgencyDashboards;
  documents: DocumentService;
  payments: PaymentService;
  /** The modules' scheduled jobs on this instance. */
  jobs: JobRunner;
  /** Per-client-address and sign-in limits, counted in the store every instance shares. */
  rateLimits: RateLimits;
  /** Where statistics and exports read: the replica when configured, else the primary. Read-only use. */
  analytics: MikroORM;
  /** The process's root logger (pino); parts write through child loggers naming their `component`. */
  logger: Logger;
}

/**
 * What every resolver receives: a fresh entity manager, the caller, and per-request loaders.
 * It extends what a module's resolvers may see ({@link ModuleContext}), so the compiler checks
 * that the kernel's context still gives modules everything their narrower view promises.
 */
export interface GraphQLContext extends ModuleContext {
  em: EntityManager;
  principal?: Principal;
  services: Services;
  loaders: Loaders;
  /** The caller's address (behind `TRUSTED_PROXIES` only, the forwarded one), for rate limits and the payment gateway's records. */
  clientIp?: string;
  /** Over WebSocket: closes the client's connection (a subscriber that cannot keep up). */
  connection?: { close(code: number, reason: string): void };
  /** Reads of other people's unmasked personal data, written before the answer leaves (`src/privacy/data-access.ts`). */
  dataAccess: DataAccessCollector;
}

export function createContext(services: Services, principal: Principal | undefined, connection?: GraphQLContext['connection'], clientIp?: string): GraphQLContext {
  const em = services.orm.em.fork() as EntityManager;
  return { em, principal, services, loaders: new Loaders(em), connection, clientIp, dataAccess: new DataAccessCollector(principal) };
}
