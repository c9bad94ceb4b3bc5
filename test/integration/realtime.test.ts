import { OutboxRelay } from '../../src/events/outbox-relay';
import {
  AgencyDashboardDocument,
  DossierEventsDocument,
  DossierStatusChangedDocument,
  ReceiveDossierDocument,
  SubmitDossierDocument,
  TrackDossierUpdatesDocument,
} from '../generated/graphql';
import { CITIZEN_AN, CITIZEN_BINH, pdfFiles, startTestApp, TestApp } from '../support/harness';
import { sleep, subscribe, Subscriber, wsClient } from '../support/ws';

/**
 * Real time across instances: two servers on one PostgreSQL, subscribers on one, changes made
 * through the other. Everything goes through the outbox, the relay and LISTEN/NOTIFY.
 */

const MORTGAGE = '1.011543';
const LANDREG = '000.13.01.H37';
const TAX = '000.00.30.H37';

let a: TestApp;
let b: TestApp;
const open: Subscriber<unknown>[] = [];

beforeAll(async () => {
  // A reconnects its listener slowly and never polls, so a test can act while it is deaf.
  a = await startTestApp({ env: { LISTENER_RECONNECT_MS: '1500', EVENT_FEED_POLL_MS: '600000' } });
  b = await startTestApp({ sameDatabaseAs: a });
});
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await b?.stop();
  await a?.stop();
});

function track<T>(s: Subscriber<T>): Subscriber<T> {
  open.push(s as Subscriber<unknown>);
  return s;
}

/** Waits until an instance's feed has at least `n` subscriptions (the subscribe message was handled). */
async function registered(t: TestApp, n: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (t.app.services.realtime.feed.subscriberCount < n) {
    if (Date.now() > deadline) throw new Error(`only ${t.app.services.realtime.feed.subscriberCount} subscriptions registered`);
    await sleep(10);
  }
}

/** Waits until everything committed so far is published and A's feed has read it (no event in flight). */
async function quiet(): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const [r] = await a.sql('select count(*) filter (where published_at is null)::int as waiting, coalesce(max(published_seq), 0)::int as seq from outbox_event');
    if (!r.waiting && a.app.services.realtime.feed.position >= r.seq) return;
    if (Date.now() > deadline) throw new Error(`events still in flight: ${JSON.stringify(r)}`);
    await sleep(10);
  }
}

async function receiveAt(t: TestApp, applicant = CITIZEN_AN, settle = true) {
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, channel: 'COUNTER', applicant: { kind: 'PERSON', name: applicant.fullName, idNumber: applicant.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  if (settle) await quiet();
  return r.data.receiveDossier.dossier;
}

/** Dashboard, feed and relays count subscriptions; each test registers on top of what is there. */
const base = (t: TestApp) => t.app.services.realtime.feed.subscriberCount;

describe('events across two instances', () => {
  it('a subscriber on A receives, in order, every change made through B, and the history entries', async () => {
    const d0 = await receiveAt(b);
    const before = base(a);
    const officer = await a.login('landreg.leader');
    const changes = track(subscribe(a.url, officer, DossierStatusChangedDocument, { filter: { dossierId: d0.id } }));
    const entries = track(subscribe(a.url, officer, DossierEventsDocument, { dossierId: d0.id }));
    await registered(a, before + 2);

    let d = await b.act('landreg.reception', d0.id, d0.version, 'assign', { assigneeId: await b.accountId('landreg.specialist') });
    d = await b.act('landreg.specialist', d.id, d.version, 'requestSupplement', { note: 'Thiếu hợp đồng thế chấp' });
    d = await b.act('landreg.reception', d.id, d.version, 'submitSupplement');
    d = await b.act('landreg.specialist', d.id, d.version, 'submitForApproval');
    d = await b.act('landreg.leader', d.id, d.version, 'approve');

    const got = await changes.waitFor(5);
    expect(got.map((c) => c.dossierStatusChanged.action)).toEqual(['assign', 'requestSupplement', 'submitSupplement', 'submitForApproval', 'approve']);
    expect(got.map((c) => c.dossierStatusChanged.status.code)).toEqual([4, 5, 4, 4, 9]);
    expect(got[1].dossierStatusChanged.fromStatus?.code).toBe(4);
    // Event ids are distinct and increasing: a consumer can drop a repeat by id.
    const ids = got.map((c) => BigInt(c.dossierStatusChanged.eventId));
    expect([...ids].sort((x, y) => (x < y ? -1 : 1))).toEqual(ids);
    expect(new Set(ids).size).toBe(5);
    // The officer sees the applicant's data in the re-read dossier.
    expect(got[4].dossierStatusChanged.dossier).toMatchObject({ id: d0.id, version: d.version, applicant: { idNumber: CITIZEN_AN.identityNumber } });

    const history = await entries.waitFor(5);
    expect(history.map((h) => h.dossierEvents.action)).toEqual(['assign', 'requestSupplement', 'submitSupplement', 'submitForApproval', 'approve']);
    expect(history[1].dossierEvents.note).toBe('Thiếu hợp đồng thế chấp');
    await sleep(200);
    expect(changes.results).toHaveLength(5); // nothing twice
  });

  it('a rolled-back transition publishes nothing', async () => {
    const d0 = await receiveAt(b);
    const before = base(a);
    const changes = track(subscribe(a.url, await a.login('landreg.leader'), DossierStatusChangedDocument, { filter: { dossierId: d0.id } }));
    await registered(a, before + 1);
    const outboxBefore = (await a.sql('select count(*)::int as n from outbox_event'))[0].n;
    // The history insert fails inside the transition's transaction, after the outbox row was queued.
    await a.sql(`create function fail_history() returns trigger language plpgsql as $$ begin
      if new.note = 'ROLL ME BACK' then raise exception 'forced failure'; end if; return new; end $$`);
    await a.sql('create trigger fail_history before insert on dossier_history for each row execute function fail_history()');
    try {
      const r = await b.raw({
        query: 'mutation($i: PerformDossierActionInput!) { performDossierAction(input: $i) { __typename } }',
        variables: { i: { dossierId: d0.id, expectedVersion: d0.version, action: 'requestSupplement', note: 'ROLL ME BACK' } },
      }, await b.login('landreg.reception'));
      expect(r.errors?.[0].extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await a.sql('drop trigger fail_history on dossier_history');
      await a.sql('drop function fail_history()');
    }
    expect((await a.sql('select count(*)::int as n from outbox_event'))[0].n).toBe(outboxBefore);
    // The next, successful change arrives alone: the failed one never existed.
    await b.act('landreg.reception', d0.id, d0.version, 'requestSupplement', { note: 'Thiếu bản vẽ' });
    const got = await changes.waitFor(1);
    await sleep(300);
    expect(changes.results).toHaveLength(1);
    expect(got[0].dossierStatusChanged.action).toBe('requestSupplement');
    expect((await a.sql('select note from dossier_history where dossier_id = $1 order by id', [d0.id])).map((h) => h.note)).not.toContain('ROLL ME BACK');
  });

  it('events committed while no relay runs are published once any instance runs one again', async () => {
    const d0 = await receiveAt(b);
    const before = base(a);
    const changes = track(subscribe(a.url, await a.login('landreg.leader'), DossierStatusChangedDocument, { filter: { dossierId: d0.id } }));
    await registered(a, before + 1);
    // Both relays die (as if their processes were killed between the commit and the publication).
    await a.app.services.realtime.relay.stop();
    await b.app.services.realtime.relay.stop();
    try {
      let d = await b.act('landreg.reception', d0.id, d0.version, 'assign', { assigneeId: await b.accountId('landreg.specialist') });
      d = await b.act('landreg.specialist', d.id, d.version, 'submitForApproval');
      await sleep(400);
      expect(changes.results).toHaveLength(0);
      const waiting = await a.sql(`select count(*)::int as n from outbox_event where aggregate_id = $1 and published_at is null`, [d0.id]);
      expect(waiting[0].n).toBe(2);
      // A third instance starts: its relay publishes what waited, and A's subscriber gets it.
      const c = await startTestApp({ sameDatabaseAs: a });
      try {
        const got = await changes.waitFor(2);
        expect(got.map((x) => x.dossierStatusChanged.action)).toEqual(['assign', 'submitForApproval']);
      } finally {
        await c.stop();
      }
    } finally {
      a.app.services.realtime.relay.start();
      b.app.services.realtime.relay.start();
    }
  });

  it('a relay batch that fails rolls back whole and is published exactly once on retry', async () => {
    await a.app.services.realtime.relay.stop();
    await b.app.services.realtime.relay.stop();
    try {
      const d0 = await receiveAt(b, CITIZEN_AN, false);
      let failures = 1;
      const seen: string[] = [];
      const relay = new OutboxRelay(a.app.services.orm.em.fork() as any, [{
        name: 'flaky',
        async consume(tx, events) {
          await tx.query('select 1');
          if (failures-- > 0) throw new Error('consumer crashed');
          seen.push(...events.map((e) => e.id));
        },
      }], { sweepMs: 60_000, log: () => undefined });
      await expect(relay.publishBatch()).rejects.toThrow('consumer crashed');
      const [row] = await a.sql(`select published_seq from outbox_event where aggregate_id = $1`, [d0.id]);
      expect(row.published_seq).toBeNull();
      expect(await relay.publishBatch()).toBeGreaterThanOrEqual(1);
      expect(await relay.publishBatch()).toBe(0);
      const [after] = await a.sql(`select id::text, published_seq from outbox_event where aggregate_id = $1`, [d0.id]);
      expect(after.published_seq).not.toBeNull();
      expect(seen.filter((id) => id === after.id)).toHaveLength(1);
    } finally {
      a.app.services.realtime.relay.start();
      b.app.services.realtime.relay.start();
    }
  });

  it('a listener whose connection is cut reconnects and catches up on what it missed', async () => {
    const d0 = await receiveAt(b);
    const before = base(a);
    const changes = track(subscribe(a.url, await a.login('landreg.leader'), DossierStatusChangedDocument, { filter: { dossierId: d0.id } }));
    await registered(a, before + 1);
    const listener = a.app.services.realtime.listener;
    const oldPid = listener.pid;
    await a.sql('select pg_terminate_backend($1)', [oldPid]);
    while (listener.connected) await sleep(5);
    // These commit and are published (by B's relay) while A is not listening.
    const assignee = await b.accountId('landreg.specialist');
    let d = await b.act('landreg.reception', d0.id, d0.version, 'assign', { assigneeId: assignee });
    d = await b.act('landreg.specialist', d.id, d.version, 'requestPayment');
    d = await b.act('landreg.reception', d.id, d.version, 'pay');
    while ((await a.sql('select count(*)::int as n from outbox_event where published_at is null'))[0].n) await sleep(10);
    expect(listener.connected).toBe(false);
    expect(changes.results).toHaveLength(0);
    const got = await changes.waitFor(3);
    expect(got.map((x) => x.dossierStatusChanged.action)).toEqual(['assign', 'requestPayment', 'pay']);
    expect(listener.connected).toBe(true);
    expect(listener.pid).not.toBe(oldPid);
    await sleep(200);
    expect(changes.results).toHaveLength(3);
  });
});

describe('who hears what', () => {
  it('refuses subscriptions without a token (except public tracking) and with a bad one (4403)', async () => {
    const anon = track(subscribe(a.url, null, DossierStatusChangedDocument, {}));
    const err = (await anon.ended) as { message: string; extensions?: { code: string } }[];
    expect(err[0].extensions?.code).toBe('UNAUTHENTICATED');
    const bad = track(subscribe(a.url, 'not-a-token', DossierStatusChangedDocument, {}));
    expect(((await bad.ended) as { code: number }).code).toBe(4403);
  });

  it('a citizen cannot follow another citizen’s dossier; an officer hears only their agency', async () => {
    const token = await a.login('citizen.an');
    const r = await a.gql(SubmitDossierDocument, {
      input: { procedureCode: MORTGAGE, applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, files: pdfFiles(['TP1', 'TP2', 'TP3']) },
    }, token);
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const d0 = r.data.submitDossier.dossier;
    await quiet();

    const binh = await a.login('citizen.binh');
    const spy = track(subscribe(a.url, binh, DossierEventsDocument, { dossierId: d0.id }));
    expect(((await spy.ended) as { extensions?: { code: string } }[])[0].extensions?.code).toBe('NOT_FOUND');

    const before = base(a);
    const binhAll = track(subscribe(a.url, binh, DossierStatusChangedDocument, { filter: { dossierId: d0.id } }));
    const anAll = track(subscribe(a.url, token, DossierStatusChangedDocument, {}));
    const taxOfficer = track(subscribe(a.url, await a.login('tax.leader'), DossierStatusChangedDocument, {}));
    const landOfficer = track(subscribe(a.url, await a.login('landreg.reception'), DossierStatusChangedDocument, { filter: { agencyCode: LANDREG } }));
    await registered(a, before + 4);

    await b.act('landreg.reception', d0.id, 1, 'receive');
    const mine = await anAll.waitFor(1);
    expect(mine[0].dossierStatusChanged).toMatchObject({ action: 'receive', status: { code: 2 }, dossier: { id: d0.id } });
    await landOfficer.waitFor(1);
    await sleep(300);
    expect(binhAll.results).toHaveLength(0);
    expect(taxOfficer.results).toHaveLength(0);
    void CITIZEN_BINH;
  });

  it('public tracking pushes status and dates only, to whoever holds the code and identity number', async () => {
    const d0 = await receiveAt(b, CITIZEN_BINH);
    const wrong = track(subscribe(a.url, null, TrackDossierUpdatesDocument, { code: d0.code, applicantIdNumber: CITIZEN_AN.identityNumber }));
    expect(((await wrong.ended) as { extensions?: { code: string } }[])[0].extensions?.code).toBe('NOT_FOUND');
    const before = base(a);
    const tracker = track(subscribe(a.url, null, TrackDossierUpdatesDocument, { code: d0.code, applicantIdNumber: CITIZEN_BINH.identityNumber }));
    await registered(a, before + 1);
    await b.act('landreg.reception', d0.id, d0.version, 'requestSupplement', { note: 'Thiếu giấy tờ' });
    const [u] = await tracker.waitFor(1);
    expect(u.trackDossierUpdates).toEqual({ code: d0.code, status: { code: 5, name: 'Yêu cầu bổ sung giấy tờ' }, holdingAgencyName: expect.any(String), dueAt: expect.any(String) });
  });

  it('a subscription too deep is rejected over WebSocket as over HTTP', async () => {
    const token = await a.login('landreg.leader');
    const deep = `subscription { dossierStatusChanged { dossier { procedure { agency { ${'parent { '.repeat(9)}code${' }'.repeat(9)} } } } } }`;
    const ws = wsClient(a.url, token);
    const err = await new Promise<any>((resolve) => ws.subscribe({ query: deep }, { next: () => undefined, error: resolve, complete: () => resolve(null) }));
    await ws.dispose();
    expect(err?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
  });
});

describe('agency dashboards', () => {
  it('push the counts at once and after changes, throttled, to the agency’s officers only', async () => {
    const before = base(a);
    const dash = track(subscribe(a.url, await a.login('landreg.leader'), AgencyDashboardDocument, { agencyCode: LANDREG }));
    const [first] = await dash.waitFor(1);
    const open0 = first.agencyDashboard.open;
    await registered(a, before);
    for (let i = 0; i < 6; i++) await receiveAt(b);
    const deadline = Date.now() + 5000;
    while ((dash.data.at(-1)?.agencyDashboard.open ?? 0) < open0 + 6 && Date.now() < deadline) await sleep(50);
    expect(dash.data.at(-1)!.agencyDashboard.open).toBe(open0 + 6);
    // Six changes, far fewer updates: the agency's counts are recomputed at most every 250 ms.
    expect(dash.results.length).toBeLessThan(1 + 6);
    const byStatus = dash.data.at(-1)!.agencyDashboard.byStatus;
    expect(byStatus.reduce((s, x) => s + x.count, 0)).toBe(open0 + 6);

    const denied = track(subscribe(a.url, await a.login('tax.leader'), AgencyDashboardDocument, { agencyCode: LANDREG }));
    expect(((await denied.ended) as { extensions?: { code: string } }[])[0].extensions?.code).toBe('FORBIDDEN');
    void TAX;
  });
});
