import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import { exportJWK, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import WebSocket from 'ws';
import { ConfigError } from '../../src/config';
import { ListDossiersDocument, MeDocument, SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, CITIZEN_BINH, pdf, startTestApp, TestApp, landForm } from '../support/harness';

/**
 * Sign-in through an external identity provider (the national VNeID, say): the server fetches
 * the provider's JWKS, accepts RS256 tokens of the configured issuer and audience, maps the
 * identity number to a local account when there is one, and otherwise treats the caller as a
 * citizen known by identity number only.
 *
 * EXTERNAL_JWT_* reach loadConfig through the harness `env` option (startTestApp({ env })).
 */

const ISSUER = 'https://sso.vneid.test.gov.vn';
const AUDIENCE = 'onedoor-lam-dong';
const KID = 'vneid-2026-1';
const MORTGAGE = '1.011543';
const UNKNOWN_CCCD = '079190012345'; // valid: Hồ Chí Minh City, female born 1990; no local account

let jwks: Server;
let jwksUrl: string;
let jwksRequests = 0;
let privateKey: KeyLike;
let otherKey: KeyLike;
let t: TestApp;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: KID, alg: 'RS256', use: 'sig' };
  jwks = createServer((req, res) => {
    jwksRequests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
  t = await startTestApp({ env: { EXTERNAL_JWKS_URL: jwksUrl, EXTERNAL_JWT_ISSUER: ISSUER, EXTERNAL_JWT_AUDIENCE: AUDIENCE } });
});
afterAll(async () => {
  await t?.stop();
  await new Promise((resolve) => jwks?.close(resolve));
});

interface TokenOptions {
  key?: KeyLike | Uint8Array;
  alg?: string;
  kid?: string | null;
  iss?: string;
  aud?: string;
  exp?: number | string;
  claims?: Record<string, unknown>;
}

async function externalToken(o: TokenOptions = {}): Promise<string> {
  const header: { alg: string; kid?: string; typ: string } = { alg: o.alg ?? 'RS256', typ: 'JWT' };
  if (o.kid !== null) header.kid = o.kid ?? KID;
  return new SignJWT({ identity_number: CITIZEN_AN.identityNumber, name: 'NGUYỄN VĂN AN', ...o.claims })
    .setProtectedHeader(header)
    .setIssuer(o.iss ?? ISSUER)
    .setAudience(o.aud ?? AUDIENCE)
    .setSubject('vneid|8f3a2c')
    .setIssuedAt()
    .setExpirationTime(o.exp ?? '10m')
    .sign(o.key ?? privateKey);
}


async function expectUnauthenticated(token: string, message?: RegExp) {
  const r = await t.gql(MeDocument, undefined, token);
  expect(r.status).toBe(401);
  expect(r.data?.me ?? null).toBeNull();
  expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  if (message) expect(r.errors?.[0].message).toMatch(message);
}

describe('a token from the external identity provider', () => {
  it('with the identity number of a local account signs that account in', async () => {
    const r = await t.gql(MeDocument, undefined, await externalToken());
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({
      accountId: await t.accountId('citizen.an'),
      fullName: CITIZEN_AN.fullName, // the local account's name, not the token's
      identityNumber: CITIZEN_AN.identityNumber,
      issuer: ISSUER,
      roles: [{ role: 'CITIZEN', agency: null }],
    });
    expect(jwksRequests).toBeGreaterThanOrEqual(1);
  });

  it('gives that account its own dossiers, whichever way it signed in', async () => {
    const local = await t.login('citizen.an');
    const s = await t.gql(
      SubmitDossierDocument,
      {
        input: {
          procedureCode: MORTGAGE, formData: landForm(MORTGAGE),
          applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber },
          files: ['TP1', 'TP2', 'TP3'].map((c) => ({ name: `${c}.pdf`, mediaType: 'application/pdf', componentCode: c, contentBase64: pdf(c) })),
        },
      },
      local,
    );
    if (s.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(s));
    const list = await t.gql(ListDossiersDocument, { first: 10 }, await externalToken());
    expect(list.data?.dossiers.edges.map((e) => e.node.id)).toContain(s.data.submitDossier.dossier.id);
    // Another citizen signing in externally does not see it.
    const binh = await t.gql(ListDossiersDocument, { first: 10 }, await externalToken({ claims: { identity_number: CITIZEN_BINH.identityNumber } }));
    expect(binh.errors).toBeUndefined();
    expect(binh.data?.dossiers.edges.map((e) => e.node.id)).not.toContain(s.data.submitDossier.dossier.id);
  });

  it('with an unknown but valid CCCD makes a citizen known by identity number only', async () => {
    const token = await externalToken({ claims: { identity_number: UNKNOWN_CCCD, name: 'Võ Thị Hoa' } });
    const r = await t.gql(MeDocument, undefined, token);
    expect(r.errors).toBeUndefined();
    expect(r.data?.me).toEqual({ accountId: null, fullName: 'Võ Thị Hoa', identityNumber: UNKNOWN_CCCD, issuer: ISSUER, roles: [{ role: 'CITIZEN', agency: null }] });
    expect(await t.sql('select id from account where identity_number = $1', [UNKNOWN_CCCD])).toEqual([]);

    // Such a citizen files online and finds the dossier again by identity number.
    const s = await t.gql(
      SubmitDossierDocument,
      {
        input: {
          procedureCode: MORTGAGE, formData: landForm(MORTGAGE),
          applicant: { kind: 'PERSON', name: 'Võ Thị Hoa', idNumber: UNKNOWN_CCCD },
          files: ['TP1', 'TP2', 'TP3'].map((c) => ({ name: `${c}.pdf`, mediaType: 'application/pdf', componentCode: c, contentBase64: pdf(`hoa ${c}`) })),
        },
      },
      token,
    );
    if (s.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(s));
    expect(s.data.submitDossier.dossier.applicant.idNumber).toBe(UNKNOWN_CCCD);
    const list = await t.gql(ListDossiersDocument, { first: 10 }, token);
    expect(list.data?.dossiers.edges.map((e) => e.node.id)).toEqual([s.data.submitDossier.dossier.id]);
    expect((await t.sql('select applicant_account_id from dossier where id = $1', [s.data.submitDossier.dossier.id]))[0].applicant_account_id).toBeNull();
  });

  it('never signs in a staff account an admin typed that number into (only a verified citizen account)', async () => {
    const STAFF_CCCD = '079085001111'; // valid; put on a staff account as an admin could have before issue 13
    await t.sql(`update account set identity_number = $1 where username = 'landreg.leader'`, [STAFF_CCCD]);
    try {
      const r = await t.gql(MeDocument, undefined, await externalToken({ claims: { identity_number: STAFF_CCCD, name: 'Người Lạ' } }));
      expect(r.data?.me).toEqual({ accountId: null, fullName: 'Người Lạ', identityNumber: STAFF_CCCD, issuer: ISSUER, roles: [{ role: 'CITIZEN', agency: null }] });
    } finally {
      await t.sql(`update account set identity_number = null where username = 'landreg.leader'`);
    }
  });

  it('works over WebSocket too', async () => {
    const c = createClient({ url: t.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${await externalToken()}` }, retryAttempts: 0 });
    try {
      const r = await new Promise<any>((resolve, reject) => {
        let v: unknown;
        c.subscribe({ query: '{ me { fullName issuer } }' }, { next: (x) => (v = x), error: reject, complete: () => resolve(v) });
      });
      expect(r.data.me).toEqual({ fullName: CITIZEN_AN.fullName, issuer: ISSUER });
    } finally {
      await c.dispose();
    }
  });

  it('is a verified citizen identity: it reads who looked at its data (myDataAccessLog)', async () => {
    const file = await t.raw({ query: `query TaxpayerFile($c: String!) { taxpayer(taxCode: $c) { ... on Taxpayer { name } } }`, variables: { c: CITIZEN_AN.identityNumber } }, await t.login('tax.specialist'));
    expect(file.data.taxpayer.name).toBeTruthy();
    const log = `{ myDataAccessLog { __typename ... on PersonalDataAccessConnection { edges { node { recordType purpose } } } } }`;
    const mine = await t.raw({ query: log }, await externalToken());
    expect(mine.data.myDataAccessLog.edges).toContainEqual({ node: { recordType: 'tax-taxpayer', purpose: 'query TaxpayerFile › taxpayer' } });
    // Known by identity number only: its own (empty) log, not a refusal.
    const unknown = await t.raw({ query: log }, await externalToken({ claims: { identity_number: UNKNOWN_CCCD } }));
    expect(unknown.data.myDataAccessLog).toEqual({ __typename: 'PersonalDataAccessConnection', edges: [] });
  });
});

describe('a token the provider did not issue is UNAUTHENTICATED (HTTP 401)', () => {
  it('signed by another key, under an unknown kid or under the provider’s kid', async () => {
    await expectUnauthenticated(await externalToken({ key: otherKey, kid: 'attacker-1' }));
    await expectUnauthenticated(await externalToken({ key: otherKey }));
    await expectUnauthenticated(await externalToken({ key: otherKey, kid: null }));
  });

  it('expired', async () => {
    await expectUnauthenticated(await externalToken({ exp: Math.floor(Date.now() / 1000) - 3600 }), /expired/i);
  });

  it('for another audience or from another issuer', async () => {
    await expectUnauthenticated(await externalToken({ aud: 'another-service' }));
    await expectUnauthenticated(await externalToken({ iss: 'https://evil.example' }), /issuer/i);
  });

  it('signed with a symmetric algorithm (HS256 with the server’s own secret) under the provider’s issuer', async () => {
    const secret = new TextEncoder().encode('test-secret-test-secret-test-secret-0123'); // the harness JWT_SECRET
    await expectUnauthenticated(await externalToken({ key: secret, alg: 'HS256' }));
  });

  it('without an identity number, or with a malformed one', async () => {
    await expectUnauthenticated(await externalToken({ claims: { identity_number: undefined } }), /identity number/i);
    await expectUnauthenticated(await externalToken({ claims: { identity_number: '12345' } }), /identity number/i);
  });

  it('a local token is still accepted next to external ones', async () => {
    const r = await t.gql(MeDocument, undefined, await t.login('citizen.binh'));
    expect(r.data?.me).toMatchObject({ fullName: CITIZEN_BINH.fullName, issuer: 'local' });
  });
});

describe('configuration', () => {
  // A JWKS without an audience would accept tokens issued for other services: refused at start.
  it('a JWKS URL without an audience is refused at start, or tokens for other audiences are still refused', async () => {
    const started = await startTestApp({ env: { EXTERNAL_JWKS_URL: jwksUrl, EXTERNAL_JWT_ISSUER: ISSUER } }).catch((e: unknown) => e);
    if (started instanceof ConfigError) return; // refusing to start is a fix too
    if (started instanceof Error) throw started;
    const app = started as TestApp;
    try {
      const r = await app.gql(MeDocument, undefined, await externalToken({ aud: 'some-other-service' }));
      expect(r.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await app.stop();
    }
  });
});
