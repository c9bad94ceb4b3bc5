import { CITIZEN_AN, CITIZEN_BINH, startTestApp, TestApp } from '../support/harness';
import { wsClient } from '../support/ws';
import { TAX_DEMO } from '../../modules/tax/seed';
import { ExecutionArgs } from 'graphql';
import { createContext } from '../../src/server/context';
import { dataAccessOnNext } from '../../src/server/data-access-plugin';
import { personalDataAccessInsertSql } from '../../src/privacy/data-access';

/**
 * Issue 13, "Personal-data access log the citizen can read" (Decree 13/2023/NĐ-CP, Art. 9 —
 * verify): an officer's read of a person's unmasked data leaves a row the person reads in
 * `myDataAccessLog`, the agency's leader in `dataAccessLog`; nobody else; rows cannot be changed;
 * and when the row cannot be written, the data is not sent.
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const TAX_AGENCY = TAX_DEMO.agencyCode;
const EDU_AGENCY = '000.00.09.H37';

const MY_LOG = `query MyLog($first: Int, $after: String) { myDataAccessLog(first: $first, after: $after) { __typename
  ... on PersonalDataAccessConnection { edges { cursor node { at readerName agencyCode agencyName subjectIdNumber recordType recordTypeLabel recordLabel fields purpose } } pageInfo { hasNextPage endCursor } }
  ... on ErrorResult { code message } } }`;
const AGENCY_LOG = `query AgencyLog($a: String!, $f: DataAccessLogFilter, $first: Int) { dataAccessLog(agencyCode: $a, filter: $f, first: $first) { __typename
  ... on PersonalDataAccessConnection { edges { node { readerName agencyCode subjectIdNumber recordType fields purpose } } pageInfo { hasNextPage } }
  ... on ValidationFailed { fieldErrors { field } }
  ... on ErrorResult { code } } }`;
const TAXPAYER = `query TaxpayerFile($c: String!) { taxpayer(taxCode: $c) { __typename ... on Taxpayer { name taxCode address } ... on ErrorResult { code } } }`;
const TWO_TAXPAYERS = `query TwoFiles($a: String!, $b: String!) { a: taxpayer(taxCode: $a) { ... on Taxpayer { name address } } b: taxpayer(taxCode: $b) { ... on Taxpayer { name address } } }`;
const CHILD_GRADES = `query ChildGrades($s: ID!, $t: ID!) { childGrades(studentId: $s, termId: $t) { __typename
  ... on StudentGrades { student { fullName guardians { fullName relation phone } } } ... on ErrorResult { code } } }`;
const HOLDER = `query HolderLookup($id: String!) { landHolderParcels(idNumber: $id) { __typename ... on LandHolderParcels { holder { name idNumber } certificates { serial } } ... on ErrorResult { code } } }`;

async function myLog(user: string) {
  const r = await t.raw({ query: MY_LOG, variables: { first: 100 } }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.myDataAccessLog;
}
const fullName = async (username: string) => (await t.sql<{ full_name: string }>('select full_name from account where username = $1', [username]))[0].full_name;
const rowCount = async () => (await t.sql<{ n: number }>('select count(*)::int as n from personal_data_access'))[0].n;

describe('a tax officer reads an individual taxpayer’s file', () => {
  it('leaves a row the taxpayer reads: who, which agency, which fields, why', async () => {
    const r = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, await t.login('tax.specialist'));
    expect(r.data.taxpayer).toMatchObject({ __typename: 'Taxpayer', taxCode: CITIZEN_AN.identityNumber });
    expect(r.data.taxpayer.address).toBeTruthy();

    const log = await myLog(TAX_DEMO.individual.username!);
    expect(log.__typename).toBe('PersonalDataAccessConnection');
    const row = log.edges.map((e: { node: Record<string, unknown> }) => e.node).find((n: Record<string, unknown>) => n.recordType === 'tax-taxpayer');
    expect(row).toMatchObject({
      readerName: await fullName('tax.specialist'),
      agencyCode: TAX_AGENCY,
      subjectIdNumber: CITIZEN_AN.identityNumber,
      recordTypeLabel: 'Hồ sơ người nộp thuế',
      fields: ['address', 'name', 'taxCode'],
      purpose: 'query TaxpayerFile › taxpayer',
    });
    expect(row.agencyName).toBeTruthy();
    // The label names the file without repeating the whole number.
    expect(row.recordLabel).not.toContain(CITIZEN_AN.identityNumber);
  });

  it('an analyst, who sees identity numbers masked, cannot look an individual up by one: no read, no row', async () => {
    const before = await rowCount();
    const r = await t.raw({ query: TAXPAYER, variables: { c: CITIZEN_BINH.identityNumber } }, await t.login('analyst'));
    expect(r.data.taxpayer).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect(await rowCount()).toBe(before);
    expect((await myLog('citizen.binh')).edges).toEqual([]);
  });

  it('costs at most one statement per request, however many reads it logs', async () => {
    const token = await t.login('tax.specialist');
    const own = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, await t.login(TAX_DEMO.individual.username!));
    const one = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, token);
    const two = await t.raw({ query: TWO_TAXPAYERS, variables: { a: CITIZEN_AN.identityNumber, b: CITIZEN_BINH.identityNumber } }, token);
    const n0 = own.extensions!.sqlStatements!;
    expect(one.extensions!.sqlStatements).toBe(n0 + 1);
    expect(two.extensions!.sqlStatements).toBe(2 * n0 + 1);
    expect(two.data.a.name).toBeTruthy();
    expect(two.data.b.name).toBeTruthy();
  });

  it('is not logged when the citizen reads their own file, and nobody else sees the rows', async () => {
    const before = await rowCount();
    const own = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, await t.login(TAX_DEMO.individual.username!));
    expect(own.data.taxpayer.__typename).toBe('Taxpayer');
    expect(await rowCount()).toBe(before);

    const mine = await myLog('citizen.an');
    expect(mine.edges.length).toBeGreaterThan(0);
    for (const e of mine.edges) expect(e.node.subjectIdNumber).toBe(CITIZEN_AN.identityNumber);
    // Another citizen sees their own rows only (Bình's file was read above, An's rows never show).
    const other = await myLog('citizen.cuong');
    expect(other.edges).toEqual([]);
    const binh = await myLog('citizen.binh');
    expect(binh.edges.length).toBeGreaterThan(0);
    for (const e of binh.edges) expect(e.node.subjectIdNumber).toBe(CITIZEN_BINH.identityNumber);
  });
});

describe('a teacher reads a pupil’s guardians’ contacts', () => {
  it('leaves a row for each guardian, not for the teacher’s own record', async () => {
    const [khoi] = await t.sql(`select id from education_student where full_name = 'Nguyễn Minh Khôi'`);
    const [term] = await t.sql(`select id from education_term where code = 'HK1' limit 1`);
    const r = await t.raw({ query: CHILD_GRADES, variables: { s: khoi.id, t: term.id } }, await t.login('nguyendu.gv.toan'));
    expect(r.data.childGrades.student.guardians.length).toBeGreaterThan(0);

    const log = await myLog('citizen.binh');
    const row = log.edges.map((e: { node: Record<string, unknown> }) => e.node).find((n: Record<string, unknown>) => n.recordType === 'education-guardian');
    expect(row).toMatchObject({
      readerName: await fullName('nguyendu.gv.toan'),
      agencyCode: EDU_AGENCY,
      recordTypeLabel: 'Thông tin liên hệ của phụ huynh học sinh',
      fields: ['fullName', 'phone', 'relation'],
      purpose: 'query ChildGrades › childGrades.student.guardians',
    });
    expect(row.recordLabel).toMatch(/^HS /);

    // The guardian reading her own child's card is not a read of someone else's data about her.
    const before = (await myLog('citizen.binh')).edges.length;
    await t.raw({ query: CHILD_GRADES, variables: { s: khoi.id, t: term.id } }, await t.login('citizen.binh'));
    const after = await myLog('citizen.binh');
    expect(after.edges.filter((e: { node: { readerName: string } }) => e.node.readerName === CITIZEN_BINH.fullName)).toEqual([]);
    expect(after.edges.length).toBe(before);
  });
});

describe('a land officer looks up what a person holds', () => {
  it('leaves a row for the holder', async () => {
    const r = await t.raw({ query: HOLDER, variables: { id: CITIZEN_AN.identityNumber } }, await t.login('landreg.specialist'));
    expect(r.data.landHolderParcels.__typename).toBe('LandHolderParcels');
    const log = await myLog('citizen.an');
    const rows = log.edges.map((e: { node: Record<string, unknown> }) => e.node).filter((n: Record<string, unknown>) => n.recordType === 'land-holder');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ readerName: await fullName('landreg.specialist'), recordTypeLabel: 'Thông tin người sử dụng đất', purpose: expect.stringMatching(/^query HolderLookup › landHolderParcels/) });
  });
});

describe('who reads the log', () => {
  it('needs a verified citizen identity for myDataAccessLog', async () => {
    for (const user of ['tax.specialist', 'analyst', 'admin']) {
      const r = await t.raw({ query: MY_LOG }, await t.login(user));
      expect(r.data.myDataAccessLog).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
    const anonymous = await t.raw({ query: MY_LOG });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('gives an agency’s rows to its leader only', async () => {
    const leader = await t.raw({ query: AGENCY_LOG, variables: { a: TAX_AGENCY } }, await t.login('tax.leader'));
    const nodes = leader.data.dataAccessLog.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const n of nodes) expect(n.agencyCode).toBe(TAX_AGENCY);
    expect(nodes).toContainEqual(expect.objectContaining({ readerName: await fullName('tax.specialist'), subjectIdNumber: CITIZEN_AN.identityNumber, recordType: 'tax-taxpayer' }));

    // Filtered by person.
    const one = await t.raw({ query: AGENCY_LOG, variables: { a: TAX_AGENCY, f: { subjectIdNumber: CITIZEN_BINH.identityNumber } } }, await t.login('tax.leader'));
    expect(one.data.dataAccessLog.edges.length).toBeGreaterThan(0);
    for (const e of one.data.dataAccessLog.edges) expect(e.node.subjectIdNumber).toBe(CITIZEN_BINH.identityNumber);

    // The leader's own read of the log names people: it is itself in their log.
    const an = await myLog('citizen.an');
    expect(an.edges.map((e: { node: Record<string, unknown> }) => e.node)).toContainEqual(expect.objectContaining({ readerName: await fullName('tax.leader'), recordType: 'privacy-access-log' }));

    // A specialist of the agency, another agency's leader, an agency admin, the system admin, a citizen: refused alike.
    for (const user of ['tax.specialist', 'edu.leader', 'insp.admin', 'admin', 'citizen.an']) {
      const r = await t.raw({ query: AGENCY_LOG, variables: { a: TAX_AGENCY } }, await t.login(user));
      expect(r.data.dataAccessLog).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
    // An agency that does not exist answers as one the caller does not lead.
    const unknown = await t.raw({ query: AGENCY_LOG, variables: { a: '000.00.99.H99' } }, await t.login('tax.leader'));
    expect(unknown.data.dataAccessLog).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    // The education department's leader sees the teacher's read.
    const edu = await t.raw({ query: AGENCY_LOG, variables: { a: EDU_AGENCY } }, await t.login('edu.leader'));
    expect(edu.data.dataAccessLog.edges.map((e: { node: { recordType: string } }) => e.node.recordType)).toContain('education-guardian');
  });

  it('refuses page sizes out of range and bad filters', async () => {
    for (const first of [-1, 0, 101, 100_000_000]) {
      const mine = await t.raw({ query: MY_LOG, variables: { first } }, await t.login('citizen.an'));
      expect(mine.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const agency = await t.raw({ query: AGENCY_LOG, variables: { a: TAX_AGENCY, first } }, await t.login('tax.leader'));
      expect(agency.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const badCursor = await t.raw({ query: MY_LOG, variables: { after: 'bm9wZQ' } }, await t.login('citizen.an'));
    expect(badCursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badSubject = await t.raw({ query: AGENCY_LOG, variables: { a: TAX_AGENCY, f: { subjectIdNumber: '12' } } }, await t.login('tax.leader'));
    expect(badSubject.data.dataAccessLog).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'filter.subjectIdNumber' }] });
  });

  it('pages newest first with a keyset cursor', async () => {
    const token = await t.login('citizen.an');
    const all = (await t.raw({ query: MY_LOG, variables: { first: 100 } }, token)).data.myDataAccessLog.edges;
    expect(all.length).toBeGreaterThan(2);
    const first = (await t.raw({ query: MY_LOG, variables: { first: 2 } }, token)).data.myDataAccessLog;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await t.raw({ query: MY_LOG, variables: { first: 100, after: first.pageInfo.endCursor } }, token)).data.myDataAccessLog;
    expect([...first.edges, ...next.edges].map((e: { cursor: string }) => e.cursor)).toEqual(all.map((e: { cursor: string }) => e.cursor));
    const times = all.map((e: { node: { at: string } }) => Date.parse(e.node.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });
});

describe('the log itself', () => {
  it('is append-only', async () => {
    const [row] = await t.sql('select id from personal_data_access limit 1');
    await expect(t.sql(`update personal_data_access set account_name = 'someone else' where id = $1`, [row.id])).rejects.toThrow(/append-only/);
    await expect(t.sql('delete from personal_data_access where id = $1', [row.id])).rejects.toThrow(/append-only/);
  });

  it('fails closed: when the row cannot be written, no personal data leaves (HTTP and WebSocket)', async () => {
    const token = await t.login('tax.specialist');
    const before = await rowCount();
    await t.sql('alter table personal_data_access rename to personal_data_access_offline');
    try {
      const r = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, token);
      expect(r.status).toBe(503);
      expect(r.data).toBeUndefined();
      expect(r.errors).toEqual([expect.objectContaining({ extensions: { code: 'DATA_ACCESS_LOG_UNAVAILABLE' } })]);
      expect(JSON.stringify(r)).not.toContain(CITIZEN_AN.identityNumber);

      const client = wsClient(t.url, token);
      try {
        const results: unknown[] = [];
        await new Promise<void>((resolve, reject) => {
          client.subscribe({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, { next: (x) => results.push(x), error: reject, complete: resolve });
        });
        expect(results).toEqual([{ errors: [expect.objectContaining({ extensions: { code: 'DATA_ACCESS_LOG_UNAVAILABLE' } })] }]);
      } finally {
        await client.dispose();
      }

      // A read with nothing to log still answers (an organisation's file is not a person's data).
      const org = await t.raw({ query: TAXPAYER, variables: { c: TAX_DEMO.organisation.taxCode } }, token);
      expect(org.data.taxpayer.__typename).toBe('Taxpayer');
    } finally {
      await t.sql('alter table personal_data_access_offline rename to personal_data_access');
    }
    expect(await rowCount()).toBe(before);

    // Back online, the same read over WebSocket is logged before it is sent.
    const client = wsClient(t.url, token);
    try {
      const results: { data?: { taxpayer?: { name?: string } } }[] = [];
      await new Promise<void>((resolve, reject) => {
        client.subscribe({ query: TAXPAYER, variables: { c: TAX_DEMO.individual.taxCode } }, { next: (x) => results.push(x as never), error: reject, complete: resolve });
      });
      expect(results[0].data?.taxpayer?.name).toBeTruthy();
    } finally {
      await client.dispose();
    }
    expect(await rowCount()).toBe(before + 1);
  });

  it('is written per WebSocket subscription event, before the event is sent, or the event is withheld', async () => {
    const services = t.app.services;
    const ctx = createContext(services, await services.tokens.fromAuthorization(`Bearer ${await t.login('tax.specialist')}`));
    const onNext = dataAccessOnNext(services);
    const args = { contextValue: ctx } as unknown as ExecutionArgs;
    const read = { subjectIdNumber: CITIZEN_BINH.identityNumber, recordType: 'tax-taxpayer', recordId: 'event', fields: ['name'], purpose: 'subscription Feed › event' };
    // An event with nothing noted goes out at once, without a statement.
    expect(onNext(null, '1', {}, args, { data: {} })).toBeUndefined();
    const before = await rowCount();
    ctx.dataAccess.note(read);
    expect(await onNext(null, '1', {}, args, { data: {} })).toBeUndefined();
    expect(await rowCount()).toBe(before + 1);
    // The next event's read is a read of its own; the log is offline: the event is replaced by an error.
    ctx.dataAccess.note(read);
    await t.sql('alter table personal_data_access rename to personal_data_access_offline');
    try {
      expect(await onNext(null, '1', {}, args, { data: { secret: 'x' } })).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'DATA_ACCESS_LOG_UNAVAILABLE' } })] });
    } finally {
      await t.sql('alter table personal_data_access_offline rename to personal_data_access');
    }
    expect(await rowCount()).toBe(before + 1);
  });

  it('can be written by the very statement that reads (a CTE for one-statement read paths)', async () => {
    const services = t.app.services;
    const write = async (username: string) => {
      const principal = await services.tokens.fromAuthorization(`Bearer ${await t.login(username)}`);
      const params: unknown[] = [];
      const bind = (v: unknown) => `$${params.push(v)}`;
      const source = `select * from (values (${bind(CITIZEN_AN.identityNumber)}::text, 'd-1', 'H37.01-261207-0001'), (${bind(CITIZEN_BINH.identityNumber)}::text, 'd-2', 'H37.01-261207-0002')) v(subject_id_number, record_id, record_label)`;
      const insert = personalDataAccessInsertSql(principal, { recordType: 'dossier', fields: ['applicant.phone'], purpose: 'query Inbox › dossiers', at: new Date() }, source, bind);
      const [r] = await t.sql<{ n: number }>(`with logged as (${insert} returning 1) select count(*)::int as n from logged`, params);
      return r.n;
    };
    expect(await write('landreg.specialist')).toBe(2);
    // A citizen's own number is skipped, as by note().
    expect(await write('citizen.an')).toBe(1);
    const [row] = await t.sql(`select account_name, agency_id, fields, record_type from personal_data_access where record_id = 'd-2' order by id limit 1`);
    expect(row).toMatchObject({ account_name: await fullName('landreg.specialist'), fields: ['applicant.phone'], record_type: 'dossier' });
    expect(row.agency_id).toBeTruthy();
  });
});
