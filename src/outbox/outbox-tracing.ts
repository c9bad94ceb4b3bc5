import { Context, context, Link, propagation, ROOT_CONTEXT, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { EVENTS_CHANNEL } from './published-event';

/**
 * The trace context of the request that recorded an outbox event, as the configured propagator
 * writes it (W3C: `traceparent`). Stored with the event so
 * that its publication, later and in whichever instance, links back to that request.
 */
export type StoredTraceContext = Record<string, string>;

/**
 * The active trace context to store with an event being recorded; null when there is none (tracing
 * off: the no-op API has no active span, so this is a lookup and nothing more). Baggage and
 * `tracestate` are not kept: a client can send any, and the outbox keeps no data a caller chose
 * (the link needs only the trace and span ids).
 */
export function activeTraceContext(): StoredTraceContext | null {
  const active = context.active();
  if (!trace.getSpanContext(active)) return null;
  const carrier: StoredTraceContext = {};
  propagation.inject(active, carrier);
  delete carrier.baggage;
  delete carrier.tracestate;
  return Object.keys(carrier).length ? carrier : null;
}

/** The stored context as a span link; undefined when there is none or it does not parse. */
function linkTo(stored: StoredTraceContext | null | undefined): Link | undefined {
  if (!stored) return undefined;
  const spanContext = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, stored));
  return spanContext && trace.isSpanContextValid(spanContext) ? { context: spanContext } : undefined;
}

/** What the relay knows of each event of a batch it publishes. */
export interface PublishedEventTrace {
  id: string;
  type: string;
  aggregateType: string;
  traceContext?: StoredTraceContext | null;
}

const tracer = trace.getTracer('onedoor-outbox');

/** The spans of one relay batch; `within` makes the batch span the active context. */
export interface PublicationSpans {
  within<T>(fn: () => Promise<T>): Promise<T>;
  /** Ends the spans; with an error, marks them failed (the error's class only, not its message). */
  end(error?: unknown): void;
}

const UNTRACED: PublicationSpans = { within: (fn) => fn(), end: () => undefined };

/**
 * Spans for one batch the relay publishes: `outbox relay batch`, under which the consumers'
 * statements and the NOTIFY run, and one `outbox publish <type>` (PRODUCER) per event, each with a
 * link to the request that recorded the event. Publication happens in its own trace (a batch
 * carries events of many requests), so the links are what tie a request to its events.
 * With tracing off, nothing is built.
 */
export function publicationSpans(events: PublishedEventTrace[]): PublicationSpans {
  const batch = tracer.startSpan('outbox relay batch', {
    kind: SpanKind.INTERNAL,
    root: true,
    attributes: { 'messaging.batch.message_count': events.length, 'messaging.destination.name': EVENTS_CHANNEL },
  });
  if (!batch.isRecording()) {
    batch.end();
    return UNTRACED;
  }
  const parent: Context = trace.setSpan(ROOT_CONTEXT, batch);
  const spans: Span[] = events.map((e) => {
    const link = linkTo(e.traceContext);
    return tracer.startSpan(`outbox publish ${e.type}`, {
      kind: SpanKind.PRODUCER,
      links: link ? [link] : [],
      attributes: {
        'messaging.operation.type': 'send',
        'messaging.destination.name': EVENTS_CHANNEL,
        'messaging.message.id': e.id,
        'onedoor.outbox.event_type': e.type,
        'onedoor.outbox.aggregate_type': e.aggregateType,
      },
    }, parent);
  });
  return {
    within: (fn) => context.with(parent, fn),
    end(error?: unknown) {
      for (const span of [...spans, batch]) {
        if (error !== undefined) {
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.setAttribute('error.type', (error as Error)?.constructor?.name ?? 'Error');
        }
        span.end();
      }
    },
  };
}
