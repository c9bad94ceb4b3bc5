/**
 * OpenTelemetry tracing, switched on by the standard OTLP endpoint variables. `src/main.ts`
 * imports this file before anything else: the instrumentations patch `http`, `express`, `pg`
 * and `graphql` when they are required, so the SDK must be running before any of them loads
 * (in the cluster primary and in every worker alike, each its own process).
 *
 * It runs before `loadConfig`, so it reads its own variables, the standard OTEL_* ones:
 * - `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` or `OTEL_EXPORTER_OTLP_ENDPOINT`: where spans go; with
 *   neither, tracing is off and the SDK is not even loaded (the API's no-op tracer costs nothing).
 * - `OTEL_SDK_DISABLED=true`: off even with an endpoint.
 * - everything else the SDK and the exporter read themselves (`OTEL_SERVICE_NAME`, default
 *   `onedoor`, `OTEL_RESOURCE_ATTRIBUTES`, `OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_TRACES_SAMPLER`,
 *   `OTEL_BSP_*`, `OTEL_PROPAGATORS` …). Spans are sent as OTLP/HTTP JSON (`telemetry-sdk.ts`).
 */

/** Whether this process exports traces: an OTLP endpoint is set and the SDK is not disabled. */
function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  return !!endpoint && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
}

type Sdk = { shutdown(): Promise<void> };

// A plain require, not an import: with tracing off the SDK (≈ 0.3 s of loading) is never read.
const sdk: Sdk | undefined = tracingEnabled()
  ? (require('./telemetry-sdk') as typeof import('./telemetry-sdk')).startTracing()
  : undefined;

/** How long a stopping process waits for the last spans to leave (an unreachable collector must not hold it). */
const FLUSH_LIMIT_MS = 5_000;

/**
 * Exports the spans still buffered and stops the SDK; called on graceful stop after the server
 * has drained. Never throws: losing the last spans must not turn a clean stop into a failure.
 */
export async function shutdownTelemetry(): Promise<void> {
  if (!sdk) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    sdk.shutdown().catch((e) => console.error(`Tracing: could not export the last spans: ${(e as Error).message}`)),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, FLUSH_LIMIT_MS))),
  ]);
  clearTimeout(timer);
}
