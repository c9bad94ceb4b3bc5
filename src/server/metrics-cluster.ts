import cluster from 'node:cluster';
import { AggregatorRegistry, Registry } from 'prom-client';
import type { MetricsConfig } from '../config';
import type { Logger } from './logger';
import { listenForScrapes, MetricsEndpoints } from './metrics-endpoint';

/**
 * `WORKERS > 1`: the workers share the main port, so a scrape there would reach one worker at
 * random (and counters would seem to jump back and forth). Instead the primary serves
 * `METRICS_PORT` and asks every worker for its registries over the cluster's IPC channel;
 * prom-client sums counters, histograms and most gauges, and takes the maximum of the gauges that
 * every worker reads from the same database (see `aggregator` in `metrics.ts`).
 */

/** In a cluster worker: answer the primary's requests with these registries (no-op elsewhere). */
export function reportToPrimary(registries: Registry[]): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries(registries);
  // Constructing one installs the worker's answer to the primary's requests (once per process).
  new AggregatorRegistry();
}

/** In the primary: `METRICS_PORT` with the metrics of all workers. */
export function startClusterMetrics(config: MetricsConfig, logger: Pick<Logger, 'info' | 'error'>): Promise<MetricsEndpoints> {
  const aggregator = new AggregatorRegistry();
  return listenForScrapes(config, async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() }), logger);
}
