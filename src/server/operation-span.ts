import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ExecutionResult, OperationDefinitionNode } from 'graphql';

const tracer = trace.getTracer('onedoor-graphql');

/**
 * Runs one GraphQL operation inside its span, named and attributed per the OpenTelemetry GraphQL
 * semantic conventions (`query DossierList`, `graphql.operation.type`, `graphql.operation.name`).
 * The span is the active context while the operation runs, so the PostgreSQL statements it makes
 * are its children, and outbox events it records point back to it.
 *
 * The executor needs it because operations run on graphql-jit or the SQL fast path, which the
 * graphql instrumentation does not see. Neither the document nor variables are recorded: both can
 * carry personal data. With tracing off the API's no-op tracer makes this a plain call.
 */
export function inOperationSpan<R extends ExecutionResult>(operation: OperationDefinitionNode, run: () => Promise<R>): Promise<R> {
  const type = operation.operation;
  const name = operation.name?.value;
  const attributes: Record<string, string> = { 'graphql.operation.type': type };
  if (name) attributes['graphql.operation.name'] = name;
  return tracer.startActiveSpan(name ? `${type} ${name}` : type, { kind: SpanKind.INTERNAL, attributes }, async (span) => {
    try {
      const result = await run();
      // Error results (typed unions) are answers; only GraphQL errors mark the operation failed.
      if (result.errors?.length) span.setStatus({ code: SpanStatusCode.ERROR });
      return result;
    } catch (e) {
      // The error's class only: messages can quote the values that failed.
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.setAttribute('error.type', (e as Error)?.constructor?.name ?? 'Error');
      throw e;
    } finally {
      span.end();
    }
  });
}
