import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { print } from 'graphql';
import { Client } from 'pg';
import { hashPassword } from '../../src/auth/password';
import { LoginDocument, SetCalendarDayDocument } from '../generated/graphql';

/**
 * Tracing end to end: the server runs as a child process (instrumentation patches modules as
 * they are required, which jest's module registry would hide) with an OTLP/HTTP endpoint on a
 * real receiver on loopback, and the spans it exports are decoded and checked.
 *
 * The batch span processor's delay is far longer than the test: nothing is exported until the
 * server stops, so receiving the spans at all shows that a graceful stop flushes them.
 */

interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean }
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: OtlpValue }[];
  links?: { traceId: string; spanId: string }[];
  events?: { name: string; attributes?: { key: string; value: OtlpValue }[] }[];
  status?: { code?: number; message?: string };
}
const SPAN_KIND_SERVER = 2;
const SPAN_KIND_PRODUCER = 4;

const ROOT = path.join(__dirname, '../..');
const PASSWORD = `pw-${randomUUID()}`;
/** A value sent only as a GraphQL variable: it must not appear in anything exported. */
const MARKER_ID = randomUUID().slice(0, 8);
const MARKER = `Ngày hội truy vết ${MARKER_ID}`;
/** A phone-like number only the path of one request carries. */
const PATH_NUMBER = `09${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const TRACE_ID = randomBytes(16).toString('hex');
const CALLER_SPAN_ID = randomBytes(8).toString('hex');
/** A list the SQL fast path answers in one statement (test/integration/sql-fast-path.test.ts). */
const INBOX = `query DossierInbox { dossiers(first: 50) { edges { node { id code state { key label } procedure { code name } } } pageInfo { hasNextPage endCursor } } }`;
const INBOX_TRACE_ID = randomBytes(16).toString('hex');
let inboxExtensions: unknown;

const bodies: string[] = [];
const spans: OtlpSpan[] = [];
const resources: { key: string; value: OtlpValue }[][] = [];
let receiver: Server;
let child: ChildProcess;
let output = '';
let exitCode: number | null = null;
let dbName: string;
let dbUrl: string;
let recordedContext: { traceparent?: string } | null = null;

function attr(span: OtlpSpan, key: string): string | undefined {
  const v = span.attributes?.find((a) => a.key === key)?.value;
  return v === undefined ? undefined : String(v.stringValue ?? v.intValue ?? v.boolValue);
}

function isDescendant(span: OtlpSpan, ancestor: OtlpSpan): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  for (let p = span.parentSpanId ? byId.get(span.parentSpanId) : undefined; p; p = p.parentSpanId ? byId.get(p.parentSpanId) : undefined) {
    if (p.spanId === ancestor.spanId) return true;
  }
  return false;
}

/** The spans of one trace as an indented tree, for the test output. */
function tree(traceId: string): string {
  const mine = spans.filter((s) => s.traceId === traceId);
  const ids = new Set(mine.map((s) => s.spanId));
  const lines: string[] = [];
  const walk = (parent: string | undefined, depth: number) => {
    for (const s of mine.filter((x) => (parent ? x.parentSpanId === parent : !x.parentSpanId || !ids.has(x.parentSpanId)))) {
      const statement = attr(s, 'db.query.text');
      const links = s.links?.length ? `  [link → ${s.links.map((l) => `${l.traceId}/${l.spanId}`).join(', ')}]` : '';
      lines.push(`${'  '.repeat(depth)}${s.name}${statement ? `  — ${statement.replace(/\s+/g, ' ').slice(0, 70)}` : ''}${links}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(undefined, 0);
  return lines.join('\n');
}

async function graphql(url: string, body: unknown, headers: Record<string, string> = {}): Promise<any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return res.json();
}

/** Starts `src/main.ts` as a process and resolves with its GraphQL URL once it says it is ready. */
function startServer(env: Record<string, string>): Promise<string> {
  child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('exit', (code) => (exitCode = code));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // Plain text or a JSON log line: the URL follows "ready in … s at".
      const m = /ready in [^\n]*?(http:\/\/[^\s"]+\/graphql)/.exec(output);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready:\n${output}`)));
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(text);
        for (const rs of JSON.parse(text).resourceSpans ?? []) {
          resources.push(rs.resource?.attributes ?? []);
          for (const ss of rs.scopeSpans ?? []) spans.push(...(ss.spans ?? []));
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else {
        res.writeHead(404).end();
      }
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const otlp = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

  // A database of its own, cloned from the migrated template, with one system administrator.
  const adminUrl = process.env.ONEDOOR_TEST_ADMIN_URL!;
  const template = process.env.ONEDOOR_TEST_TEMPLATE!;
  dbName = `${template}_trace_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${dbName}" template "${template}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  dbUrl = u.toString();
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    const accountId = randomUUID();
    await db.query(`insert into account (id, username, password_hash, full_name, created_at) values ($1, 'tracing.admin', $2, 'Quản trị', now())`, [accountId, await hashPassword(PASSWORD)]);
    await db.query(`insert into role_assignment (id, account_id, role) values ($1, $2, 'SYSTEM_ADMIN')`, [randomUUID(), accountId]);

    const url = await startServer({
      NODE_ENV: 'test',
      DATABASE_URL: dbUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      DEMO_SEED: 'false',
      JOBS: 'false',
      JWT_SECRET: 'tracing-test-secret-tracing-test-secret',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    });

    const login = await graphql(url, { query: print(LoginDocument), variables: { username: 'tracing.admin', password: PASSWORD } });
    if (login.data?.login.__typename !== 'LoginSuccess') throw new Error(`login failed: ${JSON.stringify(login)}`);
    // A caller that is itself traced: the server continues its trace.
    const set = await graphql(
      url,
      { query: print(SetCalendarDayDocument), variables: { date: '2027-01-04', kind: 'HOLIDAY', name: MARKER } },
      { authorization: `Bearer ${login.data.login.token}`, traceparent: `00-${TRACE_ID}-${CALLER_SPAN_ID}-01` },
    );
    if (set.data?.setCalendarDay.__typename !== 'CalendarDayPayload') throw new Error(`setCalendarDay failed: ${JSON.stringify(set)}`);

    const inbox = await graphql(url, { query: INBOX }, { authorization: `Bearer ${login.data.login.token}`, traceparent: `00-${INBOX_TRACE_ID}-${CALLER_SPAN_ID}-01` });
    if (inbox.errors) throw new Error(`DossierInbox failed: ${JSON.stringify(inbox)}`);
    inboxExtensions = inbox.extensions;

    // A GraphQL GET carries variables in its query string.
    const get = await fetch(`${url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(JSON.stringify({ name: MARKER }))}`, { headers: { 'apollo-require-preflight': 'true' } });
    if (get.status !== 200) throw new Error(`GET failed: ${get.status} ${await get.text()}`);
    // A comment in a document: the parser keeps it in its token list, which graphql.source shows.
    const commented = await graphql(url, { query: `# ${MARKER}\nquery Commented { __typename } # ${MARKER}` });
    if (commented.errors) throw new Error(`commented document failed: ${JSON.stringify(commented)}`);
    // A body that is not JSON: the parser's message quotes the text around the fault.
    // A phone number in a path (a mistyped link): the span shows the path masked, as the access log does.
    const inPath = await fetch(url.replace(/\/graphql$/, `/files/${PATH_NUMBER}`));
    if (inPath.status < 400) throw new Error(`/files/<number>: ${inPath.status}`);
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"query": "{ __typename }", "variables": {"name": x${MARKER_ID}}}` });
    if (bad.status !== 400) throw new Error(`malformed body: ${bad.status} ${await bad.text()}`);

    // The relay publishes the event after the commit; wait for that before stopping.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { rows } = await db.query(`select published_at, trace_context from outbox_event where type = 'CalendarDayChanged' and aggregate_id = '2027-01-04'`);
      if (rows[0]?.published_at) {
        recordedContext = rows[0].trace_context;
        break;
      }
      if (Date.now() > deadline) throw new Error(`the event was not published: ${JSON.stringify(rows)}\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await db.end();
  }
  child.kill('SIGTERM');
  if (exitCode === null) await once(child, 'exit');
}, 180_000);

afterAll(async () => {
  if (child && exitCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
  await new Promise((resolve) => receiver?.close(resolve));
  if (dbName) {
    const admin = new Client({ connectionString: process.env.ONEDOOR_TEST_ADMIN_URL! });
    await admin.connect();
    await admin.query(`drop database if exists "${dbName}" with (force)`);
    await admin.end();
  }
});

describe('tracing over OTLP/HTTP', () => {
  it('stops on SIGTERM with exit code 0 after exporting the buffered spans', () => {
    expect(exitCode).toBe(0);
    expect(spans.length).toBeGreaterThan(0);
    const serviceNames = resources.map((attrs) => attrs.find((a) => a.key === 'service.name')?.value.stringValue);
    expect(new Set(serviceNames)).toEqual(new Set(['onedoor']));
  });

  it('makes a GraphQL request one trace: HTTP server span, operation span beneath it, PostgreSQL spans beneath that', () => {
    const trace = spans.filter((s) => s.traceId === TRACE_ID);
    console.log(`trace ${TRACE_ID} (caller span ${CALLER_SPAN_ID}):\n${tree(TRACE_ID)}`);
    const http = trace.find((s) => s.kind === SPAN_KIND_SERVER);
    expect(http).toBeDefined();
    // The caller's traceparent is honoured: the server span is its child.
    expect(http!.parentSpanId).toBe(CALLER_SPAN_ID);
    expect(attr(http!, 'http.request.method')).toBe('POST');

    const operation = trace.find((s) => s.name === 'mutation SetCalendarDay');
    expect(operation).toBeDefined();
    expect(attr(operation!, 'graphql.operation.type')).toBe('mutation');
    expect(attr(operation!, 'graphql.operation.name')).toBe('SetCalendarDay');
    expect(isDescendant(operation!, http!)).toBe(true);

    const statements = trace.filter((s) => attr(s, 'db.system.name') === 'postgresql');
    const beneath = statements.filter((s) => isDescendant(s, operation!)).map((s) => attr(s, 'db.query.text') ?? '');
    expect(beneath.some((q) => /insert into "calendar_day"/i.test(q))).toBe(true);
    expect(beneath.some((q) => /insert into "outbox_event"/i.test(q))).toBe(true);
  });

  it('gives an operation the SQL fast path answers its span too, with its one statement beneath', () => {
    expect(inboxExtensions).toEqual({ sqlStatements: 1, sqlCompiledFields: 1 });
    console.log(`trace ${INBOX_TRACE_ID}:\n${tree(INBOX_TRACE_ID)}`);
    const trace = spans.filter((s) => s.traceId === INBOX_TRACE_ID);
    const http = trace.find((s) => s.kind === SPAN_KIND_SERVER)!;
    const operation = trace.find((s) => s.name === 'query DossierInbox');
    expect(operation).toBeDefined();
    expect(isDescendant(operation!, http)).toBe(true);
    const beneath = trace.filter((s) => attr(s, 'db.system.name') === 'postgresql' && isDescendant(s, operation!));
    expect(beneath).toHaveLength(1);
  });

  it('records statements with placeholders, never values, and no GraphQL variables anywhere', () => {
    const all = bodies.join('\n');
    expect(all).toContain('calendar_day');
    // The ORM inlines values into its statements; they leave as `?`.
    expect(all).toMatch(/insert into \\"calendar_day\\" \([^)]*\) values \(\?, \?, \?\)/);
    expect(all).not.toContain(MARKER_ID);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain('2027-01-04');
  });

  it('masks personal data in a URL path', () => {
    const all = bodies.join('\n');
    expect(all).toContain('/files/[number]');
    expect(all).not.toContain(PATH_NUMBER);
  });

  it('keeps query string values and error text out of the spans', () => {
    const get = spans.find((s) => s.kind === SPAN_KIND_SERVER && attr(s, 'http.request.method') === 'GET');
    expect(get).toBeDefined();
    expect(attr(get!, 'url.query')).toBe('query=REDACTED&variables=REDACTED');

    // The malformed body was traced as an error, with its type and without the parser's message.
    const failed = spans.filter((s) => s.events?.some((e) => e.name === 'exception'));
    expect(failed.length).toBeGreaterThan(0);
    for (const s of failed) {
      expect(s.status?.message).toBeUndefined();
      for (const e of s.events!.filter((x) => x.name === 'exception')) expect(e.attributes?.map((a) => a.key)).toEqual(['exception.type']);
    }
    expect(bodies.join('\n')).not.toContain(MARKER_ID);
  });

  it('links the outbox event’s publication back to the operation that recorded it', () => {
    const operation = spans.find((s) => s.traceId === TRACE_ID && s.name === 'mutation SetCalendarDay')!;
    expect(recordedContext?.traceparent).toBe(`00-${TRACE_ID}-${operation.spanId}-01`);

    const publish = spans.find((s) => s.name === 'outbox publish CalendarDayChanged');
    expect(publish).toBeDefined();
    console.log(`relay trace:\n${tree(publish!.traceId)}`);
    expect(publish!.kind).toBe(SPAN_KIND_PRODUCER);
    // Publication is its own trace (a batch carries many requests' events), tied by the link.
    expect(publish!.traceId).not.toBe(TRACE_ID);
    expect(publish!.links).toEqual([expect.objectContaining({ traceId: TRACE_ID, spanId: operation.spanId })]);
  });
});
