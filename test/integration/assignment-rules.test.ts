import { DEMO_PASSWORD } from '../../src/kernel/demo-staff';
import { CITIZEN_AN, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';

/**
 * Issue 19, "assignment by jurisdiction and workload", and issue 15's defect "a reception officer
 * is offered `assign` but is refused when listing the officers to assign to": agency admins keep
 * assignment rules as data; reception assigns automatically where one applies (least-loaded, safe
 * under concurrent receptions); whoever is offered `assign` lists exactly the eligible officers,
 * and `assign` to anyone else is refused. All over real HTTP.
 */

const MORTGAGE = '1.011543';
const RELEASE = '1.011544';
const LANDREG = '000.13.01.H37';
const XUAN_HUONG = '24781';
const LAM_VIEN = '24772';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login('admin');
  const accounts: [string, string, string, string][] = [
    ['landreg.admin', 'Quản trị Văn phòng đăng ký', 'AGENCY_ADMIN', LANDREG],
    ['landreg.specialist2', 'Đinh Thị Hai', 'SPECIALIST', LANDREG],
    ['landreg.specialist3', 'Lý Văn Ba', 'SPECIALIST', LANDREG],
  ];
  for (const [username, fullName, role, agencyCode] of accounts) {
    const r = await t.raw({
      query: 'mutation($input: CreateAccountInput!) { createAccount(input: $input) { __typename ... on AccountPayload { account { id } } } }',
      variables: { input: { username, fullName, password: DEMO_PASSWORD, roles: [{ role, agencyCode }] } },
    }, admin);
    expect(r.data.createAccount.__typename).toBe('AccountPayload');
  }
  for (const u of ['landreg.specialist', 'landreg.specialist2', 'landreg.specialist3', 'landreg.reception', 'land.specialist']) ids[u] = await t.accountId(u);
});
afterAll(async () => {
  await t?.stop();
});

const RULE_FIELDS = 'id name priority version units { code } procedureCodes officers { id fullName eligible } agency { code }';
const RESULT = `__typename ... on AssignmentRulePayload { rule { ${RULE_FIELDS} } } ... on ErrorResult { code message } ... on ValidationFailed { fieldErrors { field message } }`;
const DOSSIER = `id version state { key } assignee { id fullName } availableActions { key } assignableOfficers { id fullName openDossiers ruleName }
  history { action actorName note }`;

async function createRule(user: string, input: Record<string, unknown>) {
  const r = await t.raw({ query: `mutation($input: CreateAssignmentRuleInput!) { createAssignmentRule(input: $input) { ${RESULT} } }`, variables: { input } }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.createAssignmentRule;
}

async function updateRule(user: string, input: Record<string, unknown>) {
  const r = await t.raw({ query: `mutation($input: UpdateAssignmentRuleInput!) { updateAssignmentRule(input: $input) { ${RESULT} } }`, variables: { input } }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.updateAssignmentRule;
}

async function deleteRule(user: string, ruleId: string, expectedVersion: number) {
  const r = await t.raw({
    query: 'mutation($id: ID!, $v: Int!) { deleteAssignmentRule(ruleId: $id, expectedVersion: $v) { __typename ... on AssignmentRuleDeleted { ruleId } ... on ErrorResult { code } } }',
    variables: { id: ruleId, v: expectedVersion },
  }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.deleteAssignmentRule;
}

async function listRules(user: string, agencyCode = LANDREG) {
  const r = await t.raw({
    query: `query($a: String!) { assignmentRules(agencyCode: $a) { __typename ... on AssignmentRuleList { rules { ${RULE_FIELDS} } } ... on ErrorResult { code } } }`,
    variables: { a: agencyCode },
  }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.assignmentRules;
}

async function dossier(id: string, user = 'landreg.reception') {
  const r = await t.raw({ query: `query($id: String!) { dossier(id: $id) { ${DOSSIER} } }`, variables: { id } }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.dossier;
}

/** A dossier of Nguyễn Văn An received at the land registration office's counter, filed under `unit`. */
async function receive(procedureCode: string, unit: string) {
  const r = await t.raw({
    query: `mutation($input: ReceiveDossierInput!) { receiveDossier(input: $input) { __typename ... on DossierPayload { dossier { ${DOSSIER} } } ... on ErrorResult { code message } } }`,
    variables: { input: { procedureCode, formData: landForm(procedureCode), channel: 'COUNTER', adminUnitCode: unit, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } } },
  }, await t.login('landreg.reception'));
  expect(r.data?.receiveDossier.__typename).toBe('DossierPayload');
  return r.data.receiveDossier.dossier;
}

/** The same filed online by the applicant (status 1): reception is a workflow action then. */
async function submitOnline(procedureCode: string, unit: string) {
  const r = await t.raw({
    query: 'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { __typename ... on DossierPayload { dossier { id version } } ... on ErrorResult { code message } } }',
    variables: { input: { procedureCode, formData: landForm(procedureCode), adminUnitCode: unit, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, files: pdfFiles(['TP1', 'TP2', 'TP3']) } },
  }, await t.login('citizen.an'));
  expect(r.data?.submitDossier.__typename).toBe('DossierPayload');
  return r.data.submitDossier.dossier as { id: string; version: number };
}

async function perform(user: string, input: Record<string, unknown>) {
  const r = await t.raw({
    query: 'mutation($input: PerformDossierActionInput!) { performDossierAction(input: $input) { __typename ... on ErrorResult { code message } ... on ValidationFailed { fieldErrors { field message } } } }',
    variables: { input },
  }, await t.login(user));
  expect(r.errors).toBeUndefined();
  return r.data.performDossierAction;
}

const ruleCount = async () => (await t.sql<{ n: number }>('select count(*)::int as n from assignment_rule'))[0].n;

describe('without rules (issue 15: whoever is offered assign can list who to assign to)', () => {
  it('the reception officer offered assign lists exactly the active specialists of the holding agency, least loaded first', async () => {
    const d = await receive(MORTGAGE, LAM_VIEN);
    expect(d.state.key).toBe('RECEIVED');
    expect(d.assignee).toBeNull();
    expect(d.availableActions.map((a: { key: string }) => a.key)).toContain('assign');
    expect(d.assignableOfficers.map((o: { id: string }) => o.id).sort()).toEqual([ids['landreg.specialist'], ids['landreg.specialist2'], ids['landreg.specialist3']].sort());
    expect(d.assignableOfficers.every((o: { ruleName: string | null }) => o.ruleName === null)).toBe(true);
    // The leader is offered it too, and sees the same list; the specialist is not offered it and sees nothing.
    expect((await dossier(d.id, 'landreg.leader')).assignableOfficers).toEqual(d.assignableOfficers);
    expect((await dossier(d.id, 'landreg.specialist')).assignableOfficers).toEqual([]);
    // The applicant sees the dossier, not the agency's staff.
    expect((await dossier(d.id, 'citizen.an')).assignableOfficers).toEqual([]);

    // Another agency's specialist, a reception officer, an unknown id: refused, typed, nothing written.
    for (const assigneeId of [ids['land.specialist'], ids['landreg.reception'], '01900000-0000-7000-8000-000000000000']) {
      const r = await perform('landreg.reception', { dossierId: d.id, expectedVersion: d.version, action: 'assign', assigneeId });
      expect(r.__typename).toBe('ValidationFailed');
      expect(r.fieldErrors[0].field).toBe('assigneeId');
    }
    const after = await dossier(d.id);
    expect([after.version, after.assignee, after.state.key]).toEqual([d.version, null, 'RECEIVED']);
    expect(await perform('landreg.reception', { dossierId: d.id, expectedVersion: d.version, action: 'assign', assigneeId: d.assignableOfficers[0].id })).toEqual({ __typename: 'DossierPayload' });
  });
});

describe('rules as data an agency admin manages', () => {
  it('another agency’s admin, a reception officer and a citizen cannot write them; a citizen and another agency read nothing', async () => {
    const ok = await createRule('landreg.admin', { agencyCode: LANDREG, name: 'Thử quyền', priority: 9000 });
    expect(ok.__typename).toBe('AssignmentRulePayload');
    const rule = ok.rule;
    expect((await createRule('insp.admin', { agencyCode: LANDREG, name: 'Xâm phạm', priority: 1 })).__typename).toBe('NotAuthorized');
    expect((await createRule('landreg.reception', { agencyCode: LANDREG, name: 'Xâm phạm', priority: 1 })).__typename).toBe('NotAuthorized');
    expect((await createRule('citizen.an', { agencyCode: LANDREG, name: 'Xâm phạm', priority: 1 })).__typename).toBe('NotAuthorized');
    // Another agency's admin and a citizen do not even learn that the rule exists.
    for (const user of ['insp.admin', 'citizen.an']) {
      expect((await updateRule(user, { ruleId: rule.id, expectedVersion: rule.version, name: 'Sửa', priority: 1 })).__typename).toBe('AssignmentRuleNotFound');
      expect((await deleteRule(user, rule.id, rule.version)).__typename).toBe('AssignmentRuleNotFound');
      expect((await listRules(user)).__typename).toBe('NotAuthorized');
    }
    // The agency's own officers read them but do not change them.
    expect((await listRules('landreg.reception')).rules.map((r: { id: string }) => r.id)).toEqual([rule.id]);
    expect((await updateRule('landreg.reception', { ruleId: rule.id, expectedVersion: rule.version, name: 'Sửa', priority: 1 })).__typename).toBe('NotAuthorized');
    const [row] = await t.sql('select name, priority, version from assignment_rule where id = $1', [rule.id]);
    expect(row).toEqual({ name: 'Thử quyền', priority: 9000, version: 1 });
    // Stale version, then a real change and delete by the agency's admin.
    expect((await updateRule('landreg.admin', { ruleId: rule.id, expectedVersion: 7, name: 'Sửa', priority: 1 })).__typename).toBe('VersionConflict');
    const changed = await updateRule('landreg.admin', { ruleId: rule.id, expectedVersion: 1, name: 'Đã sửa', priority: 8000 });
    expect(changed.rule).toMatchObject({ name: 'Đã sửa', priority: 8000, version: 2 });
    expect((await deleteRule('landreg.admin', rule.id, 1)).__typename).toBe('VersionConflict');
    expect(await deleteRule('landreg.admin', rule.id, 2)).toEqual({ __typename: 'AssignmentRuleDeleted', ruleId: rule.id });
    expect(await ruleCount()).toBe(0);
  });

  it('hostile and invalid rules are refused with the field named, and write nothing', async () => {
    await t.sql(`update account set active = false where username = 'landreg.specialist3'`);
    const base = { agencyCode: LANDREG, name: 'Hợp lệ', priority: 1 };
    const cases: [Record<string, unknown>, string][] = [
      [{ name: '' }, 'name'],
      [{ name: 'x'.repeat(201) }, 'name'],
      [{ priority: -1 }, 'priority'],
      [{ priority: 10_001 }, 'priority'],
      // A dissolved ward (Phường 1, merged on 1 July 2025), an unknown code, a malformed one.
      [{ unitCodes: ['24778'] }, 'unitCodes'],
      [{ unitCodes: ['99999'] }, 'unitCodes'],
      [{ unitCodes: ["24781'); drop table assignment_rule; --"] }, 'unitCodes'],
      [{ unitCodes: [XUAN_HUONG, XUAN_HUONG] }, 'unitCodes'],
      [{ unitCodes: Array.from({ length: 101 }, (_, i) => String(i)) }, 'unitCodes'],
      // The land department's procedure, not the registration office's.
      [{ procedureCodes: ['1.012780'] }, 'procedureCodes'],
      [{ procedureCodes: ['"},{"'] }, 'procedureCodes'],
      // Another agency's specialist, a reception officer, a deactivated specialist, not an id.
      [{ officerIds: [ids['land.specialist']] }, 'officerIds'],
      [{ officerIds: [ids['landreg.reception']] }, 'officerIds'],
      [{ officerIds: [ids['landreg.specialist3']] }, 'officerIds'],
      [{ officerIds: ['not-a-uuid'] }, 'officerIds'],
    ];
    for (const [change, field] of cases) {
      const r = await createRule('landreg.admin', { ...base, ...change });
      expect([r.__typename, r.fieldErrors?.[0]?.field]).toEqual(['ValidationFailed', field]);
    }
    // Jurisdiction: a ward's committee has its own ward only (the system admin writes for it).
    const ward = await createRule('admin', { agencyCode: '000.31.22.H37', name: 'Ngoài địa bàn', priority: 1, unitCodes: [LAM_VIEN] });
    expect([ward.__typename, ward.fieldErrors?.[0]?.field]).toEqual(['ValidationFailed', 'unitCodes']);
    expect((await createRule('admin', { agencyCode: 'KHONG-CO', name: 'x', priority: 1 })).__typename).toBe('AgencyNotFound');
    expect(await ruleCount()).toBe(0);
    // The server still answers.
    expect((await listRules('landreg.admin')).rules).toEqual([]);
    await t.sql(`update account set active = true where username = 'landreg.specialist3'`);
  });
});

describe('automatic assignment at reception', () => {
  let xuanHuong: { id: string; version: number };
  let mortgages: { id: string; version: number };

  beforeAll(async () => {
    // Close what earlier tests left open so that every specialist starts with no load.
    await t.sql(`update dossier set closed_at = now() where closed_at is null`);
    const a = await createRule('landreg.admin', { agencyCode: LANDREG, name: 'Phường Xuân Hương', priority: 1, unitCodes: [XUAN_HUONG], officerIds: [ids['landreg.specialist2']] });
    const b = await createRule('landreg.admin', { agencyCode: LANDREG, name: 'Thế chấp: ít việc nhất', priority: 5, procedureCodes: [MORTGAGE] });
    expect([a.__typename, b.__typename]).toEqual(['AssignmentRulePayload', 'AssignmentRulePayload']);
    expect(a.rule.units).toEqual([{ code: XUAN_HUONG }]);
    xuanHuong = a.rule;
    mortgages = b.rule;
    expect((await listRules('landreg.admin')).rules.map((r: { name: string }) => r.name)).toEqual(['Phường Xuân Hương', 'Thế chấp: ít việc nhất']);
  });

  it('a dossier of a unit with a rule goes to its officer, in the reception’s transaction, and the history says which rule', async () => {
    // Any procedure of the office from Xuân Hương: the first rule (by priority) applies.
    const d = await receive(RELEASE, XUAN_HUONG);
    expect(d.state.key).toBe('APPRAISING');
    expect(d.assignee.id).toBe(ids['landreg.specialist2']);
    expect(d.history[0]).toMatchObject({ action: 'assign', actorName: 'Phân công tự động / Automatic assignment' });
    expect(d.history[0].note).toContain('Phường Xuân Hương');
    expect(d.history[1].action).toBe('receive');
    // Re-assignment stays within the rule's team.
    expect(d.assignableOfficers.map((o: { id: string; ruleName: string }) => [o.id, o.ruleName])).toEqual([[ids['landreg.specialist2'], 'Phường Xuân Hương']]);
    const refused = await perform('landreg.leader', { dossierId: d.id, expectedVersion: d.version, action: 'assign', assigneeId: ids['landreg.specialist'] });
    expect(refused.__typename).toBe('ValidationFailed');
    // One event per change: received, then assigned (what subscribers and the statistics read).
    const events = await t.sql(`select payload->>'action' as action, payload->>'toState' as "toState" from outbox_event where aggregate_id = $1 order by id`, [d.id]);
    expect(events).toEqual([{ action: 'receive', toState: 'RECEIVED' }, { action: 'assign', toState: 'APPRAISING' }]);
  });

  it('an automatic assignment records its step: the reception step ends, the assignee holds an open appraisal step', async () => {
    const d = await receive(RELEASE, XUAN_HUONG);
    const r = await t.raw({ query: 'query($id: String!) { dossier(id: $id) { processControl { stateKey officerName endedAt budgetWorkingHours } } }', variables: { id: d.id } }, await t.login('landreg.leader'));
    expect(r.errors).toBeUndefined();
    const steps = r.data.dossier.processControl;
    expect(steps.map((s: { stateKey: string }) => s.stateKey)).toEqual(['RECEIVED', 'APPRAISING']);
    expect(steps[0].endedAt).not.toBeNull();
    expect(steps[1]).toMatchObject({ officerName: 'Đinh Thị Hai', endedAt: null });
    expect(steps[1].budgetWorkingHours).toBeGreaterThan(0);
    const open = await t.sql(`select assignee_id, state from dossier_step where dossier_id = $1 and ended_at is null`, [d.id]);
    expect(open).toEqual([{ assignee_id: ids['landreg.specialist2'], state: 'APPRAISING' }]);
    // Leave the officers' loads as the next tests expect them.
    await t.sql(`update dossier set closed_at = now() where id = $1`, [d.id]);
  });

  it('least loaded: fewest open dossiers, ties by username; online reception assigns too', async () => {
    // specialist2 holds one (Xuân Hương); the others none.
    const first = await receive(MORTGAGE, LAM_VIEN);
    expect(first.assignee.id).toBe(ids['landreg.specialist']);
    expect(first.history[0].note).toContain('Thế chấp: ít việc nhất');
    const online = await submitOnline(MORTGAGE, LAM_VIEN);
    expect(await perform('landreg.reception', { dossierId: online.id, expectedVersion: online.version, action: 'receive' })).toEqual({ __typename: 'DossierPayload' });
    const second = await dossier(online.id);
    expect([second.state.key, second.assignee.id]).toEqual(['APPRAISING', ids['landreg.specialist3']]);
    // 1, 1, 1: the tie goes to the first username.
    expect((await receive(MORTGAGE, LAM_VIEN)).assignee.id).toBe(ids['landreg.specialist']);
    // A processed dossier no longer counts: specialist's load drops back.
    await t.sql(`update dossier set finished_at = now() where id = $1`, [first.id]);
    const loads = (await dossier((await receive(RELEASE, XUAN_HUONG)).id)).assignableOfficers;
    expect(loads).toEqual([expect.objectContaining({ id: ids['landreg.specialist2'], openDossiers: 2 })]);
  });

  it('a deactivated officer is skipped: the next matching rule applies; where none applies, reception leaves it to an officer', async () => {
    const admin = await t.login('admin');
    const off = await t.raw({ query: 'mutation($id: ID!) { setAccountActive(accountId: $id, active: false) { __typename } }', variables: { id: ids['landreg.specialist2'] } }, admin);
    expect(off.errors).toBeUndefined();
    const rules = (await listRules('landreg.admin')).rules;
    expect(rules[0].officers).toEqual([{ id: ids['landreg.specialist2'], fullName: 'Đinh Thị Hai', eligible: false }]);
    // Xuân Hương's team is empty now: the mortgage rule takes the dossier.
    const d = await receive(MORTGAGE, XUAN_HUONG);
    expect(d.assignee.id).not.toBe(ids['landreg.specialist2']);
    expect(d.history[0].note).toContain('Thế chấp: ít việc nhất');
    // A mortgage release from Xuân Hương: no rule has anyone to give it to; manual, and every active specialist is offered.
    const manual = await receive(RELEASE, XUAN_HUONG);
    expect([manual.state.key, manual.assignee, manual.history.length]).toEqual(['RECEIVED', null, 1]);
    expect(manual.assignableOfficers.map((o: { id: string }) => o.id).sort()).toEqual([ids['landreg.specialist'], ids['landreg.specialist3']].sort());
    await t.raw({ query: 'mutation($id: ID!) { setAccountActive(accountId: $id, active: true) { __typename } }', variables: { id: ids['landreg.specialist2'] } }, admin);
    // And a rule deleted applies no more.
    const fresh = (await listRules('landreg.admin')).rules;
    for (const r of fresh) expect((await deleteRule('landreg.admin', r.id, r.version)).__typename).toBe('AssignmentRuleDeleted');
    expect((await receive(MORTGAGE, LAM_VIEN)).assignee).toBeNull();
    void xuanHuong;
    void mortgages;
  });

  it('concurrent receptions do not read the same load: the counts equal assigning one after the other', async () => {
    await t.sql(`update dossier set closed_at = now() where closed_at is null`);
    const rule = await createRule('landreg.admin', { agencyCode: LANDREG, name: 'Cả văn phòng', priority: 1 });
    expect(rule.__typename).toBe('AssignmentRulePayload');
    // Online dossiers received at once by the workflow action: each locks only its own row (no shared counter).
    const filed = [];
    for (let i = 0; i < 9; i++) filed.push(await submitOnline(MORTGAGE, LAM_VIEN));
    const results = await Promise.all(filed.map((d) => perform('landreg.reception', { dossierId: d.id, expectedVersion: d.version, action: 'receive' })));
    expect(results.every((r) => r.__typename === 'DossierPayload')).toBe(true);
    const counts = await t.sql<{ username: string; n: number }>(`select a.username, count(*)::int as n from dossier d join account a on a.id = d.assignee_id
      where d.id = any($1::uuid[]) group by a.username order by a.username`, [filed.map((d) => d.id)]);
    // Three specialists starting at 0: three each. Without the agency's lock, receptions reading the same loads pile onto one.
    expect(counts).toEqual([{ username: 'landreg.specialist', n: 3 }, { username: 'landreg.specialist2', n: 3 }, { username: 'landreg.specialist3', n: 3 }]);
  });

  it('lists cost a bounded number of statements: assignableOfficers is one batched statement for a page', async () => {
    const q = `query($first: Int) { dossiers(first: $first) { edges { node { id assignableOfficers { id openDossiers } } } } }`;
    const small = await t.raw({ query: q, variables: { first: 2 } }, await t.login('landreg.reception'));
    const large = await t.raw({ query: q, variables: { first: 20 } }, await t.login('landreg.reception'));
    expect(small.errors).toBeUndefined();
    expect(large.data.dossiers.edges.length).toBeGreaterThan(10);
    expect(large.extensions!.sqlStatements).toBe(small.extensions!.sqlStatements);
    expect(large.extensions!.sqlStatements).toBeLessThanOrEqual(8);
  });
});
