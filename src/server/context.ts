import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Principal } from '../auth/principal';
import { TokenService } from '../auth/token.service';
import { CalendarService } from '../calendar/calendar.service';
import { Config } from '../config';
import { DossierService } from '../dossiers/dossier.service';
import { Loaders } from '../graphql/loaders';
import { ReferenceData } from '../graphql/reference-data';
import { DossierPresenter } from '../dossiers/dossier.view';
import { Clock } from '../kernel/clock';
import { ModuleSet } from '../kernel/registry';

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
}

/** What every resolver receives: a fresh entity manager, the caller, and per-request loaders. */
export interface GraphQLContext {
  em: EntityManager;
  principal?: Principal;
  services: Services;
  loaders: Loaders;
}

export function createContext(services: Services, principal: Principal | undefined): GraphQLContext {
  const em = services.orm.em.fork() as EntityManager;
  return { em, principal, services, loaders: new Loaders(em) };
}
