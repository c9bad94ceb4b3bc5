import express, { type Express } from 'express';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';

/** The folder holding `package.json`, from `src/server/` (development) or `dist/src/server/` (build). */
function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** Where `npm run build` (scripts/build-ide.ts) writes the IDE's assets. */
export const IDE_ASSETS_DIR = path.join(packageRoot(__dirname), 'dist', 'ide');
/** The bundle's file names (the style sheet is the CSS esbuild extracts beside the script). */
export const IDE_BUNDLE = { script: 'graphiql.js', style: 'graphiql.css' } as const;

/**
 * Everything the page loads comes from this server: scripts and styles from `/ide/`, the API
 * over HTTP and WebSocket on the same origin. (GraphiQL sets a few inline styles.)
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>OneDoor — GraphiQL</title>
<link rel="stylesheet" href="/ide/${IDE_BUNDLE.style}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Đang tải GraphiQL… / Loading GraphiQL…</div>
<script type="module" src="/ide/${IDE_BUNDLE.script}"></script>
</body>
</html>
`;

/**
 * Serves the bundled GraphiQL (`IDE=on`) to browsers at `GET /graphql` (a request that accepts
 * HTML and carries no query; GraphQL GETs and every POST go on to the API) and redirects `/` to
 * it. Mounted before the API. With the IDE off nothing is mounted: `/` is a 404 and a browser's
 * `GET /graphql` is answered by the API (no landing page, no CDN).
 */
export function mountIde(app: Express, logger: Logger): void {
  if (!existsSync(path.join(IDE_ASSETS_DIR, IDE_BUNDLE.script))) {
    logger.warn({ dir: IDE_ASSETS_DIR }, 'IDE assets are not built (npm run build): /graphql shows no editor');
  }
  app.use('/ide', express.static(IDE_ASSETS_DIR, { index: false, fallthrough: false, maxAge: '1h' }));
  app.get('/', (_req, res) => res.redirect(302, '/graphql'));
  app.get('/graphql', (req, res, next) => {
    if (req.query.query !== undefined || req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') return next();
    res.status(200).set({ 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' }).type('html').send(PAGE);
  });
}
