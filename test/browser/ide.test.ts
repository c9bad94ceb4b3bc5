import type { Browser, Page } from 'playwright-core';
import { buildIde } from '../../scripts/build-ide';
import { launchChromium } from '../support/browser';
import { CITIZEN_AN, startTestApp, submitLandOnline, TestApp } from '../support/harness';

/**
 * The bundled IDE, offline: headless Chromium with every host but loopback blocked opens `/`,
 * lands on GraphiQL at `/graphql`, runs a query over HTTP and a subscription over graphql-ws,
 * and sees both results. Nothing is fetched from anywhere else and the page's CSP is not violated.
 */

/** Replaces the operation in GraphiQL's editor (CodeMirror 5 keeps its instance on the element) and runs it. */
async function run(page: Page, operation: string): Promise<void> {
  await page.evaluate((text) => {
    const editor = (globalThis as any).document.querySelector('.graphiql-query-editor .CodeMirror');
    editor.CodeMirror.setValue(text);
  }, operation);
  // GraphiQL re-reads the operation name from the editor after a change (debounced): as a person
  // typing would, let it see the new text before running, or it asks for the old operation's name.
  await page.waitForTimeout(750);
  await page.click('.graphiql-execute-button');
}

const responseText = (page: Page) => page.evaluate(() => (globalThis as any).document.querySelector('.graphiql-response .CodeMirror').CodeMirror.getValue() as string);

describe('GraphiQL, bundled and offline, in headless Chromium', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    await buildIde(); // what `npm run build` does; the suite may run before any build
    t = await startTestApp();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.stop();
  });

  it('shows the editor with no network but loopback, runs a query and a subscription', async () => {
    const context = await browser.newContext();
    const elsewhere: string[] = [];
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      if (host === '127.0.0.1' || host === 'localhost') return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(String(e)));

    const landing = await page.goto(t.url.replace(/\/graphql$/, '/'));
    expect(new URL(landing!.url()).pathname).toBe('/graphql');
    await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 30_000 });

    await run(page, '{ procedure(code: "1.011543") { code name } }');
    await page.waitForFunction(() => /1\.011543/.test((globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''), undefined, { timeout: 15_000 });
    expect(JSON.parse(await responseText(page)).data.procedure.code).toBe('1.011543');

    const dossier = await submitLandOnline(t, '1.011543');
    await run(page, `subscription { trackDossierUpdates(code: "${dossier.code}", applicantIdNumber: "${CITIZEN_AN.identityNumber}") { code status { code } } }`);
    // Subscribed once the server has the operation; then the desk receives the dossier.
    await page.waitForTimeout(1000);
    await t.act('landreg.reception', dossier.id, dossier.version, 'receive');
    await page.waitForFunction(() => /"code": 2/.test((globalThis as any).document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? ''), undefined, { timeout: 15_000 });
    expect(JSON.parse(await responseText(page)).data.trackDossierUpdates).toEqual({ code: dossier.code, status: { code: 2 } });

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 120_000);

  it('leaves GraphQL GETs and clients that do not ask for HTML to the API', async () => {
    const api = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(api.headers.get('content-type')).not.toMatch(/html/);
    const plain = await fetch(t.url, { headers: { accept: 'application/json' } });
    expect(plain.headers.get('content-type')).not.toMatch(/html/);
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect({ status: page.status, csp: page.headers.get('content-security-policy') }).toEqual({ status: 200, csp: expect.stringContaining("script-src 'self'") });
  });

  it('IDE=off serves no editor: / is a 404 and a browser GET /graphql gets no page', async () => {
    const off = await startTestApp({ env: { IDE: 'off' } });
    try {
      expect((await fetch(off.url.replace(/\/graphql$/, '/'), { redirect: 'manual' })).status).toBe(404);
      const page = await fetch(off.url, { headers: { accept: 'text/html' } });
      expect(page.headers.get('content-type')).not.toMatch(/html/);
      expect(await page.text()).not.toMatch(/<html|cdn|sandbox|graphiql/i);
    } finally {
      await off.stop();
    }
  }, 60_000);
});
