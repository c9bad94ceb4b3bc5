import { AccountsDocument, CreateAccountDocument, LoginDocument } from '../generated/graphql';
import { startTestApp, TestApp } from '../support/harness';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['inspectorate', 'tax'] });
});
afterAll(async () => {
  await t?.stop();
});

const INSP = '000.00.07.H37';
const TAX = '000.00.30.H37';
const input = (username: string, roles: { role: any; agencyCode?: string }[]) => ({ username, fullName: 'Nguyễn Văn Mới', password: 'mat-khau-du-dai-2026', roles });

describe('staff accounts', () => {
  it('an agency admin creates officers of their own agency, who can then sign in', async () => {
    const admin = await t.login('insp.admin');
    const r = await t.gql(CreateAccountDocument, { input: input('insp.new', [{ role: 'SPECIALIST', agencyCode: INSP }]) }, admin);
    expect(r.data?.createAccount).toMatchObject({ __typename: 'AccountPayload', account: { username: 'insp.new', roles: [{ role: 'SPECIALIST', agency: { code: INSP } }] } });
    const login = await t.gql(LoginDocument, { username: 'insp.new', password: 'mat-khau-du-dai-2026' });
    expect(login.data?.login.__typename).toBe('LoginSuccess');
    const list = await t.gql(AccountsDocument, { agencyCode: INSP }, admin);
    expect(list.data?.accounts.map((a) => a.username)).toContain('insp.new');
  });

  it('an agency admin cannot grant roles in another agency or global roles', async () => {
    const admin = await t.login('insp.admin');
    for (const roles of [[{ role: 'SPECIALIST', agencyCode: TAX }], [{ role: 'SYSTEM_ADMIN' }], [{ role: 'AGENCY_ADMIN', agencyCode: INSP }]]) {
      const r = await t.gql(CreateAccountDocument, { input: input(`x1-${roles[0].role.toLowerCase().replace('_', '-')}`, roles) }, admin);
      expect(r.data?.createAccount.__typename).toBe('NotAuthorized');
    }
    const listOther = await t.gql(AccountsDocument, { agencyCode: TAX }, admin);
    expect(listOther.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await t.sql(`select count(*)::int as n from account where username like 'x1%'`))[0].n).toBe(0);
  });

  it('a system admin grants any role; duplicates and bad input are typed errors', async () => {
    const admin = await t.login('admin');
    const ok = await t.gql(CreateAccountDocument, { input: input('analyst2', [{ role: 'ANALYST' }]) }, admin);
    expect(ok.data?.createAccount.__typename).toBe('AccountPayload');
    const dup = await t.gql(CreateAccountDocument, { input: input('analyst2', [{ role: 'ANALYST' }]) }, admin);
    expect(dup.data?.createAccount.__typename).toBe('AlreadyExists');
    const bad = await t.gql(CreateAccountDocument, { input: { ...input('A!', [{ role: 'LEADER' }]), password: 'short' } }, admin);
    const fields = bad.data?.createAccount.__typename === 'ValidationFailed' ? bad.data.createAccount.fieldErrors.map((f) => f.field).sort() : [];
    expect(fields).toEqual(['password', 'roles[0].agencyCode', 'username']);
    const citizen = await t.gql(CreateAccountDocument, { input: input('citizen-made', [{ role: 'ANALYST' }]) }, await t.login('citizen.an'));
    expect(citizen.data?.createAccount.__typename).toBe('NotAuthorized');
  });
});

describe('password guessing', () => {
  it('locks a username for the guessing address after 5 failures in a row; the lock ends with its window', async () => {
    const attempt = (password: string) => t.gql(LoginDocument, { username: 'tax.specialist', password });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).data?.login.__typename).toBe('InvalidCredentials');
    // Counted in the shared store, so every instance refuses alike (test/security/rate-limits.test.ts).
    const locked = await attempt('onedoor-demo');
    expect(locked.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(locked.status).toBe(429);
    // The lock lasts its window (RATE_LIMIT_LOGIN_LOCK_SECONDS, 15 minutes), not a moment.
    expect(Number(locked.errors?.[0].extensions?.retryAfterSeconds)).toBeGreaterThan(14 * 60);
    // The store's clock is the real one: end the window by expiring the stored counter.
    await t.sql(`update rate_limit set expire = 1 where key like 'login_fail:%'`);
    expect((await attempt('onedoor-demo')).data?.login.__typename).toBe('LoginSuccess');
    expect(await t.sql(`select key from rate_limit where key like 'login_fail:%' and expire > 1`)).toEqual([]);
  });
});
