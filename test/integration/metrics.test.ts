import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MAX_OPERATION_NAMES } from '../../src/server/metrics';
import { DossierStatusChangedDocument, ReceiveDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, landForm, startTestApp, TestApp } from '../support/harness';
import { sleep, subscribe, Subscriber, wsClient } from '../support/ws';

/**
 * Prometheus metrics over real HTTP: exposure (token on the main port, a port of its own, open
 * in tests), and counters that move by exactly what the test did. Scrapes of `a` go to its
 * metrics port, which is another listener: they are not themselves counted in `a`'s HTTP metrics.
 */

const TOKEN = 'metrics-test-token-0123456789';
const MORTGAGE = '1.011543';
const LANDREG = '000.13.01.H37';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format, as far as these tests need it (no escapes in our label values but `\"`). */
function parse(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return out;
}

class Scrape {
  constructor(readonly samples: Sample[]) {}
  /** The sum over series of `name` whose labels include `labels`; undefined when there is none. */
  get(name: string, labels: Record<string, string> = {}): number | undefined {
    const hits = this.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
    return hits.length ? hits.reduce((a, s) => a + s.value, 0) : undefined;
  }
  n(name: string, labels: Record<string, string> = {}): number {
    return this.get(name, labels) ?? 0;
  }
  values(name: string, label: string): Set<string> {
    return new Set(this.samples.filter((s) => s.name === name).map((s) => s.labels[label]));
  }
}

async function scrapeUrl(url: string, token?: string): Promise<Scrape> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status !== 200) throw new Error(`scrape ${url}: ${res.status} ${await res.text()}`);
  return new Scrape(parse(await res.text()));
}

let a: TestApp;
let b: TestApp;
const base = (t: TestApp) => t.url.replace(/\/graphql$/, '');
const scrapeA = () => scrapeUrl(a.app.server.metricsUrl!);
const OP = 'onedoor_graphql_operation_duration_seconds_count';
const HTTP = 'onedoor_http_request_duration_seconds_count';

beforeAll(async () => {
  // A: a bearer token on the main port and a port of its own. B: on A's database with A's database
  // as its "replica" (a second pool), no relay, and neither variable (tests: open on the main port).
  a = await startTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_PORT: '0', METRICS_HOST: '127.0.0.1' } });
  b = await startTestApp({ sameDatabaseAs: a, env: { DATABASE_REPLICA_URL: a.dbUrl, OUTBOX_RELAY: 'false' } });
});
afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

describe('exposure', () => {
  it('the main port wants the bearer token (401 without it or with another); the metrics port answers without one', async () => {
    const none = await fetch(`${base(a)}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(`${base(a)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await fetch(`${base(a)}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
    const ok = await fetch(`${base(a)}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await ok.text()).toMatch(/^# HELP onedoor_http_request_duration_seconds /m);

    const own = a.app.server.metricsUrl!;
    expect(own).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect(new URL(own).port).not.toBe(String(a.app.server.port));
    const open = await fetch(own);
    expect(open.status).toBe(200);
    expect(await open.text()).toContain('onedoor_graphql_operation_duration_seconds');
    expect((await fetch(own.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
  });

  it('without METRICS_PORT or METRICS_TOKEN a test server answers openly on its main port, and has no metrics listener', async () => {
    const res = await fetch(`${base(b)}/metrics`);
    expect(res.status).toBe(200);
    expect(b.app.server.metricsUrl).toBeUndefined();
  });
});

describe('traffic', () => {
  it('HTTP requests by route pattern and status (never the raw URL), GraphQL operations by name and outcome', async () => {
    const before = await scrapeA();
    const statuses: number[] = [];
    const gql = async (query: string) => {
      const r = await a.raw({ query });
      statuses.push(r.status);
      return r;
    };
    for (let i = 0; i < 3; i++) expect((await gql('query MetricsNamed { __typename }')).data).toEqual({ __typename: 'Query' });
    for (let i = 0; i < 2; i++) expect((await gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    // Executed, but a resolver refuses an anonymous caller: an error result.
    const failing = await gql('query MetricsFailing { accounts { id } }');
    expect(failing.errors?.length).toBeGreaterThan(0);
    // Never executed (validation): refused, and its name never becomes a label.
    const refused = await gql('query MetricsRefused { noSuchField }');
    expect(refused.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const missing = `/no-such-page-${randomUUID()}`;
    expect((await fetch(`${base(a)}${missing}?x=1`)).status).toBe(404);
    expect((await fetch(`${base(a)}/healthz`)).status).toBe(200);
    const file = await fetch(`${base(a)}/files/${randomUUID()}`);

    const after = await scrapeA();
    const delta = (name: string, labels: Record<string, string>) => after.n(name, labels) - before.n(name, labels);
    for (const status of new Set(statuses)) {
      expect(delta(HTTP, { method: 'POST', route: '/graphql', status_code: String(status) })).toBe(statuses.filter((s) => s === status).length);
    }
    expect(delta(HTTP, { method: 'GET', route: 'other', status_code: '404' })).toBe(1);
    expect(delta(HTTP, { method: 'GET', route: '/healthz', status_code: '200' })).toBe(1);
    expect(delta(HTTP, { method: 'GET', route: '/files/:id', status_code: String(file.status) })).toBe(1);
    expect(after.values(HTTP, 'route')).not.toContain(missing);
    expect([...after.values(HTTP, 'route')].every((r) => r === 'other' || !/[0-9a-f]{8}-/.test(r))).toBe(true);

    expect(delta(OP, { operation: 'MetricsNamed', outcome: 'ok' })).toBe(3);
    expect(delta(OP, { operation: 'anonymous', outcome: 'ok' })).toBe(2);
    expect(delta(OP, { operation: 'MetricsFailing', outcome: 'error' })).toBe(1);
    expect(delta(OP, { operation: 'MetricsFailing', outcome: 'ok' })).toBe(0);
    expect(delta(OP, { operation: 'other', outcome: 'refused' })).toBe(1);
    expect(after.values(OP, 'operation')).not.toContain('MetricsRefused');
    expect(after.n('onedoor_graphql_operation_duration_seconds_sum', { operation: 'MetricsNamed' })).toBeGreaterThan(0);
  });

  it('a subscription shows in the WebSocket gauges while open; the relay lag is observed for every event it published', async () => {
    const officer = await a.login('landreg.leader');
    await a.settled();
    const published = async () => Number((await a.sql(`select count(*)::int as n from outbox_event where published_at is not null`))[0].n);
    const before = await scrapeA();
    const publishedBefore = await published();
    expect(before.get('onedoor_websocket_connections')).toBe(0);
    expect(before.get('onedoor_graphql_subscriptions_active')).toBe(0);

    const feedBefore = a.app.services.realtime.feed.subscriberCount;
    const sub: Subscriber<unknown> = subscribe(a.url, officer, DossierStatusChangedDocument, { filter: { agencyCode: LANDREG } });
    try {
      const deadline = Date.now() + 5000;
      while (a.app.services.realtime.feed.subscriberCount <= feedBefore) {
        if (Date.now() > deadline) throw new Error('the subscription was not registered');
        await sleep(10);
      }
      const open = await scrapeA();
      expect(open.get('onedoor_websocket_connections')).toBe(1);
      expect(open.get('onedoor_graphql_subscriptions_active')).toBe(1);
      expect(open.n(OP, { operation: 'DossierStatusChanged', outcome: 'ok' }) - before.n(OP, { operation: 'DossierStatusChanged', outcome: 'ok' })).toBe(1);

      const r = await a.gql(ReceiveDossierDocument, {
        input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber } },
      }, await a.login('landreg.reception'));
      expect(r.data?.receiveDossier.__typename).toBe('DossierPayload');
      await sub.waitFor(1);
      await a.settled();
    } finally {
      await sub.close();
    }

    const after = await scrapeA();
    const newlyPublished = (await published()) - publishedBefore;
    expect(newlyPublished).toBeGreaterThan(0);
    // Only A runs a relay: every event published meanwhile was observed once, by A.
    expect(after.n('onedoor_outbox_relay_lag_seconds_count') - before.n('onedoor_outbox_relay_lag_seconds_count')).toBe(newlyPublished);
    expect(after.n(OP, { operation: 'ReceiveDossier', outcome: 'ok' }) - before.n(OP, { operation: 'ReceiveDossier', outcome: 'ok' })).toBe(1);

    // The client closed: the gauges fall back (the server sees the close a moment later).
    const deadline = Date.now() + 5000;
    for (;;) {
      const s = await scrapeA();
      if (s.get('onedoor_websocket_connections') === 0 && s.get('onedoor_graphql_subscriptions_active') === 0) break;
      if (Date.now() > deadline) throw new Error('WebSocket gauges did not fall back to 0');
      await sleep(20);
    }
  });

  it('over WebSocket too: a query is timed under its name, an operation refused by validation is counted as refused', async () => {
    const before = await scrapeA();
    const client = wsClient(a.url, await a.login('landreg.leader'));
    try {
      const query = await new Promise<unknown>((resolve, reject) => {
        let got: unknown;
        client.subscribe({ query: 'query MetricsOverWs { __typename }' }, { next: (r) => (got = r.data), error: reject, complete: () => resolve(got) });
      });
      expect(query).toEqual({ __typename: 'Query' });
      const refused = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: 'subscription MetricsWsRefused { noSuchField }' }, { next: () => undefined, error: resolve, complete: () => resolve('complete') });
      });
      expect(JSON.stringify(refused)).toContain('noSuchField');
    } finally {
      await client.dispose();
    }
    const after = await scrapeA();
    const delta = (labels: Record<string, string>) => after.n(OP, labels) - before.n(OP, labels);
    expect(delta({ operation: 'MetricsOverWs', outcome: 'ok' })).toBe(1);
    expect(delta({ operation: 'other', outcome: 'refused' })).toBe(1);
    expect(after.values(OP, 'operation')).not.toContain('MetricsWsRefused');
  });

  it('each instance has its own registry: pools (main and replica), process metrics, queue gauges', async () => {
    const s = await scrapeUrl(`${base(b)}/metrics`);
    // B answered no GraphQL operation of A's.
    expect(s.get(OP, { operation: 'MetricsNamed' })).toBeUndefined();
    for (const pool of ['main', 'analytics']) {
      expect(s.get('onedoor_db_pool_max_connections', { pool })).toBe(5);
      expect(s.get('onedoor_db_pool_connections', { pool, state: 'in_use' })).toBeGreaterThanOrEqual(0);
      expect(s.get('onedoor_db_pool_connections', { pool, state: 'idle' })).toBeGreaterThanOrEqual(0);
      expect(s.get('onedoor_db_pool_pending_acquires', { pool })).toBe(0);
    }
    expect(s.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(s.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(s.get('onedoor_outbox_unpublished_events')).toBeGreaterThanOrEqual(0);
    const queue = s.samples.filter((x) => x.name === 'onedoor_notification_queue_depth');
    expect(queue.map((q) => `${q.labels.channel}/${q.labels.status}`).sort()).toEqual(
      ['EMAIL', 'SMS'].flatMap((c) => ['DEAD', 'FAILED', 'QUEUED', 'SENDING'].map((st) => `${c}/${st}`)).sort(),
    );
    // A's pool: only the main one (no replica configured).
    const sa = await scrapeA();
    expect(sa.values('onedoor_db_pool_max_connections', 'pool')).toEqual(new Set(['main']));
  });

  it('a flood of made-up operation names does not grow the label set past its bound', async () => {
    const before = await scrapeA();
    const reserved = new Set(['anonymous', 'other']);
    const namedBefore = [...before.values(OP, 'operation')].filter((n) => !reserved.has(n));
    expect(namedBefore.length).toBeLessThan(MAX_OPERATION_NAMES);
    const flood = 150;
    const names = Array.from({ length: flood }, (_, i) => `Flood${i}_${randomUUID().replaceAll('-', '')}`);
    for (let i = 0; i < flood; i += 15) {
      const rs = await Promise.all(names.slice(i, i + 15).map((n) => a.raw({ query: `query ${n} { __typename }` })));
      expect(rs.every((r) => r.data?.__typename === 'Query')).toBe(true);
    }
    const after = await scrapeA();
    const namedAfter = [...after.values(OP, 'operation')].filter((n) => !reserved.has(n));
    expect(namedAfter.length).toBe(MAX_OPERATION_NAMES);
    // The names that found room kept them; all the others were counted as `other`.
    const room = MAX_OPERATION_NAMES - namedBefore.length;
    expect(after.n(OP, { operation: 'other', outcome: 'ok' }) - before.n(OP, { operation: 'other', outcome: 'ok' })).toBe(flood - room);
    expect(namedAfter.filter((n) => n.startsWith('Flood'))).toHaveLength(room);
  });
});

describe('scrape-time SQL', () => {
  let c: TestApp;
  let lock: Client | undefined;
  beforeAll(async () => {
    // Its own database and no relay: outbox rows written here stay unpublished.
    c = await startTestApp({ env: { OUTBOX_RELAY: 'false' } });
  });
  afterAll(async () => {
    await lock?.end();
    await c?.stop();
  });
  const scrapeC = () => scrapeUrl(`${base(c)}/metrics`);

  it('a scrape while the tables are locked answers in time and counts the failed probes', async () => {
    lock = new Client({ connectionString: c.dbUrl });
    await lock.connect();
    await lock.query('begin');
    await lock.query('lock table outbox_event, notification in access exclusive mode');
    const s = await scrapeC(); // the probes' statement timeout (1 s) ends their wait for the lock
    await lock.query('rollback');
    expect(s.get('onedoor_metrics_collect_errors_total', { collector: 'outbox' })).toBe(1);
    expect(s.get('onedoor_metrics_collect_errors_total', { collector: 'notification_queue' })).toBe(1);
    // The rest of the scrape is there all the same.
    expect(s.get('onedoor_db_pool_max_connections', { pool: 'main' })).toBe(5);
    expect(s.get('nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('counts unpublished events, the oldest one\'s age, and notifications waiting by channel and status', async () => {
    const [{ waiting }] = await c.sql(`select count(*)::int as waiting from outbox_event where published_at is null`);
    await c.sql(`insert into outbox_event (aggregate_type, aggregate_id, type, payload, created_at)
      select 'Test', g::text, 'MetricsProbe', '{}', now() - interval '1 hour' from generate_series(1, 3) g`);
    const queued = async (channel: string, status: string) =>
      (await c.sql(`select count(*)::int as n from notification where channel = $1 and status = $2`, [channel, status]))[0].n as number;
    const [smsQueued, emailDead] = [await queued('SMS', 'QUEUED'), await queued('EMAIL', 'DEAD')];
    await c.sql(`insert into notification (id, kind, channel, recipient, language, body, status, attempts, next_attempt_at, created_at) values
      (gen_random_uuid(), 'RECEIVED', 'SMS', '0900000000', 'vi', 'x', 'QUEUED', 0, now() + interval '1 day', now()),
      (gen_random_uuid(), 'RECEIVED', 'EMAIL', 'a@example.vn', 'vi', 'x', 'DEAD', 6, now(), now())`);
    // The failed probe of the previous test is not retried before its period (2 s) is over.
    await sleep(2100);
    const s = await scrapeC();
    expect(s.get('onedoor_outbox_unpublished_events')).toBe(waiting + 3);
    expect(s.get('onedoor_outbox_oldest_unpublished_age_seconds')).toBeGreaterThanOrEqual(3600);
    expect(s.get('onedoor_notification_queue_depth', { channel: 'SMS', status: 'QUEUED' })).toBe(smsQueued + 1);
    expect(s.get('onedoor_notification_queue_depth', { channel: 'EMAIL', status: 'DEAD' })).toBe(emailDead + 1);
    expect(s.get('onedoor_metrics_collect_errors_total', { collector: 'outbox' })).toBe(1);
  });
});
