import { EntityManager } from '@mikro-orm/postgresql';
import { PerformDossierActionDocument, ReceiveDossierDocument } from '../generated/graphql';
import { syncCatalogue } from '../../src/procedures/catalogue-sync';
import { Agency } from '../../src/org/agency.entity';
import { landProcedures } from '../../modules/land/procedures';
import { CITIZEN_AN, startTestApp, TestApp } from '../support/harness';

/**
 * Issue 19, defect 12: the catalogue was code and no admin could create or edit a procedure.
 * Procedures are now data an admin manages over the API, with validation, an append-only
 * history and a reload of every instance's in-memory catalogue through the outbox.
 */
let a: TestApp;
let b: TestApp;
beforeAll(async () => {
  a = await startTestApp();
  b = await startTestApp({ sameDatabaseAs: a });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

const RESULT = `__typename ... on ProcedurePayload { procedure { code name version origin active processingTime { amount unit label } fees { name amountVnd } agency { code } workflowKey } }
  ... on ValidationFailed { fieldErrors { field message } } ... on ErrorResult { code message }`;
const CREATE = `mutation ($input: CreateProcedureInput!) { createProcedure(input: $input) { ${RESULT} } }`;
const UPDATE = `mutation ($input: UpdateProcedureInput!) { updateProcedure(input: $input) { ${RESULT} } }`;
const RETIRE = `mutation ($code: String!, $v: Int!) { retireProcedure(code: $code, expectedVersion: $v) { ${RESULT} } }`;
const REVISIONS = `query ($code: String!) { procedureRevisions(code: $code) { version origin change actorUsername changes { field from to } } }`;
const LIST = `query ($s: String) { procedures(filter: { search: $s }, first: 10) { edges { node { code name version processingTime { amount } } } } }`;

/** A land procedure of the registration office, 0.5 working day, as an admin would type it. */
function input(code: string, over: Record<string, unknown> = {}) {
  return {
    code,
    name: 'Cung cấp thông tin, dữ liệu đất đai',
    field: 'Đất đai',
    agencyCode: '000.13.01.H37',
    onlineKind: 'FULL',
    processingTime: { amount: 0.5, unit: 'WORKING_DAYS' },
    applicantKinds: ['PERSON', 'ORGANIZATION'],
    components: [{ code: 'TP1', name: 'Phiếu yêu cầu cung cấp dữ liệu đất đai (Mẫu số 01/PYC)', required: true, copies: 1, formCode: 'PYC' }],
    forms: [{ code: 'PYC', name: 'Phiếu yêu cầu cung cấp dữ liệu đất đai', url: '/forms/land/pyc.docx' }],
    fees: [{ kind: 'CHARGE', name: 'Phí khai thác, sử dụng tài liệu đất đai', amountVnd: 150000 }],
    resultKind: 'Thông tin, dữ liệu đất đai',
    legalBasis: ['Luật Đất đai số 31/2024/QH15 ngày 18/01/2024'],
    workflowKey: 'standard',
    ...over,
  };
}

const counts = async () => (await a.sql(`select (select count(*) from procedure)::int as p, (select count(*) from procedure_revision)::int as r,
  (select count(*) from outbox_event where aggregate_type = 'Procedure')::int as e, (select coalesce(sum(version), 0) from procedure)::int as v`))[0];

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('catalogue administration', () => {
  it('a system admin creates a procedure; it is listed at once, its history names the admin, and a second instance sees it without restart', async () => {
    const admin = await a.login('admin');
    const before = await counts();
    const r = await a.raw({ query: CREATE, variables: { input: input('1.099001') } }, admin);
    expect(r.data.createProcedure).toMatchObject({ __typename: 'ProcedurePayload', procedure: { code: '1.099001', version: 1, origin: 'ADMIN', active: true, processingTime: { amount: 0.5, unit: 'WORKING_DAYS', label: '0,5 ngày làm việc' }, agency: { code: '000.13.01.H37' } } });
    expect(await counts()).toEqual({ p: before.p + 1, r: before.r + 1, e: before.e + 1, v: before.v + 1 });
    // Listed on this instance at once (the public list is served from memory) …
    expect((await a.raw({ query: LIST, variables: { s: '1.099001' } })).data.procedures.edges).toHaveLength(1);
    // … and on the other one once the event reaches it: no restart.
    const onB = await until(async () => (await b.raw({ query: LIST, variables: { s: '1.099001' } })).data.procedures.edges, (e) => e.length === 1);
    expect(onB).toHaveLength(1);
    const history = (await a.raw({ query: REVISIONS, variables: { code: '1.099001' } }, admin)).data.procedureRevisions;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ version: 1, origin: 'ADMIN', change: 'CREATED', actorUsername: 'admin' });
    expect(history[0].changes.find((c: any) => c.field === 'processingAmount')).toEqual({ field: 'processingAmount', from: null, to: '0.5' });
  });

  it('an edit needs the version seen, is recorded field by field, reaches the other instance, and moves no deadline of a dossier already received', async () => {
    const admin = await a.login('admin');
    // A dossier received before the edit, Mon 23/11/2026 08:30, 0.5 working day: 08:30 + 3 h to 11:30, + 1 h after lunch = 14:30.
    a.clock.set('2026-11-23T01:30:00Z');
    const received = await a.gql(ReceiveDossierDocument, { input: { procedureCode: '1.099001', channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } } }, await a.login('landreg.reception'));
    if (received.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(received));
    const oldDue = received.data.receiveDossier.dossier.dueAt;
    expect(oldDue).toBe('2026-11-23T07:30:00.000Z');

    const stale = await counts();
    const conflict = await a.raw({ query: UPDATE, variables: { input: { code: '1.099001', expectedVersion: 7, processingTime: { amount: 15, unit: 'WORKING_DAYS' } } } }, admin);
    expect(conflict.data.updateProcedure).toMatchObject({ __typename: 'VersionConflict', code: 'VERSION_CONFLICT' });
    expect(await counts()).toEqual(stale);

    const r = await a.raw({ query: UPDATE, variables: { input: { code: '1.099001', expectedVersion: 1, processingTime: { amount: 15, unit: 'WORKING_DAYS' }, fees: [{ kind: 'CHARGE', name: 'Phí khai thác, sử dụng tài liệu đất đai', amountVnd: 200000 }] } } }, admin);
    expect(r.data.updateProcedure).toMatchObject({ __typename: 'ProcedurePayload', procedure: { version: 2, processingTime: { amount: 15 }, fees: [{ amountVnd: 200000 }] } });
    const [latest] = (await a.raw({ query: REVISIONS, variables: { code: '1.099001' } }, admin)).data.procedureRevisions;
    expect(latest).toMatchObject({ version: 2, change: 'UPDATED', actorUsername: 'admin' });
    expect(latest.changes.map((c: any) => c.field).sort()).toEqual(['fees', 'processingAmount']);
    expect(latest.changes.find((c: any) => c.field === 'processingAmount')).toEqual({ field: 'processingAmount', from: '0.5', to: '15' });

    // The dossier keeps the due date computed at its reception.
    const [row] = await a.sql(`select due_at from dossier where id = $1`, [received.data.receiveDossier.dossier.id]);
    expect(row.due_at.toISOString()).toBe(oldDue);
    // A dossier received now is timed with the new duration, on either instance.
    const est = `{ estimateDueDate(procedureCode: "1.099001", receivedAt: "2026-11-23T01:30:00Z") }`;
    expect((await a.raw({ query: est })).data.estimateDueDate).toBe('2026-12-14T01:30:00.000Z');
    const onB = await until(async () => (await b.raw({ query: est })).data.estimateDueDate, (v) => v === '2026-12-14T01:30:00.000Z');
    expect(onB).toBe('2026-12-14T01:30:00.000Z');
    // The received dossier still goes on under its own due date.
    const assigned = await a.gql(PerformDossierActionDocument, { input: { dossierId: received.data.receiveDossier.dossier.id, action: 'assign', expectedVersion: received.data.receiveDossier.dossier.version, assigneeId: await a.accountId('landreg.specialist') } }, await a.login('landreg.reception'));
    expect(assigned.data?.performDossierAction).toMatchObject({ __typename: 'DossierPayload', dossier: { dueAt: oldDue } });
    // A later pause extends it in working time: switching the procedure to calendar days while it runs is refused.
    const unit = await a.raw({ query: UPDATE, variables: { input: { code: '1.099001', expectedVersion: 2, processingTime: { amount: 30, unit: 'CALENDAR_DAYS' } } } }, admin);
    expect(unit.data.updateProcedure.fieldErrors.map((e: any) => e.field)).toEqual(['processingTime.unit']);
    // Nor may it move to another agency of the module while a dossier is open: that agency would take it over.
    const move = await a.raw({ query: UPDATE, variables: { input: { code: '1.099001', expectedVersion: 2, agencyCode: '000.00.13.H37' } } }, admin);
    expect(move.data.updateProcedure.fieldErrors.map((e: any) => e.field)).toEqual(['agencyCode']);
    expect((await a.sql(`select a.code from procedure p join agency a on a.id = p.agency_id where p.code = '1.099001'`))[0].code).toBe('000.13.01.H37');
  });

  it('retiring takes a procedure out of the catalogue on every instance; reactivating puts it back', async () => {
    const admin = await a.login('admin');
    const r = await a.raw({ query: RETIRE, variables: { code: '1.099001', v: 2 } }, admin);
    expect(r.data.retireProcedure).toMatchObject({ __typename: 'ProcedurePayload', procedure: { version: 3, active: false } });
    expect((await a.raw({ query: LIST, variables: { s: '1.099001' } })).data.procedures.edges).toHaveLength(0);
    expect((await until(async () => (await b.raw({ query: LIST, variables: { s: '1.099001' } })).data.procedures.edges, (e) => e.length === 0))).toHaveLength(0);
    const filed = await b.gql(ReceiveDossierDocument, { input: { procedureCode: '1.099001', channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } } }, await b.login('landreg.reception'));
    expect(filed.data?.receiveDossier.__typename).toBe('ProcedureNotFound');
    expect((await a.raw({ query: RETIRE, variables: { code: '1.099001', v: 3 } }, admin)).data.retireProcedure.__typename).toBe('ValidationFailed');
    const back = await a.raw({ query: UPDATE, variables: { input: { code: '1.099001', expectedVersion: 3, active: true } } }, admin);
    expect(back.data.updateProcedure).toMatchObject({ procedure: { version: 4, active: true } });
    const [latest] = (await a.raw({ query: REVISIONS, variables: { code: '1.099001' } }, admin)).data.procedureRevisions;
    expect(latest).toMatchObject({ change: 'REACTIVATED', changes: [{ field: 'active', from: 'false', to: 'true' }] });
  });

  it('an agency admin manages only its own agency’s procedures; officers, citizens and the anonymous are refused; nothing is written', async () => {
    const insp = await a.login('insp.admin');
    const own = await a.raw({ query: CREATE, variables: { input: input('2.099002', { name: 'Tiếp nhận, xử lý đơn kiến nghị, phản ánh', field: 'Tiếp công dân', agencyCode: '000.00.07.H37', workflowKey: 'standard-no-payment', fees: [], components: [{ code: 'TP1', name: 'Đơn kiến nghị, phản ánh', required: true, copies: 1 }], forms: [] }) } }, insp);
    expect(own.data.createProcedure).toMatchObject({ __typename: 'ProcedurePayload', procedure: { agency: { code: '000.00.07.H37' }, origin: 'ADMIN' } });
    // Its agency's module procedures too.
    const v = (await a.sql(`select version from procedure where code = '2.002192'`))[0].version;
    const edit = await a.raw({ query: UPDATE, variables: { input: { code: '2.002192', expectedVersion: v, name: 'Tiếp công dân tại cấp tỉnh (Ban Tiếp công dân)' } } }, insp);
    expect(edit.data.updateProcedure).toMatchObject({ __typename: 'ProcedurePayload', procedure: { origin: 'ADMIN', version: v + 1 } });
    expect((await a.raw({ query: REVISIONS, variables: { code: '2.002192' } }, insp)).data.procedureRevisions[0]).toMatchObject({ change: 'UPDATED', actorUsername: 'insp.admin' });

    const before = await counts();
    const lv = (await a.sql(`select version from procedure where code = '1.011543'`))[0].version;
    const refusals: [string, string, Record<string, unknown>][] = [];
    for (const user of ['insp.admin', 'landreg.leader', 'landreg.reception', 'citizen.an', 'analyst']) {
      const token = await a.login(user);
      refusals.push([user, 'create', (await a.raw({ query: CREATE, variables: { input: input('1.099003') } }, token)).data.createProcedure]);
      refusals.push([user, 'update', (await a.raw({ query: UPDATE, variables: { input: { code: '1.011543', expectedVersion: lv, name: 'Đổi tên' } } }, token)).data.updateProcedure]);
      refusals.push([user, 'retire', (await a.raw({ query: RETIRE, variables: { code: '1.011543', v: lv } }, token)).data.retireProcedure]);
      const history = await a.raw({ query: REVISIONS, variables: { code: '1.011543' } }, token);
      expect(history.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    for (const [, , res] of refusals) expect(res).toMatchObject({ __typename: 'NotAuthorized', code: 'NOT_AUTHORIZED' });
    // An agency admin cannot move its procedure to another agency either.
    const iv = (await a.sql(`select version from procedure where code = '2.099002'`))[0].version;
    expect((await a.raw({ query: UPDATE, variables: { input: { code: '2.099002', expectedVersion: iv, agencyCode: '000.13.01.H37' } } }, insp)).data.updateProcedure.__typename).toBe('NotAuthorized');
    const anonymous = await a.raw({ query: CREATE, variables: { input: input('1.099003') } });
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(await counts()).toEqual(before);
  });

  it('refuses hostile input with the field named, writing nothing', async () => {
    const admin = await a.login('admin');
    const before = await counts();
    const v = (await a.sql(`select version from procedure where code = '1.011543'`))[0].version;
    const cases: [Record<string, unknown>, string][] = [
      [{ processingTime: { amount: -1, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 0, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 1e9, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 261, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 0.3, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 1.25, unit: 'WORKING_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 1.5, unit: 'CALENDAR_DAYS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 2.5, unit: 'WORKING_HOURS' } }, 'processingTime.amount'],
      [{ processingTime: { amount: 2, unit: 'SAME_DAY' } }, 'processingTime.amount'],
      [{ fees: [{ kind: 'FEE', name: 'Lệ phí', amountVnd: -1000 }] }, 'fees[0].amountVnd'],
      [{ fees: [{ kind: 'FEE', name: 'Lệ phí', amountVnd: 1000.5 }] }, 'fees[0].amountVnd'],
      [{ fees: [{ kind: 'FEE', name: 'Lệ phí', amountVnd: 1e15 }] }, 'fees[0].amountVnd'],
      [{ workflowKey: 'no-such-workflow' }, 'workflowKey'],
      [{ workflowKey: 'tax-land-transfer' }, 'workflowKey'],
      [{ workflowKey: 'education-school-transfer' }, 'workflowKey'],
      [{ components: Array.from({ length: 51 }, (_, i) => ({ code: `TP${i}`, name: 'Giấy tờ', required: false, copies: 1 })) }, 'components'],
      [{ components: [] }, 'components'],
      [{ components: [{ code: 'TP1', name: 'Đơn', required: true, copies: 1, formCode: 'NONE' }] }, 'components[0].formCode'],
      [{ components: [{ code: 'TP1', name: 'Đơn', required: true, copies: 0 }] }, 'components[0].copies'],
      [{ name: 'x'.repeat(501) }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ resultKind: 'Kết quả\u0007' }, 'resultKind'],
      [{ legalBasis: [] }, 'legalBasis'],
      [{ applicantKinds: [] }, 'applicantKinds'],
      [{ forms: [{ code: 'PYC', name: 'Phiếu', url: 'javascript:alert(1)' }] }, 'forms[0].url'],
      [{ agencyCode: '000.99.99.H37' }, 'agencyCode'],
      // A kernel agency (the provincial People's Committee) belongs to no module: no workflow or form of its own.
      [{ agencyCode: '000.00.00.H37' }, 'agencyCode'],
      [{ legacyLevel: 7 }, 'legacyLevel'],
    ];
    for (const [over, field] of cases) {
      const created = await a.raw({ query: CREATE, variables: { input: input('1.099004', over) } }, admin);
      expect([field, created.data.createProcedure.__typename]).toEqual([field, 'ValidationFailed']);
      expect(created.data.createProcedure.fieldErrors.map((e: any) => e.field)).toContain(field);
      if (field === 'agencyCode') continue;
      const updated = await a.raw({ query: UPDATE, variables: { input: { code: '1.011543', expectedVersion: v, ...over } } }, admin);
      expect([field, updated.data.updateProcedure.__typename]).toEqual([field, 'ValidationFailed']);
      expect(updated.data.updateProcedure.fieldErrors.map((e: any) => e.field)).toContain(field);
    }
    // A module's procedure stays in its module: a land procedure cannot move to the tax department.
    const moved = await a.raw({ query: UPDATE, variables: { input: { code: '1.011543', expectedVersion: v, agencyCode: '000.00.30.H37' } } }, admin);
    expect(moved.data.updateProcedure.fieldErrors.map((e: any) => e.field)).toEqual(['agencyCode']);
    for (const [code, why] of [['1.013831', 'exists'], ['1-013831', 'pattern'], ['', 'empty']]) {
      const dup = await a.raw({ query: CREATE, variables: { input: input(code) } }, admin);
      expect([why, dup.data.createProcedure.__typename]).toEqual([why, 'ValidationFailed']);
      expect(dup.data.createProcedure.fieldErrors[0].field).toBe('code');
    }
    // A NUL or a lone surrogate never reaches the resolver (refused with the request), nor does a float where an Int is due.
    for (const bad of [{ name: 'Tên\u0000' }, { name: 'Tên\ud800' }, { components: [{ code: 'TP1', name: 'Đơn', required: true, copies: 1.5 }] }]) {
      const r = await a.raw({ query: CREATE, variables: { input: input('1.099004', bad) } }, admin);
      expect(r.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(await counts()).toEqual(before);
    // The server still answers.
    expect((await a.raw({ query: LIST, variables: { s: '1.011543' } })).data.procedures.edges).toHaveLength(1);
  });

  it('a module upgrade updates what the module wrote last but never an admin’s edit, and says what it held back', async () => {
    const em = a.app.services.orm.em.fork() as EntityManager;
    const agencies = await em.find(Agency, {});
    const upgraded = landProcedures.map((p) => (p.code === '1.011543' || p.code === '1.012780' ? { ...p, processingTime: { amount: p.processingTime.amount + 1, unit: p.processingTime.unit } } : p));
    // 1.012780 was never edited by an admin; 1.011545 is edited by one first.
    const admin = await a.login('admin');
    const v = (await a.sql(`select version from procedure where code = '1.011545'`))[0].version;
    expect((await a.raw({ query: UPDATE, variables: { input: { code: '1.011545', expectedVersion: v, processingTime: { amount: 1, unit: 'WORKING_DAYS' } } } }, admin)).data.updateProcedure.__typename).toBe('ProcedurePayload');
    const upgraded2 = upgraded.map((p) => (p.code === '1.011545' ? { ...p, name: `${p.name} (sửa đổi)` } : p));
    await em.transactional((tx) => syncCatalogue(tx, [{ name: 'land', procedures: upgraded2 }], agencies));
    const rows = await a.sql(`select code, processing_amount::float as amount, origin, name from procedure where code in ('1.012780', '1.011545') order by code`);
    expect(rows).toEqual([
      { code: '1.011545', amount: 1, origin: 'ADMIN', name: expect.not.stringContaining('(sửa đổi)') },
      { code: '1.012780', amount: 21, origin: 'MODULE', name: expect.any(String) },
    ]);
    const held = (await a.raw({ query: REVISIONS, variables: { code: '1.011545' } }, admin)).data.procedureRevisions[0];
    expect(held).toMatchObject({ origin: 'MODULE', change: 'MODULE_CHANGE_HELD', actorUsername: null });
    expect(held.changes.map((c: any) => c.field).sort()).toEqual(['name', 'processingAmount']);
    const applied = (await a.raw({ query: REVISIONS, variables: { code: '1.012780' } }, admin)).data.procedureRevisions[0];
    expect(applied).toMatchObject({ origin: 'MODULE', change: 'UPDATED', changes: [{ field: 'processingAmount', from: '20', to: '21' }] });
    // The same definitions again change nothing.
    const n = (await a.sql(`select count(*)::int as n from procedure_revision`))[0].n;
    await em.transactional((tx) => syncCatalogue(tx, [{ name: 'land', procedures: upgraded2 }], agencies));
    expect((await a.sql(`select count(*)::int as n from procedure_revision`))[0].n).toBe(n);
    await expect(a.sql(`update procedure_revision set change = 'UPDATED'`)).rejects.toThrow(/append-only/);
    await expect(a.sql(`delete from procedure_revision`)).rejects.toThrow(/append-only/);
  });

  it('a calendar change reaches the other instance at once, not after its cache expires', async () => {
    const est = `{ estimateDueDate(procedureCode: "1.011545", receivedAt: "2026-12-03T03:00:00Z") }`;
    // Thu 03/12/2026 10:00, 1 working day (the edit above): due Fri 04/12 10:00 while Friday is a working day.
    expect((await b.raw({ query: est })).data.estimateDueDate).toBe('2026-12-04T03:00:00.000Z');
    const set = await a.raw({ query: `mutation { setCalendarDay(date: "2026-12-04", kind: HOLIDAY, name: "Ngày nghỉ thử nghiệm") { __typename } }` }, await a.login('admin'));
    expect(set.data.setCalendarDay.__typename).toBe('CalendarDayPayload');
    // b's calendar cache lives 60 s; the event makes it drop it at once. Friday off: Monday 07/12 10:00.
    const onB = await until(async () => (await b.raw({ query: est })).data.estimateDueDate, (v) => v === '2026-12-07T03:00:00.000Z', 5000);
    expect(onB).toBe('2026-12-07T03:00:00.000Z');
  });

  it('the catalogue list costs no SQL statement whatever its size, also after admin changes', async () => {
    const q = `{ procedures(first: 100) { edges { node { code name processingTime { label } fees { amountVnd } totalFeeVnd agency { code name } workflow { key } version origin active } } } }`;
    const r = await a.raw({ query: q });
    expect(r.data.procedures.edges.length).toBeGreaterThan(20);
    expect(r.extensions?.sqlStatements).toBe(0);
    const small = await a.raw({ query: q.replace('first: 100', 'first: 2') });
    expect(small.extensions?.sqlStatements).toBe(0);
  });
});
