import type { EntityManager } from '@mikro-orm/postgresql';
import type { Principal } from '../auth/principal';
import type { Config } from '../config';
import type { ReferenceData } from '../procedures/reference-data';

/** Where statistics read: the replica when configured, else the primary. Read-only use. */
export interface AnalyticsDatabase {
  em: { fork(): EntityManager };
}

/**
 * What the statistics read from a request: the caller and the few services they use. The API's
 * request context has this shape, so its resolvers hand theirs over as it is, while statistics
 * (a feature below the API) never import the API's context.
 */
export interface StatisticsContext {
  principal?: Principal;
  services: {
    config: Pick<Config, 'limits' | 'index766Weights'>;
    /** Agencies, units and procedures in memory, to turn codes into ids and back. */
    reference: ReferenceData;
    analytics: AnalyticsDatabase;
  };
}
