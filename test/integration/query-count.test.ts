import { DossierInboxDocument, ReceiveDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, CITIZEN_BINH, startTestApp, TestApp, landForm } from '../support/harness';

/**
 * Relations load in batches (ARCHITECTURE rule 5): the inbox costs the same number of SQL
 * statements for a page of 5 as for a page of 50: agencies and procedures come from memory,
 * the page and its history from one batched statement each, or all of it from one statement
 * on the SQL-compiled fast path (the default for this selection).
 */

const MORTGAGE = '1.011543';
const LAND_CERT = '1.013831'; // another procedure of the same office
const TAX = '000.00.30.H37';
const MAX_STATEMENTS = 6;

let t: TestApp;
/** The same database served by the resolvers only (the SQL-compiled fast path off). */
let resolvers: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  resolvers = await startTestApp({ sameDatabaseAs: t, env: { SQL_FAST_PATH: 'false' } });
});
afterAll(async () => {
  await resolvers?.stop();
  await t?.stop();
});



async function inbox(user: string, first: number, app = t) {
  const r = await app.gql(DossierInboxDocument, { first }, await t.login(user));
  expect(r.errors).toBeUndefined();
  expect(r.status).toBe(200);
  return { edges: r.data!.dossiers.edges, statements: r.extensions?.sqlStatements };
}

describe('the dossier inbox', () => {
  let longHistoryId: string;

  beforeAll(async () => {
    const reception = await t.login('landreg.reception');
    const specialist = await t.accountId('landreg.specialist');
    const people = [CITIZEN_AN, CITIZEN_BINH];
    const received: { id: string; version: number }[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => {
          const n = batch * 10 + i;
          const p = people[n % 2];
          return t.gql(
            ReceiveDossierDocument,
            {
              input: {
                procedureCode: n % 3 === 0 ? LAND_CERT : MORTGAGE,
                formData: landForm(n % 3 === 0 ? LAND_CERT : MORTGAGE),
                applicant: { kind: 'PERSON', name: p.fullName, idNumber: p.identityNumber, phone: p.phone },
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
      t.clock.set(new Date(t.clock.now().getTime() + 60_000).toISOString());
    }
    // Some history, a couple of other agencies, one dossier with more than 5 entries.
    for (const d of received.slice(0, 12)) await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: specialist });
    for (const d of received.slice(12, 16)) await t.act('landreg.reception', d.id, d.version, 'requestSupplement', { note: 'Thiếu bản sao GCN' });
    let x = await t.act('landreg.leader', received[20].id, received[20].version, 'transfer', { targetAgencyCode: TAX, note: 'Chuyển thuế' });
    x = await t.act('tax.leader', x.id, x.version, 'assign', { assigneeId: await t.accountId('tax.specialist') });
    let y = await t.act('landreg.reception', received[59].id, received[59].version, 'assign', { assigneeId: specialist });
    y = await t.act('landreg.specialist', y.id, y.version, 'requestSupplement', { note: 'Bổ sung' });
    y = await t.act('landreg.reception', y.id, y.version, 'submitSupplement');
    y = await t.act('landreg.specialist', y.id, y.version, 'requestPayment');
    y = await t.act('landreg.reception', y.id, y.version, 'pay');
    y = await t.act('landreg.leader', y.id, y.version, 'approve');
    longHistoryId = y.id;
    expect((await t.sql('select count(*)::int as n from dossier'))[0].n).toBeGreaterThanOrEqual(60);
    expect((await t.sql('select count(*)::int as n from dossier_history where dossier_id = $1', [longHistoryId]))[0].n).toBe(7);
  });

  it.each(['landreg.leader', 'admin'])('costs the same number of statements (at most 6) for 5, 50 and 100 dossiers as %s', async (user) => {
    const five = await inbox(user, 5);
    const fifty = await inbox(user, 50);
    const hundred = await inbox(user, 100);
    expect(five.edges).toHaveLength(5);
    expect(fifty.edges).toHaveLength(50);
    expect(hundred.edges.length).toBeGreaterThanOrEqual(60);
    expect(typeof five.statements).toBe('number');
    expect(fifty.statements).toBe(five.statements);
    expect(hundred.statements).toBe(five.statements);
    expect(fifty.statements).toBeLessThanOrEqual(MAX_STATEMENTS);
    // One statement for the page and one for the batched history; procedures and agencies come
    // from memory. The counter sees the loader's statement too, so a constant count is not an
    // artefact of counting only the page.
    // The inbox's selection is one the SQL compiler supports: page, relations and history in one statement.
    expect(five.statements).toBe(1);
  });

  it.each(['landreg.leader', 'admin'])('costs the same through the resolvers (fast path off) for 5, 50 and 100 dossiers as %s', async (user) => {
    const five = await inbox(user, 5, resolvers);
    const fifty = await inbox(user, 50, resolvers);
    const hundred = await inbox(user, 100, resolvers);
    expect(five.edges).toHaveLength(5);
    expect(fifty.edges).toHaveLength(50);
    expect(hundred.edges.length).toBeGreaterThanOrEqual(60);
    expect(fifty.statements).toBe(five.statements);
    expect(hundred.statements).toBe(five.statements);
    // One statement for the page and one for the batched history; procedures and agencies come
    // from memory. The counter sees the loader's statement too, so a constant count is not an
    // artefact of counting only the page.
    expect(five.statements).toBe(2);
  });

  it('returns the relations complete: procedure, agency, the 5 newest history entries', async () => {
    const { edges } = await inbox('admin', 100);
    for (const { node } of edges) {
      expect(node.procedure.code).toMatch(/^1\.01(1543|3831)$/);
      expect(node.holdingAgency.code).toMatch(/^000\./);
      expect(node.history.length).toBeGreaterThanOrEqual(1);
      expect(node.history.length).toBeLessThanOrEqual(5);
      expect(node.state.key).toBeTruthy();
    }
    const long = edges.find((e) => e.node.id === longHistoryId)!.node;
    expect(long.history.map((h) => h.action)).toEqual(['approve', 'pay', 'requestPayment', 'submitSupplement', 'requestSupplement']);
    expect(new Set(edges.map((e) => e.node.holdingAgency.code))).toEqual(new Set(['000.13.01.H37', TAX]));
    expect(new Set(edges.map((e) => e.node.procedure.code))).toEqual(new Set([MORTGAGE, LAND_CERT]));
    // Newest first.
    const times = edges.map((e) => Date.parse(e.node.submittedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('a tax officer’s inbox has only the transferred dossier, at the same statement count', async () => {
    const tax = await inbox('tax.leader', 50);
    expect(tax.edges).toHaveLength(1);
    expect(tax.edges[0].node.holdingAgency.code).toBe(TAX);
    const all = await inbox('landreg.leader', 50);
    expect(tax.statements).toBeLessThanOrEqual(all.statements!);
  });
});
