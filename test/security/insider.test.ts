import {
  AccountGrantLogDocument,
  CreateAccountDocument,
  DossierStatusChangedDocument,
  GrantDesignationDocument,
  LoginDocument,
  MeDocument,
  SetAccountActiveDocument,
  SetAccountRolesDocument,
} from '../generated/graphql';
import { CITIZEN_AN, pdf, startTestApp, TestApp } from '../support/harness';
import { subscribe, wsClient } from '../support/ws';

/**
 * Issue 13, "insiders": what an agency admin or a typed-in identity number could bend, tried
 * as the insider would (defects 7, 8 and the last sentence of 13).
 */

const INSP = '000.00.07.H37';
/** A ward committee: handles no petitions (the provincial committee handles the second complaints that reach it). */
const WARD = '000.31.22.H37';
const HEAD = 'inspectorate.head';
const PASSWORD = 'mat-khau-du-dai-2026';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['inspectorate', 'education', 'tax'] });
});
afterAll(async () => {
  await t?.stop();
});

type Json = Record<string, any>;

async function raw(token: string, query: string, variables: Json = {}): Promise<Json> {
  const r = await t.raw({ query, variables }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

async function signIn(username: string): Promise<string> {
  const r = await t.gql(LoginDocument, { username, password: PASSWORD });
  if (r.data?.login.__typename !== 'LoginSuccess') throw new Error(JSON.stringify(r));
  return r.data.login.token;
}

async function create(by: string, username: string, roles: { role: any; agencyCode?: string }[], identityNumber?: string) {
  const r = await t.gql(CreateAccountDocument, { input: { username, fullName: 'Nguyễn Văn Nội Gián', password: PASSWORD, roles, identityNumber } }, await t.login(by));
  return r.data!.createAccount;
}

async function created(by: string, username: string, roles: { role: any; agencyCode?: string }[], identityNumber?: string): Promise<string> {
  const r = await create(by, username, roles, identityNumber);
  if (r.__typename !== 'AccountPayload') throw new Error(JSON.stringify(r));
  return r.account.id;
}

const NHUNG = { fullName: 'Nguyễn Thị Hồng Nhung', identityNumber: '068183002264', address: 'Số 14 đường Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt', phone: '0978112604' };

async function denunciation(): Promise<string> {
  const r = await raw(await t.login('insp.reception'), `mutation R($input: ReceivePetitionInput!) { receivePetition(input: $input) {
    __typename ... on ReceivePetitionPayload { petition { id } } ... on ErrorResult { code message } } }`, {
    input: {
      classification: 'DENUNCIATION',
      channel: 'IN_PERSON',
      subject: 'Tố cáo cán bộ thu tiền ngoài quy định khi xác nhận hồ sơ đất đai.',
      respondent: 'Ông N.V.T., công chức địa chính phường',
      petitioner: NHUNG,
      letters: [{ name: 'don.pdf', mediaType: 'application/pdf', contentBase64: pdf('letter') }],
    },
  });
  if (r.receivePetition.__typename !== 'ReceivePetitionPayload') throw new Error(JSON.stringify(r));
  return r.receivePetition.petition.id;
}

const PETITIONER = `query P($id: ID!) { petition(id: $id) { id petitioner { fullName identityNumber phone } } }`;
const ACCESS_LOG = `{ petitionAccessLog(first: 5) { __typename ... on ErrorResult { code } ... on PetitionAccessLogConnection { edges { node { accountName } } } } }`;

describe('defect 7: an inspectorate agency admin cannot make a head of the inspectorate', () => {
  let petitionId: string;
  beforeAll(async () => {
    petitionId = await denunciation();
  });

  it('a LEADER the agency admin creates reads neither the denouncer nor the access log', async () => {
    await created('insp.admin', 'insp.fake-head', [{ role: 'LEADER', agencyCode: INSP }]);
    const token = await signIn('insp.fake-head');
    const p = (await raw(token, PETITIONER, { id: petitionId })).petition;
    expect(p).toMatchObject({ id: petitionId, petitioner: null });
    expect(JSON.stringify(p)).not.toContain(NHUNG.identityNumber);
    expect((await raw(token, ACCESS_LOG)).petitionAccessLog).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
  });

  it('the agency admin may neither grant the head designation nor touch the head’s account', async () => {
    const admin = await t.login('insp.admin');
    const fake = await t.accountId('insp.fake-head');
    const grant = await t.gql(GrantDesignationDocument, { input: { accountId: fake, key: HEAD, agencyCode: INSP } }, admin);
    expect(grant.data?.grantDesignation).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    // Demoting the real head (or taking their account over) is refused as well.
    const demote = await t.gql(SetAccountRolesDocument, { input: { accountId: await t.accountId('insp.leader'), roles: [{ role: 'SPECIALIST', agencyCode: INSP }] } }, admin);
    expect(demote.data?.setAccountRoles).toMatchObject({ __typename: 'NotAuthorized' });
    // Nor can it promote itself or anyone into an admin role.
    const promote = await t.gql(SetAccountRolesDocument, { input: { accountId: fake, roles: [{ role: 'AGENCY_ADMIN', agencyCode: INSP }] } }, admin);
    expect(promote.data?.setAccountRoles).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await t.sql(`select count(*)::int as n from account_designation where account_id = $1`, [fake])).toEqual([{ n: 0 }]);
    expect((await t.sql(`select r.role from role_assignment r join account a on a.id = r.account_id where a.username = 'insp.leader'`)).map((r) => r.role)).toEqual(['LEADER']);
  });

  it('a system admin grants the head designation: it works, and the grant is logged', async () => {
    const fake = await t.accountId('insp.fake-head');
    const before = await signIn('insp.fake-head');
    const r = await t.gql(GrantDesignationDocument, { input: { accountId: fake, key: HEAD, agencyCode: INSP } }, await t.login('admin'));
    expect(r.data?.grantDesignation).toMatchObject({ __typename: 'AccountPayload', account: { designations: [{ key: HEAD, agency: { code: INSP } }] } });
    // The grant ends the old session; a new one carries the designation.
    expect((await t.raw({ query: '{ me { fullName } }' }, before)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const token = await signIn('insp.fake-head');
    expect((await raw(token, PETITIONER, { id: petitionId })).petition.petitioner).toMatchObject({ fullName: NHUNG.fullName, identityNumber: NHUNG.identityNumber });
    expect((await raw(token, ACCESS_LOG)).petitionAccessLog.__typename).toBe('PetitionAccessLogConnection');

    const log = await t.gql(AccountGrantLogDocument, { accountId: fake, first: 10 }, await t.login('admin'));
    expect(log.data?.accountGrantLog[0]).toMatchObject({ actorId: await t.accountId('admin'), accountId: fake, change: 'DESIGNATION_GRANTED', designation: HEAD, agency: { code: INSP } });
    // Newest first; the creation's two entries share its transaction (and may share a millisecond).
    const changes = log.data!.accountGrantLog.map((e) => e.change);
    expect([changes[0], ...changes.slice(1).sort()]).toEqual(['DESIGNATION_GRANTED', 'CREATED', 'ROLE_GRANTED']);
    // The log is for system admins, and cannot be rewritten.
    expect((await t.gql(AccountGrantLogDocument, { accountId: fake }, await t.login('insp.admin'))).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await expect(t.sql(`delete from account_grant_log where account_id = $1`, [fake])).rejects.toThrow(/append-only/);
  });

  it('taking the LEADER role away takes the head designation with it', async () => {
    const fake = await t.accountId('insp.fake-head');
    const r = await t.gql(SetAccountRolesDocument, { input: { accountId: fake, roles: [{ role: 'SPECIALIST', agencyCode: INSP }] } }, await t.login('admin'));
    expect(r.data?.setAccountRoles).toMatchObject({ __typename: 'AccountPayload', account: { roles: [{ role: 'SPECIALIST' }], designations: [] } });
    const token = await signIn('insp.fake-head');
    expect((await raw(token, PETITIONER, { id: petitionId })).petition.petitioner).toBeNull();
    expect((await t.sql(`select change from account_grant_log where account_id = $1 order by at desc, id desc limit 3`, [fake])).map((e) => e.change).sort()).toEqual(['DESIGNATION_REVOKED', 'ROLE_GRANTED', 'ROLE_REVOKED']);
  });
});

describe('defect 8: a staff account’s identity number gives no citizen-side rights', () => {
  const CHILDREN = `{ myChildren { id fullName } myGuardianProfile { fullName phone } }`;
  const TAXPAYER = `query T($code: String!) { taxpayer(taxCode: $code) { __typename ... on ErrorResult { code } ... on Taxpayer { name address } } }`;
  let guardianId: string;
  const TAXPAYER_HAI = '068088003412'; // a seeded taxpayer without an account

  beforeAll(async () => {
    // A guardian of the seeded schools who has no account of their own.
    const [g] = await t.sql(`select g.identity_number from education_guardian g join education_student_guardian sg on sg.guardian_id = g.id
      where g.identity_number is not null and not exists (select 1 from account a where a.identity_number = g.identity_number) order by g.identity_number limit 1`);
    guardianId = g.identity_number;
  });

  it('an agency admin cannot give a specialist account a guardian’s CCCD', async () => {
    const r = await create('insp.admin', 'insp.guardian-spy', [{ role: 'SPECIALIST', agencyCode: INSP }], guardianId);
    expect(r).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'identityNumber' }] });
    expect(await t.sql(`select count(*)::int as n from account where username = 'insp.guardian-spy' or identity_number = $1`, [guardianId])).toEqual([{ n: 0 }]);
  });

  it('a staff account holding a number (even marked verified) lists no children and reads no taxpayer file', async () => {
    // As if the number had been typed in before this fix: the rule holds at sign-in, not only at creation.
    await t.sql(`update account set identity_number = $1, identity_verified = true where username = 'insp.specialist'`, [guardianId]);
    const token = await t.login('insp.specialist');
    const r = await raw(token, CHILDREN);
    expect(r).toEqual({ myChildren: [], myGuardianProfile: null });
    expect((await t.raw({ query: '{ me { identityNumber } }' }, token)).data.me).toEqual({ identityNumber: null });
    await t.sql(`update account set identity_number = $1 where username = 'insp.specialist'`, [TAXPAYER_HAI]);
    expect((await raw(await signIn2('insp.specialist'), TAXPAYER, { code: TAXPAYER_HAI })).taxpayer).toMatchObject({ __typename: 'NotAuthorized' });
    await t.sql(`update account set identity_number = null, identity_verified = false where username = 'insp.specialist'`);
  });

  it('a citizen account a system admin types a number into stays unverified: no children, no taxpayer file', async () => {
    await created('admin', 'typed.citizen', [{ role: 'CITIZEN' }], guardianId);
    const token = await signIn('typed.citizen');
    expect(await raw(token, CHILDREN)).toEqual({ myChildren: [], myGuardianProfile: null });
    await created('admin', 'typed.taxpayer', [{ role: 'CITIZEN' }], TAXPAYER_HAI);
    expect((await raw(await signIn('typed.taxpayer'), TAXPAYER, { code: TAXPAYER_HAI })).taxpayer).toMatchObject({ __typename: 'NotAuthorized' });
  });

  it('a number already registered is refused without naming whose account holds it', async () => {
    const r = await create('admin', 'citizen.an.again', [{ role: 'CITIZEN' }], CITIZEN_AN.identityNumber);
    expect(r).toMatchObject({ __typename: 'AlreadyExists', existingId: '' });
    expect(JSON.stringify(r)).not.toContain(await t.accountId('citizen.an'));
  });

  it('a verified citizen keeps their rights (the same queries answer for citizen.an)', async () => {
    const token = await t.login('citizen.an');
    const r = await raw(token, CHILDREN);
    expect(r.myChildren.length).toBeGreaterThan(0);
    expect(r.myGuardianProfile).toMatchObject({ fullName: CITIZEN_AN.fullName });
    expect((await raw(token, TAXPAYER, { code: CITIZEN_AN.identityNumber })).taxpayer).toMatchObject({ __typename: 'Taxpayer', name: CITIZEN_AN.fullName });
  });
});

/** Signs a demo account in afresh (the harness caches tokens). */
async function signIn2(username: string): Promise<string> {
  const r = await t.gql(LoginDocument, { username, password: 'onedoor-demo' });
  if (r.data?.login.__typename !== 'LoginSuccess') throw new Error(JSON.stringify(r));
  return r.data.login.token;
}

describe('defect 13: disabling an account or changing its roles takes effect at the next request', () => {
  it('a disabled account’s token is refused at once, and its open subscription is closed (4403)', async () => {
    const id = await created('insp.admin', 'insp.leaving', [{ role: 'SPECIALIST', agencyCode: INSP }]);
    const token = await signIn('insp.leaving');
    expect((await t.gql(MeDocument, undefined, token)).data?.me?.accountId).toBe(id);
    const before = t.app.services.realtime.feed.subscriberCount;
    const sub = subscribe(t.url, token, DossierStatusChangedDocument, {});
    const deadline = Date.now() + 5000;
    while (t.app.services.realtime.feed.subscriberCount <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(t.app.services.realtime.feed.subscriberCount).toBeGreaterThan(before);

    const r = await t.gql(SetAccountActiveDocument, { accountId: id, active: false }, await t.login('insp.admin'));
    expect(r.data?.setAccountActive).toMatchObject({ __typename: 'AccountPayload', account: { active: false } });
    const next = await t.gql(MeDocument, undefined, token);
    expect(next.status).toBe(401);
    expect(next.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(next.data?.me ?? null).toBeNull();
    const started = Date.now();
    expect(await sub.ended).toMatchObject({ code: 4403 });
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await t.gql(LoginDocument, { username: 'insp.leaving', password: PASSWORD })).data?.login.__typename).toBe('InvalidCredentials');
    // A new connection with the old token is refused too.
    const again = subscribe(t.url, token, DossierStatusChangedDocument, {});
    expect(await again.ended).toMatchObject({ code: 4403 });
    expect((await t.sql(`select change from account_grant_log where account_id = $1 order by at desc, id desc limit 1`, [id]))[0].change).toBe('DISABLED');
  });

  it('every new operation on an open connection re-checks the session', async () => {
    await created('insp.admin', 'insp.ws-user', [{ role: 'SPECIALIST', agencyCode: INSP }]);
    const token = await signIn('insp.ws-user');
    const client = wsClient(t.url, token);
    const before = t.app.services.realtime.feed.subscriberCount;
    const first = subscribe(t.url, token, DossierStatusChangedDocument, {}, client);
    const deadline = Date.now() + 5000;
    while (t.app.services.realtime.feed.subscriberCount <= before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // The version moves without the account event (as if the event were still on its way).
    await t.sql(`update account set token_version = token_version + 1 where username = 'insp.ws-user'`);
    const second = subscribe(t.url, token, DossierStatusChangedDocument, {}, client);
    // Refused with UNAUTHENTICATED, or the connection closed (4403) first: never started.
    const refused = (await second.ended) as { code?: number };
    expect(refused.code === 4403 || JSON.stringify(refused).includes('UNAUTHENTICATED')).toBe(true);
    expect(second.results.filter((r) => r.data)).toEqual([]);
    expect(await first.ended).toMatchObject({ code: 4403 });
  });

  it('a role taken away is gone at the next request', async () => {
    const id = await created('admin', 'moving.officer', [{ role: 'RECEPTION_OFFICER', agencyCode: INSP }]);
    const token = await signIn('moving.officer');
    const PETITIONS = `{ petitions(first: 1) { __typename } }`;
    expect((await raw(token, PETITIONS)).petitions.__typename).toBe('PetitionConnection');
    const r = await t.gql(SetAccountRolesDocument, { input: { accountId: id, roles: [{ role: 'RECEPTION_OFFICER', agencyCode: WARD }] } }, await t.login('admin'));
    expect(r.data?.setAccountRoles).toMatchObject({ __typename: 'AccountPayload', account: { roles: [{ role: 'RECEPTION_OFFICER', agency: { code: WARD } }] } });
    const stale = await t.raw({ query: PETITIONS }, token);
    expect(stale.status).toBe(401);
    expect(stale.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await raw(await signIn('moving.officer'), PETITIONS)).petitions.__typename).toBe('NotAuthorized');
  });
});
