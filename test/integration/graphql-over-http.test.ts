import { serverAudits } from 'graphql-http';
import { startTestApp, TestApp } from '../support/harness';

/**
 * The GraphQL over HTTP specification, checked by graphql-http's own audit (the reference
 * implementation's test battery) against the real server, and the status of a refused document
 * for each response media type.
 */
describe('GraphQL over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.stop());

  it("passes graphql-http's audit with no error and no warning", async () => {
    const failed: string[] = [];
    for (const audit of serverAudits({ url: t.url })) {
      const r = await audit.fn();
      if (r.status !== 'ok') failed.push(`${audit.id} ${r.status}: ${audit.name}`);
    }
    // Only optional (MAY) GET forms are left: GET is Apollo's CSRF-guarded path (a GET query needs
    // `apollo-require-preflight` or a JSON content type), which a browser page on another origin
    // must not be able to use without a preflight.
    expect(failed.filter((f) => !/ notice: MAY /.test(f))).toEqual([]);
  });

  const refused = [
    ['a parse failure', { query: '{ procedures(first: 1) { ' }, 'GRAPHQL_PARSE_FAILED'],
    ['a validation failure', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['a variable coercion failure', { query: 'query($n: Int) { procedures(first: $n) { edges { node { code } } } }', variables: { n: 'many' } }, 'BAD_USER_INPUT'],
    ['input refused before parsing (a NUL in the document)', { query: '{ procedures(first: 1) { edges { node { code } } } }\u0000' }, 'BAD_USER_INPUT'],
  ] as const;

  it.each(refused)('answers %s with 200 as application/json and 400 as application/graphql-response+json', async (_name, body, code) => {
    for (const [accept, status, type] of [
      [undefined, 200, 'application/json'],
      ['application/json', 200, 'application/json'],
      ['application/graphql-response+json, application/json;q=0.9', 400, 'application/graphql-response+json'],
      ['application/graphql-response+json', 400, 'application/graphql-response+json'],
    ] as const) {
      const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) }, body: JSON.stringify(body) });
      const json = (await res.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
      expect({ accept, status: res.status, type: res.headers.get('content-type')?.split(';')[0], code: json.errors[0].extensions.code, data: 'data' in json }).toEqual({ accept, status, type, code, data: false });
    }
  });

  it('keeps HTTP-level refusals whatever the media type: an invalid token is 401', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer nonsense' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(res.status).toBe(401);
  });
});
