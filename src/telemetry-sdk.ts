import type { IncomingMessage, RequestOptions } from 'node:http';
import type { ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { GraphQLInstrumentation } from '@opentelemetry/instrumentation-graphql';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_DB_QUERY_TEXT, ATTR_SERVICE_NAME, ATTR_URL_FULL, ATTR_URL_PATH, ATTR_URL_QUERY } from '@opentelemetry/semantic-conventions';
import { loggablePath, PROBE_PATHS } from './logging/url-path';
import { obfuscateSql, redactQuery, withoutDocumentSource, withoutErrorText } from './telemetry-redaction';


function pathOf(url: string | undefined): { path: string; search: string } {
  const u = new URL(url ?? '/', 'http://localhost');
  return { path: u.pathname, search: u.search };
}

/** Hands spans to the OTLP exporter without the error text and GraphQL document they may carry (see `withoutErrorText`, `withoutDocumentSource`). */
class RedactingExporter implements SpanExporter {
  constructor(private readonly next: SpanExporter) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.next.export(spans.map((s) => withoutDocumentSource(withoutErrorText(s))), done);
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush?.() ?? Promise.resolve();
  }
}

/**
 * Starts the OpenTelemetry Node SDK with the http, express, graphql and pg instrumentations,
 * exporting over OTLP/HTTP with JSON bodies (`@opentelemetry/exporter-trace-otlp-http`, which
 * every OTLP collector accepts on its HTTP port). The exporter takes its endpoint, headers,
 * timeout and compression from the OTEL_EXPORTER_OTLP_* variables; the SDK its sampler, batching,
 * limits, propagators and resource from theirs. Traces only: metrics are prom-client's and logs
 * pino's, so neither SDK part is started.
 */
export function startTracing(): NodeSDK {
  const protocol = process.env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? process.env.OTEL_EXPORTER_OTLP_PROTOCOL;
  if (protocol && protocol !== 'http/json') console.warn(`Tracing: OTEL_EXPORTER_OTLP_PROTOCOL=${protocol} is not supported; spans are sent as OTLP/HTTP JSON`);
  const sdk = new NodeSDK({
    // The default name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (detected) take precedence.
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: 'onedoor' }),
    traceExporter: new RedactingExporter(new OTLPTraceExporter()),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => PROBE_PATHS.has(pathOf(req.url).path),
        // Hook attributes are applied last, so they replace what the instrumentation recorded.
        startIncomingSpanHook: (req: IncomingMessage) => {
          // The path as the access log shows it (personal data masked), the query string's values redacted.
          const { search } = pathOf(req.url);
          return { [ATTR_URL_PATH]: loggablePath(req.url), ...(search ? { [ATTR_URL_QUERY]: redactQuery(search) } : {}) };
        },
        startOutgoingSpanHook: (options: RequestOptions) => {
          const { path, search } = pathOf(options.path ?? undefined);
          if (!search) return {};
          const host = `${options.hostname ?? options.host ?? 'localhost'}${options.port ? `:${options.port}` : ''}`;
          return { [ATTR_URL_FULL]: `${options.protocol ?? 'http:'}//${host}${path}?${redactQuery(search)}` };
        },
      }),
      new ExpressInstrumentation(),
      // Operations executed by graphql-jit or the SQL fast path get their span from
      // `src/server/operation-span.ts`; this one covers parse and validate (and graphql-js
      // execution where it is used: subscriptions). Resolver spans would be thousands per list.
      new GraphQLInstrumentation({ allowValues: false, ignoreResolveSpans: true, mergeItems: true }),
      // Only statements of a traced request or job: the relay's idle sweeps would be a trace each.
      // Bound values are never recorded, and the values the ORM inlines into its statements are
      // replaced by `?` (the hook runs after the instrumentation set the text).
      new PgInstrumentation({
        requireParentSpan: true,
        enhancedDatabaseReporting: false,
        requestHook: (span, { query }) => span.setAttribute(ATTR_DB_QUERY_TEXT, obfuscateSql(query.text)),
      }),
    ],
  });
  sdk.start();
  return sdk;
}
