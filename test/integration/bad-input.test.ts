import {
  GetDossierDocument,
  ListDossiersDocument,
  PerformDossierActionDocument,
  ProcedureCodesDocument,
  ReceiveDossierDocument,
  SubmitDossierDocument,
} from '../generated/graphql';
import { CITIZEN_AN, pdf, startTestApp, TestApp, landForm } from '../support/harness';

/**
 * Bad input gets a typed error (or BAD_USER_INPUT / a limit code for the unexpected), and a
 * rejected write leaves no trace: no dossier, history, outbox event, stored or linked file,
 * and no dossier number used up.
 */

const MORTGAGE = '1.011543'; // 000.13.01.H37, online, components TP1–TP3 required, PERSON or ORGANIZATION
const TAX_PERSON = '1.007752'; // tax registration, PERSON only
const TAX_PERSON_FORM = { address: '12 Trần Phú, Phường Xuân Hương - Đà Lạt, tỉnh Lâm Đồng' };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.stop();
});

const file = (code: string, over: Partial<{ name: string; mediaType: string; contentBase64: string }> = {}) => ({
  name: `${code}.pdf`,
  mediaType: 'application/pdf',
  componentCode: code,
  contentBase64: pdf(`${code} ${Math.random()}`), // unique content, so a stored_file row would be new
  ...over,
});
const allFiles = () => ['TP1', 'TP2', 'TP3'].map((c) => file(c));
const person = { kind: 'PERSON' as const, name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone };

/** A valid 10-digit organisation tax code (same rule as src/graphql/validation.ts). */
function taxCode(nine: string): string {
  const w = [31, 29, 23, 19, 17, 13, 7, 5, 3];
  const check = 10 - (w.reduce((s, x, i) => s + x * Number(nine[i]), 0) % 11);
  if (check === 10) throw new Error('pick other digits');
  return `${nine}${check}`;
}

const TABLES = ['dossier', 'dossier_history', 'outbox_event', 'stored_file', 'dossier_file', 'dossier_agency_stint', 'dossier_pause'] as const;
async function snapshot(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = (await t.sql(`select count(*)::int as n from ${table}`))[0].n;
  out.codes = (await t.sql('select coalesce(sum(last), 0)::int as n from dossier_code_counter'))[0].n;
  out.versions = (await t.sql('select coalesce(sum(version), 0)::int as n from dossier'))[0].n;
  return out;
}

/** Runs `fn` and asserts that it wrote nothing at all. */
async function writesNothing<R>(fn: () => Promise<R>): Promise<R> {
  const before = await snapshot();
  const r = await fn();
  expect(await snapshot()).toEqual(before);
  return r;
}

async function submit(input: Record<string, unknown>, user = 'citizen.an') {
  return t.gql(SubmitDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: person, files: allFiles(), ...input } as any }, await t.login(user));
}
async function receive(input: Record<string, unknown>) {
  return t.gql(ReceiveDossierDocument, { input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: person, channel: 'COUNTER', ...input } as any }, await t.login('landreg.reception'));
}
async function perform(user: string, input: Record<string, unknown>) {
  return t.gql(PerformDossierActionDocument, { input: input as any }, await t.login(user));
}

function fieldsOf(result: any): string[] {
  expect(result).toMatchObject({ __typename: 'ValidationFailed', code: 'VALIDATION_FAILED' });
  return result.fieldErrors.map((e: { field: string }) => e.field);
}

async function aDossier() {
  const r = await submit({});
  if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.submitDossier.dossier;
}

describe('dossier ids', () => {
  it('a malformed or unknown id reads as null and changes nothing', async () => {
    const token = await t.login('citizen.an');
    for (const id of ['x', '', '1; drop table dossier', '00000000-0000-4000-8000-000000000000']) {
      const r = await t.gql(GetDossierDocument, { id }, token);
      expect(r.errors).toBeUndefined();
      expect(r.data?.dossier).toBeNull();
    }
    await writesNothing(async () => {
      const r = await perform('landreg.reception', { dossierId: 'x', action: 'receive', expectedVersion: 1 });
      expect(r.data?.performDossierAction?.__typename ?? null).not.toBe('DossierPayload');
    });
  });

  // DossierNotFound carries a dossierId too; it must still come back as the typed error.
  it('performDossierAction with a malformed id returns DossierNotFound', async () => {
    const r = await perform('landreg.reception', { dossierId: 'x', action: 'receive', expectedVersion: 1 });
    expect(r.errors).toBeUndefined();
    expect(r.data?.performDossierAction).toMatchObject({ __typename: 'DossierNotFound', code: 'DOSSIER_NOT_FOUND' });
  });
});

describe('workflow action input', () => {
  it('an unknown action is ValidationFailed on `action` and writes nothing', async () => {
    const d = await aDossier();
    const r = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'teleport', expectedVersion: 1 }));
    expect(fieldsOf(r.data?.performDossierAction)).toEqual(['action']);
    const empty = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: '', expectedVersion: 1 }));
    expect(fieldsOf(empty.data?.performDossierAction)).toEqual(['action']);
  });

  it('a note over 2000 characters, a bad version or a malformed assignee id is ValidationFailed and writes nothing', async () => {
    const d = await aDossier();
    const long = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'refuse', expectedVersion: 1, note: 'x'.repeat(2001) }));
    expect(fieldsOf(long.data?.performDossierAction)).toEqual(['note']);
    const control = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'refuse', expectedVersion: 1, note: 'Lý do\u0007' }));
    expect(fieldsOf(control.data?.performDossierAction)).toEqual(['note']);
    const version = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'receive', expectedVersion: 0 }));
    expect(fieldsOf(version.data?.performDossierAction)).toEqual(['expectedVersion']);
    const assignee = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'assign', expectedVersion: 1, assigneeId: 'nobody' }));
    expect(fieldsOf(assignee.data?.performDossierAction)).toEqual(['assigneeId']);
    // A note the action requires but left blank.
    const blank = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'refuse', expectedVersion: 1, note: '   ' }));
    expect(fieldsOf(blank.data?.performDossierAction)).toEqual(['note']);
    // 2000 characters exactly is fine.
    const ok = await perform('landreg.reception', { dossierId: d.id, action: 'refuse', expectedVersion: 1, note: 'y'.repeat(2000) });
    expect(ok.data?.performDossierAction.__typename).toBe('DossierPayload');
  });

  it('a stale version is VersionConflict and writes nothing', async () => {
    const d = await aDossier();
    const first = await perform('landreg.reception', { dossierId: d.id, action: 'receive', expectedVersion: 1 });
    expect(first.data?.performDossierAction.__typename).toBe('DossierPayload');
    const r = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'requestSupplement', expectedVersion: 1, note: 'Thiếu giấy tờ' }));
    expect(r.data?.performDossierAction).toMatchObject({ __typename: 'VersionConflict', code: 'VERSION_CONFLICT', expectedVersion: 1, actualVersion: 2 });
    const ahead = await writesNothing(() => perform('landreg.reception', { dossierId: d.id, action: 'requestSupplement', expectedVersion: 3, note: 'Thiếu giấy tờ' }));
    expect(ahead.data?.performDossierAction).toMatchObject({ __typename: 'VersionConflict', expectedVersion: 3, actualVersion: 2 });
  });

  it('bad files handed in with a supplement are ValidationFailed and nothing is stored', async () => {
    const d = await aDossier();
    await perform('landreg.reception', { dossierId: d.id, action: 'receive', expectedVersion: 1 });
    const req = await perform('landreg.reception', { dossierId: d.id, action: 'requestSupplement', expectedVersion: 2, note: 'Bổ sung bản sao hợp đồng' });
    expect(req.data?.performDossierAction.__typename).toBe('DossierPayload');
    const r = await writesNothing(() =>
      perform('citizen.an', { dossierId: d.id, action: 'submitSupplement', expectedVersion: 3, files: [file('TP2'), file('TP9'), file('TP3', { contentBase64: 'not base64!' })] }),
    );
    expect(fieldsOf(r.data?.performDossierAction)).toEqual(['files[1].componentCode', 'files[2].contentBase64']);
    const row = await t.sql('select state, version, paused_at is not null as paused from dossier where id = $1', [d.id]);
    expect(row).toEqual([{ state: 'SUPPLEMENT_REQUESTED', version: 3, paused: true }]);
  });
});

describe('applicant data', () => {
  it('a name over 200 characters is ValidationFailed online and at the counter, and writes nothing', async () => {
    const online = await writesNothing(() => submit({ applicant: { ...person, name: 'A'.repeat(201) } }));
    expect(fieldsOf(online.data?.submitDossier)).toEqual(['applicant.name']);
    const counter = await writesNothing(() => receive({ applicant: { ...person, name: 'Ă'.repeat(201) }, note: 'n'.repeat(2001) }));
    expect(fieldsOf(counter.data?.receiveDossier).sort()).toEqual(['applicant.name', 'note']);
    const blank = await writesNothing(() => receive({ applicant: { ...person, name: '  ' } }));
    expect(fieldsOf(blank.data?.receiveDossier)).toEqual(['applicant.name']);
    const contact = await writesNothing(() => receive({ applicant: { ...person, email: 'not-an-email', phone: '12345', address: 'x'.repeat(501) } }));
    expect(fieldsOf(contact.data?.receiveDossier).sort()).toEqual(['applicant.address', 'applicant.email', 'applicant.phone']);
  });

  it.each([
    ['11 digits', '06808500123'],
    ['13 digits', '0680850012345'],
    ['letters', '06808500123A'],
    ['unknown province code 999', '999085001234'],
    ['unknown province code 003', '003085001234'],
    ['birth year in the future (2099)', '068299001234'],
    ['born in the 22nd century', '068400001234'],
  ])('a CCCD with %s is ValidationFailed on applicant.idNumber and writes nothing', async (_why, idNumber) => {
    const online = await writesNothing(() => submit({ applicant: { ...person, idNumber } }));
    expect(fieldsOf(online.data?.submitDossier)).toEqual(['applicant.idNumber']);
    const counter = await writesNothing(() =>
      t.login('tax.reception').then((tok) => t.gql(ReceiveDossierDocument, { input: { procedureCode: TAX_PERSON, formData: TAX_PERSON_FORM, applicant: { ...person, idNumber }, channel: 'COUNTER' } }, tok)),
    );
    expect(fieldsOf(counter.data?.receiveDossier)).toEqual(['applicant.idNumber']);
  });

  it('an organisation tax code with a wrong check digit is ValidationFailed on applicant.idNumber', async () => {
    const good = taxCode('580012345');
    const bad = `${good.slice(0, 9)}${(Number(good[9]) + 1) % 10}`;
    const org = { kind: 'ORGANIZATION' as const, name: 'Công ty TNHH Cà phê Cầu Đất' };
    for (const idNumber of [bad, `${bad}-001`, `${good}-000`, '58001234', CITIZEN_AN.identityNumber]) {
      const r = await writesNothing(() => receive({ applicant: { ...org, idNumber } }));
      expect({ idNumber, fields: fieldsOf(r.data?.receiveDossier) }).toEqual({ idNumber, fields: ['applicant.idNumber'] });
    }
    // The same code with the right check digit, and with a branch suffix, is accepted.
    for (const idNumber of [good, `${good}-001`]) {
      const ok = await receive({ applicant: { ...org, idNumber } });
      expect(ok.data?.receiveDossier.__typename).toBe('DossierPayload');
    }
  });

  it('an applicant kind the procedure does not serve is ValidationFailed on applicant.kind', async () => {
    const r = await writesNothing(() =>
      t.login('tax.reception').then((tok) =>
        t.gql(ReceiveDossierDocument, { input: { procedureCode: TAX_PERSON, formData: TAX_PERSON_FORM, applicant: { kind: 'ORGANIZATION', name: 'Công ty X', idNumber: taxCode('580012345') }, channel: 'COUNTER' } }, tok),
      ),
    );
    expect(fieldsOf(r.data?.receiveDossier)).toEqual(['applicant.kind']);
  });
});

describe('files', () => {
  it('missing required components online is ValidationFailed on files and writes nothing', async () => {
    const none = await writesNothing(() => submit({ files: [] }));
    expect(fieldsOf(none.data?.submitDossier)).toEqual(['files', 'files', 'files']);
    const some = await writesNothing(() => submit({ files: [file('TP1'), file('TP4')] }));
    const errors = (some.data?.submitDossier as any).fieldErrors;
    expect(errors.map((e: any) => e.field)).toEqual(['files', 'files']);
    expect(errors.map((e: any) => e.message).join(' ')).toMatch(/TP2.*TP3/);
  });

  it('invalid base64, a disallowed media type, an empty file or an unknown component is ValidationFailed and nothing is stored', async () => {
    // A file whose content cannot be decoded is dropped, so its component also counts as missing.
    const cases: [Record<string, string>, string[]][] = [
      [{ contentBase64: 'not base64!' }, ['files[0].contentBase64', 'files']],
      [{ contentBase64: 'JVBERi0xLjQ' }, ['files[0].contentBase64', 'files']], // valid alphabet, bad padding
      [{ contentBase64: 'JVBE\nRi0x' }, ['files[0].contentBase64', 'files']],
      [{ contentBase64: '' }, ['files[0].contentBase64']],
      [{ mediaType: 'application/x-msdownload', name: 'virus.exe' }, ['files[0].mediaType']],
      [{ mediaType: 'text/html' }, ['files[0].mediaType']],
      [{ name: '' }, ['files[0].name']],
      [{ name: 'x'.repeat(256) }, ['files[0].name']],
    ];
    for (const [over, fields] of cases) {
      const r = await writesNothing(() => submit({ files: [file('TP1', over), file('TP2'), file('TP3')] }));
      expect({ over, fields: fieldsOf(r.data?.submitDossier) }).toEqual({ over, fields });
    }
    const unknown = await writesNothing(() => submit({ files: [...allFiles(), file('TP9')] }));
    expect(fieldsOf(unknown.data?.submitDossier)).toEqual(['files[3].componentCode']);
    // Every problem of a request is reported at once.
    const many = await writesNothing(() => submit({ applicant: { ...person, idNumber: '123' }, files: [file('TP1', { mediaType: 'image/gif', contentBase64: '%%%%' })] }));
    expect(fieldsOf(many.data?.submitDossier)).toEqual(['applicant.idNumber', 'files[0].mediaType', 'files[0].contentBase64', 'files', 'files', 'files']);
  });
});

describe('other refused submissions write nothing', () => {
  it('an unknown procedure, a counter-only channel or an unknown unit', async () => {
    const unknown = await writesNothing(() => submit({ procedureCode: '9.999999' }));
    expect(unknown.data?.submitDossier).toMatchObject({ __typename: 'ProcedureNotFound', code: 'PROCEDURE_NOT_FOUND' });
    const online = await writesNothing(() => receive({ channel: 'ONLINE' }));
    expect(fieldsOf(online.data?.receiveDossier)).toEqual(['channel']);
    const unit = await writesNothing(() => receive({ adminUnitCode: '99999' }));
    expect(fieldsOf(unit.data?.receiveDossier)).toEqual(['adminUnitCode']);
    const agency = await writesNothing(() => receive({ receivingAgencyCode: '000.00.00.X99' }));
    expect(agency.data?.receiveDossier).toMatchObject({ __typename: 'AgencyNotFound' });
  });

  it('a NUL byte in an argument fails without writing anything', async () => {
    const r = await writesNothing(() => submit({ procedureCode: `${MORTGAGE}\u0000` }));
    expect(r.data?.submitDossier ?? null).toBeNull();
  });

  // PostgreSQL text cannot hold NUL: it must be refused as bad input, not fail inside the driver.
  it('a NUL byte in an argument is a client error, not an internal server error', async () => {
    const an = await t.login('citizen.an');
    const results = [
      await submit({ procedureCode: `${MORTGAGE}\u0000` }),
      await t.raw({ query: 'mutation($u: String!) { login(username: $u, password: "x") { __typename } }', variables: { u: 'admin\u0000' } }),
      await t.raw({ query: 'query($c: String!) { procedure(code: $c) { code } }', variables: { c: '1.011543\u0000' } }),
      await t.raw({ query: 'query($c: String!) { trackDossier(code: $c, applicantIdNumber: "068085001234") { code } }', variables: { c: 'x\u0000' } }),
      await t.raw({ query: 'query($c: String!) { dossiers(filter: { applicantIdNumber: $c }) { edges { node { id } } } }', variables: { c: 'x\u0000' } }, an),
    ];
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).not.toContain('INTERNAL_SERVER_ERROR');
  });
});

describe('list arguments and query limits', () => {
  it('first: 101 (or 0, or negative) is BAD_USER_INPUT', async () => {
    const token = await t.login('landreg.leader');
    for (const first of [101, 0, -1]) {
      const r = await t.gql(ListDossiersDocument, { first }, token);
      expect({ first, code: r.errors?.[0].extensions?.code }).toEqual({ first, code: 'BAD_USER_INPUT' });
      expect(r.data?.dossiers ?? null).toBeNull();
      const p = await t.gql(ProcedureCodesDocument, { first });
      expect({ first, code: p.errors?.[0].extensions?.code }).toEqual({ first, code: 'BAD_USER_INPUT' });
    }
    const ok = await t.gql(ListDossiersDocument, { first: 100 }, token);
    expect(ok.errors).toBeUndefined();
    await aDossier();
    const history = await t.raw({ query: '{ dossiers(first: 1) { edges { node { history(last: 101) { action } } } } }' }, await t.login('citizen.an'));
    expect(history.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const cursor = await t.raw({ query: '{ dossiers(after: "garbage") { edges { node { id } } } }' }, token);
    expect(cursor.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  const nested = (parents: number) =>
    `{ procedure(code: "${MORTGAGE}") { code agency { code ${'parent { code '.repeat(parents)}${'} '.repeat(parents)}} } }`;

  it('a query deeper than 10 is refused at validation (depth 11 > 10) and runs nothing; depth 10 runs', async () => {
    const ok = await t.raw({ query: nested(7) }); // procedure(2) agency(3) + 7 parents = depth 10
    expect(ok.errors).toBeUndefined();
    expect(ok.data.procedure.agency).toEqual({ code: '000.13.01.H37', parent: { code: '000.00.13.H37', parent: null } });
    // (The extensions.code over HTTP is asserted in a test below.)
    const deep = await t.raw({ query: nested(8) });
    expect(deep.status).toBe(400);
    expect(deep.data).toBeUndefined();
    expect(deep.errors).toHaveLength(1);
    expect(deep.errors?.[0].message).toBe('Query depth 11 exceeds the limit of 10');
    expect(deep.errors?.[0].extensions).toMatchObject({ depth: 11, maxDepth: 10 });
    expect(deep.extensions?.sqlStatements ?? 0).toBe(0);
    const deeper = await t.raw({ query: nested(20) });
    expect(deeper.errors?.[0].extensions).toMatchObject({ depth: 23, maxDepth: 10 });
    // Fragments do not hide depth.
    const frag = await t.raw({
      query: `query { procedure(code: "${MORTGAGE}") { agency { ...P } } } fragment P on Agency { parent { parent { parent { parent { parent { parent { parent { parent { code } } } } } } } } }`,
    });
    expect(frag.errors?.[0].extensions).toMatchObject({ depth: 11, maxDepth: 10 });
  });

  it('a query costing more than 20000 is refused at validation, before anything runs', async () => {
    const token = await t.login('landreg.leader');
    const alias = (i: number) => `a${i}: dossiers(first: 100) { edges { node { history(last: 100) { action actorName at note } } } }`;
    const r = await t.raw({ query: `{ ${Array.from({ length: 6 }, (_, i) => alias(i)).join(' ')} }` }, token);
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors?.[0].message).toMatch(/^Query cost \d+ exceeds the limit of 20000$/);
    expect(r.errors?.[0].extensions).toMatchObject({ maxCost: 20000 });
    expect(r.errors![0].extensions!.cost as number).toBeGreaterThan(20000);
    expect(r.extensions?.sqlStatements ?? 0).toBe(0);
    // A full page with 20 history entries each (about 8,400 values) is within the limit.
    const one = await t.raw({ query: `{ ${alias(0).replace('last: 100', 'last: 20')} }` }, token);
    expect(one.errors).toBeUndefined();
  });

  // Apollo wraps validation errors in its own code; the server restores QUERY_TOO_DEEP / QUERY_TOO_COSTLY.
  it('over HTTP the limit errors carry the codes QUERY_TOO_DEEP and QUERY_TOO_COSTLY', async () => {
    const deep = await t.raw({ query: nested(8) });
    const alias = (i: number) => `a${i}: dossiers(first: 100) { edges { node { history(last: 100) { action actorName at note } } } }`;
    const costly = await t.raw({ query: `{ ${Array.from({ length: 6 }, (_, i) => alias(i)).join(' ')} }` }, await t.login('landreg.leader'));
    expect([deep.errors?.[0].extensions?.code, costly.errors?.[0].extensions?.code]).toEqual(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']);
  });

  // A connection's page size bounds its edges: first: 100 is charged for 100 edges.
  it('the cost of a connection counts its page size (first: 100 → 100 edges)', async () => {
    const token = await t.login('landreg.leader');
    const r = await t.raw({ query: '{ dossiers(first: 100) { edges { node { history(last: 100) { action actorName at note fromState toState } } } } }' }, token);
    expect(r.errors?.[0]?.message).toMatch(/^Query cost \d+ exceeds the limit of 20000$/);
  });
});
