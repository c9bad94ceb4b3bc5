import { print } from 'graphql';
import WebSocket from 'ws';
import { DossierStatusChangedDocument, ReceiveDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, startTestApp, TestApp, landForm } from '../support/harness';
import { sleep, subscribe } from '../support/ws';

/**
 * A subscriber that stops reading must not make the server hold its events without bound:
 * past the queue limit its connection is closed with a reason, and the others go on.
 */

const MORTGAGE = '1.011543';
const LIMIT = 300;
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ env: { SUBSCRIPTION_QUEUE_LIMIT: String(LIMIT) } });
});
afterAll(async () => {
  await t?.stop();
});

async function receive() {
  const r = await t.gql(ReceiveDossierDocument, {
    input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.receiveDossier.dossier;
}

/** A bare graphql-transport-ws client whose socket we can stop reading. */
async function rawSubscriber(token: string, dossierId: string) {
  const sock = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => sock.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  sock.on('message', (m) => messages.push(JSON.parse(m.toString())));
  await new Promise((resolve) => sock.once('open', resolve));
  sock.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
  while (!messages.some((m) => m.type === 'connection_ack')) await sleep(5);
  sock.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: print(DossierStatusChangedDocument), variables: { filter: { dossierId } } } }));
  return { sock, messages, closed };
}

it('closes a subscriber that stopped reading, with a reason, and the others go on', async () => {
  const slowDossier = await receive();
  const otherDossier = await receive();
  const token = await t.login('landreg.leader');
  const feed = t.app.services.realtime.feed;
  while (feed.position < 2) await sleep(10);
  const before = feed.subscriberCount;

  const healthy = subscribe(t.url, token, DossierStatusChangedDocument, { filter: { dossierId: otherDossier.id } });
  const slow = await rawSubscriber(token, slowDossier.id);
  while (feed.subscriberCount < before + 2) await sleep(10);
  (slow.sock as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();

  // A steady stream of committed changes of the slow subscriber's dossier, in batches a reading
  // client keeps up with, until the socket buffers are full and the queue passes its limit.
  const [d] = await t.sql('select receiving_agency_id, holding_agency_id, procedure_id from dossier where id = $1', [slowDossier.id]);
  let sent = 0;
  const deadline = Date.now() + 90_000;
  while (feed.subscriberCount > before + 1) {
    if (Date.now() > deadline) throw new Error(`the slow subscriber was never dropped after ${sent} events`);
    await t.sql(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at)
      select 'Dossier', $1, 'DossierStatusChanged', jsonb_build_object('dossierId', $1::text, 'code', $2::text, 'action', 'assign',
        'fromNationalStatus', 2, 'nationalStatus', 4, 'receivingAgencyId', $3::text, 'holdingAgencyId', $4::text, 'procedureId', $5::text, 'at', now()), now()
      from generate_series(1, 100)`, [slowDossier.id, slowDossier.code, d.receiving_agency_id, d.holding_agency_id, d.procedure_id]);
    sent += 100;
    await sleep(100);
  }
  // The healthy subscriber still gets its dossier's next change.
  await t.act('landreg.reception', otherDossier.id, otherDossier.version, 'requestSupplement', { note: 'Thiếu giấy tờ' });
  const [change] = await healthy.waitFor(1, 20_000);
  expect(change.dossierStatusChanged.action).toBe('requestSupplement');
  await healthy.close();

  // Reading again, the slow client finds what was sent before, then the reason it was closed.
  (slow.sock as unknown as { _socket: { resume(): void } })._socket.resume();
  const closed = await slow.closed;
  expect(closed.code).toBe(1008);
  expect(closed.reason).toMatch(/^Subscriber too slow: \d+ events waiting, none taken for \d+ s; reconnect and re-read$/);
  // It was closed for its queue passing the limit, not before: served until its socket buffers
  // were full (how many messages those hold depends on the machine's TCP buffers, not on the
  // server), then cut off well before the end.
  const waiting = Number(/(\d+) events waiting/.exec(closed.reason)![1]);
  expect(waiting).toBeGreaterThan(LIMIT);
  const delivered = slow.messages.filter((m) => m.type === 'next').length;
  expect(delivered).toBeGreaterThan(0);
  expect(delivered + waiting).toBeLessThanOrEqual(sent);
}, 120_000);
