import { TokenService } from '../../src/auth/token.service';
import { OutboxRelay } from '../../src/events/outbox-relay';
import {
  AgencyDashboardDocument,
  DossierEventsDocument,
  DossierStatusChangedDocument,
  NotificationsDocument,
  ReceiveDossierDocument,
  SubmitDossierDocument,
  TrackDossierUpdatesDocument,
} from '../generated/graphql';
import { CITIZEN_AN, CITIZEN_BINH, pdfFiles, startTestApp, TestApp, landForm } from '../support/harness';
import { silentLogger } from '../../src/logging/logger';
import { sleep, subscribe, Subscriber, wsClient } from '../support/ws';

/**
 * Real time across instances: two servers on one PostgreSQL, subscribers on one, changes made
 * through the other. Everything goes through the outbox, the relay and LISTEN/NOTIFY.
 */

const MORTGAGE = '1.011543';
const LANDREG = '000.13.01.H37';
const TAX = '000.00.30.H37';
const LAND_DEPARTMENT = '000.00.13.H37';

let a: TestApp;
let b: TestApp;
const open: Subscriber<unknown>[] = [];

beforeAll(async () => {
  // A reconnects its listener slowly and never polls, so a test can act while it is deaf. Its
  // dashboards recompute at most once a second: with the default 250 ms, a loaded machine spaced
  // the throttle test's six changes past the window and each got an update of its own.
  a = await startTestApp({ env: { LISTENER_RECONNECT_MS: '1500', EVENT_FEED_POLL_MS: '600000', MAX_SUBSCRIPTIONS_PER_CONNECTION: '3', DASHBOARD_THROTTLE_MS: '1000' } });
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

async function receiveAt(t: TestApp, applicant = CITIZEN_AN, settle = true) {
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: applicant.fullName, idNumber: applicant.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  if (settle) await a.settled();
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

  it('two relays under concurrent load publish every event once, gap-free, in order per dossier', async () => {
    const dossiers = [];
    for (let i = 0; i < 12; i++) dossiers.push(await receiveAt(i % 2 ? a : b, CITIZEN_AN, false));
    await a.settled();
    const before = base(a);
    const analyst = track(subscribe(a.url, await a.login('analyst'), DossierStatusChangedDocument, { filter: { agencyCode: LANDREG } }));
    await registered(a, before + 1);
    const assignee = await a.accountId('landreg.specialist');
    // Three changes per dossier, dossiers in parallel, alternating instances (and relays).
    await Promise.all(dossiers.map(async (d0, i) => {
      const [x, y] = i % 2 ? [a, b] : [b, a];
      let d = await x.act('landreg.reception', d0.id, d0.version, 'assign', { assigneeId: assignee });
      d = await y.act('landreg.specialist', d.id, d.version, 'requestPayment');
      await x.act('landreg.reception', d.id, d.version, 'pay');
    }));
    const got = await analyst.waitFor(36);
    await a.settled();
    const rows = await a.sql(`select id::int8 as id, aggregate_id, published_seq::int8 as seq from outbox_event order by published_seq`);
    const seqs = rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_s, i) => seqs[0] + i)); // gap-free, no duplicates
    for (const d of dossiers) {
      const mine = rows.filter((r) => r.aggregate_id === d.id);
      expect(mine.map((r) => Number(r.id))).toEqual([...mine.map((r) => Number(r.id))].sort((p, q) => p - q));
      expect(got.filter((g) => g.dossierStatusChanged.dossier.id === d.id).map((g) => g.dossierStatusChanged.action)).toEqual(['assign', 'requestPayment', 'pay']);
    }
    await sleep(200);
    expect(analyst.results).toHaveLength(36);
    expect(new Set(got.map((g) => g.dossierStatusChanged.eventId)).size).toBe(36);
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

  it('a failing consumer neither loses nor repeats work, and one bad event does not stop publication', async () => {
    await a.app.services.realtime.relay.stop();
    await b.app.services.realtime.relay.stop();
    try {
      const good = await receiveAt(b, CITIZEN_AN, false);
      const poison = await receiveAt(b, CITIZEN_AN, false);
      let transient = 1;
      const handled: string[] = [];
      await a.sql('create table if not exists relay_probe (aggregate_id text not null)');
      const relay = new OutboxRelay(a.app.services.orm.em.fork() as any, [{
        name: 'flaky',
        async consume(tx, events) {
          // Written before the failure: must vanish with it.
          await tx.query('insert into relay_probe (aggregate_id) select unnest($1::text[])', [events.map((e) => e.aggregateId)]);
          if (transient-- > 0) throw new Error('transient failure');
          if (events.some((e) => e.aggregateId === poison.id)) throw new Error('cannot handle this one');
          handled.push(...events.map((e) => e.aggregateId));
        },
      }], { sweepMs: 60_000, logger: silentLogger() });
      expect(await relay.publishBatch()).toBe(2);
      expect(await relay.publishBatch()).toBe(0);
      // Both published; the good event handled once, the poison one recorded for repair.
      const rows = await a.sql(`select aggregate_id, published_seq from outbox_event where aggregate_id = any($1::text[])`, [[good.id, poison.id]]);
      expect(rows.every((r) => r.published_seq !== null)).toBe(true);
      expect(handled).toEqual([good.id]);
      expect((await a.sql('select aggregate_id from relay_probe')).map((r) => r.aggregate_id)).toEqual([good.id]);
      const failures = await a.sql(`select f.consumer, f.error, o.aggregate_id from outbox_consumer_failure f join outbox_event o on o.id = f.event_id`);
      expect(failures).toEqual([{ consumer: 'flaky', error: 'cannot handle this one', aggregate_id: poison.id }]);
    } finally {
      a.app.services.realtime.relay.start();
      b.app.services.realtime.relay.start();
    }
  });

  it('old published events are purged, never the newest one nor an unpublished one', async () => {
    await a.settled();
    await a.app.services.realtime.relay.stop();
    await b.app.services.realtime.relay.stop();
    try {
      const [{ n: total }] = await a.sql('select count(*)::int as n from outbox_event');
      await a.sql(`update outbox_event set published_at = published_at - interval '40 days'`);
      await a.sql(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at) values ('Test', 'x', 'Unpublished', '{}', now() - interval '50 days')`);
      const relay = new OutboxRelay(a.app.services.orm.em.fork() as any, [], { sweepMs: 60_000, logger: silentLogger() });
      expect(await relay.purgePublished(30)).toBe(total - 1);
      const left = await a.sql('select type, published_seq from outbox_event order by id');
      expect(left).toHaveLength(2);
      expect(left.find((r) => r.type === 'Unpublished').published_seq).toBeNull();
    } finally {
      a.app.services.realtime.relay.start();
      b.app.services.realtime.relay.start();
    }
    await a.settled(); // the restarted relays publish the waiting one after the kept newest one
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
      input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber }, files: pdfFiles(['TP1', 'TP2', 'TP3']) },
    }, token);
    if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    const d0 = r.data.submitDossier.dossier;
    await a.settled();

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
  });

  it('an agency that held a dossier hears its later changes; a citizen hears of counter dossiers filed for them', async () => {
    const d0 = await receiveAt(b, CITIZEN_BINH);
    const before = base(a);
    const taxOfficer = track(subscribe(a.url, await a.login('tax.reception'), DossierStatusChangedDocument, {}));
    const binh = track(subscribe(a.url, await a.login('citizen.binh'), DossierStatusChangedDocument, {}));
    const an = track(subscribe(a.url, await a.login('citizen.an'), DossierStatusChangedDocument, {}));
    await registered(a, before + 3);
    // Land registration → tax → land department; then the land department acts.
    let d = await b.act('landreg.leader', d0.id, d0.version, 'transfer', { targetAgencyCode: TAX, note: 'Xác định nghĩa vụ tài chính' });
    d = await b.act('tax.leader', d.id, d.version, 'transfer', { targetAgencyCode: LAND_DEPARTMENT, note: 'Chuyển Sở' });
    d = await b.act('land.leader', d.id, d.version, 'assign', { assigneeId: await b.accountId('land.specialist') });
    d = await b.act('land.specialist', d.id, d.version, 'requestSupplement', { note: 'Thiếu bản đồ địa chính' });
    // Status changes only (the second transfer and the assignment keep the state).
    const heard = await taxOfficer.waitFor(2);
    expect(heard.map((h) => [h.dossierStatusChanged.action, h.dossierStatusChanged.dossier.holdingAgency.code])).toEqual([['transfer', TAX], ['requestSupplement', LAND_DEPARTMENT]]);
    expect((await binh.waitFor(2)).map((h) => h.dossierStatusChanged.action)).toEqual(['transfer', 'requestSupplement']);
    await sleep(200);
    expect(an.results.filter((r) => (r.data as any)?.dossierStatusChanged.dossier.id === d0.id)).toHaveLength(0);
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

  it('ends a connection when its token expires (4403) and caps the operations on one connection', async () => {
    const principal = await a.app.services.tokens.verify(await a.login('landreg.leader'));
    const shortLived = await new TokenService({ ...a.app.services.config.auth, tokenTtlSeconds: 2 }, async () => undefined).sign(principal);
    const s = track(subscribe(a.url, shortLived.token, DossierStatusChangedDocument, {}));
    const started = Date.now();
    const ended = (await s.ended) as { code: number; reason: string };
    expect(ended).toMatchObject({ code: 4403, reason: 'Token expired' });
    expect(Date.now() - started).toBeLessThan(4000);

    const client = wsClient(a.url, await a.login('landreg.leader'));
    const subs = [0, 1, 2, 3].map(() => track(subscribe(a.url, null, DossierStatusChangedDocument, {}, client)));
    const refused = (await subs[3].ended) as { extensions?: { code: string } }[];
    expect(refused[0].extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(subs.slice(0, 3).every((x) => x.results.length === 0)).toBe(true);
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

describe('notifications without a configured channel', () => {
  it('are planned all the same and stay visibly QUEUED until an instance can send them', async () => {
    const r = await b.gql(ReceiveDossierDocument, {
      input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email } },
    }, await b.login('landreg.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    await a.settled();
    await sleep(100);
    const list = await a.gql(NotificationsDocument, { filter: { dossierId: r.data.receiveDossier.dossier.id } }, await a.login('landreg.reception'));
    expect(list.data!.notifications.edges.map((e) => [e.node.channel, e.node.status, e.node.attempts])).toEqual([['EMAIL', 'QUEUED', 0]]);
  });
});

describe('agency dashboards', () => {
  it('push the counts at once and after changes, throttled, to the agency’s officers only', async () => {
    const before = base(a);
    const dash = track(subscribe(a.url, await a.login('landreg.leader'), AgencyDashboardDocument, { agencyCode: LANDREG }));
    const [first] = await dash.waitFor(1);
    const open0 = first.agencyDashboard.open;
    await registered(a, before);
    // One by one, each read by A before the next: unthrottled, each would be an update of its own.
    for (let i = 0; i < 6; i++) await receiveAt(b);
    const deadline = Date.now() + 5000;
    while ((dash.data.at(-1)?.agencyDashboard.open ?? 0) < open0 + 6 && Date.now() < deadline) await sleep(50);
    expect(dash.data.at(-1)!.agencyDashboard.open).toBe(open0 + 6);
    // Six changes, far fewer updates: the agency's counts are recomputed at most once a second.
    expect(dash.results.length).toBeLessThan(1 + 6);
    const byStatus = dash.data.at(-1)!.agencyDashboard.byStatus;
    expect(byStatus.reduce((s, x) => s + x.count, 0)).toBe(open0 + 6);

    const denied = track(subscribe(a.url, await a.login('tax.leader'), AgencyDashboardDocument, { agencyCode: LANDREG }));
    expect(((await denied.ended) as { extensions?: { code: string } }[])[0].extensions?.code).toBe('FORBIDDEN');
  });
});
