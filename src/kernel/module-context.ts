import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import type { CalendarService } from '../calendar/calendar.service';
import type { Config } from '../config';
import type { Loaders } from '../dossiers/dossier.loaders';
import { findDossier as findVisibleDossier } from '../dossiers/dossier.queries';
import type { DossierService } from '../dossiers/dossier.service';
import type { DossierPresenter, DossierView } from '../dossiers/dossier.view';
import { subscribeToFeed as subscribeSubscriber } from '../events/feed-subscription';
import type { PublishedEvent } from '../outbox/published-event';
import type { DataAccessCollector } from '../privacy/data-access';
import type { ReferenceData } from '../procedures/reference-data';
import type { Clock } from '../calendar/clock';

/**
 * The kernel services a module's resolvers reach through `ctx.services`: a narrowed view of the
 * services the composition root builds. Not there, on purpose: the global ORM (a module works in
 * the request's entity manager, ARCHITECTURE rule 3), the configuration beyond its limits (it
 * holds secrets such as the token signing key), the other modules' manifests, tokens, payments,
 * documents, the relay and the jobs — a module reaches those through its manifest and events.
 */
interface ModuleServices {
  /** The service clock: every "now" a module stores or compares. */
  clock: Clock;
  /** The working calendar (holidays, working hours) for due dates. */
  calendar: CalendarService;
  /** Agencies and administrative units in memory, by id or code. */
  reference: Pick<ReferenceData, 'agency' | 'agencyByCode' | 'adminUnit'>;
  /** A module's own dossier step (lock, version, holding-agency role check, history, outbox). */
  dossiers: Pick<DossierService, 'updateDossier'>;
  /** Only the request limits (page sizes, text lengths) a module's inputs respect; no secrets. */
  config: Pick<Config, 'limits'>;
  /** How a dossier is shown to the caller; handed to the kernel by {@link findDossier}. */
  presenter: DossierPresenter;
}

/**
 * What a module's resolver receives (`@Ctx() ctx: ModuleContext`): the request's entity manager,
 * the caller, the per-request loader cache (module-keyed), the personal-data read log and the
 * {@link ModuleServices}. The request context the kernel builds extends it, so the kernel hands
 * the same object; a module cannot name what lies beyond.
 */
export interface ModuleContext {
  /** The request's entity manager (its unit of work); a module's writes go through it. */
  em: EntityManager;
  /** The signed-in caller, if any. */
  principal?: Principal;
  /** Per-request DataLoaders a module keeps under its own name-prefixed keys. */
  loaders: Pick<Loaders, 'forModule'>;
  /** Reads of other people's unmasked personal data, logged before the answer leaves. */
  dataAccess: Pick<DataAccessCollector, 'note'>;
  services: ModuleServices;
}

/** The dossier with this id as the caller sees it, or null when it does not exist or the caller may not see it. */
export function findDossier(ctx: ModuleContext, id: string): Promise<DossierView | null> {
  return findVisibleDossier(ctx.em, ctx.services.presenter, ctx.principal, id);
}

/**
 * A GraphQL subscription over this instance's committed event feed, for the context the kernel
 * handed the module's `subscribe` (see the kernel's `subscribeToFeed`: `accept` filters as events
 * arrive; `map` re-reads with the subscriber's rights in a fresh `ctx.em`). The feed and the ORM
 * it forks from stay out of {@link ModuleContext}: the kernel's request context, which this
 * context always is, carries them.
 */
export function subscribeToFeed<T>(ctx: ModuleContext, accept: (e: PublishedEvent) => boolean, map: (e: PublishedEvent) => Promise<T[]>): AsyncIterableIterator<T> {
  return subscribeSubscriber(ctx as unknown as Parameters<typeof subscribeSubscriber>[0], accept, map);
}
