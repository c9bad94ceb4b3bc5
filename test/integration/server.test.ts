import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { ProcedureCodesDocument, QueryTypeFieldsDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, startTestApp, TestApp } from '../support/harness';

/**
 * The server as a whole: health endpoints, the schema and catalogue of each module subset,
 * and the same GraphQL (authentication, limits) over WebSocket.
 */

const MODULE_QUERIES: Record<string, string> = {
  tax: 'checkTaxCode',
  inspectorate: 'petitionKinds',
  education: 'assessmentKinds',
  land: 'landUsePurposes',
};
const MODULE_PROCEDURES: Record<string, string[]> = {
  tax: ['1.007749', '1.007752', '1.007766', '1.007769', '1.007770'],
  inspectorate: ['2.002186', '2.002189', '2.002192'],
  education: ['1.005094', '1.005095', '2.001914', '2.001915', '2.002481'],
  land: ['1.011543', '1.011544', '1.011545', '1.012780', '1.012793', '1.012795', '1.013831'],
};
const ALL = Object.keys(MODULE_QUERIES);

async function queryFields(app: TestApp): Promise<string[]> {
  const r = await app.gql(QueryTypeFieldsDocument);
  expect(r.errors).toBeUndefined();
  return r.data!.__schema.queryType.fields!.map((f) => f.name);
}

async function procedureCodes(app: TestApp): Promise<{ code: string; moduleName: string }[]> {
  const r = await app.gql(ProcedureCodesDocument, { first: 100 });
  expect(r.errors).toBeUndefined();
  expect(r.data!.procedures.pageInfo.hasNextPage).toBe(false);
  return r.data!.procedures.edges.map((e) => ({ code: e.node.code, moduleName: e.node.moduleName }));
}

describe('the full server', () => {
  let t: TestApp;
  const clients: Client[] = [];
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.stop();
  });

  const base = () => t.url.replace(/\/graphql$/, '');
  const wsUrl = () => t.url.replace(/^http/, 'ws');

  function ws(token?: string | null, extra: Partial<Parameters<typeof createClient>[0]> = {}): Client {
    const c = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      retryAttempts: 0,
      lazy: true,
      ...extra,
    });
    clients.push(c);
    return c;
  }

  /** Runs one operation over the socket; rejects with what the sink's error receives. */
  function run<T = any>(c: Client, query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult<T, unknown>> {
    return new Promise((resolve, reject) => {
      let result: FormattedExecutionResult<T, unknown> | undefined;
      c.subscribe<T>({ query, variables }, { next: (v) => (result = v), error: reject, complete: () => resolve(result!) });
    });
  }

  it('GET /healthz answers 200', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 with the running modules', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; modules: string[] };
    expect(body.status).toBe('ready');
    expect([...body.modules].sort()).toEqual([...ALL].sort());
  });

  it('with every module the schema and the catalogue have all of them', async () => {
    const fields = await queryFields(t);
    for (const q of Object.values(MODULE_QUERIES)) expect(fields).toContain(q);
    expect(fields).toEqual(expect.arrayContaining(['dossiers', 'dossier', 'procedures', 'me', 'trackDossier']));
    const codes = await procedureCodes(t);
    expect(codes.map((p) => p.code).sort()).toEqual(Object.values(MODULE_PROCEDURES).flat().sort());
  });

  it('a query runs over WebSocket with the token from connectionParams', async () => {
    const token = await t.login('citizen.an');
    const c = ws(token);
    const r = await run<{ me: { fullName: string; identityNumber: string } }>(c, '{ me { fullName identityNumber } }');
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({ fullName: CITIZEN_AN.fullName, identityNumber: CITIZEN_AN.identityNumber });
    // A second operation on the same socket, one that needs the principal.
    const list = await run(c, '{ dossiers(first: 5) { edges { node { id } } } }');
    expect(list.errors).toBeUndefined();
    expect(list.data.dossiers.edges).toEqual([]);
  });

  it('without a token a WebSocket client is anonymous: me is null and dossiers is UNAUTHENTICATED', async () => {
    const c = ws(null);
    const me = await run(c, '{ me { fullName } }');
    expect(me).toEqual({ data: { me: null } });
    const list = await run(c, '{ dossiers(first: 5) { edges { node { id } } } }');
    expect(list.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a garbage token in connectionParams closes the socket with 4403', async () => {
    for (const authorization of ['Bearer garbage', 'Bearer a.b.c', 'Token xyz']) {
      const closed: number[] = [];
      const c = ws(null, { connectionParams: { authorization }, on: { closed: (e) => closed.push((e as { code: number }).code) } });
      const err = await run(c, '{ me { fullName } }').then(
        () => {
          throw new Error('the operation should not run');
        },
        (e: unknown) => e as { code?: number; reason?: string },
      );
      expect({ authorization, code: err.code }).toEqual({ authorization, code: 4403 });
      expect(err.reason).toBe('Forbidden');
      expect(closed).toEqual([4403]);
    }
    // A tampered but well-formed token is refused the same way.
    const good = await t.login('citizen.an');
    const tampered = `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    const err = await run(ws(tampered), '{ me { fullName } }').catch((e) => e);
    expect(err.code).toBe(4403);
  });

  it('the depth limit applies over WebSocket too', async () => {
    const c = ws(await t.login('citizen.an'));
    const nested = (parents: number) => `{ procedure(code: "1.011543") { agency { code ${'parent { code '.repeat(parents)}${'} '.repeat(parents)}} } }`;
    const ok = await run(c, nested(7));
    expect(ok.errors).toBeUndefined();
    const errors = await run(c, nested(8)).then(
      () => {
        throw new Error('a too-deep query must not run');
      },
      (e: unknown) => e as { message: string; extensions?: Record<string, unknown> }[],
    );
    expect(Array.isArray(errors)).toBe(true);
    expect(errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_DEEP', depth: 11, maxDepth: 10 });
    // …and the cost limit.
    const alias = (i: number) => `a${i}: dossiers(first: 100) { edges { node { history(last: 100) { action actorName at note } } } }`;
    const costly = await run(c, `{ ${Array.from({ length: 6 }, (_, i) => alias(i)).join(' ')} }`).catch((e) => e);
    expect(costly[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', maxCost: 20000 });
    // The socket survives a refused operation.
    const me = await run(c, '{ me { fullName } }');
    expect(me.data.me.fullName).toBe(CITIZEN_AN.fullName);
  });
});

describe('module subsets', () => {
  it.each(ALL.map((m) => [m]))('MODULES=%s builds a schema with only that module', async (name) => {
    const app = await startTestApp({ modules: [name] });
    try {
      const fields = await queryFields(app);
      expect(fields).toContain(MODULE_QUERIES[name]);
      for (const other of ALL.filter((m) => m !== name)) expect(fields).not.toContain(MODULE_QUERIES[other]);
      // The kernel is always there.
      expect(fields).toEqual(expect.arrayContaining(['dossiers', 'dossier', 'procedures', 'me', 'agencies', 'calendarDays']));

      const codes = await procedureCodes(app);
      expect(codes.map((p) => p.code).sort()).toEqual(MODULE_PROCEDURES[name]);
      expect(new Set(codes.map((p) => p.moduleName))).toEqual(new Set([name]));

      const ready = (await (await fetch(app.url.replace(/\/graphql$/, '/readyz'))).json()) as { modules: string[] };
      expect(ready.modules).toEqual([name]);
      // Another module's procedure is not found either.
      const otherCode = MODULE_PROCEDURES[ALL.find((m) => m !== name)!][0];
      const other = await app.raw({ query: `{ procedure(code: "${otherCode}") { code } }` });
      expect(other.data?.procedure ?? null).toBeNull();
    } finally {
      await app.stop();
    }
  });

  it('MODULES=land,tax builds a schema with exactly those two', async () => {
    const app = await startTestApp({ modules: ['land', 'tax'] });
    try {
      const fields = await queryFields(app);
      expect(fields).toEqual(expect.arrayContaining(['landUsePurposes', 'checkTaxCode']));
      expect(fields).not.toContain('petitionKinds');
      expect(fields).not.toContain('assessmentKinds');
      const codes = await procedureCodes(app);
      expect(codes.map((p) => p.code).sort()).toEqual([...MODULE_PROCEDURES.land, ...MODULE_PROCEDURES.tax].sort());
    } finally {
      await app.stop();
    }
  });
});

describe('execution engines', () => {
  it('graphql-js (COMPILED_EXECUTION=false) and graphql-jit give the same answer', async () => {
    const plain = await startTestApp({ modules: ['land'], env: { COMPILED_EXECUTION: 'false' } });
    const jit = await startTestApp({ modules: ['land'] });
    try {
      expect(plain.app.services.config.compiledExecution).toBe(false);
      expect(jit.app.services.config.compiledExecution).toBe(true);
      const query = '{ procedures(first: 10) { edges { node { code name processingTime { label } agency { code } workflow { key actions { key } } } } } landUsePurposes { code } }';
      const [a, b] = [await plain.raw({ query }), await jit.raw({ query })];
      expect(a.errors).toBeUndefined();
      expect(b.data).toEqual(a.data);
      const bad = '{ procedures(first: 101) { edges { node { code } } } }';
      const [x, y] = [await plain.raw({ query: bad }), await jit.raw({ query: bad })];
      expect(y.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(y.errors?.[0].message).toBe(x.errors?.[0].message);

      // Variables: an input field left out takes its default (channel: COUNTER) on both engines,
      // and a value outside an enum is the client's mistake (BAD_USER_INPUT, HTTP 400) on both.
      const receive = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { __typename ... on DossierPayload { dossier { channel } } ... on ErrorResult { message } } }`;
      const input = { procedureCode: '1.011543', formData: landForm('1.011543'), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } };
      for (const app of [plain, jit]) {
        const r = await app.raw({ query: receive, variables: { input } }, await app.login('landreg.reception'));
        expect(r.data?.receiveDossier).toEqual({ __typename: 'DossierPayload', dossier: { channel: 'COUNTER' } });
      }
      const wrong = { ...input, channel: 'FAX' };
      const [p, q] = [await plain.raw({ query: receive, variables: { input: wrong } }, await plain.login('landreg.reception')), await jit.raw({ query: receive, variables: { input: wrong } }, await jit.login('landreg.reception'))];
      expect(q.status).toBe(400);
      expect(q.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(q.errors?.[0].message).toBe(p.errors?.[0].message);
    } finally {
      await plain.stop();
      await jit.stop();
    }
  });
});
