import { LAND_DEMO } from '../../modules/land/seed';
import { maskEmail, maskPhone } from '../../src/dossiers/masking';
import { CITIZEN_AN, CITIZEN_BINH, landForm, pdf, pdfFiles, startTestApp, TestApp } from '../support/harness';

/**
 * Issue 13, "no oracles": messages, history notes, flags and counts tell a caller nothing they
 * could not read directly; filters refuse fields the caller sees masked; one masking rule for
 * contact data. Each test is the attacker's request (defects 9, 10 and 11).
 */

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

type Json = Record<string, any>;

async function raw(user: string | null, query: string, variables: Json = {}) {
  return t.raw({ query, variables }, user ? await t.login(user) : undefined);
}

async function count(table: string): Promise<number> {
  return (await t.sql(`select count(*)::int as n from ${table}`))[0].n;
}

describe('#9 a reception officer files a copy of a denunciation with a guessed identity', () => {
  const DENOUNCER = { fullName: 'Nguyễn Thị Hồng Nhung', identityNumber: '068183002264', address: 'Số 14 đường Phù Đổng Thiên Vương, Phường Lâm Viên - Đà Lạt', phone: '0978112604' };
  const WRONG_GUESS = { fullName: 'Trần Văn Lộc', identityNumber: '068066003517', address: 'Tổ dân phố 5, Phường Xuân Hương - Đà Lạt', phone: '0913408215' };
  const denunciation = (petitioner: Json) => ({
    classification: 'DENUNCIATION',
    channel: 'POST',
    subject: 'Tố cáo cán bộ thuế phường thu tiền ngoài quy định khi xác nhận hồ sơ hộ kinh doanh tại chợ Đà Lạt, không có biên lai.',
    respondent: 'Ông L.V.K., cán bộ Chi cục Thuế khu vực Đà Lạt',
    petitioner,
    letters: [{ name: 'don.pdf', mediaType: 'application/pdf', contentBase64: pdf('letter') }],
  });
  const RECEIVE = `mutation($input: ReceivePetitionInput!) { receivePetition(input: $input) { __typename
    ... on ReceivePetitionPayload { duplicate petition { id isDuplicate duplicateOf { id } history { action note } } }
    ... on ErrorResult { code message } } }`;
  const ONE = `query($id: ID!) { petition(id: $id) { isDuplicate duplicateOf { id } history { action note } } }`;

  it('gets the same answer, note and flag whether the guess names the denouncer or not', async () => {
    const original = await raw('insp.reception', RECEIVE, { input: denunciation(DENOUNCER) });
    expect(original.data.receivePetition.__typename).toBe('ReceivePetitionPayload');
    const right = (await raw('insp.reception', RECEIVE, { input: denunciation(DENOUNCER) })).data.receivePetition;
    const wrong = (await raw('insp.reception', RECEIVE, { input: denunciation(WRONG_GUESS) })).data.receivePetition;
    const shape = (r: Json) => ({ duplicate: r.duplicate, isDuplicate: r.petition.isDuplicate, duplicateOf: r.petition.duplicateOf, history: r.petition.history });
    expect(shape(right)).toEqual(shape(wrong));
    expect(shape(right)).toEqual({ duplicate: false, isDuplicate: false, duplicateOf: null, history: [{ action: 'receive', note: 'Tiếp nhận đơn' }] });
    // Read back later, by the filer and by the other officers who cannot read both identities.
    for (const user of ['insp.reception', 'insp.specialist', 'analyst', 'admin']) {
      const a = (await raw(user, ONE, { id: right.petition.id })).data.petition;
      const b = (await raw(user, ONE, { id: wrong.petition.id })).data.petition;
      expect(a).toEqual(b);
      expect(JSON.stringify(a)).not.toMatch(/trùng/);
    }
    // The detection still works, for who may read both identities: the head.
    const [row] = await t.sql(`select duplicate_of_id from inspectorate_petition where id = $1`, [right.petition.id]);
    expect(row.duplicate_of_id).toBe(original.data.receivePetition.petition.id);
    expect((await raw('insp.leader', ONE, { id: right.petition.id })).data.petition).toMatchObject({ isDuplicate: true, duplicateOf: { id: row.duplicate_of_id } });
    expect((await raw('insp.leader', ONE, { id: wrong.petition.id })).data.petition).toMatchObject({ isDuplicate: false, duplicateOf: null });
  });
});

describe('#10 a citizen probes the land register with transfer forms', () => {
  const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { __typename
    ... on ValidationFailed { message fieldErrors { field message } } ... on DossierPayload { dossier { id } } } }`;
  const AN = LAND_DEMO.transfer.holder;
  const BINH = LAND_DEMO.transfer.transferee;

  async function submitTransfer(form: Json) {
    const before = await count('dossier');
    const r = await raw('citizen.an', SUBMIT, {
      input: { procedureCode: '1.013831', applicant: { kind: 'PERSON', name: AN.name, idNumber: AN.idNumber }, formData: form, files: pdfFiles(['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) },
    });
    expect(r.data.submitDossier.__typename).toBe('ValidationFailed');
    expect(await count('dossier')).toBe(before);
    return r.data.submitDossier as { message: string; fieldErrors: { field: string; message: string }[] };
  }
  const form = (extra: Json) => ({ parcels: [LAND_DEMO.transfer.parcel], certificateSerial: LAND_DEMO.transfer.certificateSerial, transferors: [AN], transferees: [BINH], declaredPriceVnd: 3_200_000_000, relationship: 'NONE', ...extra });

  it('learns that a parcel is mortgaged (public), never the bank or the contract', async () => {
    const m = LAND_DEMO.mortgaged;
    const r = await submitTransfer(form({ parcels: [m.parcel], certificateSerial: m.certificateSerial, transferors: [m.holder] }));
    const text = JSON.stringify(r);
    expect(text).toMatch(/thế chấp/);
    for (const secret of [m.contractNumber, m.mortgagee.name, m.mortgagee.taxCode]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/BIDV|Ngân hàng/);
  });

  it('gets the same answer whether a CCCD is a holder or not, and no count of missing holders', async () => {
    const c = LAND_DEMO.coHeld;
    const stranger = { kind: 'PERSON', name: 'Trần Văn Lộc', idNumber: '068066003517' };
    // A second parcel that does not exist (public): the form is refused, so nothing is filed, and
    // everything else the answer says must be the same for every guess.
    const parcels = [c.parcel, { ...c.parcel, parcelNumber: 999_998 }];
    const answers = [];
    for (const guess of [[c.holders[0]], [stranger], c.holders, [c.holders[1], stranger]]) {
      answers.push(await submitTransfer(form({ parcels, certificateSerial: c.certificateSerial, transferors: guess })));
    }
    answers.push(await submitTransfer(form({ parcels, certificateSerial: 'ZZ 999999', transferors: [stranger] })));
    for (const a of answers) expect(a).toEqual(answers[0]);
    expect(answers[0].fieldErrors).toEqual([{ field: 'formData.parcels[1].parcelNumber', message: expect.stringMatching(/Không có thửa đất/) }]);
    expect(JSON.stringify(answers)).not.toMatch(/thiếu|missing|không khớp|do not match/);
  });

  it('is filed, without a word about the register, whether the guess is right or wrong (an officer checks it later)', async () => {
    const c = LAND_DEMO.coHeld;
    const SUBMIT_OK = SUBMIT.replace('... on DossierPayload { dossier { id } }', '... on DossierPayload { dossier { id certificate { serial } } }');
    const file = async (transferors: readonly Json[]) =>
      (await raw('citizen.an', SUBMIT_OK, {
        input: { procedureCode: '1.013831', applicant: { kind: 'PERSON', name: AN.name, idNumber: AN.idNumber }, formData: form({ parcels: [c.parcel], certificateSerial: c.certificateSerial, transferors }), files: pdfFiles(['TP1', 'TP2', 'TP3', 'TP4', 'TP5']) },
      })).data.submitDossier;
    const right = await file(c.holders);
    const wrong = await file([{ kind: 'PERSON', name: 'Trần Văn Lộc', idNumber: '068066003517' }]);
    expect([right.__typename, wrong.__typename]).toEqual(['DossierPayload', 'DossierPayload']);
    // The certificate stays out of the applicant's sight either way.
    expect([right.dossier.certificate, wrong.dossier.certificate]).toEqual([null, null]);
  });

  it('still tells a holder what is wrong with their own certificate', async () => {
    const r = await submitTransfer(form({ transferors: [AN, { kind: 'PERSON', name: 'Lê Quốc Cường', idNumber: '067092007890' }] }));
    expect(r.fieldErrors.map((e) => e.field)).toEqual(['formData.transferors']);
    expect(r.fieldErrors[0].message).toMatch(/không khớp với người đứng tên/);
  });
});

/** A pupil whose guardian is citizen Bình, and a school the pupil does not attend. */
async function binhsChildAndAnotherSchool(): Promise<{ han: { code: string; schoolId: string }; other: { id: string } }> {
  const [han] = await t.sql(`select s.code, s.school_id as "schoolId" from education_student s join education_student_guardian sg on sg.student_id = s.id
    join education_guardian g on g.id = sg.guardian_id where g.identity_number = $1 order by s.code limit 1`, [CITIZEN_BINH.identityNumber]);
  const [other] = await t.sql(`select id from education_school where id <> $1 order by name limit 1`, [han.schoolId]);
  return { han, other };
}

describe('a school transfer form cannot tell whose child a student is (same kind as #10)', () => {
  it('answers a citizen who types a parent’s CCCD as the applicant as it answers any other number', async () => {
    const { han, other } = await binhsChildAndAnotherSchool();
    const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { __typename ... on ValidationFailed { fieldErrors { field message } } } }`;
    // A wrong "school left" on purpose: past the guardian check, the answer would name the student's school.
    const formData = { studentCode: han.code, fromSchoolId: other.id, toSchoolId: han.schoolId, reason: 'Chuyển nơi ở' };
    const as = async (idNumber: string, name: string) =>
      (await raw('citizen.cuong', SUBMIT, { input: { procedureCode: '2.002481', applicant: { kind: 'PERSON', name, idNumber }, formData, files: pdfFiles(['TP1', 'TP2']) } })).data.submitDossier;
    const parent = await as(CITIZEN_BINH.identityNumber, CITIZEN_BINH.fullName);
    const stranger = await as('067092007890', 'Lê Quốc Cường');
    expect(parent).toEqual(stranger);
    expect(parent.fieldErrors.map((e: Json) => e.field)).toEqual(['formData.studentCode']);
  });
});

describe('at the counter, a reception officer with a guessed CCCD learns nothing of a pupil’s record (insider review)', () => {
  it('a right guess of parent and pupil with a wrong school answers as a wrong guess', async () => {
    const { han, other } = await binhsChildAndAnotherSchool();
    const RECEIVE = `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { __typename ... on ValidationFailed { fieldErrors { field message } } } }`;
    const at = async (idNumber: string, fromSchoolId: string) =>
      (await raw('edu.reception', RECEIVE, { input: { procedureCode: '2.002481', channel: 'COUNTER', applicant: { kind: 'PERSON', name: 'Người Nộp', idNumber }, formData: { studentCode: han.code, fromSchoolId, toSchoolId: han.schoolId, reason: 'Chuyển nơi ở' } } })).data.receiveDossier;
    const before = await t.sql('select count(*)::int as n from dossier');
    const rightGuessWrongSchool = await at(CITIZEN_BINH.identityNumber, other.id);
    const wrongGuess = await at('067092007890', other.id);
    expect(rightGuessWrongSchool).toEqual(wrongGuess);
    expect(wrongGuess.fieldErrors.map((e: Json) => e.field)).toEqual(['formData.studentCode']);
    expect(JSON.stringify(rightGuessWrongSchool)).not.toMatch(/không đang học tại trường này|not at this school/);
    expect(await t.sql('select count(*)::int as n from dossier')).toEqual(before);
  });
});

describe('tax forms cannot tell whether a CCCD is a registered taxpayer (same kind as #10)', () => {
  const SUBMIT = `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { __typename ... on ValidationFailed { fieldErrors { field message } } } }`;
  const UNREGISTERED = '068099000011';
  const submit = async (procedureCode: string, idNumber: string, formData: Json) =>
    (await raw('citizen.cuong', SUBMIT, { input: { procedureCode, applicant: { kind: 'PERSON', name: 'Người Được Khai', idNumber }, formData, files: pdfFiles(['TP1', 'TP2', 'TP3']) } })).data.submitDossier;

  it('an individual registration typed in for someone else gets the same answer, registered or not', async () => {
    const registered = await submit('1.007752', CITIZEN_AN.identityNumber, { address: 'Số 3 đường Hùng Vương, Đà Lạt' });
    const unregistered = await submit('1.007752', UNREGISTERED, { address: 'Số 3 đường Hùng Vương, Đà Lạt' });
    expect(registered).toEqual(unregistered);
    expect(JSON.stringify(registered)).not.toMatch(/đã đăng ký thuế|Already registered/);
  });

  it('a registration change of someone else’s tax code gets the same answer whether it exists or not', async () => {
    const changes = { address: 'Số 3 đường Hùng Vương, Đà Lạt' };
    const existing = await submit('1.007766', '067092007890', { taxCode: CITIZEN_AN.identityNumber, changes });
    const missing = await submit('1.007766', '067092007890', { taxCode: UNREGISTERED, changes });
    expect(existing).toEqual(missing);
    expect(JSON.stringify(existing)).not.toMatch(/Không tìm thấy người nộp thuế|No taxpayer/);
  });
});

describe('#11 masked personal data stays masked', () => {
  const FILTERED = `query($n: String!) {
    a: dossiers(first: 5, filter: { applicantIdNumber: $n }) { edges { node { id applicant { idNumber } } } }
    b: dossiers(first: 5, filter: { applicantIdNumber: "068085001235" }) { edges { node { id } } } }`;

  let dossierId: string;
  beforeAll(async () => {
    const r = await raw('landreg.reception', `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { __typename ... on DossierPayload { dossier { id } } } }`, {
      input: {
        procedureCode: '1.011543',
        channel: 'COUNTER',
        applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: 'an.nguyen@example.vn', phone: '0912345678' },
        formData: landForm('1.011543'),
      },
    });
    expect(r.data.receiveDossier.__typename).toBe('DossierPayload');
    dossierId = r.data.receiveDossier.dossier.id;
  });

  it('an analyst (and a system admin) cannot filter dossiers by an identity number they see masked, aliased or not', async () => {
    for (const user of ['analyst', 'admin']) {
      const r = await raw(user, FILTERED, { n: CITIZEN_AN.identityNumber });
      expect(r.data).toBeNull();
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(r)).not.toContain(dossierId);
      // The answer is the same for a number that matches nothing.
      const miss = await raw(user, FILTERED, { n: '068099000000' });
      expect(miss.errors?.map((e) => e.extensions?.code)).toEqual(r.errors?.map((e) => e.extensions?.code));
    }
    // Without the filter they still list it, masked.
    const listed = await raw('analyst', `{ dossiers(first: 50) { edges { node { id applicant { idNumber email phone } } } } }`);
    const mine = listed.data.dossiers.edges.find((e: Json) => e.node.id === dossierId);
    expect(mine.node.applicant).toEqual({ idNumber: expect.stringMatching(/^\d{3}\*{6}\d{3}$/), email: null, phone: null });
  });

  it('the handling officer and the applicant may filter by it', async () => {
    for (const user of ['landreg.reception', 'citizen.an']) {
      const r = await raw(user, FILTERED, { n: CITIZEN_AN.identityNumber });
      expect(r.errors).toBeUndefined();
      expect(r.data.a.edges.map((e: Json) => e.node.id)).toContain(dossierId);
    }
  });

  it('an analyst cannot look up an individual taxpayer by the CCCD they see masked (existing or not)', async () => {
    const Q = `query($c: String!) { taxpayer(taxCode: $c) { __typename ... on ErrorResult { code message } ... on Taxpayer { taxCode name } } }`;
    for (const user of ['analyst', 'admin']) {
      const known = await raw(user, Q, { c: CITIZEN_AN.identityNumber });
      const unknown = await raw(user, Q, { c: '068099000011' });
      expect(known.data.taxpayer).toEqual(unknown.data.taxpayer);
      expect(known.data.taxpayer.__typename).toBe('NotAuthorized');
    }
    // The taxpayer herself still reads her file.
    expect((await raw('citizen.an', Q, { c: CITIZEN_AN.identityNumber })).data.taxpayer.__typename).not.toBe('NotAuthorized');
  });

  it('a system admin reads notification recipients masked, as dossier.applicant; the handling officer unmasked', async () => {
    // The planner may already have queued the RECEIVED messages: make them dead letters quoting the address.
    await t.settled();
    const [event] = await t.sql(`select id from outbox_event where aggregate_id = $1::text order by id limit 1`, [dossierId]);
    for (const [channel, recipient] of [['EMAIL', 'an.nguyen@example.vn'], ['SMS', '0912345678']]) {
      await t.sql(
        `insert into notification (id, event_id, dossier_id, kind, channel, recipient, language, subject, body, status, attempts, next_attempt_at, last_error, created_at)
         values (gen_random_uuid(), $1, $2, 'RECEIVED', $3, $4, 'vi', null, 'Hồ sơ đã được tiếp nhận', 'DEAD', 5, now(), $5, now())
         on conflict (event_id, channel) do update set recipient = excluded.recipient, status = 'DEAD', last_error = excluded.last_error`,
        [event.id, dossierId, channel, recipient, `550 mailbox ${recipient} unavailable`],
      );
    }
    const Q = `query($d: ID!) { notifications(filter: { dossierId: $d }) { edges { node { channel recipient lastError log { error } } } } }`;
    const byAdmin = (await raw('admin', Q, { d: dossierId })).data.notifications.edges.map((e: Json) => e.node);
    expect(byAdmin.length).toBe(2);
    const text = JSON.stringify(byAdmin);
    expect(text).not.toContain('an.nguyen@example.vn');
    expect(text).not.toContain('0912345678');
    expect(byAdmin.map((n: Json) => n.recipient).sort()).toEqual([maskEmail('an.nguyen@example.vn'), maskPhone('0912345678')].sort());
    // The same rule as the dossier itself shows the admin.
    const dossier = await raw('admin', `query($id: String!) { dossier(id: $id) { applicant { email phone } } }`, { id: dossierId });
    expect(dossier.data.dossier.applicant).toEqual({ email: null, phone: null });

    const byOfficer = (await raw('landreg.reception', Q, { d: dossierId })).data.notifications.edges.map((e: Json) => e.node.recipient);
    expect(byOfficer.sort()).toEqual(['0912345678', 'an.nguyen@example.vn']);
  });

  it('a delivery error quoting the recipient as the gateway saw it (+84…, another case) is masked for a system admin too', async () => {
    await t.settled();
    const [event] = await t.sql(`select id from outbox_event where aggregate_id = $1::text order by id limit 1`, [dossierId]);
    for (const [channel, recipient, error] of [
      ['EMAIL', 'an.nguyen@example.vn', '550 5.1.1 <AN.NGUYEN@EXAMPLE.VN>: mailbox unavailable'],
      ['SMS', '0912345678', 'SMS gateway answered 400: {"error":"+84912345678 is unreachable (84912345678)"}'],
    ]) {
      await t.sql(
        `insert into notification (id, event_id, dossier_id, kind, channel, recipient, language, subject, body, status, attempts, next_attempt_at, last_error, created_at)
         values (gen_random_uuid(), $1, $2, 'RECEIVED', $3, $4, 'vi', null, 'Hồ sơ đã được tiếp nhận', 'DEAD', 5, now(), $5, now())
         on conflict (event_id, channel) do update set recipient = excluded.recipient, status = 'DEAD', last_error = excluded.last_error`,
        [event.id, dossierId, channel, recipient, error],
      );
    }
    const Q = `query($d: ID!) { notifications(filter: { dossierId: $d }) { edges { node { channel recipient lastError } } } }`;
    const byAdmin = (await raw('admin', Q, { d: dossierId })).data.notifications.edges.map((e: Json) => e.node);
    const text = JSON.stringify(byAdmin).toLowerCase();
    expect(text).not.toContain('an.nguyen@example.vn');
    expect(text).not.toContain('912345678');
    expect(byAdmin.find((n: Json) => n.channel === 'SMS').lastError).toContain(maskPhone('0912345678'));
  });
});
