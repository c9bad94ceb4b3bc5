import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { MikroORM } from '@mikro-orm/postgresql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { PublishedEvent } from '../outbox/published-event';
import { NotificationChannel } from '../notifications/notification.types';
import type { Services } from './context';
import { reportToPrimary } from './metrics-cluster';
import { DatabaseProbes, QUEUE_STATUSES } from './metrics-database';

/**
 * Prometheus metrics of one server instance (prom-client). Each instance has its own registry,
 * so several apps in one process (the tests) never share or double-register a metric; the
 * process-wide metrics (CPU, memory, GC, event-loop lag) come from one registry per process and
 * are merged in at scrape time. Nothing here uses prom-client's global registry.
 *
 * Labels are bounded by construction: routes are express's patterns or `other`, operation names
 * pass {@link OperationLabels}, everything else is an enumeration.
 */

let processRegistry: Registry | undefined;

/** `process_*` and `nodejs_*` (incl. `nodejs_eventloop_lag_seconds`): one set per process. */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** A GraphQL operation name usable as a label value; anything else is counted as `other`. */
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Distinct operation names one server instance labels (each worker with WORKERS > 1); later names are counted as `other`. */
export const MAX_OPERATION_NAMES = 100;

/** How an operation ended: `refused` before execution (limits, validation, rate limits, busy), else by its result's errors. */
export type OperationOutcome = 'ok' | 'error' | 'refused';

/** The name of an operation whose document was never read (refused before parsing): labelled `other`. */
export const UNKNOWN_OPERATION = Symbol('unknown operation');

/**
 * Operation names are chosen by clients, so as labels they are admitted once, up to a fixed
 * number per process, and only from operations that were executed (a refused document can carry
 * any name). Unnamed operations are `anonymous`; names not admitted, and operations whose
 * document was never read ({@link UNKNOWN_OPERATION}), are `other`.
 */
export class OperationLabels {
  private readonly admitted = new Set<string>();

  constructor(private readonly max = MAX_OPERATION_NAMES) {}

  label(name: unknown, admit: boolean): string {
    if (name === UNKNOWN_OPERATION) return 'other';
    if (name === undefined || name === null || name === '') return 'anonymous';
    if (typeof name !== 'string') return 'other';
    if (this.admitted.has(name)) return name;
    if (!admit || this.admitted.size >= this.max || !OPERATION_NAME.test(name)) return 'other';
    this.admitted.add(name);
    return name;
  }

  get size(): number {
    return this.admitted.size;
  }
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route label: express's matched pattern, `/graphql`, or `other` (never the raw URL). */
function routeOf(req: IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string }): string {
  const pattern = req.route?.path;
  if (typeof pattern === 'string') return `${req.baseUrl ?? ''}${pattern}`;
  const url = req.originalUrl ?? req.url ?? '';
  const path = url.split('?', 1)[0];
  return path === '/graphql' ? '/graphql' : 'other';
}

/** A knex pool as MikroORM's PostgreSQL driver builds it (tarn). */
interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

function poolOf(orm: MikroORM): TarnPool | undefined {
  return (orm.em.getConnection().getKnex().client as { pool?: TarnPool }).pool;
}

/** Counts of the open WebSocket connections and their running subscriptions, read at scrape time. */
export interface WebSocketCounts {
  connections(): number;
  subscriptions(): number;
}

export class Metrics {
  readonly registry = new Registry();
  private readonly operationLabels = new OperationLabels();
  private readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly operationDuration: Histogram<'operation' | 'outcome'>;
  private readonly relayLag: Histogram;
  private readonly collectErrors: Counter<'collector'>;
  private readonly pools: { name: string; pool: () => TarnPool | undefined }[] = [];
  private webSockets?: WebSocketCounts;
  private readonly database?: DatabaseProbes;

  /** `databaseUrl`: where the outbox and notification queue are counted at scrape time (none: no such gauges). */
  constructor(databaseUrl?: string) {
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'onedoor_http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern (or other) and status code (aborted: the connection closed first), from arrival to the last byte sent.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.operationDuration = new Histogram({
      name: 'onedoor_graphql_operation_duration_seconds',
      help: 'GraphQL operations (HTTP and WebSocket) by operation name and outcome (ok, error, refused); a subscription until it is established.',
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.relayLag = new Histogram({
      name: 'onedoor_outbox_relay_lag_seconds',
      help: 'Seconds from an outbox event being written to this instance\'s relay publishing it.',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
    this.collectErrors = new Counter({
      name: 'onedoor_metrics_collect_errors_total',
      help: 'Scrape-time collections that failed (their gauges keep the last value read).',
      labelNames: ['collector'],
      registers,
    });
    const pools = this.pools;
    new Gauge({
      name: 'onedoor_db_pool_connections',
      help: 'Connections of the database pool by state (in_use, idle).',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        for (const { name, pool } of pools) {
          const p = pool();
          if (!p) continue;
          this.set({ pool: name, state: 'in_use' }, p.numUsed());
          this.set({ pool: name, state: 'idle' }, p.numFree());
        }
      },
    });
    new Gauge({
      name: 'onedoor_db_pool_pending_acquires',
      help: 'Requests waiting for a connection of the database pool.',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const { name, pool } of pools) {
          const p = pool();
          if (p) this.set({ pool: name }, p.numPendingAcquires());
        }
      },
    });
    new Gauge({
      name: 'onedoor_db_pool_max_connections',
      help: 'Size limit of the database pool (DB_POOL_MAX).',
      labelNames: ['pool'],
      registers,
      collect() {
        for (const { name, pool } of pools) {
          const p = pool();
          if (p) this.set({ pool: name }, p.max);
        }
      },
    });
    const ws = () => this.webSockets;
    new Gauge({
      name: 'onedoor_websocket_connections',
      help: 'Open WebSocket connections of this instance.',
      registers,
      collect() {
        this.set(ws()?.connections() ?? 0);
      },
    });
    new Gauge({
      name: 'onedoor_graphql_subscriptions_active',
      help: 'GraphQL subscriptions running on this instance\'s WebSocket connections.',
      registers,
      collect() {
        this.set(ws()?.subscriptions() ?? 0);
      },
    });
    if (databaseUrl) {
      this.database = new DatabaseProbes(databaseUrl, { onError: (collector) => this.collectErrors.inc({ collector }) });
      this.databaseGauges(this.database);
    }
  }

  /** Gauges read with SQL at scrape time (cached, bounded and single-flight in `DatabaseProbes`). */
  private databaseGauges(database: DatabaseProbes): void {
    const registers = [this.registry];
    new Gauge({
      name: 'onedoor_outbox_unpublished_events',
      aggregator: 'max', // every worker reads the same database
      help: `Outbox events committed and not yet published (counted up to ${database.countCap}).`,
      registers,
      async collect() {
        const r = await database.outbox();
        if (r) this.set(r.unpublished);
      },
    });
    new Gauge({
      name: 'onedoor_outbox_oldest_unpublished_age_seconds',
      aggregator: 'max', // every worker reads the same database
      help: 'Age of the oldest unpublished outbox event (0 when none waits).',
      registers,
      async collect() {
        const r = await database.outbox();
        if (r) this.set(r.oldestAgeSeconds);
      },
    });
    new Gauge({
      name: 'onedoor_notification_queue_depth',
      aggregator: 'max', // every worker reads the same database
      help: `Notifications not yet sent, by channel and status (${QUEUE_STATUSES.join(', ')}; counted up to ${database.countCap} per status).`,
      labelNames: ['channel', 'status'],
      registers,
      async collect() {
        const rows = await database.notificationQueue();
        if (!rows) return;
        for (const channel of Object.values(NotificationChannel)) {
          for (const status of QUEUE_STATUSES) this.set({ channel, status }, rows.find((r) => r.channel === channel && r.status === status)?.count ?? 0);
        }
      },
    });
  }

  /** Reports the pool of an ORM under `name` (`main`, `analytics`). */
  trackPool(name: string, orm: MikroORM): void {
    this.pools.push({ name, pool: () => poolOf(orm) });
  }

  trackWebSockets(counts: WebSocketCounts): void {
    this.webSockets = counts;
  }

  /** Express middleware (first in the chain): times every request until its response is sent or abandoned. */
  readonly httpMiddleware = (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const started = performance.now();
    let done = false;
    const observe = () => {
      if (done) return;
      done = true;
      const method = HTTP_METHODS.has(req.method ?? '') ? req.method! : 'OTHER';
      // A connection closed before the response was complete: the client gave up (or was cut off).
      const status = res.writableFinished ? String(res.statusCode) : 'aborted';
      this.httpDuration.observe({ method, route: routeOf(req), status_code: status }, (performance.now() - started) / 1000);
    };
    res.once('finish', observe);
    res.once('close', observe);
    next();
  };

  observeOperation(name: unknown, outcome: OperationOutcome, startedAt: number): void {
    const operation = this.operationLabels.label(name, outcome !== 'refused');
    this.operationDuration.observe({ operation, outcome }, (performance.now() - startedAt) / 1000);
  }

  /** After a relay batch committed: how long each event waited (a skewed clock counts as 0). */
  observePublished(events: PublishedEvent[]): void {
    const now = Date.now();
    for (const e of events) this.relayLag.observe(Math.max(0, (now - e.createdAt.getTime()) / 1000));
  }

  /** What a scrape reads: the process's registry and this instance's. */
  get registries(): Registry[] {
    return [processMetrics(), this.registry];
  }

  /** The scrape: this instance's metrics and the process's, in the text exposition format. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    // The probes first: a failure then shows in this very scrape's collect-error counter.
    await Promise.all([this.database?.outbox(), this.database?.notificationQueue()]);
    const merged = Registry.merge(this.registries);
    return { contentType: merged.contentType, body: await merged.metrics() };
  }

  async close(): Promise<void> {
    await this.database?.close();
  }
}

/**
 * The metrics of one server: its pools (main, and the analytics replica when it is another),
 * the relay's publications, and the SQL probes on the main database.
 */
export function createServerMetrics(services: Services): { metrics: Metrics; dispose(): Promise<void> } {
  const metrics = new Metrics(services.orm.config.getClientUrl());
  reportToPrimary(metrics.registries);
  metrics.trackPool('main', services.orm);
  if (services.analytics !== services.orm) metrics.trackPool('analytics', services.analytics);
  const unsubscribe = services.realtime.relay.onPublished((events) => metrics.observePublished(events));
  return {
    metrics,
    async dispose() {
      unsubscribe();
      await metrics.close();
    },
  };
}
