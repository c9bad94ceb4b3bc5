import type { IncomingMessage } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import type { CorsConfig } from '../config';

/** Headers a browser page may send cross-origin: GraphQL clients', tracing and request ids. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'accept', 'apollo-require-preflight', 'x-apollo-operation-name', 'x-request-id', 'traceparent', 'tracestate'];
/** Response headers a page may read: the retry delay of 429/503 and the request id for support. */
const EXPOSED_HEADERS = ['retry-after', 'x-request-id'];

/**
 * Whether a browser page on `origin` may use the API: an origin on the allow-list (or any, with
 * `*`), or the server's own origin, scheme included (the IDE it serves): a page on plain
 * `http://` is not the HTTPS server's own. A request without `Origin` is not from a page on
 * another origin (a server-side client, curl) and is not a CORS matter.
 */
function originAllowed(config: CorsConfig, origin: string, ownOrigin: string): boolean {
  return config.origins === '*' || config.origins.includes(origin) || origin === ownOrigin;
}

/**
 * CORS for the browser routes (`/graphql`, files, exports), with the `cors` package: the
 * preflight is answered here (204, cached 10 minutes), and only allowed origins get
 * `Access-Control-Allow-Origin`, so the browser withholds every answer from any other page.
 */
export function corsMiddleware(config: CorsConfig): RequestHandler {
  return cors((req, callback) => {
    const origin = req.headers.origin;
    callback(null, {
      // `req.protocol` follows X-Forwarded-Proto only from TRUSTED_PROXIES (express `trust proxy`).
      origin: origin ? originAllowed(config, origin, `${req.protocol}://${req.headers.host}`) && (config.origins === '*' ? '*' : origin) : false,
      credentials: config.credentials,
      allowedHeaders: ALLOWED_HEADERS,
      exposedHeaders: EXPOSED_HEADERS,
      methods: ['GET', 'POST'],
      maxAge: 600,
    });
  });
}

/**
 * The WebSocket side of the same rule (a browser sends `Origin` on the upgrade, and no preflight
 * protects it): an upgrade from a page on an origin not allowed is refused before graphql-ws
 * sees it (HTTP 403), so a page cannot subscribe with a token it holds for another site.
 */
export function websocketOriginAllowed(config: CorsConfig, req: IncomingMessage, trustProxy: (addr: string, hop: number) => boolean): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  // The upgrade's scheme as express would see it: the socket's, or a trusted proxy's X-Forwarded-Proto.
  const forwarded = trustProxy(req.socket.remoteAddress ?? '', 0) ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() : '';
  const scheme = forwarded || ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  return originAllowed(config, origin, `${scheme}://${req.headers.host}`);
}
