import cluster from 'node:cluster';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Config } from '../config';
import { errorForLog, type Logger } from '../logging/logger';

/** Where `/metrics` is answered: on the main port (`open`, behind a bearer `token`, or not at all) and on a port of its own. */
export interface MetricsExposure {
  main: 'open' | 'token' | 'hidden';
  separatePort: boolean;
}

/**
 * The one rule: `METRICS_TOKEN` protects `/metrics` on the main port; `METRICS_PORT` serves it
 * without a token on a listener of its own (an internal network's business). With neither, the
 * main port serves it openly outside production and hides it (404) in production.
 */
export function metricsExposure(config: Pick<Config, 'env' | 'metrics'>): MetricsExposure {
  const { token, port } = config.metrics;
  const separatePort = port !== undefined;
  const main = token ? 'token' : !separatePort && config.env !== 'production' ? 'open' : 'hidden';
  return { main, separatePort };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `Authorization: Bearer <token>`, compared in constant time (over digests, so the length leaks nothing either). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && !!m;
}

/** What a scrape answers: the exposition text and its content type. */
export type Scrape = () => Promise<{ contentType: string; body: string }>;

async function answer(scrape: Scrape, res: ServerResponse): Promise<void> {
  const { contentType, body } = await scrape();
  res.statusCode = 200;
  res.setHeader('content-type', contentType);
  res.setHeader('cache-control', 'no-store');
  res.end(body);
}

function fail(res: ServerResponse, e: unknown, logger: Pick<Logger, 'error'>): void {
  logger.error({ error: errorForLog(e) }, 'metrics scrape failed');
  if (res.headersSent) return void res.destroy();
  res.statusCode = 500;
  res.setHeader('content-type', 'text/plain');
  res.end('metrics scrape failed\n');
}

/** What {@link mountMetrics} started: the separate listener's address, and how to stop it. */
export interface MetricsEndpoints {
  /** `http://host:port/metrics` of the separate listener, when there is one. */
  url?: string;
  close(): Promise<void>;
}

/**
 * Adds `/metrics` to the main app as {@link metricsExposure} says (call before the 404 handler),
 * warns once when production exposes it nowhere, and starts the separate listener.
 */
export async function mountMetrics(app: Express, metrics: { scrape: Scrape }, config: Pick<Config, 'env' | 'metrics'>, logger: Logger): Promise<MetricsEndpoints> {
  const exposure = metricsExposure(config);
  const token = config.metrics.token;
  if (exposure.main !== 'hidden') {
    app.get('/metrics', (req, res) => {
      if (exposure.main === 'token' && !bearerMatches(req.headers.authorization, token!)) {
        res.status(401).set('www-authenticate', 'Bearer realm="metrics"').json({ errors: [{ message: 'A metrics token is required', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      answer(() => metrics.scrape(), res).catch((e) => fail(res, e, logger));
    });
  }
  if (config.env === 'production' && exposure.main === 'hidden' && !exposure.separatePort) {
    logger.warn('Metrics are not exposed: set METRICS_PORT (a listener of its own, for an internal network) or METRICS_TOKEN (/metrics on the main port behind a bearer token)');
  }
  // In a cluster worker (WORKERS > 1) the primary serves METRICS_PORT with every worker's metrics.
  if (!exposure.separatePort || cluster.isWorker) return { close: async () => undefined };
  return listenForScrapes(config.metrics, () => metrics.scrape(), logger);
}

/** A listener of its own answering `GET /metrics` only (404 otherwise), without a token. */
export async function listenForScrapes(where: { host: string; port?: number }, scrape: Scrape, logger: Pick<Logger, 'info' | 'error'>): Promise<MetricsEndpoints> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?', 1)[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.statusCode = 404;
      res.end();
      return;
    }
    answer(scrape, res).catch((e) => fail(res, e, logger));
  });
  const { host, port } = where;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  logger.info({ port: bound }, 'Metrics listener started');
  return {
    url: `http://${shown}:${bound}/metrics`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Prometheus keeps its connection alive between scrapes.
      server.closeAllConnections();
      await closed;
    },
  };
}
