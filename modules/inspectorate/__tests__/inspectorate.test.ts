import { pdf, startTestApp, TestApp } from '../../../test/support/harness';
import { inspectorateStatistics } from '../statistics';

/**
 * The inspectorate over the API, on a server with this module only: the confidentiality of a
 * denouncer role by role (lists, nested fields, history and the duplicate link included), the
 * access log and who may read it, deadlines with lawful and unlawful extensions, public tracking,
 * citizen receptions, statistics by hand, and bad input that writes nothing.
 */

const INSPECTORATE = '000.00.07.H37';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ modules: ['inspectorate'] });
});
afterAll(async () => {
  await t?.stop();
});

const PETITION = `
  id code classification anonymous subject respondent status statusLabel version isDuplicate receivedAt
  eligibilityDueAt acceptedAt dueAt originalDueAt resolvedAt resolvedOnTime overdue complexity remote channel
  agency { code }
  duplicateOf { id code }
  petitioner { fullName identityNumber address phone letters { name mediaType size sha256 contentBase64 } }
  inspectors { accountId fullName }
  extensions { days complexity previousDueAt newDueAt reason byName }
  history { action fromStatus toStatus note actorName }
`;

const RESULT = `
  __typename
  ... on PetitionPayload { petition { ${PETITION} } }
  ... on ErrorResult { code message }
  ... on ValidationFailed { fieldErrors { field message } }
  ... on TransitionNotAllowed { currentState availableActions }
  ... on ExtensionNotAllowed { maxDays legalBasis }
  ... on VersionConflict { expectedVersion actualVersion }
  ... on AnonymousLetterNotHandled { legalBasis }
`;

type Json = Record<string, any>;

async function as(user: string) {
  return t.login(user);
}

async function gql(user: string | null, query: string, variables: Json = {}): Promise<{ data: Json; extensions?: Json; text: string }> {
  const r = await t.raw({ query, variables }, user ? await as(user) : undefined);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return { data: r.data, extensions: r.extensions, text: JSON.stringify(r.data) };
}

async function receive(user: string, input: Json): Promise<Json> {
  const r = await gql(
    user,
    `mutation Receive($input: ReceivePetitionInput!) { receivePetition(input: $input) {
      __typename
      ... on ReceivePetitionPayload { code secret duplicate petition { ${PETITION} } }
      ... on ErrorResult { code message }
      ... on ValidationFailed { fieldErrors { field message } }
    } }`,
    { input },
  );
  return r.data.receivePetition;
}

async function received(user: string, input: Json): Promise<Json> {
  const r = await receive(user, input);
  if (r.__typename !== 'ReceivePetitionPayload') throw new Error(JSON.stringify(r));
  return r;
}

/** A petition mutation; `field` is the mutation name, `input` its input. */
async function step(user: string, field: string, input: Json): Promise<Json> {
  const type = `${field[0].toUpperCase()}${field.slice(1)}Input`;
  const inputType = { checkPetitionEligibility: 'PetitionStepInput', startVerification: 'PetitionStepInput' }[field] ?? type;
  const r = await gql(user, `mutation Step($input: ${inputType}!) { ${field}(input: $input) { ${RESULT} } }`, { input });
  return r.data[field];
}

async function ok(user: string, field: string, input: Json): Promise<Json> {
  const r = await step(user, field, input);
  if (r.__typename !== 'PetitionPayload') throw new Error(`${field} by ${user}: ${JSON.stringify(r)}`);
  return r.petition;
}

async function petitionAs(user: string, id: string): Promise<{ petition: Json | null; text: string }> {
  const r = await gql(user, `query One($id: ID!) { petition(id: $id) { ${PETITION} } }`, { id });
  return { petition: r.data.petition, text: r.text };
}

async function listAs(user: string, filter: Json = {}, first = 20): Promise<{ data: Json; text: string; statements?: number }> {
  const r = await gql(
    user,
    // A literal page size: the cost limit counts a variable one as the largest page.
    `query PetitionList($filter: PetitionFilter) { petitions(filter: $filter, first: ${first}) {
      __typename
      ... on PetitionConnection { edges { node { ${PETITION} } } pageInfo { hasNextPage endCursor } }
      ... on ErrorResult { code }
    } }`,
    { filter },
  );
  return { data: r.data.petitions, text: r.text, statements: r.extensions?.sqlStatements };
}

async function count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [{ n }] = await t.sql(`select count(*)::int as n from ${table} where ${where}`, params);
  return n;
}

const NHUNG = { fullName: 'Nguyễn Thị Hồng Nhung', identityNumber: '068183002264', address: 'Số 14 đường Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt', phone: '0978112604' };
const LOC = { fullName: 'Trần Văn Lộc', identityNumber: '068066003517', address: 'Tổ dân phố 5, Phường Xuân Hương - Đà Lạt', phone: '0913408215' };
const LETTER = { name: 'don-to-cao.pdf', mediaType: 'application/pdf', contentBase64: pdf('handwritten letter of the denouncer') };

const denunciation = (extra: Json = {}): Json => ({
  classification: 'DENUNCIATION',
  channel: 'IN_PERSON',
  subject: 'Tố cáo công chức địa chính phường yêu cầu nộp thêm tiền ngoài quy định để xác nhận hồ sơ cấp Giấy chứng nhận quyền sử dụng đất lần đầu.',
  respondent: 'Ông N.V.T., công chức địa chính - xây dựng UBND phường Lâm Viên - Đà Lạt',
  petitioner: NHUNG,
  letters: [LETTER],
  ...extra,
});

/** Every trace of the denouncer that must not reach a caller without the right. */
function expectNoIdentity(text: string, who = NHUNG) {
  for (const v of [who.fullName, who.identityNumber, who.address, who.phone, LETTER.contentBase64]) expect(text).not.toContain(v);
}

describe('a denunciation: the denouncer is seen by the assigned inspector and the head only', () => {
  let p: Json;
  let code: string;

  beforeAll(async () => {
    const r = await received('insp.reception', denunciation());
    p = r.petition;
    code = r.code;
    expect(r.secret).toMatch(/^[A-Z2-9]{10}$/);
    p = await ok('insp.leader', 'assignPetitionInspectors', { petitionId: p.id, expectedVersion: p.version, inspectorIds: [await t.accountId('insp.specialist2')] });
  });

  it('is recorded with its code, the identity apart and the tracking secret only hashed', async () => {
    expect(code).toMatch(/^TT-2026-\d{6}$/);
    expect(p).toMatchObject({ status: 'RECEIVED', classification: 'DENUNCIATION', anonymous: false, agency: { code: INSPECTORATE }, version: 2 });
    const [row] = await t.sql(`select p.petitioner_key, p.lookup_secret_hash, i.full_name, i.identity_number, l.size from inspectorate_petition p
      join inspectorate_petitioner_identity i on i.petition_id = p.id join inspectorate_petitioner_letter l on l.petition_id = p.id where p.id = $1`, [p.id]);
    expect(row).toMatchObject({ full_name: NHUNG.fullName, identity_number: NHUNG.identityNumber });
    expect(row.size).toBe(Buffer.from(LETTER.contentBase64, 'base64').length);
    expect(row.petitioner_key).toMatch(/^[0-9a-f]{64}$/);
    expect(row.petitioner_key).not.toContain(NHUNG.identityNumber);
    expect(row.lookup_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing of the petition's rows outside the protected tables carries the identity.
    const outside = await t.sql(`select p::text as j from inspectorate_petition p where p.id = $1
        union all select h::text from inspectorate_petition_history h where h.petition_id = $1
        union all select o::text from outbox_event o where o.aggregate_id = $1::text`, [p.id]);
    expect(outside.length).toBeGreaterThanOrEqual(5);
    for (const o of outside) expectNoIdentity(o.j);
  });

  it.each(['insp.reception', 'insp.specialist', 'insp.admin', 'admin', 'analyst'])('%s sees the petition, its history and the list without the denouncer', async (user) => {
    const one = await petitionAs(user, p.id);
    expect(one.petition).toMatchObject({ id: p.id, petitioner: null, subject: p.subject });
    expect(one.petition!.history.map((h: Json) => h.action)).toEqual(['receive', 'assignInspectors']);
    expectNoIdentity(one.text);
    const list = await listAs(user);
    expect(list.data.__typename).toBe('PetitionConnection');
    expect(list.data.edges.some((e: Json) => e.node.id === p.id)).toBe(true);
    expect(list.data.edges.every((e: Json) => e.node.classification !== 'DENUNCIATION' || e.node.petitioner === null)).toBe(true);
    expectNoIdentity(list.text);
  });

  it('officers of other agencies and citizens do not see petitions at all', async () => {
    for (const user of ['ubnd.specialist', 'xuanhuong.leader', 'citizen.an']) {
      expect((await petitionAs(user, p.id)).petition).toBeNull();
      expect((await listAs(user)).data).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
  });

  it('the assigned inspector and the head read the identity and the letter, and each read is logged', async () => {
    const before = await count('inspectorate_protected_access_log', 'petition_id = $1', [p.id]);
    for (const user of ['insp.specialist2', 'insp.leader']) {
      const one = await petitionAs(user, p.id);
      expect(one.petition!.petitioner).toEqual({
        ...NHUNG,
        letters: [{ name: LETTER.name, mediaType: 'application/pdf', size: Buffer.from(LETTER.contentBase64, 'base64').length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/), contentBase64: LETTER.contentBase64 }],
      });
    }
    const rows = await t.sql(`select a.username, l.fields, l.operation from inspectorate_protected_access_log l join account a on a.id = l.account_id
      where l.petition_id = $1 order by l.id`, [p.id]);
    expect(rows.length - before).toBe(2);
    expect(rows.slice(before)).toEqual([
      {
        username: 'insp.specialist2',
        fields: ['address', 'fullName', 'identityNumber', 'letters.contentBase64', 'letters.mediaType', 'letters.name', 'letters.sha256', 'letters.size', 'phone'],
        operation: 'query One › petition.petitioner',
      },
      expect.objectContaining({ username: 'insp.leader', operation: 'query One › petition.petitioner' }),
    ]);
  });

  it('only what is asked is logged, and a field that returns nothing logs nothing', async () => {
    const before = await count('inspectorate_protected_access_log');
    await gql('insp.leader', `query NameOnly($id: ID!) { petition(id: $id) { petitioner { fullName } } }`, { id: p.id });
    await gql('insp.specialist', `query NameOnly($id: ID!) { petition(id: $id) { petitioner { fullName } } }`, { id: p.id });
    const rows = await t.sql(`select fields, operation from inspectorate_protected_access_log order by id desc limit 2`);
    expect(await count('inspectorate_protected_access_log')).toBe(before + 1);
    expect(rows[0]).toEqual({ fields: ['fullName'], operation: 'query NameOnly › petition.petitioner' });
  });

  it('an inspector taken off the petition loses the identity at once', async () => {
    let cur = (await petitionAs('insp.leader', p.id)).petition!;
    cur = await ok('insp.leader', 'assignPetitionInspectors', { petitionId: p.id, expectedVersion: cur.version, inspectorIds: [await t.accountId('insp.specialist')] });
    expect((await petitionAs('insp.specialist2', p.id)).petition!.petitioner).toBeNull();
    expect((await petitionAs('insp.specialist', p.id)).petition!.petitioner?.fullName).toBe(NHUNG.fullName);
    await ok('insp.leader', 'assignPetitionInspectors', { petitionId: p.id, expectedVersion: cur.version, inspectorIds: [await t.accountId('insp.specialist2')] });
    expect((await petitionAs('insp.specialist', p.id)).petition!.petitioner).toBeNull();
  });

  it('a list of petitions logs every identity it returns in one statement, whatever the page size', async () => {
    const matters = [
      ['Tố cáo việc thu phí trông giữ xe cao hơn giá niêm yết tại chợ Đà Lạt.', 'Ban quản lý chợ Đà Lạt'],
      ['Tố cáo cơ sở sản xuất xả nước thải chưa xử lý ra hồ Xuân Hương.', 'Cơ sở chế biến nông sản Thành Phát'],
      ['Tố cáo trường mầm non thu các khoản ngoài quy định đầu năm học.', 'Trường Mầm non Hoa Hồng'],
      ['Tố cáo việc chặt hạ rừng thông trái phép tại tiểu khu 157.', 'Ban quản lý rừng phòng hộ Tà Nung'],
    ];
    const ids: string[] = [];
    for (const [subject, respondent] of matters) ids.push((await received('insp.reception', denunciation({ subject, respondent, letters: [] }))).petition.id);
    expect(await t.sql(`select count(*)::int as n from inspectorate_petition where id = any($1::uuid[]) and duplicate_of_id is null`, [ids])).toEqual([{ n: 4 }]);
    const before = await count('inspectorate_protected_access_log');
    const one = await listAs('insp.leader', { classification: ['DENUNCIATION'] }, 1);
    const five = await listAs('insp.leader', { classification: ['DENUNCIATION'] }, 5);
    expect(five.data.edges).toHaveLength(5);
    expect(five.data.edges.every((e: Json) => e.node.petitioner?.fullName === NHUNG.fullName)).toBe(true);
    expect(await count('inspectorate_protected_access_log')).toBe(before + 6);
    expect(five.statements).toBe(one.statements);
    const [last] = await t.sql(`select operation from inspectorate_protected_access_log order by id desc limit 1`);
    expect(last.operation).toBe('query PetitionList › petitions.edges.node.petitioner');
  });

  it('the head, and nobody else, reads the access log', async () => {
    const LOG = `query Log($id: ID, $first: Int) { petitionAccessLog(petitionId: $id, first: $first) {
      __typename
      ... on PetitionAccessLogConnection { edges { node { accountName petitionCode fields operation at } } pageInfo { hasNextPage } }
      ... on ErrorResult { code }
    } }`;
    const r = await gql('insp.leader', LOG, { id: p.id, first: 100 });
    expect(r.data.petitionAccessLog.__typename).toBe('PetitionAccessLogConnection');
    const entries = r.data.petitionAccessLog.edges.map((e: Json) => e.node);
    expect(entries.length).toBe(await count('inspectorate_protected_access_log', 'petition_id = $1', [p.id]));
    expect(entries.every((e: Json) => e.petitionCode === code)).toBe(true);
    expect(entries.map((e: Json) => e.accountName)).toEqual(expect.arrayContaining(['Mai Xuân Thưởng', 'Huỳnh Tấn Phát']));
    expectNoIdentity(r.text);
    for (const user of ['insp.specialist2', 'insp.specialist', 'insp.reception', 'insp.admin', 'admin', 'analyst', 'ubnd.leader']) {
      expect((await gql(user, LOG, { id: p.id })).data.petitionAccessLog).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
  });

  it('the access log and the history cannot be rewritten', async () => {
    await expect(t.sql(`update inspectorate_protected_access_log set fields = '{}' where petition_id = $1`, [p.id])).rejects.toThrow(/append-only/);
    await expect(t.sql(`delete from inspectorate_petition_history where petition_id = $1`, [p.id])).rejects.toThrow(/append-only/);
  });

  it('a note repeating the denouncer is refused for someone who knows it, and nothing is written', async () => {
    const cur = (await petitionAs('insp.leader', p.id)).petition!;
    const r = await step('insp.specialist2', 'checkPetitionEligibility', { petitionId: p.id, expectedVersion: cur.version, note: `Đã gọi cho bà ${NHUNG.fullName} để xác minh` });
    expect(r).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'note' }] });
    expect((await petitionAs('insp.leader', p.id)).petition!.version).toBe(cur.version);
  });
});

describe('a complaint: not secret by law, still protected', () => {
  it('is readable by the inspectorate officers handling petitions, not by admins or analysts, and logged', async () => {
    const { petition } = await received('insp.reception', {
      classification: 'COMPLAINT',
      channel: 'POST',
      subject: 'Khiếu nại Quyết định phê duyệt phương án bồi thường khi thu hồi đất mở rộng đường Ba Tháng Hai: đơn giá đất ở thấp hơn giá thị trường.',
      respondent: 'Chủ tịch UBND phường Xuân Hương - Đà Lạt',
      petitioner: LOC,
    });
    for (const user of ['insp.reception', 'insp.specialist', 'insp.specialist2', 'insp.leader']) {
      expect((await petitionAs(user, petition.id)).petition!.petitioner?.identityNumber).toBe(LOC.identityNumber);
    }
    for (const user of ['insp.admin', 'admin', 'analyst']) {
      const r = await petitionAs(user, petition.id);
      expect(r.petition!.petitioner).toBeNull();
      expectNoIdentity(r.text, LOC);
    }
    // Four reads above, and the receipt's own payload, which the reception officer may read for a complaint.
    expect(await count('inspectorate_protected_access_log', 'petition_id = $1', [petition.id])).toBe(5);
  });
});

describe('time limits', () => {
  let p: Json;
  let code: string;
  let secret: string;

  beforeAll(async () => {
    // Wed 01/04/2026 08:30.
    t.clock.set('2026-04-01T01:30:00Z');
    const r = await received('insp.reception', denunciation({ subject: 'Tố cáo chủ đầu tư xây dựng sai giấy phép, lấn chiếm hành lang suối Cam Ly.', respondent: 'Công ty TNHH Đầu tư Địa ốc Đồi Thông Xanh', petitioner: LOC, letters: [] }));
    ({ code, secret } = r);
    p = r.petition;
    p = await ok('insp.leader', 'assignPetitionInspectors', { petitionId: p.id, expectedVersion: p.version, inspectorIds: [await t.accountId('insp.specialist')] });
  });
  afterAll(() => t.clock.set('2026-11-23T01:30:00Z'));

  it('acceptance within 7 working days of receipt, resolution within 30 days of acceptance (30/04 and 01/05 off)', async () => {
    // 7 working days from Wed 01/04 08:30: Fri 10/04 08:30.
    expect(p.eligibilityDueAt).toBe('2026-04-10T01:30:00.000Z');
    p = await ok('insp.specialist', 'checkPetitionEligibility', { petitionId: p.id, expectedVersion: p.version });
    p = await ok('insp.specialist', 'acceptPetition', { petitionId: p.id, expectedVersion: p.version });
    // 01/04 + 30 days = Fri 01/05, a holiday → Mon 04/05 17:00.
    expect(p).toMatchObject({ status: 'ACCEPTED', acceptedAt: '2026-04-01T01:30:00.000Z', dueAt: '2026-05-04T10:00:00.000Z', originalDueAt: '2026-05-04T10:00:00.000Z' });
  });

  it('the head extends a complex case once by 30 days; a second extension as merely complex is refused and nothing is written', async () => {
    t.clock.set('2026-04-20T02:00:00Z');
    p = await ok('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 30, complexity: 'COMPLEX', reason: 'Phải xác minh tại hai địa điểm.' });
    // 60 days from 01/04: Sun 31/05 → Mon 01/06 17:00.
    expect(p).toMatchObject({ dueAt: '2026-06-01T10:00:00.000Z', originalDueAt: '2026-05-04T10:00:00.000Z', complexity: 'COMPLEX' });
    expect(p.extensions).toEqual([{ days: 30, complexity: 'COMPLEX', previousDueAt: '2026-05-04T10:00:00.000Z', newDueAt: '2026-06-01T10:00:00.000Z', reason: 'Phải xác minh tại hai địa điểm.', byName: 'Huỳnh Tấn Phát' }]);
    const history = await count('inspectorate_petition_history', 'petition_id = $1', [p.id]);
    const refused = await step('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 10, complexity: 'COMPLEX', reason: 'Cần thêm thời gian.' });
    expect(refused).toMatchObject({ __typename: 'ExtensionNotAllowed', code: 'EXTENSION_NOT_ALLOWED', maxDays: 0, legalBasis: expect.stringContaining('Điều 30') });
    const tooLong = await step('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 31, complexity: 'ESPECIALLY_COMPLEX', reason: 'Vụ việc đặc biệt phức tạp.' });
    expect(tooLong).toMatchObject({ __typename: 'ExtensionNotAllowed', maxDays: 30 });
    const notComplex = await step('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 5, complexity: 'NORMAL', reason: 'Chậm.' });
    expect(notComplex).toMatchObject({ __typename: 'ExtensionNotAllowed', maxDays: 0 });
    expect(await count('inspectorate_petition_extension', 'petition_id = $1', [p.id])).toBe(1);
    expect(await count('inspectorate_petition_history', 'petition_id = $1', [p.id])).toBe(history);
    const [row] = await t.sql(`select version, due_at from inspectorate_petition where id = $1`, [p.id]);
    expect(row).toEqual({ version: p.version, due_at: new Date('2026-06-01T10:00:00.000Z') });
  });

  it('only the head extends', async () => {
    const r = await step('insp.specialist', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 30, complexity: 'ESPECIALLY_COMPLEX', reason: 'Đặc biệt phức tạp.' });
    expect(r.__typename).toBe('NotAuthorized');
  });

  it('an especially complex case gets a second extension, never a third', async () => {
    p = await ok('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 30, complexity: 'ESPECIALLY_COMPLEX', reason: 'Liên quan trách nhiệm của nhiều cơ quan.' });
    expect(p.dueAt).toBe('2026-06-30T10:00:00.000Z');
    const third = await step('insp.leader', 'extendPetitionDeadline', { petitionId: p.id, expectedVersion: p.version, days: 1, complexity: 'ESPECIALLY_COMPLEX', reason: 'Thêm.' });
    expect(third).toMatchObject({ __typename: 'ExtensionNotAllowed', message: expect.stringContaining('tối đa 2 lần') });
  });

  it('is tracked with the code and the secret: status, time limit and the body, nothing else', async () => {
    const TRACK = `query Track($code: String!, $secret: String!) { trackPetition(code: $code, secret: $secret) { code status statusLabel dueAt handledBy } }`;
    const r = await gql(null, TRACK, { code, secret: secret.toLowerCase() });
    expect(r.data.trackPetition).toEqual({ code, status: 'ACCEPTED', statusLabel: 'Đã thụ lý giải quyết', dueAt: '2026-06-30T10:00:00.000Z', handledBy: 'Thanh tra tỉnh Lâm Đồng' });
    expect((await gql(null, TRACK, { code, secret: 'ABCDEFGHJK' })).data.trackPetition).toBeNull();
    expect((await gql(null, TRACK, { code: 'TT-2026-999999', secret })).data.trackPetition).toBeNull();
  });

  it('the conclusion resolves a denunciation on time against the extended limit', async () => {
    t.clock.set('2026-06-10T03:00:00Z');
    p = await ok('insp.specialist', 'startVerification', { petitionId: p.id, expectedVersion: p.version });
    p = await ok('insp.specialist', 'concludePetition', { petitionId: p.id, expectedVersion: p.version, conclusion: 'Tố cáo đúng một phần; kiến nghị xử lý vi phạm hành chính.' });
    expect(p).toMatchObject({ status: 'CONCLUDED', resolvedAt: '2026-06-10T03:00:00.000Z', resolvedOnTime: true, overdue: false });
    p = await ok('insp.leader', 'decidePetition', { petitionId: p.id, expectedVersion: p.version, decisionNumber: '125/QĐ-TTr', decisionDate: '2026-06-10' });
    expect(p.status).toBe('DECIDED');
    expect(p.history.map((h: Json) => h.action)).toEqual(['receive', 'assignInspectors', 'checkEligibility', 'accept', 'extendDeadline', 'extendDeadline', 'startVerification', 'conclude', 'decide']);
  });
});

describe('bad input gets a typed error and writes nothing', () => {
  const rows = async () =>
    (await t.sql(`select (select count(*) from inspectorate_petition)::int as p, (select count(*) from inspectorate_petitioner_identity)::int as i,
      (select count(*) from inspectorate_petition_history)::int as h, (select coalesce(sum(last), 0)::int from inspectorate_petition_counter) as c`))[0];

  it('a petition without content, without a petitioner, with a malformed CCCD, or a denunciation naming its denouncer', async () => {
    const before = await rows();
    const cases: [Json, string[]][] = [
      [denunciation({ subject: '   ' }), ['subject']],
      [denunciation({ subject: 'x'.repeat(10_001) }), ['subject']],
      [denunciation({ petitioner: null }), ['petitioner']],
      [denunciation({ petitioner: { ...NHUNG, identityNumber: '12345' } }), ['petitioner.identityNumber']],
      [denunciation({ petitioner: { fullName: NHUNG.fullName } }), ['petitioner.address']],
      [denunciation({ respondent: null }), ['respondent']],
      [denunciation({ subject: `Tôi là ${NHUNG.fullName}, tố cáo cán bộ địa chính thu tiền sai quy định.` }), ['subject']],
      [denunciation({ anonymous: true }), ['petitioner']],
      [denunciation({ channel: 'POST', receptionSessionId: '0190a0a0-0000-7000-8000-000000000000' }), ['receptionSessionId']],
      [denunciation({ receivedAt: '2030-01-01T00:00:00Z' }), ['receivedAt']],
      [denunciation({ letters: [{ name: 'a.exe', mediaType: 'application/x-msdownload', contentBase64: 'AAAA' }] }), ['letters[0].mediaType']],
    ];
    for (const [input, fields] of cases) {
      const r = await receive('insp.reception', input);
      expect(r.__typename).toBe('ValidationFailed');
      expect(r.fieldErrors.map((e: Json) => e.field)).toEqual(fields);
    }
    expect(await receive('analyst', denunciation())).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await receive('ubnd.reception', denunciation())).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await rows()).toEqual(before);
  });

  it('an anonymous letter is recorded, never handled as a denunciation', async () => {
    const r = await received('insp.reception', { classification: 'DENUNCIATION', anonymous: true, channel: 'POST', subject: 'Thư không ký tên tố cáo trưởng thôn thu tiền không công khai.', letters: [LETTER] });
    expect(r.petition).toMatchObject({ status: 'RECORDED_ANONYMOUS', anonymous: true, eligibilityDueAt: null });
    // Its scan is protected like a handwriting: the head reads it, an inspector does not.
    expect((await petitionAs('insp.leader', r.petition.id)).petition!.petitioner).toMatchObject({ fullName: null, letters: [{ name: LETTER.name }] });
    expect((await petitionAs('insp.specialist', r.petition.id)).petition!.petitioner).toBeNull();
    const before = await rows();
    for (const [user, field, extra] of [
      ['insp.leader', 'checkPetitionEligibility', {}],
      ['insp.leader', 'assignPetitionInspectors', { inspectorIds: [await t.accountId('insp.specialist')] }],
      ['insp.leader', 'withdrawPetition', { reason: 'Rút' }],
    ] as const) {
      const res = await step(user, field, { petitionId: r.petition.id, expectedVersion: r.petition.version, ...extra });
      expect(res).toMatchObject({ __typename: 'AnonymousLetterNotHandled', code: 'ANONYMOUS_LETTER_NOT_HANDLED', legalBasis: expect.stringContaining('Điều 25') });
    }
    expect(await rows()).toEqual(before);
  });

  it('a stale version, a step out of order, a step by the wrong person, bad assignees', async () => {
    const { petition } = await received('insp.reception', denunciation({ subject: 'Tố cáo việc cấp phép khai thác cát trái phép trên sông Đa Nhim.', respondent: 'Công ty CP Khoáng sản Đa Nhim', letters: [] }));
    const before = await rows();
    expect(await step('insp.leader', 'acceptPetition', { petitionId: petition.id, expectedVersion: petition.version })).toMatchObject({
      __typename: 'TransitionNotAllowed',
      currentState: 'RECEIVED',
      availableActions: ['checkEligibility', 'assignInspectors', 'withdraw'],
    });
    expect(await step('insp.leader', 'checkPetitionEligibility', { petitionId: petition.id, expectedVersion: petition.version + 1 })).toMatchObject({ __typename: 'VersionConflict', actualVersion: 1 });
    expect(await step('insp.specialist', 'checkPetitionEligibility', { petitionId: petition.id, expectedVersion: petition.version })).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await step('admin', 'checkPetitionEligibility', { petitionId: petition.id, expectedVersion: petition.version })).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await step('ubnd.leader', 'checkPetitionEligibility', { petitionId: petition.id, expectedVersion: petition.version })).toMatchObject({ __typename: 'PetitionNotFound' });
    expect(await step('insp.leader', 'checkPetitionEligibility', { petitionId: 'nope', expectedVersion: 1 })).toMatchObject({ __typename: 'PetitionNotFound' });
    const bad = await step('insp.leader', 'assignPetitionInspectors', { petitionId: petition.id, expectedVersion: petition.version, inspectorIds: [await t.accountId('insp.reception'), 'x'] });
    expect(bad).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'inspectorIds[0]' }, { field: 'inspectorIds[1]' }] });
    expect(await rows()).toEqual(before);
    const [{ v }] = await t.sql(`select version as v from inspectorate_petition where id = $1`, [petition.id]);
    expect(v).toBe(1);
  });

  it('complaints and denunciations are not filed as one-stop dossiers', async () => {
    const r = await gql('insp.reception', `mutation { receiveDossier(input: { procedureCode: "2.002189", channel: COUNTER, applicant: { kind: PERSON, name: "${NHUNG.fullName}", idNumber: "${NHUNG.identityNumber}" } }) {
      __typename ... on ValidationFailed { fieldErrors { field } } } }`);
    expect(r.data.receiveDossier).toEqual({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'formData.procedure' }] });
    expect(await count('dossier')).toBe(0);
  });
});

describe('duplicates', () => {
  it('flags a petition filed again by the same person about the same matter, and shows the link only where it reveals nobody', async () => {
    const first = await received('insp.reception', denunciation({ subject: 'Tố cáo Ban quản lý dự án thu tiền hỗ trợ tái định cư của các hộ dân khu Đồi Trà Ái Nghĩa mà không có biên lai.', respondent: 'Ban Quản lý dự án đầu tư xây dựng Đà Lạt', letters: [] }));
    const again = await received('insp.reception', {
      ...denunciation({ letters: [] }),
      channel: 'POST',
      subject: 'Tố cáo Ban quản lý dự án thu tiền hỗ trợ tái định cư của các hộ dân khu Đồi Trà Ái Nghĩa mà không có biên lai thu tiền!',
      respondent: 'Ban Quản lý dự án đầu tư xây dựng Đà Lạt',
    });
    const [row] = await t.sql(`select duplicate_of_id from inspectorate_petition where id = $1`, [again.petition.id]);
    expect(row.duplicate_of_id).toBe(first.petition.id);
    // The receiver knows who filed the second one and may not read the first: the link, and even
    // the flag that there is one, would name its denouncer.
    expect([first.duplicate, again.duplicate, again.petition.isDuplicate]).toEqual([false, false, false]);
    expect(again.petition.duplicateOf).toBeNull();
    expect((await petitionAs('insp.reception', again.petition.id)).petition).toMatchObject({ duplicateOf: null, isDuplicate: false });
    // Only who may read both identities sees it: anyone else might know one petitioner (a colleague
    // of the receiver, told the name) and would learn the other.
    expect((await petitionAs('insp.specialist', again.petition.id)).petition).toMatchObject({ duplicateOf: null, isDuplicate: false });
    expect((await petitionAs('analyst', again.petition.id)).petition).toMatchObject({ duplicateOf: null, isDuplicate: false });
    expect((await petitionAs('insp.leader', again.petition.id)).petition).toMatchObject({ duplicateOf: { id: first.petition.id, code: first.code }, isDuplicate: true });
    // Another matter, or another person, is not a duplicate.
    const otherMatter = await received('insp.reception', denunciation({ subject: 'Tố cáo việc san lấp đất nông nghiệp trái phép tại thôn Phú Thạnh.', respondent: 'Ban Quản lý dự án đầu tư xây dựng Đà Lạt', letters: [] }));
    const otherPerson = await received('insp.reception', { ...denunciation({ letters: [] }), subject: again.petition.subject, respondent: again.petition.respondent, petitioner: LOC });
    expect(await t.sql(`select duplicate_of_id from inspectorate_petition where id = any($1::uuid[])`, [[otherMatter.petition.id, otherPerson.petition.id]])).toEqual([{ duplicate_of_id: null }, { duplicate_of_id: null }]);
  });
});

describe('the register', () => {
  it('numbers petitions received at the same time without gaps or repeats', async () => {
    const before = (await t.sql(`select coalesce(max(number), 0)::int as n from inspectorate_petition where year = 2026`))[0].n;
    const codes = await Promise.all(
      ['insp.reception', 'insp.specialist', 'insp.leader', 'insp.reception', 'insp.specialist2'].map(async (user, i) =>
        (await received(user, { classification: 'REFLECTION', channel: 'ONLINE', subject: `Phản ánh đèn chiếu sáng hỏng trên đường số ${i + 1}, Phường 1 Bảo Lộc.`, petitioner: { fullName: 'Phan Thị Minh Thư', phone: '0905327718' } })).code,
      ),
    );
    expect(codes.map((c) => Number(c.slice(8))).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5].map((i) => before + i));
  });

  it('filters by assignment and by overdue time limits, and pages by keyset', async () => {
    const mine = await listAs('insp.specialist2', { assignedToMe: true });
    const [{ n }] = await t.sql(`select count(distinct i.petition_id)::int as n from inspectorate_petition_inspector i join account a on a.id = i.account_id
      where a.username = 'insp.specialist2' and i.removed_at is null`);
    expect(mine.data.edges.length).toBe(Math.min(n, 20));
    expect(mine.data.edges.every((e: Json) => e.node.inspectors.some((x: Json) => x.fullName === 'Mai Xuân Thưởng'))).toBe(true);
    // Three weeks on, every petition received today and still waiting for acceptance is overdue.
    t.clock.set('2026-12-14T02:00:00Z');
    try {
      const overdue = await listAs('insp.leader', { overdue: true, status: ['RECEIVED', 'ELIGIBILITY_CHECK'] });
      const [{ waiting }] = await t.sql(`select count(*)::int as waiting from inspectorate_petition where status in ('RECEIVED', 'ELIGIBILITY_CHECK') and eligibility_due_at < '2026-12-14T02:00:00Z'`);
      expect(waiting).toBeGreaterThan(0);
      expect(overdue.data.edges.length).toBe(Math.min(waiting, 20));
      expect(overdue.data.edges.every((e: Json) => e.node.overdue)).toBe(true);
      const notOverdue = await listAs('insp.leader', { overdue: false, status: ['RECEIVED', 'ELIGIBILITY_CHECK'] });
      expect(notOverdue.data.edges.every((e: Json) => !e.node.overdue)).toBe(true);
    } finally {
      t.clock.set('2026-11-23T01:30:00Z');
    }
    const PAGE = `query Page($after: String) { petitions(first: 3, after: $after) { ... on PetitionConnection { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: Json = (await gql('analyst', PAGE, { after })).data.petitions;
      seen.push(...page.edges.map((e: Json) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count('inspectorate_petition'));
  });
});

describe('citizen receptions', () => {
  it('records a reception; the names of the citizens are for the head and the officer who held it, logged', async () => {
    const r = await gql(
      'insp.reception',
      `mutation Rec($input: RecordReceptionSessionInput!) { recordReceptionSession(input: $input) {
        __typename ... on ReceptionSessionPayload { receptionSession { id heldOn kind citizenCount officerName citizens { fullName } } }
        ... on ValidationFailed { fieldErrors { field } } } }`,
      {
        input: {
          heldOn: '2026-11-23',
          location: 'Trụ sở Tiếp công dân tỉnh, số 04 Trần Hưng Đạo, Phường Xuân Hương - Đà Lạt',
          kind: 'REGULAR',
          citizens: [{ fullName: LOC.fullName, identityNumber: LOC.identityNumber, address: LOC.address }, { fullName: 'K’ Brông Hai' }],
          citizenCount: 3,
          summary: 'Công dân trình bày về bồi thường giải phóng mặt bằng đường Ba Tháng Hai và tranh chấp ranh giới đất rẫy.',
          outcome: 'PETITION_RECORDED',
        },
      },
    );
    const session = r.data.recordReceptionSession.receptionSession;
    expect(session).toMatchObject({ heldOn: '2026-11-23', kind: 'REGULAR', citizenCount: 3, officerName: 'Lương Thị Kim Oanh', citizens: [{ fullName: 'K’ Brông Hai' }, { fullName: LOC.fullName }] });
    const walkIn = await received('insp.reception', { classification: 'COMPLAINT', channel: 'IN_PERSON', receptionSessionId: session.id, subject: 'Khiếu nại về đơn giá bồi thường đất ở đường Ba Tháng Hai.', respondent: 'UBND phường Xuân Hương - Đà Lạt', petitioner: LOC });
    const SESSIONS = `query Sessions { receptionSessions(first: 10) { __typename ... on ReceptionSessionConnection { edges { node { id summary citizens { fullName identityNumber } } } } ... on ErrorResult { code } } }`;
    for (const user of ['insp.reception', 'insp.leader']) {
      const node = (await gql(user, SESSIONS)).data.receptionSessions.edges.find((e: Json) => e.node.id === session.id).node;
      expect(node.citizens.map((c: Json) => c.fullName).sort()).toEqual(['K’ Brông Hai', LOC.fullName].sort());
    }
    for (const user of ['insp.specialist', 'admin', 'analyst']) {
      const res = await gql(user, SESSIONS);
      expect(res.data.receptionSessions.edges.find((e: Json) => e.node.id === session.id).node.citizens).toBeNull();
      expect(res.text).not.toContain('Brông');
    }
    expect((await gql('citizen.an', SESSIONS)).data.receptionSessions).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    expect(await count('inspectorate_protected_access_log', 'reception_session_id = $1', [session.id])).toBe(3);
    const withSession = await gql('insp.specialist', `query($id: ID!) { petition(id: $id) { receptionSession { id kind citizens { fullName } } } }`, { id: walkIn.petition.id });
    expect(withSession.data.petition.receptionSession).toEqual({ id: session.id, kind: 'REGULAR', citizens: null });
  });

  it('a periodic reception is the head’s; bad dates and empty lists are refused', async () => {
    const before = await count('inspectorate_reception_session');
    const REC = `mutation Rec($input: RecordReceptionSessionInput!) { recordReceptionSession(input: $input) { __typename ... on ValidationFailed { fieldErrors { field } } } }`;
    const base = { heldOn: '2026-11-23', location: 'Trụ sở Tiếp công dân tỉnh', kind: 'PERIODIC_BY_HEAD', citizens: [{ fullName: 'Võ Anh Tuấn' }], summary: 'Tiếp công dân định kỳ.', outcome: 'GUIDANCE_GIVEN' };
    expect((await gql('insp.reception', REC, { input: base })).data.recordReceptionSession.fieldErrors).toEqual([{ field: 'kind' }]);
    expect((await gql('insp.leader', REC, { input: { ...base, heldOn: '2026-11-31' } })).data.recordReceptionSession.fieldErrors).toEqual([{ field: 'heldOn' }]);
    expect((await gql('insp.leader', REC, { input: { ...base, heldOn: '2026-12-01' } })).data.recordReceptionSession.fieldErrors).toEqual([{ field: 'heldOn' }]);
    expect((await gql('insp.leader', REC, { input: { ...base, citizens: [], citizenCount: 0 } })).data.recordReceptionSession.fieldErrors).toEqual([{ field: 'citizens' }, { field: 'citizenCount' }]);
    expect((await gql('insp.leader', REC, { input: { ...base, summary: 'Ông Võ Anh Tuấn trình bày việc cấp giấy phép kinh doanh.' } })).data.recordReceptionSession.fieldErrors).toEqual([{ field: 'summary' }]);
    expect((await gql('analyst', REC, { input: base })).data.recordReceptionSession.__typename).toBe('NotAuthorized');
    expect(await count('inspectorate_reception_session')).toBe(before);
    expect((await gql('insp.leader', REC, { input: base })).data.recordReceptionSession.__typename).toBe('ReceptionSessionPayload');
  });
});

describe('statistics', () => {
  it('never name a protected table or a personal column', () => {
    for (const s of inspectorateStatistics) {
      expect(s.sql).not.toMatch(/petitioner|citizen|identity|letter|full_name|address|phone|subject|respondent|access_log/i);
    }
  });

  it('count received, resolved on time and late by classification, and anonymous letters, by hand', async () => {
    // A month of its own: March 2027.
    t.clock.set('2027-03-01T02:00:00Z');
    const complaint = (n: number) => ({ classification: 'COMPLAINT', channel: 'POST', subject: `Khiếu nại quyết định thu hồi đất số ${n}/QĐ-UBND.`, respondent: `UBND phường Cam Ly - Đà Lạt (${n})`, petitioner: { ...LOC, identityNumber: null, address: `${n} đường Hoàng Văn Thụ, Đà Lạt` } });
    const c1 = (await received('insp.reception', complaint(1))).petition;
    await received('insp.reception', complaint(2));
    const d1 = (await received('insp.reception', denunciation({ subject: 'Tố cáo việc khai thác đá trái phép tại núi Voi.', respondent: 'Hợp tác xã Khai thác đá Núi Voi', letters: [] }))).petition;
    await received('insp.reception', { classification: 'REFLECTION', anonymous: true, channel: 'POST', subject: 'Thư không ký tên phản ánh xe quá tải trên đèo Prenn.' });
    const inspector = await t.accountId('insp.specialist');
    const run = async (p: Json, steps: [string, string, Json][]) => {
      let cur = p;
      for (const [user, field, extra] of steps) cur = await ok(user, field, { petitionId: cur.id, expectedVersion: cur.version, ...extra });
      return cur;
    };
    const handle: [string, string, Json][] = [
      ['insp.leader', 'assignPetitionInspectors', { inspectorIds: [inspector] }],
      ['insp.specialist', 'checkPetitionEligibility', {}],
      ['insp.specialist', 'acceptPetition', {}],
      ['insp.specialist', 'startVerification', {}],
    ];
    await run(c1, handle);
    await run(d1, handle);
    // The complaint decided on 20/03 (due 31/03): on time. The denunciation concluded on 05/04 (due 31/03): late.
    t.clock.set('2027-03-20T02:00:00Z');
    await run((await petitionAs('insp.leader', c1.id)).petition!, [
      ['insp.specialist', 'concludePetition', { conclusion: 'Quyết định thu hồi đất đúng trình tự.' }],
      ['insp.leader', 'decidePetition', { decisionNumber: '12/QĐ-TTr', decisionDate: '2027-03-20' }],
    ]);
    t.clock.set('2027-04-05T02:00:00Z');
    const late = await run((await petitionAs('insp.leader', d1.id)).petition!, [['insp.specialist', 'concludePetition', { conclusion: 'Tố cáo đúng.' }]]);
    expect(late).toMatchObject({ resolvedOnTime: false, dueAt: '2027-03-31T10:00:00.000Z' });
    t.clock.set('2026-11-23T01:30:00Z');

    const measure = async (key: string, groupBy = ['AGENCY', 'MONTH', 'classification']) => {
      const r = await gql('analyst', `query M($key: String!, $groupBy: [String!]) { moduleMeasure(key: $key, filter: { from: "2027-03-01", to: "2027-04-30" }, groupBy: $groupBy) {
        __typename ... on ModuleMeasureValues { rows { agencyCode period dimensions { key value } value } } ... on ErrorResult { code } } }`, { key, groupBy });
      expectNoIdentity(r.text, LOC);
      return r.data.moduleMeasure.rows;
    };
    const row = (period: string, classification: string, value: number) => ({ agencyCode: INSPECTORATE, period, dimensions: [{ key: 'classification', value: classification }], value });
    expect(await measure('inspectorate.petitionsReceived')).toEqual([row('2027-03', 'COMPLAINT', 2), row('2027-03', 'DENUNCIATION', 1)]);
    expect(await measure('inspectorate.anonymousLettersRecorded', ['AGENCY', 'MONTH'])).toEqual([{ agencyCode: INSPECTORATE, period: '2027-03', dimensions: [], value: 1 }]);
    expect(await measure('inspectorate.petitionsResolvedOnTime')).toEqual([row('2027-03', 'COMPLAINT', 1)]);
    expect(await measure('inspectorate.petitionsResolvedLate')).toEqual([row('2027-04', 'DENUNCIATION', 1)]);
    // By classification alone, over both months: the same counts summed.
    expect(await measure('inspectorate.petitionsReceived', ['classification'])).toEqual([
      { agencyCode: null, period: null, dimensions: [{ key: 'classification', value: 'COMPLAINT' }], value: 2 },
      { agencyCode: null, period: null, dimensions: [{ key: 'classification', value: 'DENUNCIATION' }], value: 1 },
    ]);
  });
});
