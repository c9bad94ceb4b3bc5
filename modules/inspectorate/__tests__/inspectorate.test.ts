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
  receivedByName instance timeBarStartsOn timeBarLastDay timeBarred obstacleDays obstacleReason eligibilityExtended forwardDueAt forwardedLate
  firstComplaint { code instance agencyName status decisionNumber decisionDate dueAt }
  secondComplaints { code instance agencyName status }
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
  ... on ComplaintTimeBarred { legalBasis timeBarStartsOn lastDay receivedOn }
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
  const inputType =
    { checkPetitionEligibility: 'PetitionStepInput', startVerification: 'PetitionStepInput', extendPetitionEligibilityCheck: 'ExtendEligibilityCheckInput', recordPetitionFilingObstacle: 'RecordFilingObstacleInput' }[field] ?? type;
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
    for (const user of ['xuanhuong.leader', 'citizen.an']) {
      expect((await petitionAs(user, p.id)).petition).toBeNull();
      expect((await listAs(user)).data).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
    // The committee above handles the second complaints that reach it, and sees none of the inspectorate's petitions.
    expect((await petitionAs('ubnd.specialist', p.id)).petition).toBeNull();
    const committee = await listAs('ubnd.specialist');
    expect(committee.data.__typename).toBe('PetitionConnection');
    expect(committee.data.edges.every((e: Json) => e.node.agency.code === '000.00.00.H37')).toBe(true);
    expectNoIdentity(committee.text);
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
    for (const user of ['insp.specialist2', 'insp.specialist', 'insp.reception', 'insp.admin', 'admin', 'analyst', 'xuanhuong.leader']) {
      expect((await gql(user, LOG, { id: p.id })).data.petitionAccessLog).toEqual({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    }
    // The committee's leader heads the second instance: the log of his own body's petitions only.
    expect((await gql('ubnd.leader', LOG, { id: p.id })).data.petitionAccessLog).toEqual({ __typename: 'PetitionAccessLogConnection', edges: [], pageInfo: { hasNextPage: false } });
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
      timeBarStartsOn: '2026-10-30',
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
      availableActions: ['checkEligibility', 'transfer', 'extendEligibilityCheck', 'assignInspectors', 'withdraw'],
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
    const walkIn = await received('insp.reception', { classification: 'COMPLAINT', channel: 'IN_PERSON', receptionSessionId: session.id, subject: 'Khiếu nại về đơn giá bồi thường đất ở đường Ba Tháng Hai.', respondent: 'UBND phường Xuân Hương - Đà Lạt', petitioner: LOC, timeBarStartsOn: '2026-11-02' });
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
    const complaint = (n: number) => ({ classification: 'COMPLAINT', channel: 'POST', subject: `Khiếu nại quyết định thu hồi đất số ${n}/QĐ-UBND.`, respondent: `UBND phường Cam Ly - Đà Lạt (${n})`, petitioner: { ...LOC, identityNumber: null, address: `${n} đường Hoàng Văn Thụ, Đà Lạt` }, timeBarStartsOn: '2027-02-15' });
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

/** SMS queued for a petition's petitioner (module messages), oldest first. */
async function messagesFor(code: string): Promise<{ topic: string; recipient: string; body: string }[]> {
  return t.sql(`select topic, recipient, body from notification where module_name = 'inspectorate' and body like '%' || $1 || '%' order by created_at, id`, [code]);
}

/** Everything a refused write must leave as it was. */
const snapshot = async () =>
  (await t.sql(`select (select count(*) from inspectorate_petition)::int as p, (select count(*) from inspectorate_petitioner_identity)::int as i,
    (select count(*) from inspectorate_petition_history)::int as h, (select count(*) from outbox_event where aggregate_type = 'Petition')::int as o,
    (select count(*) from notification where module_name = 'inspectorate')::int as n, (select coalesce(sum(last), 0)::int from inspectorate_petition_counter) as c,
    (select coalesce(sum(version), 0)::int from inspectorate_petition) as v`))[0];

const AN = { fullName: 'Nguyễn Văn An', identityNumber: '068085001234', address: 'Số 5 đường Yersin, Phường Xuân Hương - Đà Lạt', phone: '0912345678' };
const SECOND = `mutation Second($input: FileSecondComplaintInput!) { fileSecondComplaint(input: $input) {
  __typename
  ... on ReceivePetitionPayload { code secret petition { ${PETITION} } }
  ... on ErrorResult { code message }
  ... on ValidationFailed { fieldErrors { field message } }
  ... on ComplaintTimeBarred { legalBasis timeBarStartsOn lastDay receivedOn }
  ... on SecondComplaintNotOpen { legalBasis }
} }`;
const fileSecond = async (user: string, input: Json): Promise<Json> => (await gql(user, SECOND, { input })).data.fileSecondComplaint;

describe('issue 19, defect 3: the complaint acceptance period is 10 days, not 10 working days (Law on Complaints art. 27)', () => {
  afterAll(() => t.clock.set('2026-11-23T01:30:00Z'));

  it('a complaint received on the eve of Tết must be accepted by Mon 23/02, not Fri 06/03', async () => {
    t.clock.set('2026-02-13T03:00:00Z'); // Fri 13/02/2026 10:00; Tết 16–20/02 off.
    const { petition } = await received('insp.reception', {
      classification: 'COMPLAINT', channel: 'POST', subject: 'Khiếu nại quyết định xử phạt vi phạm hành chính về xây dựng.', respondent: 'Chủ tịch UBND phường Lâm Viên - Đà Lạt', petitioner: LOC, timeBarStartsOn: '2026-01-20',
    });
    expect(petition).toMatchObject({ eligibilityDueAt: '2026-02-23T10:00:00.000Z', timeBarStartsOn: '2026-01-20', timeBarLastDay: '2026-04-20', timeBarred: false, instance: 1, forwardDueAt: null });
  });
});

describe('issue 19, defect 3: the time bar of a first complaint (Law on Complaints art. 9, 11(4))', () => {
  let p: Json;
  afterAll(() => t.clock.set('2026-11-23T01:30:00Z'));

  it('the day the complainant learned of the decision is part of the receipt, and a bad one writes nothing', async () => {
    t.clock.set('2026-05-05T02:00:00Z'); // Tue 05/05/2026 09:00
    const before = await snapshot();
    const base = { classification: 'COMPLAINT', channel: 'IN_PERSON', subject: 'Khiếu nại quyết định thu hồi giấy phép kinh doanh karaoke.', respondent: 'Trưởng phòng Kinh tế UBND phường Xuân Hương', petitioner: LOC };
    for (const [extra, field] of [[{}, 'timeBarStartsOn'], [{ timeBarStartsOn: '2026-05-06' }, 'timeBarStartsOn'], [{ timeBarStartsOn: '2026-02-30' }, 'timeBarStartsOn'], [{ timeBarStartsOn: '2026-02-01', filingObstacle: { days: 0, reason: 'x' } }, 'filingObstacle.days']] as const) {
      const r = await receive('insp.reception', { ...base, ...extra });
      expect(r).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field }] });
    }
    expect(await receive('insp.reception', denunciation({ timeBarStartsOn: '2026-02-01' }))).toMatchObject({ fieldErrors: [{ field: 'timeBarStartsOn' }] });
    expect(await snapshot()).toEqual(before);
    // Learned of it on Sun 01/02: 90 days end Sat 02/05 → Mon 04/05. Received Tue 05/05: one day late.
    p = (await received('insp.reception', { ...base, timeBarStartsOn: '2026-02-01' })).petition;
    expect(p).toMatchObject({ timeBarLastDay: '2026-05-04', timeBarred: true, obstacleDays: 0 });
  });

  it('is refused at acceptance with a typed error that says why, and nothing is written', async () => {
    p = await ok('insp.leader', 'assignPetitionInspectors', { petitionId: p.id, expectedVersion: p.version, inspectorIds: [await t.accountId('insp.specialist')] });
    p = await ok('insp.specialist', 'checkPetitionEligibility', { petitionId: p.id, expectedVersion: p.version });
    const before = await snapshot();
    const r = await step('insp.specialist', 'acceptPetition', { petitionId: p.id, expectedVersion: p.version });
    expect(r).toMatchObject({
      __typename: 'ComplaintTimeBarred',
      code: 'COMPLAINT_TIME_BARRED',
      timeBarStartsOn: '2026-02-01',
      lastDay: '2026-05-04',
      receivedOn: '2026-05-05',
      legalBasis: expect.stringMatching(/Điều 9.*Điều 11 khoản 4/),
      message: expect.stringContaining('hạn cuối 2026-05-04'),
    });
    expect(await snapshot()).toEqual(before);
    // What the law says next: not accepted, in writing, with the reason (art. 11(4)).
    expect((await petitionAs('insp.specialist', p.id)).petition!.status).toBe('ELIGIBILITY_CHECK');
  });

  it('an objective obstacle recorded by the receiving officer is not counted, and the complaint is then accepted', async () => {
    p = await ok('insp.reception', 'recordPetitionFilingObstacle', { petitionId: p.id, expectedVersion: p.version, obstacle: { days: 20, reason: 'Nằm điều trị tại Bệnh viện Đa khoa tỉnh từ 10/3 đến 29/3/2026 (giấy ra viện).' } });
    expect(p).toMatchObject({ obstacleDays: 20, timeBarLastDay: '2026-05-22', timeBarred: false });
    expect(p.history.at(-1)).toMatchObject({ action: 'recordFilingObstacle', note: expect.stringContaining('hạn cuối 2026-05-22') });
    // Only on complaints, and not by someone outside the agency.
    expect(await step('ubnd.leader', 'recordPetitionFilingObstacle', { petitionId: p.id, expectedVersion: p.version, obstacle: { days: 5, reason: 'x' } })).toMatchObject({ __typename: 'PetitionNotFound' });
    p = await ok('insp.specialist', 'acceptPetition', { petitionId: p.id, expectedVersion: p.version });
    // Accepted Tue 05/05 + 30 days = Thu 04/06.
    expect(p).toMatchObject({ status: 'ACCEPTED', dueAt: '2026-06-04T10:00:00.000Z' });
  });

  it('the complainant is told each step by SMS, with the code and the time limit, and nobody named', async () => {
    const sms = await messagesFor(p.code);
    expect(sms.map((m) => m.topic)).toEqual(['inspectorate.petition.receive', 'inspectorate.petition.checkEligibility', 'inspectorate.petition.recordFilingObstacle', 'inspectorate.petition.accept']);
    expect(sms.every((m) => m.recipient === LOC.phone && !m.body.includes(LOC.fullName) && !m.body.includes('Ngô Đình Khoa'))).toBe(true);
    expect(sms[3].body).toContain('đã được thụ lý giải quyết. Thời hạn: 04/06/2026.');
  });
});

describe('issue 19, defect 3: the second complaint to the next level (Law on Complaints art. 33, 36, 37)', () => {
  let first: Json;
  let second: Json;
  let secondCode: string;
  let secondSecret: string;
  afterAll(() => t.clock.set('2026-11-23T01:30:00Z'));

  beforeAll(async () => {
    // Citizen An complains to the inspectorate about its own officers' decision (the head resolves it first).
    t.clock.set('2026-07-01T02:00:00Z'); // Wed 01/07/2026 09:00
    first = (await received('insp.reception', {
      classification: 'COMPLAINT', channel: 'IN_PERSON', subject: 'Khiếu nại quyết định xử phạt của Đoàn thanh tra về việc không niêm yết giá.', respondent: 'Trưởng Đoàn thanh tra liên ngành tỉnh', petitioner: AN, timeBarStartsOn: '2026-06-15',
    })).petition;
    for (const [user, field, extra] of [
      ['insp.leader', 'assignPetitionInspectors', { inspectorIds: [await t.accountId('insp.specialist')] }],
      ['insp.specialist', 'checkPetitionEligibility', {}],
      ['insp.specialist', 'acceptPetition', {}],
      ['insp.specialist', 'startVerification', {}],
    ] as const) first = await ok(user, field, { petitionId: first.id, expectedVersion: first.version, ...extra });
    // 01/07 + 30 = Fri 31/07 17:00.
    expect(first.dueAt).toBe('2026-07-31T10:00:00.000Z');
  });

  it('is not open while the first instance is within its time limit; nothing is written', async () => {
    t.clock.set('2026-07-20T02:00:00Z');
    const before = await snapshot();
    const r = await fileSecond('citizen.an', { firstPetitionCode: first.code, subject: 'Quá lâu chưa giải quyết.' });
    expect(r).toMatchObject({ __typename: 'SecondComplaintNotOpen', code: 'SECOND_COMPLAINT_NOT_OPEN', message: expect.stringContaining('2026-07-31'), legalBasis: expect.stringContaining('Điều 33') });
    expect(await snapshot()).toEqual(before);
  });

  it('the first instance decides; a citizen cannot file on someone else’s complaint, nor an officer outside the body above; nothing is written', async () => {
    t.clock.set('2026-07-27T02:00:00Z'); // Mon 27/07
    first = await ok('insp.specialist', 'concludePetition', { petitionId: first.id, expectedVersion: first.version, conclusion: 'Quyết định xử phạt đúng quy định.' });
    first = await ok('insp.leader', 'decidePetition', { petitionId: first.id, expectedVersion: first.version, decisionNumber: '88/QĐ-TTr', decisionDate: '2026-07-27' });
    t.clock.set('2026-08-03T02:00:00Z'); // Mon 03/08
    const before = await snapshot();
    const input = { firstPetitionCode: first.code, subject: 'Không đồng ý Quyết định giải quyết khiếu nại lần đầu số 88/QĐ-TTr.', decisionReceivedOn: '2026-07-29' };
    // Another citizen, and a code that does not exist, get the same answer: nothing to learn.
    expect(await fileSecond('citizen.binh', input)).toMatchObject({ __typename: 'PetitionNotFound' });
    expect(await fileSecond('citizen.an', { ...input, firstPetitionCode: 'TT-2026-999999' })).toMatchObject({ __typename: 'PetitionNotFound' });
    // The first instance's own officers do not receive the appeal against their head; others do not even see it.
    expect(await fileSecond('insp.reception', input)).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await fileSecond('xuanhuong.reception', input)).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await fileSecond('analyst', input)).toMatchObject({ __typename: 'NotAuthorized' });
    // What only the receiving officer may set, and dates out of range.
    expect(await fileSecond('citizen.an', { ...input, filingObstacle: { days: 10, reason: 'Ốm' }, receivedAt: '2026-07-01T00:00:00Z' })).toMatchObject({ fieldErrors: [{ field: 'receivedAt' }, { field: 'filingObstacle' }] });
    expect(await fileSecond('citizen.an', { ...input, decisionReceivedOn: '2026-07-20' })).toMatchObject({ fieldErrors: [{ field: 'decisionReceivedOn' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('after its time bar (30 days from the decision) it is refused with the reason, and nothing is written', async () => {
    // Filed online, the bar runs from the decision's date Mon 27/07 (the claimed receipt on 29/07 is not proof): + 30 = Wed 26/08. On Mon 31/08 it is too late.
    t.clock.set('2026-08-31T02:00:00Z');
    const before = await snapshot();
    const r = await fileSecond('citizen.an', { firstPetitionCode: first.code, subject: 'Không đồng ý quyết định 88/QĐ-TTr.', decisionReceivedOn: '2026-07-29' });
    expect(r).toMatchObject({ __typename: 'ComplaintTimeBarred', timeBarStartsOn: '2026-07-27', lastDay: '2026-08-26', receivedOn: '2026-08-31', legalBasis: expect.stringContaining('Điều 33') });
    expect(await snapshot()).toEqual(before);
  });

  it('review: a citizen cannot move the bar with a claimed receipt date or a remote flag; an officer cannot date it before the decision; nothing is written', async () => {
    // Three months after the decision of 27/07, the complainant claims to have received it today and to live in a remote area.
    t.clock.set('2026-10-30T02:00:00Z');
    const before = await snapshot();
    const input = { firstPetitionCode: first.code, subject: 'Không đồng ý quyết định 88/QĐ-TTr.', decisionReceivedOn: '2026-10-30' };
    expect(await fileSecond('citizen.an', { ...input, remote: true })).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'remote' }] });
    expect(await fileSecond('citizen.an', { ...input, remote: false })).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'remote' }] });
    expect(await fileSecond('citizen.an', input)).toMatchObject({ __typename: 'ComplaintTimeBarred', timeBarStartsOn: '2026-07-27', lastDay: '2026-08-26', receivedOn: '2026-10-30' });
    // The body above's officer may not date the receipt, nor the decision's delivery, before the decision.
    const officer = { ...input, channel: 'IN_PERSON' };
    expect(await fileSecond('ubnd.reception', { ...officer, decisionReceivedOn: null, receivedAt: '2026-07-20T02:00:00Z' })).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'receivedAt' }] });
    expect(await fileSecond('ubnd.reception', { ...officer, decisionReceivedOn: '2026-07-26' })).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'decisionReceivedOn' }] });
    expect(await snapshot()).toEqual(before);
  });

  it('filed online by the complainant in time: it goes to the UBND tỉnh, references the first, and runs its own periods', async () => {
    t.clock.set('2026-08-03T02:00:00Z'); // Mon 03/08 09:00
    const r = await fileSecond('citizen.an', { firstPetitionCode: first.code.toLowerCase(), subject: 'Không đồng ý Quyết định giải quyết khiếu nại lần đầu số 88/QĐ-TTr.', decisionReceivedOn: '2026-07-29' });
    expect(r).toMatchObject({ __typename: 'ReceivePetitionPayload', petition: null, code: expect.stringMatching(/^TT-2026-\d{6}$/), secret: expect.stringMatching(/^[A-Z2-9]{10}$/) });
    ({ code: secondCode, secret: secondSecret } = r);
    const [{ id }] = await t.sql(`select id from inspectorate_petition where code = $1`, [secondCode]);
    second = (await petitionAs('ubnd.specialist', id)).petition!;
    expect(second).toMatchObject({
      classification: 'COMPLAINT',
      instance: 2,
      status: 'RECEIVED',
      channel: 'ONLINE',
      agency: { code: '000.00.00.H37' },
      respondent: first.respondent,
      // Art. 36: 10 days from receipt: Thu 13/08 17:00.
      eligibilityDueAt: '2026-08-13T10:00:00.000Z',
      timeBarStartsOn: '2026-07-27',
      timeBarLastDay: '2026-08-26',
      timeBarred: false,
      firstComplaint: { code: first.code, instance: 1, agencyName: 'Thanh tra tỉnh Lâm Đồng', status: 'DECIDED', decisionNumber: '88/QĐ-TTr', decisionDate: '2026-07-27' },
      secondComplaints: [],
      // The committee's officers handle it: a complaint's identity is theirs to read (and logged).
      petitioner: { fullName: AN.fullName, identityNumber: AN.identityNumber, phone: AN.phone },
      history: [{ action: 'fileSecondComplaint', actorName: 'Người khiếu nại (nộp trực tuyến)', toStatus: 'RECEIVED', note: expect.stringContaining('khai nhận quyết định ngày 2026-07-29 (chưa xác minh)') }],
    });
    expect(second.receivedByName).toBe('Nộp trực tuyến');
    // The first complaint's register shows where it went; its officers do not see the second one itself.
    const up = (await petitionAs('insp.leader', first.id)).petition!;
    expect(up.secondComplaints).toEqual([{ code: secondCode, instance: 2, agencyName: 'Ủy ban nhân dân tỉnh Lâm Đồng', status: 'RECEIVED' }]);
    expect(up.history.at(-1)).toMatchObject({ action: 'secondComplaintFiled', fromStatus: 'DECIDED', toStatus: 'DECIDED', note: expect.stringContaining(secondCode) });
    expect((await petitionAs('insp.leader', id)).petition).toBeNull();
    // Tracking with the new code and secret.
    const track = await gql(null, `query { trackPetition(code: "${secondCode}", secret: "${secondSecret}") { status dueAt handledBy } }`);
    expect(track.data.trackPetition).toEqual({ status: 'RECEIVED', dueAt: '2026-08-13T10:00:00.000Z', handledBy: 'Ủy ban nhân dân tỉnh Lâm Đồng' });
    expect((await messagesFor(secondCode)).map((m) => [m.topic, m.recipient])).toEqual([['inspectorate.petition.fileSecondComplaint', AN.phone]]);
  });

  it('only one open at a time, and there is no third instance', async () => {
    const before = await snapshot();
    expect(await fileSecond('citizen.an', { firstPetitionCode: first.code, subject: 'Gửi lại.', decisionReceivedOn: '2026-07-29' })).toMatchObject({ __typename: 'SecondComplaintNotOpen', message: expect.stringContaining('đang giải quyết') });
    expect(await fileSecond('citizen.an', { firstPetitionCode: secondCode, subject: 'Lần ba.' })).toMatchObject({ __typename: 'SecondComplaintNotOpen', message: expect.stringContaining('Tòa án') });
    expect(await snapshot()).toEqual(before);
  });

  it('officers of another agency cannot act on it; the committee’s leader accepts (45 days) and extends a complex case to 60 at most', async () => {
    for (const user of ['insp.leader', 'insp.specialist', 'xuanhuong.leader']) {
      expect(await step(user, 'checkPetitionEligibility', { petitionId: second.id, expectedVersion: second.version })).toMatchObject({ __typename: 'PetitionNotFound' });
    }
    second = await ok('ubnd.leader', 'checkPetitionEligibility', { petitionId: second.id, expectedVersion: second.version });
    t.clock.set('2026-08-05T02:00:00Z'); // Wed 05/08
    second = await ok('ubnd.leader', 'acceptPetition', { petitionId: second.id, expectedVersion: second.version });
    // 05/08 + 45 = Sat 19/09 → Mon 21/09 17:00.
    expect(second).toMatchObject({ status: 'ACCEPTED', dueAt: '2026-09-21T10:00:00.000Z' });
    expect(await step('ubnd.leader', 'extendPetitionDeadline', { petitionId: second.id, expectedVersion: second.version, days: 16, complexity: 'COMPLEX', reason: 'Phức tạp.' })).toMatchObject({ __typename: 'ExtensionNotAllowed', maxDays: 15, legalBasis: expect.stringContaining('Điều 37') });
    second = await ok('ubnd.leader', 'extendPetitionDeadline', { petitionId: second.id, expectedVersion: second.version, days: 15, complexity: 'COMPLEX', reason: 'Phải đối thoại với nhiều bên liên quan.' });
    // 05/08 + 60 = Sun 04/10 → Mon 05/10.
    expect(second.dueAt).toBe('2026-10-05T10:00:00.000Z');
    expect((await messagesFor(secondCode)).map((m) => m.topic)).toEqual([
      'inspectorate.petition.fileSecondComplaint', 'inspectorate.petition.checkEligibility', 'inspectorate.petition.accept', 'inspectorate.petition.extendDeadline',
    ]);
  });

  it('when the first instance is not resolved in time, an officer of the body above receives it, with an obstacle when late', async () => {
    t.clock.set('2026-07-01T02:00:00Z');
    let slow = (await received('insp.reception', {
      classification: 'COMPLAINT', channel: 'POST', subject: 'Khiếu nại việc Đoàn thanh tra niêm phong hàng hóa không lập biên bản.', respondent: 'Trưởng Đoàn thanh tra liên ngành tỉnh', petitioner: LOC, timeBarStartsOn: '2026-06-20', remote: true,
    })).petition;
    slow = await ok('insp.leader', 'checkPetitionEligibility', { petitionId: slow.id, expectedVersion: slow.version });
    slow = await ok('insp.leader', 'acceptPetition', { petitionId: slow.id, expectedVersion: slow.version });
    // Remote: 45 days, Sat 15/08 → Mon 17/08. Unresolved by then; the complainant is ill for 40 days and comes on Wed 14/10.
    expect(slow.dueAt).toBe('2026-08-17T10:00:00.000Z');
    t.clock.set('2026-10-14T02:00:00Z');
    const input = { firstPetitionCode: slow.code, subject: 'Khiếu nại lần đầu không được giải quyết đúng thời hạn.', channel: 'IN_PERSON' };
    const before = await snapshot();
    // Remote area: 45 days from 17/08 = Thu 01/10; 14/10 is late without the obstacle.
    expect(await fileSecond('ubnd.reception', input)).toMatchObject({ __typename: 'ComplaintTimeBarred', timeBarStartsOn: '2026-08-17', lastDay: '2026-10-01' });
    expect(await fileSecond('ubnd.reception', { ...input, decisionReceivedOn: '2026-08-20' })).toMatchObject({ fieldErrors: [{ field: 'decisionReceivedOn' }] });
    expect(await snapshot()).toEqual(before);
    const r = await fileSecond('ubnd.reception', { ...input, filingObstacle: { days: 40, reason: 'Điều trị tai nạn giao thông tại Bệnh viện Chợ Rẫy (giấy ra viện).' } });
    expect(r.__typename).toBe('ReceivePetitionPayload');
    expect(r.petition).toMatchObject({ instance: 2, remote: true, receivedByName: 'Lê Thị Thu Văn', channel: 'IN_PERSON', timeBarStartsOn: '2026-08-17', obstacleDays: 40, timeBarLastDay: '2026-11-10', timeBarred: false, firstComplaint: { code: slow.code, status: 'ACCEPTED', decisionNumber: null } });
    expect(r.petition.history[0].note).toContain('lần đầu không được giải quyết đúng thời hạn');
  });

  it('are counted by the body that received them, per month', async () => {
    const r = await gql('analyst', `{ moduleMeasure(key: "inspectorate.secondComplaintsReceived", filter: { from: "2026-08-01", to: "2026-10-31" }, groupBy: ["AGENCY", "MONTH"]) {
      __typename ... on ModuleMeasureValues { rows { agencyCode period value } } } }`);
    expect(r.data.moduleMeasure.rows).toEqual([{ agencyCode: '000.00.00.H37', period: '2026-08', value: 1 }, { agencyCode: '000.00.00.H37', period: '2026-10', value: 1 }]);
    expectNoIdentity(r.text, LOC);
  });
});

describe('issue 19, defect 3: denunciations — acceptance extended for checks in several places, forwarding outside the competence (Law on Denunciations art. 24)', () => {
  afterAll(() => t.clock.set('2026-11-23T01:30:00Z'));

  it('the head extends the acceptance check from 7 to 10 working days, once, before it runs out, across a weekend and the holidays', async () => {
    t.clock.set('2026-04-23T02:00:00Z'); // Thu 23/04/2026 09:00
    let p = (await received('insp.reception', denunciation({ subject: 'Tố cáo việc san lấp trái phép tại ba xã ven hồ Tuyền Lâm.', respondent: 'Công ty TNHH Du lịch Tuyền Lâm Xanh', letters: [] }))).petition;
    // 7 working days: Thu 07/05 09:00; 5 working days to forward: Tue 05/05 09:00.
    expect(p).toMatchObject({ eligibilityDueAt: '2026-05-07T02:00:00.000Z', forwardDueAt: '2026-05-05T02:00:00.000Z', eligibilityExtended: false });
    const before = await snapshot();
    expect(await step('insp.specialist', 'extendPetitionEligibilityCheck', { petitionId: p.id, expectedVersion: p.version, reason: 'Xác minh tại ba xã.' })).toMatchObject({ __typename: 'NotAuthorized' });
    expect(await step('insp.leader', 'extendPetitionEligibilityCheck', { petitionId: p.id, expectedVersion: p.version, reason: `Gọi bà ${NHUNG.fullName}` })).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'reason' }] });
    expect(await snapshot()).toEqual(before);
    p = await ok('insp.leader', 'extendPetitionEligibilityCheck', { petitionId: p.id, expectedVersion: p.version, reason: 'Phải kiểm tra thực địa tại ba xã Tà Nung, Xuân Thọ, Xuân Trường.' });
    // 10 working days: Tue 12/05 09:00.
    expect(p).toMatchObject({ eligibilityDueAt: '2026-05-12T02:00:00.000Z', eligibilityExtended: true });
    expect(p.history.at(-1)).toMatchObject({ action: 'extendEligibilityCheck', note: expect.stringContaining('Điều 24 khoản 1') });
    const again = await step('insp.leader', 'extendPetitionEligibilityCheck', { petitionId: p.id, expectedVersion: p.version, reason: 'Thêm.' });
    expect(again).toMatchObject({ __typename: 'ExtensionNotAllowed', maxDays: 0, legalBasis: expect.stringContaining('Điều 24') });
    // The denouncer is told, without a name.
    const sms = await messagesFor(p.code);
    expect(sms.map((m) => m.topic)).toEqual(['inspectorate.petition.receive', 'inspectorate.petition.extendEligibilityCheck']);
    expect(sms.every((m) => m.recipient === NHUNG.phone && !m.body.includes(NHUNG.fullName))).toBe(true);
  });

  it('late stays late: no extension after the 7 working days, and none for a complaint', async () => {
    t.clock.set('2026-04-23T02:00:00Z');
    const p = (await received('insp.reception', denunciation({ subject: 'Tố cáo việc thu tiền trông xe trái phép tại bến xe liên tỉnh.', respondent: 'Hợp tác xã Vận tải Đà Lạt', letters: [] }))).petition;
    t.clock.set('2026-05-07T03:00:00Z'); // Thu 07/05 10:00, an hour past the limit
    expect(await step('insp.leader', 'extendPetitionEligibilityCheck', { petitionId: p.id, expectedVersion: p.version, reason: 'Xác minh nhiều nơi.' })).toMatchObject({ __typename: 'ExtensionNotAllowed', message: expect.stringContaining('quá hạn vẫn là quá hạn') });
    const c = (await received('insp.reception', { classification: 'COMPLAINT', channel: 'POST', subject: 'Khiếu nại quyết định cưỡng chế.', respondent: 'UBND phường Cam Ly - Đà Lạt', petitioner: LOC, timeBarStartsOn: '2026-05-01' })).petition;
    expect(await step('insp.leader', 'extendPetitionEligibilityCheck', { petitionId: c.id, expectedVersion: c.version, reason: 'x' })).toMatchObject({ __typename: 'TransitionNotAllowed' });
  });

  it('outside the competence it is forwarded straight from receipt within 5 working days; late forwarding is flagged; the denouncer is told where it went, and stays protected', async () => {
    t.clock.set('2026-04-23T02:00:00Z');
    const inTime = (await received('insp.reception', denunciation({ subject: 'Tố cáo cán bộ công an xã nhận tiền để bỏ qua vi phạm giao thông.', respondent: 'Cán bộ Công an xã Đức Trọng', letters: [] }))).petition;
    const late = (await received('insp.reception', denunciation({ subject: 'Tố cáo kiểm lâm địa bàn làm ngơ việc khai thác gỗ trái phép.', respondent: 'Hạt Kiểm lâm khu vực Lạc Dương', letters: [] }))).petition;
    t.clock.set('2026-05-04T08:00:00Z'); // Mon 04/05 15:00: within the limit (Tue 05/05 09:00)
    const a = await ok('insp.leader', 'transferPetition', { petitionId: inTime.id, expectedVersion: inTime.version, competentBody: 'Công an tỉnh Lâm Đồng' });
    expect(a).toMatchObject({ status: 'TRANSFERRED', forwardedLate: false, history: [{ action: 'receive' }, { action: 'transfer', fromStatus: 'RECEIVED', note: 'Chuyển đến: Công an tỉnh Lâm Đồng' }] });
    t.clock.set('2026-05-06T02:00:00Z'); // Wed 06/05: a day late
    const b = await ok('insp.leader', 'transferPetition', { petitionId: late.id, expectedVersion: late.version, competentBody: 'Chi cục Kiểm lâm tỉnh Lâm Đồng' });
    expect(b).toMatchObject({ forwardedLate: true, history: [{}, { note: 'Chuyển đến: Chi cục Kiểm lâm tỉnh Lâm Đồng (quá thời hạn chuyển đơn)' }] });
    const sms = await messagesFor(inTime.code);
    expect(sms.at(-1)).toEqual({ topic: 'inspectorate.petition.transfer', recipient: NHUNG.phone, body: `Thanh tra tỉnh Lâm Đồng: đơn tố cáo số ${inTime.code} đã được chuyển đến Công an tỉnh Lâm Đồng để giải quyết theo thẩm quyền.` });
    // The reception officer still does not read the denouncer, and no officer lists module messages.
    expect((await petitionAs('insp.reception', inTime.id)).petition!.petitioner).toBeNull();
    const listed = await t.raw({ query: `{ notifications(first: 50) { edges { node { recipient } } } }` }, await as('insp.leader'));
    expect(JSON.stringify(listed)).not.toContain(NHUNG.phone);
  });
});
