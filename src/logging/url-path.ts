import { maskPersonalData } from './logger';

/** Paths polled by Kubernetes and Prometheus every few seconds: logged at `debug` while they succeed, never traced. */
export const PROBE_PATHS: ReadonlySet<string> = new Set(['/healthz', '/readyz', '/metrics']);

const MAX_PATH_CHARS = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A path segment as it may be logged or traced: ids kept; e-mail addresses and phone or identity
 * numbers masked (a client, or a mistyped link, can put them in a path: a 404 or `/files/:id`
 * would record them), also when percent-encoded.
 */
function loggableSegment(segment: string): string {
  if (UUID.test(segment)) return segment;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // not percent-encoded text: checked as it is
  }
  const masked = maskPersonalData(decoded);
  return masked === decoded ? segment : masked;
}

/**
 * A request URL as logs and spans show it: the path only (GET /graphql carries the query and its
 * variables in the query string), personal data masked, then bounded (masked first, so that a
 * cut never leaves the head of a number unmasked).
 */
export function loggablePath(url: string | undefined): string {
  const u = url ?? '';
  const q = u.indexOf('?');
  return (q < 0 ? u : u.slice(0, q)).split('/').map(loggableSegment).join('/').slice(0, MAX_PATH_CHARS);
}
