import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import WebSocket from 'ws';
import { launchChromium } from '../support/browser';
import { CITIZEN_AN, startTestApp, submitLandOnline, TestApp } from '../support/harness';

/**
 * A citizen portal on another origin, in a real browser (headless Chromium): the page on an
 * allowed origin reads the API over HTTP (with a preflight: JSON and a header) and follows a
 * dossier over graphql-ws; the same page on an origin not on `CORS_ORIGINS` gets nothing.
 */

const GRAPHQL_WS_UMD = readFileSync(path.join(path.dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js'), 'utf8');

/** The portal's page: track a dossier over HTTP, then subscribe to its updates; results in `window.outcome`. */
const PORTAL_PAGE = `<!doctype html><meta charset="utf-8"><title>Cổng dịch vụ công</title>
<script src="/graphql-ws.js"></script>
<script>
window.outcome = { http: null, httpError: null, ws: [], wsError: null, connected: false };
const p = new URLSearchParams(location.search);
const api = p.get('api');
const variables = { code: p.get('code'), id: p.get('id') };
fetch(api, {
  method: 'POST',
  headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json;q=0.9' },
  body: JSON.stringify({ query: 'query($code: String!, $id: String!) { trackDossier(code: $code, applicantIdNumber: $id) { code status { code name } } }', variables }),
}).then((r) => r.json()).then((j) => { window.outcome.http = j; }, (e) => { window.outcome.httpError = String(e); });
const client = graphqlWs.createClient({ url: api.replace(/^http/, 'ws'), retryAttempts: 0, on: { connected: () => { window.outcome.connected = true; } } });
client.subscribe(
  { query: 'subscription($code: String!, $id: String!) { trackDossierUpdates(code: $code, applicantIdNumber: $id) { code status { code name } } }', variables },
  { next: (v) => window.outcome.ws.push(v), error: (e) => { window.outcome.wsError = e && e.code ? 'closed ' + e.code : String(e); }, complete: () => {} },
);
</script>`;

/** A static site on its own port (its own origin) serving the portal page and graphql-ws's browser build. */
async function portalSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    if (req.url === '/graphql-ws.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(GRAPHQL_WS_UMD);
    if (req.url?.startsWith('/portal.html')) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PORTAL_PAGE);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('CORS and WebSocket origins, in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let allowed: { server: Server; origin: string };
  let other: { server: Server; origin: string };
  let dossier: { id: string; code: string; version: number };

  beforeAll(async () => {
    [allowed, other] = [await portalSite(), await portalSite()];
    t = await startTestApp({ env: { CORS_ORIGINS: `https://portal.example.vn,${allowed.origin}` } });
    browser = await launchChromium();
    dossier = await submitLandOnline(t, '1.011543');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
    for (const s of [allowed, other]) s?.server.close();
  });

  const open = async (site: { origin: string }) => {
    const page = await browser.newPage();
    const query = new URLSearchParams({ api: t.url, code: dossier.code, id: CITIZEN_AN.identityNumber });
    await page.goto(`${site.origin}/portal.html?${query}`);
    return page;
  };

  it('a page on an allowed origin queries over HTTP and hears the dossier received over graphql-ws', async () => {
    const page = await open(allowed);
    await page.waitForFunction(() => (globalThis as any).outcome.http && (globalThis as any).outcome.connected, undefined, { timeout: 15_000 });
    expect(await page.evaluate(() => (globalThis as any).outcome.http)).toMatchObject({ data: { trackDossier: { code: dossier.code, status: { code: 1, name: expect.any(String) } } } });
    // Subscribed (the server acknowledged the connection): the desk receives the dossier.
    await page.waitForTimeout(300);
    await t.act('landreg.reception', dossier.id, dossier.version, 'receive');
    await page.waitForFunction(() => (globalThis as any).outcome.ws.length > 0, undefined, { timeout: 15_000 });
    const outcome = await page.evaluate(() => (globalThis as any).outcome);
    expect(outcome.ws[0]).toEqual({ data: { trackDossierUpdates: { code: dossier.code, status: { code: 2, name: expect.any(String) } } } });
    expect(outcome.wsError).toBeNull();
    await page.close();
  }, 60_000);

  it('the same page on another origin gets no answer over HTTP and no WebSocket', async () => {
    const page = await open(other);
    await page.waitForFunction(() => (globalThis as any).outcome.httpError && (globalThis as any).outcome.wsError, undefined, { timeout: 15_000 });
    const outcome = await page.evaluate(() => (globalThis as any).outcome);
    expect(outcome.http).toBeNull();
    expect(outcome.httpError).toMatch(/Failed to fetch/);
    expect(outcome.connected).toBe(false);
    expect(outcome.ws).toEqual([]);
    await page.close();
  }, 60_000);

  it('answers preflights per origin, and refuses a WebSocket upgrade from an origin not allowed (403)', async () => {
    const preflight = (origin: string) => fetch(t.url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    const ok = await preflight('https://portal.example.vn');
    expect({ status: ok.status, origin: ok.headers.get('access-control-allow-origin'), headers: ok.headers.get('access-control-allow-headers'), credentials: ok.headers.get('access-control-allow-credentials') })
      .toEqual({ status: 204, origin: 'https://portal.example.vn', headers: expect.stringContaining('authorization'), credentials: null });
    const refused = await preflight('https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    const upgrade = (origin?: string) => new Promise<number | 'open'>((resolve) => {
      const ws = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws', origin ? { origin } : {});
      ws.on('open', () => { ws.close(); resolve('open'); });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => undefined);
    });
    expect(await upgrade('https://evil.example.com')).toBe(403);
    expect(await upgrade('https://portal.example.vn')).toBe('open');
    expect(await upgrade()).toBe('open'); // a server-side client sends no Origin
    // The server's own origin is its scheme, host and port: the same host over another scheme is another origin.
    const own = new URL(t.url).origin;
    expect(await upgrade(own)).toBe('open');
    expect(await upgrade(own.replace(/^http:/, 'https:'))).toBe(403);
    const ownPreflight = await preflight(own.replace(/^http:/, 'https:'));
    expect(ownPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});
