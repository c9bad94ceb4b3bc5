import { CITIZEN_AN, CITIZEN_BINH, landForm, pdfFiles, startTestApp, TestApp } from '../support/harness';
import { ReceiveDossierDocument, SubmitDossierDocument } from '../generated/graphql';

/**
 * The SQL-compiled fast path of `dossiers` (src/dossiers/dossier-list.sql-compiler.ts) must
 * answer exactly what the resolvers answer. Two servers on the same database, one with the
 * fast path (the default) and one with SQL_FAST_PATH=false, get the same requests from every
 * kind of caller; their responses must be equal as values and as bytes, and the fast server
 * must have taken the fast path (one statement, `sqlCompiledFields`) for the shapes it
 * supports, and not for the others.
 */

const MORTGAGE = '1.011543';
const LAND_CERT = '1.013831';
const TAX = '000.00.30.H37';
const UBND = '000.00.00.H37';
const LANDREG = '000.13.01.H37';

let fast: TestApp;
let slow: TestApp;
beforeAll(async () => {
  fast = await startTestApp();
  slow = await startTestApp({ sameDatabaseAs: fast, env: { SQL_FAST_PATH: 'false' } });
});
afterAll(async () => {
  await slow?.stop();
  await fast?.stop();
});

const USERS = ['citizen.an', 'citizen.binh', 'landreg.reception', 'tax.leader', 'ubnd.leader', 'analyst', 'admin', null] as const;

interface Answer {
  status: number;
  /** The response body up to its extensions: what a client reads. */
  body: string;
  json: { data?: unknown; errors?: unknown[]; extensions?: { sqlStatements?: number; sqlCompiledFields?: number } };
}

async function post(app: TestApp, query: string, variables: Record<string, unknown> | undefined, user: string | null, operationName?: string): Promise<Answer> {
  const token = user ? await fast.login(user) : undefined;
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables, operationName }),
  });
  const text = await res.text();
  const json = JSON.parse(text);
  // The statement count differs between the paths by design: compare everything before it.
  const cut = text.lastIndexOf(',"extensions":');
  return { status: res.status, body: cut >= 0 ? text.slice(0, cut) : text, json };
}

/** Runs `query` on both servers and asserts identical answers; returns the fast one. */
async function same(query: string, variables: Record<string, unknown> | undefined, user: string | null, operationName?: string): Promise<Answer> {
  const [a, b] = await Promise.all([post(fast, query, variables, user, operationName), post(slow, query, variables, user, operationName)]);
  expect(b.json.extensions?.sqlCompiledFields).toBeUndefined();
  expect(a.json.data).toEqual(b.json.data);
  expect(a.json.errors).toEqual(b.json.errors);
  expect(a.status).toBe(b.status);
  expect(JSON.stringify(a.json.data)).toBe(JSON.stringify(b.json.data));
  expect(a.body).toBe(b.body);
  return a;
}

function expectFast(a: Answer): void {
  expect(a.json.errors).toBeUndefined();
  expect(a.json.extensions).toEqual({ sqlStatements: 1, sqlCompiledFields: 1 });
}

function expectFallback(a: Answer): void {
  expect(a.json.extensions?.sqlCompiledFields).toBeUndefined();
}

const BENCH = `query DossierInbox { dossiers(first: 50) { edges { node { id code submittedAt dueAt state { key label } nationalStatus { code name } applicant { name } procedure { code name } holdingAgency { code name } history(last: 5) { action actorName at note } } } pageInfo { hasNextPage endCursor } } }`;

/** Every field the compiler supports, with aliases, __typename, fragments and variables. */
const everything = (first: number, last: number | null) => `query Everything($after: String, $filter: DossierFilter) {
  __typename
  list: dossiers(first: ${first}, after: $after, filter: $filter) {
    __typename
    pageInfo { __typename endCursor more: hasNextPage }
    edges {
      __typename
      c: cursor
      node {
        __typename
        ...Plain
        ... on Dossier { channel version overdue lookupSecret }
        availableActions { key label inputs form __typename }
        can: availableActions { key }
        applicant { kind idNumber email phone address who: name __typename }
        holdingAgency { id code name shortName kind moduleName validFrom validTo __typename }
        receivingAgency { code }
        adminUnit { id code name level validFrom validTo __typename }
        state { __typename key label terminal nationalStatus { code name __typename } }
        nationalStatus { name code }
        procedure { id code name field moduleName onlineKind legacyLevel applicantKinds resultKind legalBasis workflowKey __typename }
        newest: history${last === null ? '' : `(last: ${last})`} { id at action fromState toState actorName note __typename }
        history { at action }
        two: history(last: 2) { action }
      }
    }
    again: edges { node { code } cursor }
  }
}
fragment Plain on Dossier { id code submittedAt receivedAt dueAt originalDueAt finishedAt returnedAt closedAt }`;

/** `history(last:)` from a variable. */
const HISTORY = `query History($last: Int) { dossiers(first: 20) { edges { node { code history(last: $last) { action at note } } } } }`;

const PAGE = `query Page($first: Int, $after: String, $filter: DossierFilter) {
  dossiers(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id code channel overdue nationalStatus { code } applicant { idNumber email phone } lookupSecret holdingAgency { code } history(last: 1) { action at } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

describe('the SQL-compiled dossier list', () => {
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const reception = await fast.login('landreg.reception');
    const specialist = await fast.accountId('landreg.specialist');
    const people = [CITIZEN_AN, CITIZEN_BINH];
    const received: { id: string; version: number }[] = [];
    for (let batch = 0; batch < 3; batch++) {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => {
          const n = batch * 8 + i;
          const p = people[n % 2];
          const procedure = n % 3 === 0 ? LAND_CERT : MORTGAGE;
          return fast.gql(
            ReceiveDossierDocument,
            {
              input: {
                procedureCode: procedure,
                formData: landForm(procedure),
                applicant: { kind: 'PERSON', name: p.fullName, idNumber: p.identityNumber, phone: n % 4 ? p.phone : null, email: n % 5 ? null : p.email, address: n % 2 ? 'Số 1 "Trần Phú", Đà Lạt\n\tLâm Đồng \\ 😀' : null },
                channel: n % 4 === 0 ? 'POST' : 'COUNTER',
                note: `Hồ sơ số ${n}`,
              },
            },
            reception,
          );
        }),
      );
      for (const r of results) {
        if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
        received.push(r.data.receiveDossier.dossier);
      }
      fast.clock.set(new Date(fast.clock.now().getTime() + 3_600_000).toISOString());
    }
    // Online filings by a citizen (channel ONLINE, applicant account set).
    for (let i = 0; i < 3; i++) {
      const r = await fast.gql(
        SubmitDossierDocument,
        {
          input: {
            procedureCode: MORTGAGE,
            formData: landForm(MORTGAGE),
            applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone },
            files: pdfFiles(['TP1', 'TP2', 'TP3']),
          },
        },
        await fast.login('citizen.an'),
      );
      if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      ids[`online${i}`] = r.data.submitDossier.dossier.id;
    }
    for (const d of received.slice(0, 8)) await fast.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: specialist });
    // Paused dossiers: overdue is measured at the pause.
    for (const d of received.slice(8, 11)) await fast.act('landreg.reception', d.id, d.version, 'requestSupplement', { note: 'Thiếu bản sao GCN' });
    // Land → tax, and land → tax → provincial committee (tax is then a former holder: masked data).
    let x = await fast.act('landreg.leader', received[13].id, received[13].version, 'transfer', { targetAgencyCode: TAX, note: 'Chuyển thuế' });
    x = await fast.act('tax.leader', x.id, x.version, 'assign', { assigneeId: await fast.accountId('tax.specialist') });
    ids.atTax = x.id;
    let y = await fast.act('landreg.leader', received[16].id, received[16].version, 'transfer', { targetAgencyCode: TAX, note: 'Chuyển thuế' });
    y = await fast.act('tax.leader', y.id, y.version, 'transfer', { targetAgencyCode: UBND, note: 'Chuyển UBND tỉnh' });
    ids.atUbnd = y.id;
    // A finished one with a long history (mortgage procedures: transfers and payment are theirs).
    let z = await fast.act('landreg.reception', received[17].id, received[17].version, 'assign', { assigneeId: specialist });
    z = await fast.act('landreg.specialist', z.id, z.version, 'requestSupplement', { note: 'Bổ sung' });
    z = await fast.act('landreg.reception', z.id, z.version, 'submitSupplement');
    z = await fast.act('landreg.specialist', z.id, z.version, 'requestPayment');
    z = await fast.act('landreg.reception', z.id, z.version, 'pay');
    z = await fast.act('landreg.leader', z.id, z.version, 'approve');
    ids.finished = z.id;
    // PostgreSQL keeps microseconds, JavaScript dates milliseconds: timestamps and cursors must
    // come out truncated the same way, and `overdue` compare what JavaScript compares (a pause
    // and a due date in the same millisecond are equal there).
    await fast.sql(`update dossier set submitted_at = submitted_at + interval '777 microseconds', due_at = due_at + interval '999 microseconds'`);
    await fast.sql(`update dossier_access a set submitted_at = d.submitted_at from dossier d where d.id = a.dossier_id`);
    // (The history is append-only by trigger; this test database may be rewritten behind its back.)
    await fast.sql(`begin; set local session_replication_role = replica;
      update dossier_history set at = at + (id % 1000) * interval '1 microsecond'; commit`);
    await fast.sql(`update dossier set paused_at = date_trunc('milliseconds', paused_at) + interval '800 microseconds',
      due_at = date_trunc('milliseconds', paused_at) + interval '100 microseconds' where id = (select id from dossier where paused_at is not null order by id limit 1)`);
    // Weeks later: many are overdue now. Both servers must see the same time.
    fast.clock.set('2027-01-20T03:00:00Z');
    slow.clock.set('2027-01-20T03:00:00Z');
  });

  it('answers the benchmark query identically for every caller, in one statement', async () => {
    for (const user of USERS) {
      const a = await same(BENCH, undefined, user);
      if (user) expectFast(a);
      else {
        expectFallback(a);
        expect(a.status).toBe(401);
      }
    }
    const officer = await same(BENCH, undefined, 'landreg.reception');
    expect((officer.json.data as any).dossiers.edges.length).toBeGreaterThan(20);
  });

  it('renders every supported field, with aliases, __typename and fragments, identically', async () => {
    for (const user of USERS.filter(Boolean)) {
      for (const last of [null, 1, 3]) expectFast(await same(everything(30, last), {}, user));
      for (const last of [undefined, null, 1, 2, 100]) expectFast(await same(HISTORY, { last }, user));
    }
    // The former holder sees the course masked; the holder and the applicant see it in full.
    const tax = await same(everything(100, 5), {}, 'tax.leader');
    const formerlyAtTax = (tax.json.data as any).list.edges.find((e: any) => e.node.id === ids.atUbnd).node;
    expect(formerlyAtTax.applicant.idNumber).toMatch(/^\d{3}\*+\d{3}$/);
    expect(formerlyAtTax.lookupSecret).toBeNull();
    const atTax = (tax.json.data as any).list.edges.find((e: any) => e.node.id === ids.atTax).node;
    expect(atTax.applicant.idNumber).toMatch(/^\d{12}$/);
    const ubnd = await same(everything(100, 5), {}, 'ubnd.leader');
    expect((ubnd.json.data as any).list.edges.find((e: any) => e.node.id === ids.atUbnd).node.applicant.idNumber).toMatch(/^\d{12}$/);
    const analyst = await same(everything(100, 5), {}, 'analyst');
    for (const e of (analyst.json.data as any).list.edges) {
      expect(e.node.applicant.idNumber).toMatch(/^\d{3}\*{6}\d{3}$/);
      expect(e.node.applicant.email).toBeNull();
    }
    // Text that JSON must escape (quotes, backslash, newline, tab, a character outside the BMP).
    const officer = await same(everything(100, 5), {}, 'landreg.reception');
    expect((officer.json.data as any).list.edges.some((e: any) => e.node.applicant.address?.includes('\\ 😀'))).toBe(true);
  });

  it('applies the same filters', async () => {
    const filters: Record<string, unknown>[] = [
      { agencyCode: LANDREG },
      { agencyCode: TAX },
      { agencyCode: 'no.such.agency' },
      { procedureCode: LAND_CERT },
      { nationalStatusCodes: [2, 4] },
      { nationalStatusCodes: [5] },
      { channel: 'ONLINE' },
      { channel: 'POST' },
      { overdue: true },
      { overdue: false },
      { state: 'APPRAISING' },
      { applicantIdNumber: CITIZEN_BINH.identityNumber },
      { receivedFrom: '2026-11-23T02:00:00Z', dueTo: '2027-06-01T00:00:00Z' },
      { agencyCode: LANDREG, overdue: true, channel: 'COUNTER', nationalStatusCodes: [4] },
    ];
    let nonEmpty = 0;
    for (const filter of filters) {
      for (const user of ['landreg.reception', 'tax.leader', 'analyst', 'citizen.an']) {
        const a = await same(PAGE, { first: 50, filter }, user);
        if (user === 'analyst' && 'applicantIdNumber' in filter) {
          // The analyst sees identity numbers masked: the filter is refused on both paths alike (issue 13 #11).
          expect((a.json.errors as any)?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
          continue;
        }
        expectFast(a);
        if ((a.json.data as any).dossiers.edges.length) nonEmpty++;
      }
    }
    expect(nonEmpty).toBeGreaterThan(20);
  });

  it('pages with the same cursors, byte for byte, through every page', async () => {
    for (const user of ['landreg.reception', 'analyst', 'citizen.an', 'tax.leader']) {
      for (const filter of [undefined, { overdue: true }]) {
        let after: string | null = null;
        let pages = 0;
        const seen = new Set<string>();
        for (;;) {
          const a = await same(PAGE, { first: 4, after, filter }, user);
          expectFast(a);
          const page = (a.json.data as any).dossiers;
          for (const e of page.edges) {
            expect(seen.has(e.node.id)).toBe(false);
            seen.add(e.node.id);
          }
          pages++;
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        if (user !== 'tax.leader') expect(pages).toBeGreaterThan(1);
      }
    }
  });

  it('costs one statement whatever the page size', async () => {
    for (const first of [1, 5, 50, 100]) {
      for (const user of ['landreg.reception', 'admin']) expectFast(await same(BENCH.replace('first: 50', `first: ${first}`), undefined, user));
    }
  });

  it('leaves unsupported selections and operations to the resolvers, with the same answers', async () => {
    const unsupported = [
      `{ dossiers(first: 5) { edges { node { id timeliness } } } }`,
      `{ dossiers(first: 5) { edges { node { id formData } } } }`,
      `{ dossiers(first: 5) { edges { node { id assignee { fullName } } } } }`,
      `{ dossiers(first: 5) { edges { node { id history { action agency { code } } } } } }`,
      `{ dossiers(first: 5) { edges { node { id state { slaWorkingHours } } } } }`,
      `{ dossiers(first: 5) { edges { node { id procedure { processingTime { label } } } } } }`,
      `{ dossiers(first: 5) { edges { node { id landParcels { id } } } } }`,
      `query($x: Boolean!) { dossiers(first: 5) { edges { node { id code @include(if: $x) } } } }`,
      `{ dossiers(first: 5) { edges { node { id } } } procedures(first: 1) { edges { node { code } } } }`,
      `{ dossier(id: "${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}") { id } }`,
    ];
    for (const q of unsupported) {
      for (const user of ['landreg.reception', 'analyst']) expectFallback(await same(q, { x: true }, user));
    }
  });

  it('leaves bad input to the resolvers, which report it', async () => {
    const bad: [string, Record<string, unknown>][] = [
      [PAGE, { first: 0 }],
      [PAGE, { first: 101 }],
      [PAGE, { after: 'not-a-cursor' }],
      [PAGE, { after: Buffer.from(JSON.stringify(['2026-01-01T00:00:00.000Z', 'nope'])).toString('base64url') }],
      // A date JavaScript parses but PostgreSQL cannot store: a bad cursor, not a database error.
      [PAGE, { after: Buffer.from(JSON.stringify(['-200000-01-01T00:00:00Z', '00000000-0000-4000-8000-000000000000'])).toString('base64url') }],
      [PAGE, { filter: { nationalStatusCodes: [11] } }],
      [PAGE, { filter: { assigneeId: 'nope' } }],
      [HISTORY, { last: 0 }],
      [HISTORY, { last: 101 }],
    ];
    for (const [q, v] of bad) {
      const a = await same(q, v, 'landreg.reception');
      expectFallback(a);
      expect((a.json.errors as any[])[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    // No token: the resolvers' UNAUTHENTICATED.
    const anonymous = await same(PAGE, { first: 5 }, null);
    expectFallback(anonymous);
    expect(anonymous.status).toBe(401);
  });

  it('answers the officer inbox with availableActions identically, in one statement, for every caller', async () => {
    const inbox = BENCH.replace('history(last: 5)', 'availableActions { key label } history(last: 5)');
    let withActions = 0;
    for (const user of [...USERS.filter(Boolean), 'landreg.specialist', 'landreg.leader', 'tax.specialist']) {
      const a = await same(inbox, undefined, user);
      expectFast(a);
      withActions += (a.json.data as any).dossiers.edges.filter((e: any) => e.node.availableActions.length).length;
    }
    // Not vacuous: officers and applicants have actions to take on many of them.
    expect(withActions).toBeGreaterThan(20);
    // The applicant (filed online, not yet received) may withdraw; an analyst may do nothing.
    const an = await same(inbox, undefined, 'citizen.an');
    const online = (an.json.data as any).dossiers.edges.find((e: any) => e.node.id === ids.online0).node;
    expect(online.availableActions.length).toBeGreaterThan(0);
    const analyst = await same(inbox, undefined, 'analyst');
    expect((analyst.json.data as any).dossiers.edges.every((e: any) => e.node.availableActions.length === 0)).toBe(true);
  });

  it('answers two dossiers fields of one operation with a statement each', async () => {
    const q = `{ open: dossiers(first: 3, filter: { overdue: false }) { edges { node { code } } } late: dossiers(first: 3, filter: { overdue: true }) { edges { node { code dueAt } } } }`;
    const a = await same(q, undefined, 'landreg.reception');
    expect(a.json.extensions).toEqual({ sqlStatements: 2, sqlCompiledFields: 2 });
  });

  it('stays correct past the prepared statements it keeps (each distinct selection is a statement)', async () => {
    for (let i = 0; i < 20; i++) {
      expectFast(await same(`{ dossiers(first: 3) { edges { node { c${i}: code } } pageInfo { hasNextPage } } }`, undefined, i % 2 ? 'analyst' : 'landreg.reception'));
    }
  });

  it('chooses per operation of a document', async () => {
    const doc = `query A { dossiers(first: 2) { edges { node { code } } } } query B { dossiers(first: 2) { edges { node { code timeliness } } } }`;
    expectFast(await same(doc, undefined, 'analyst', 'A'));
    expectFallback(await same(doc, undefined, 'analyst', 'B'));
  });

  it('works the same with graphql-js as the fallback executor (COMPILED_EXECUTION=false)', async () => {
    const js = await startTestApp({ sameDatabaseAs: fast, env: { COMPILED_EXECUTION: 'false' } });
    try {
      js.clock.set(fast.clock.now().toISOString());
      for (const [q, user] of [[BENCH, 'landreg.reception'], [everything(20, 2), 'analyst'], [`{ dossiers(first: 5) { edges { node { id timeliness } } } }`, 'analyst']] as const) {
        const [a, b] = await Promise.all([post(js, q, {}, user), post(slow, q, {}, user)]);
        expect(a.body).toBe(b.body);
        expect(a.json.extensions?.sqlCompiledFields).toBe(q.includes('timeliness') ? undefined : 1);
      }
    } finally {
      await js.stop();
    }
  });
});
