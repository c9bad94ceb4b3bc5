import { readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { verifySmsSignature } from '../../src/notifications/channels';
import { NotificationPlanner } from '../../src/notifications/notification-planner';
import { PUBLISHED_EVENT_COLUMNS, toPublishedEvent } from '../../src/outbox/published-event';
import { NotificationsDocument, PerformDossierActionDocument, ReceiveDossierDocument, ResendNotificationDocument, SubmitDossierDocument } from '../generated/graphql';
import { CITIZEN_AN, pdfFiles, startTestApp, TestApp, landForm } from '../support/harness';
import { sleep } from '../support/ws';

/**
 * Notifications to applicants over a real SMTP conversation (smtp-server on loopback, with
 * AUTH) and a real HTTP SMS gateway that checks the request signature.
 */

const MORTGAGE = '1.011543';
const SMTP_USER = 'onedoor';
const SMTP_PASSWORD = 'smtp-pa55word-never-logged';
const SMS_SECRET = 'sms-signing-secret-never-logged';

interface Mail { from: string; to: string[]; subject: string; text: string; messageId: string }
interface Sms { id: string; to: string; text: string; idempotencyKey: string }

const mails: Mail[] = [];
const smsDelivered: Sms[] = [];
let smsRequests = 0;
/** What the gateway answers next: a queue of status codes, then `fallback`. */
let gatewayScript: number[] = [];
let gatewayFallback = 200;

let smtp: SMTPServer;
let gateway: Server;
let t: TestApp;
const logs: string[] = [];

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return cb(null, { user: auth.username });
      cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      simpleParser(stream).then((m) => {
        mails.push({ from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '', to: session.envelope.rcptTo.map((r) => r.address), subject: m.subject ?? '', text: m.text ?? '', messageId: m.messageId ?? '' });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  gateway = createServer(async (req, res) => {
    const raw = await body(req);
    smsRequests++;
    if (!verifySmsSignature(SMS_SECRET, String(req.headers['x-onedoor-timestamp']), raw, req.headers['x-onedoor-signature'] as string | undefined)) {
      res.writeHead(401).end('bad signature');
      return;
    }
    const status = gatewayScript.length ? gatewayScript.shift()! : gatewayFallback;
    if (status !== 200) {
      // A careless gateway that echoes a secret: it must not reach the logs or the delivery log.
      res.writeHead(status).end(`temporarily unavailable (key ${SMS_SECRET})`);
      return;
    }
    const m = JSON.parse(raw);
    smsDelivered.push({ id: m.id, to: m.to, text: m.text, idempotencyKey: String(req.headers['idempotency-key']) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"accepted"}');
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  t = await startTestApp({
    log: (m) => logs.push(m),
    env: {
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String((smtp.server.address() as AddressInfo).port),
      SMTP_USER,
      SMTP_PASSWORD,
      SMTP_REQUIRE_TLS: 'false',
      SMTP_FROM: 'Một cửa Lâm Đồng <motcua@lamdong.gov.vn>',
      SMS_GATEWAY_URL: `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`,
      SMS_GATEWAY_SECRET: SMS_SECRET,
      NOTIFY_MAX_ATTEMPTS: '3',
      NOTIFY_BACKOFF_MS: '50',
      NOTIFY_POLL_MS: '25',
    },
  });
});
afterAll(async () => {
  await t?.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await new Promise<void>((resolve) => gateway.close(() => resolve()));
});

async function until<T>(what: string, f: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function receive(extra: Record<string, unknown> = {}) {
  const r = await t.gql(ReceiveDossierDocument, {
    input: {
      procedureCode: MORTGAGE, formData: landForm(MORTGAGE),
      channel: 'COUNTER',
      applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email, phone: CITIZEN_AN.phone, ...extra },
    },
  }, await t.login('landreg.reception'));
  if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
  return r.data.receiveDossier.dossier;
}

async function notificationsOf(dossierId: string, user = 'landreg.reception') {
  const r = await t.gql(NotificationsDocument, { filter: { dossierId }, first: 50 }, await t.login(user));
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data!.notifications.edges.map((e) => e.node);
}

describe('notifications to the applicant', () => {
  it('a received dossier reaches the applicant by e-mail (SMTP with AUTH) and by SMS, in Vietnamese; a flaky gateway is retried', async () => {
    gatewayScript = [503, 502]; // fails twice, then accepts
    const d = await receive();
    const mail = await until('the e-mail', () => mails.find((m) => m.subject.includes(d.code)));
    expect(mail.to).toEqual([CITIZEN_AN.email]);
    expect(mail.from).toBe('motcua@lamdong.gov.vn');
    expect(mail.subject).toBe(`Hồ sơ ${d.code} đã được tiếp nhận`);
    expect(mail.text).toContain(`Kính gửi ông/bà ${CITIZEN_AN.fullName}`);
    expect(mail.text).toContain(`Mã hồ sơ: ${d.code}`);
    expect(mail.text).toContain('Trạng thái: Được tiếp nhận');
    expect(mail.text).toMatch(/Ngày hẹn trả kết quả: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/);

    const sms = await until('the SMS', () => smsDelivered.find((s) => s.text.includes(d.code)));
    expect(sms.to).toBe('+84912345678');
    expect(sms.text).toContain('đã tiếp nhận hồ sơ');
    expect(smsDelivered.filter((s) => s.text.includes(d.code))).toHaveLength(1);

    const list = await until('SENT statuses', async () => {
      const ns = await notificationsOf(d.id);
      return ns.length === 2 && ns.every((n) => n.status === 'SENT') && ns;
    });
    const bySms = list.find((n) => n.channel === 'SMS')!;
    expect(bySms.kind).toBe('RECEIVED');
    expect(bySms.attempts).toBe(3);
    expect(bySms.log.map((l) => l.succeeded)).toEqual([false, false, true]);
    expect(bySms.log[0].error).toContain('SMS gateway answered 503');
    expect(sms.idempotencyKey).toBe(bySms.id);
    const byMail = list.find((n) => n.channel === 'EMAIL')!;
    expect(byMail.log).toHaveLength(1);
    expect(mail.messageId).toBe(`<${byMail.id}@onedoor>`);
  });

  it('a gateway that always fails ends dead-lettered, visible to staff, and can be resent', async () => {
    gatewayFallback = 500;
    const d = await receive({ email: null, notifyBy: ['SMS'] });
    const dead = await until('a dead SMS', async () => (await notificationsOf(d.id)).find((n) => n.status === 'DEAD'));
    expect(dead.attempts).toBe(3);
    expect(dead.log.map((l) => l.succeeded)).toEqual([false, false, false]);
    expect(dead.lastError).toContain('SMS gateway answered 500');
    // The secret the gateway echoed is redacted everywhere.
    expect(dead.lastError).not.toContain(SMS_SECRET);
    expect(dead.log.map((l) => l.error).join(' ')).not.toContain(SMS_SECRET);
    expect(mails.some((m) => m.subject.includes(d.code))).toBe(false); // no e-mail chosen

    const deadList = await t.gql(NotificationsDocument, { filter: { statuses: ['DEAD'] }, first: 10 }, await t.login('landreg.leader'));
    expect(deadList.data!.notifications.edges.map((e) => e.node.id)).toContain(dead.id);
    // A citizen is not staff; another agency's officer sees nothing of it.
    const citizen = await t.gql(NotificationsDocument, { first: 10 }, await t.login('citizen.an'));
    expect(citizen.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const tax = await t.gql(NotificationsDocument, { filter: { statuses: ['DEAD'] }, first: 10 }, await t.login('tax.leader'));
    expect(tax.data!.notifications.edges).toEqual([]);
    const taxResend = await t.gql(ResendNotificationDocument, { id: dead.id }, await t.login('tax.leader'));
    expect(taxResend.data?.resendNotification.__typename).toBe('NotificationNotFound');

    gatewayFallback = 200;
    const r = await t.gql(ResendNotificationDocument, { id: dead.id }, await t.login('landreg.reception'));
    expect(r.data?.resendNotification.__typename).toBe('NotificationPayload');
    const sent = await until('the resent SMS', async () => (await notificationsOf(d.id)).find((n) => n.id === dead.id && n.status === 'SENT'));
    expect(sent.log.map((l) => [l.attempt, l.succeeded])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    const again = await t.gql(ResendNotificationDocument, { id: dead.id }, await t.login('landreg.reception'));
    expect(again.data?.resendNotification).toMatchObject({ __typename: 'NotResendable', code: 'NOT_RESENDABLE' });
  });

  it('tells the applicant only what matters, in their language', async () => {
    gatewayScript = [];
    gatewayFallback = 200;
    const d = await receive({ phone: null, language: 'EN' });
    let v = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    // A reassignment and the submission to the leader stay inside "processing": internal, not news.
    v = await t.act('landreg.leader', v.id, v.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
    v = await t.act('landreg.specialist', v.id, v.version, 'submitForApproval');
    v = await t.act('landreg.leader', v.id, v.version, 'sendBack', { note: 'Kiểm tra lại sơ đồ thửa đất' });
    v = await t.act('landreg.specialist', v.id, v.version, 'requestSupplement', { note: 'Missing the notarised mortgage contract' });
    const supplement = await until('the supplement e-mail', () => mails.find((m) => m.subject === `Documents requested for dossier ${d.code}`));
    expect(supplement.text).toContain('Details: Missing the notarised mortgage contract');
    expect(supplement.text).toContain('Status: Documents requested');
    await until('three e-mails', async () => (await notificationsOf(d.id)).filter((n) => n.status === 'SENT').length === 3);
    // Received, in appraisal (the first assignment), supplement requested; nothing for the moves inside processing.
    expect((await notificationsOf(d.id)).map((n) => n.kind).sort()).toEqual(['IN_APPRAISAL', 'RECEIVED', 'SUPPLEMENT_REQUESTED']);
    expect(mails.filter((m) => m.subject.includes(d.code))).toHaveLength(3);
  });

  describe('every step reaches the applicant (issue 19, defect 6; DOMAIN §1 "at every step … the applicant is told")', () => {
    const agencyName = async (code: string) => (await t.sql<{ name: string }>('select name from agency where code = $1', [code]))[0].name;
    const officerNames = async () => (await t.sql<{ full_name: string }>(`select full_name from account where username in ('landreg.reception', 'landreg.specialist', 'landreg.leader', 'tax.leader', 'tax.specialist')`)).map((r) => r.full_name);

    /** Every notification row of the dossier by kind and channel: one per event and channel, never two. */
    async function rowsOf(dossierId: string) {
      return t.sql<{ kind: string; channel: string; event_id: string; subject: string | null; body: string; language: string }>(
        'select kind::text, channel::text, event_id::text, subject, body, language from notification where dossier_id = $1 order by event_id, channel', [dossierId]);
    }

    /** Replays the dossier's committed events through a second planner, as a relay retrying a batch would. */
    async function replay(dossierId: string) {
      const events = (await t.sql(`select ${PUBLISHED_EVENT_COLUMNS} from outbox_event o where o.aggregate_id = $1 order by o.id`, [dossierId])).map(toPublishedEvent);
      expect(events.length).toBeGreaterThan(0);
      await new NotificationPlanner().consume({ query: (text, params) => t.sql(text, params) }, events);
    }

    it('entering appraisal, resuming after a supplement and withdrawal each reach the applicant once per channel, in Vietnamese', async () => {
      gatewayScript = [];
      gatewayFallback = 200;
      t.clock.set('2026-11-23T02:00:00Z'); // Mon 09:00 local: 3 working days → due Thu 26/11 09:00
      const d = await receive();
      await t.settled();
      let v = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
      const appraisal = await until('the appraisal e-mail', () => mails.find((m) => m.subject === `Hồ sơ ${d.code} đang được thẩm định`));
      const land = await agencyName('000.13.01.H37');
      expect(appraisal.text).toContain(`Hồ sơ ${d.code} đang được ${land} thẩm định, giải quyết. Ngày hẹn trả kết quả: 26/11/2026 09:00.`);
      expect(appraisal.text).toContain('Trạng thái: Đang xử lý');
      const appraisalSms = await until('the appraisal SMS', () => smsDelivered.find((s) => s.text.includes(d.code) && s.text.includes('thẩm định')));
      expect(appraisalSms.text).toBe(`Một cửa: Hồ sơ ${d.code} đang được ${land} thẩm định, giải quyết. Ngày hẹn trả kết quả: 26/11/2026 09:00.`);

      v = await t.act('landreg.specialist', v.id, v.version, 'requestSupplement', { note: 'Thiếu bản sao hợp đồng thế chấp có công chứng' });
      t.clock.set('2026-11-25T02:00:00Z'); // Wed 09:00: 16 working hours paused → due Mon 30/11 09:00
      v = await t.act('landreg.reception', v.id, v.version, 'submitSupplement');
      expect(v.dueAt).toBe('2026-11-30T02:00:00.000Z');
      const resumed = await until('the resume e-mail', () => mails.find((m) => m.subject === `Hồ sơ ${d.code} tiếp tục được giải quyết`));
      expect(resumed.text).toContain(`${land} đã nhận hồ sơ bổ sung; hồ sơ ${d.code} tiếp tục được giải quyết. Ngày hẹn trả kết quả (đã cộng thời gian chờ bổ sung): 30/11/2026 09:00.`);
      expect(resumed.text).toContain('Trạng thái: Đang xử lý');

      v = await t.act('landreg.reception', v.id, v.version, 'withdraw', { note: 'Công dân nộp đơn xin rút hồ sơ' });
      expect(v.nationalStatus.code).toBe(7);
      const withdrawn = await until('the withdrawal e-mail', () => mails.find((m) => m.subject === `Hồ sơ ${d.code} đã được rút`));
      expect(withdrawn.text).toContain(`Hồ sơ ${d.code} đã được rút theo yêu cầu của ông/bà và không tiếp tục được giải quyết.`);
      expect(withdrawn.text).toContain('Trạng thái: Công dân yêu cầu rút hồ sơ');
      await until('the withdrawal SMS', () => smsDelivered.find((s) => s.text.includes(d.code) && s.text.includes('đã được rút')));

      const kinds = ['RECEIVED', 'IN_APPRAISAL', 'SUPPLEMENT_REQUESTED', 'RESUMED', 'WITHDRAWN'];
      const sent = await until('every message sent', async () => {
        const ns = await notificationsOf(d.id);
        return ns.length === kinds.length * 2 && ns.every((n) => n.status === 'SENT') && ns;
      });
      for (const kind of kinds) expect(sent.filter((n) => n.kind === kind).map((n) => n.channel).sort()).toEqual(['EMAIL', 'SMS']);
      expect(sent.every((n) => n.language === 'vi')).toBe(true);
      // No officer is named to the applicant (the assignee is internal).
      for (const name of await officerNames()) for (const n of sent) expect(`${n.subject ?? ''} ${n.body}`).not.toContain(name);

      // A relay retrying the batch plans nothing twice: one row per event and channel.
      const before = await rowsOf(d.id);
      await replay(d.id);
      expect(await rowsOf(d.id)).toEqual(before);
      expect(new Set(before.map((r) => `${r.event_id}/${r.channel}`)).size).toBe(before.length);
      expect(mails.filter((m) => m.subject.includes(d.code))).toHaveLength(kinds.length);
    });

    it('a withdrawal before reception (1 → 7) is confirmed too', async () => {
      const token = await t.login('citizen.an');
      const r = await t.gql(SubmitDossierDocument, {
        input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email }, files: pdfFiles(['TP1', 'TP2', 'TP3']) },
      }, token);
      if (r.data?.submitDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
      const d = r.data.submitDossier.dossier;
      const w = await t.gql(PerformDossierActionDocument, { input: { dossierId: d.id, action: 'withdraw', expectedVersion: d.version, note: 'Tôi muốn rút hồ sơ' } }, token);
      expect(w.data?.performDossierAction).toMatchObject({ __typename: 'DossierPayload', dossier: { nationalStatus: { code: 7 } } });
      const mail = await until('the withdrawal e-mail', () => mails.find((m) => m.subject === `Hồ sơ ${d.code} đã được rút`));
      expect(mail.to).toEqual([CITIZEN_AN.email]);
      await t.settled();
      expect((await rowsOf(d.id)).map((n) => [n.kind, n.channel])).toEqual([['WITHDRAWN', 'EMAIL']]);
    });

    it('a transfer tells the applicant which agency holds the dossier now, in English if chosen, naming no officer', async () => {
      t.clock.set('2026-11-23T02:00:00Z');
      const d = await receive({ language: 'EN' });
      let v = await t.act('landreg.reception', d.id, d.version, 'assign', { assigneeId: await t.accountId('landreg.specialist') });
      v = await t.act('landreg.specialist', v.id, v.version, 'transfer', { targetAgencyCode: '000.00.30.H37', note: 'Chuyển cơ quan thuế xác định nghĩa vụ tài chính' });
      expect(v.holdingAgency.code).toBe('000.00.30.H37');
      const [land, tax] = [await agencyName('000.13.01.H37'), await agencyName('000.00.30.H37')];
      const mail = await until('the transfer e-mail', () => mails.find((m) => m.subject === `Dossier ${d.code} has been transferred to ${tax}`));
      expect(mail.text).toContain(`Dossier ${d.code} has been transferred from ${land} to ${tax}, which continues processing it. You can follow it with the same dossier code.`);
      expect(mail.text).toContain('Status: Being processed');
      // Signed by the agency that holds it now; the internal note of the transfer is not sent.
      expect(mail.text).toContain(`\n${tax}\n`);
      expect(mail.text).not.toContain('Chuyển cơ quan thuế');
      const sms = await until('the transfer SMS', () => smsDelivered.find((s) => s.text.includes(d.code) && s.text.includes('transferred')));
      expect(sms.text).toBe(`OneDoor: Dossier ${d.code} has been transferred from ${land} to ${tax}, which continues processing it. You can follow it with the same dossier code.`);

      await t.settled();
      const rows = await rowsOf(d.id);
      expect(rows.map((r) => [r.kind, r.channel])).toEqual([['RECEIVED', 'EMAIL'], ['RECEIVED', 'SMS'], ['IN_APPRAISAL', 'EMAIL'], ['IN_APPRAISAL', 'SMS'], ['TRANSFERRED', 'EMAIL'], ['TRANSFERRED', 'SMS']]);
      expect(rows.every((r) => r.language === 'en')).toBe(true);
      for (const name of await officerNames()) for (const r of rows) expect(`${r.subject ?? ''} ${r.body}`).not.toContain(name);
      await replay(d.id);
      expect(await rowsOf(d.id)).toEqual(rows);
    });
  });

  it('never writes a secret to the log', () => {
    expect(logs.some((l) => l.includes('attempt'))).toBe(true); // failures were logged …
    for (const l of logs) {
      expect(l).not.toContain(SMTP_PASSWORD);
      expect(l).not.toContain(SMS_SECRET);
    }
  });

  it('names, on each delivery line, the request that recorded the event it was planned from', async () => {
    const delivery = logs.map((l) => JSON.parse(l)).filter((l) => l.component === 'delivery' && typeof l.notificationId === 'string');
    expect(delivery.some((l) => /attempt failed/.test(l.msg))).toBe(true);
    for (const l of delivery) {
      const [row] = await t.sql(`select o.request_id from notification n join outbox_event o on o.id = n.event_id where n.id = $1`, [l.notificationId]);
      expect(row.request_id).toEqual(expect.any(String));
      expect(l.requestId).toBe(row.request_id);
    }
  });

  it('refuses a channel without its contact', async () => {
    const r = await t.gql(ReceiveDossierDocument, {
      input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, notifyBy: ['EMAIL'] } },
    }, await t.login('landreg.reception'));
    expect(r.data?.receiveDossier).toMatchObject({ __typename: 'ValidationFailed', fieldErrors: [{ field: 'applicant.notifyBy' }] });
  });
});

describe('e-mail over STARTTLS', () => {
  const tlsMails: { to: string[]; secure: boolean; subject: string }[] = [];
  let tlsSmtp: SMTPServer;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    const dir = path.join(__dirname, '../support/tls');
    tlsSmtp = new SMTPServer({
      key: readFileSync(path.join(dir, 'localhost.key')),
      cert: readFileSync(path.join(dir, 'localhost.crt')),
      authOptional: false,
      logger: false,
      onAuth(auth, session, cb) {
        // AUTH only inside TLS: the password never crosses the wire in clear.
        if (!session.secure) return cb(new Error('Must issue a STARTTLS command first'));
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return cb(null, { user: auth.username });
        cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        simpleParser(stream).then((m) => {
          tlsMails.push({ to: session.envelope.rcptTo.map((r) => r.address), secure: session.secure, subject: m.subject ?? '' });
          cb();
        }, cb);
      },
    });
    await new Promise<void>((resolve) => tlsSmtp.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const x of apps) await x.stop();
    await new Promise<void>((resolve) => tlsSmtp.close(() => resolve()));
  });

  const start = async (env: Record<string, string>) => {
    const x = await startTestApp({
      env: {
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String((tlsSmtp.server.address() as AddressInfo).port),
        SMTP_USER,
        SMTP_PASSWORD,
        SMTP_REQUIRE_TLS: 'true',
        NOTIFY_MAX_ATTEMPTS: '2',
        NOTIFY_BACKOFF_MS: '50',
        NOTIFY_POLL_MS: '25',
        ...env,
      },
    });
    apps.push(x);
    return x;
  };

  const receiveOn = async (x: TestApp) => {
    const r = await x.gql(ReceiveDossierDocument, {
      input: { procedureCode: MORTGAGE, formData: landForm(MORTGAGE), channel: 'COUNTER', applicant: { kind: 'PERSON', name: CITIZEN_AN.fullName, idNumber: CITIZEN_AN.identityNumber, email: CITIZEN_AN.email } },
    }, await x.login('landreg.reception'));
    if (r.data?.receiveDossier.__typename !== 'DossierPayload') throw new Error(JSON.stringify(r));
    return r.data.receiveDossier.dossier;
  };

  it('sends inside TLS when the certificate is trusted (here: verification turned off for a self-signed one)', async () => {
    const x = await start({ SMTP_VERIFY_CERTIFICATE: 'false' });
    const d = await receiveOn(x);
    const mail = await until('the e-mail over TLS', () => tlsMails.find((m) => m.subject.includes(d.code)));
    expect(mail).toMatchObject({ to: [CITIZEN_AN.email], secure: true });
  });

  it('refuses a certificate it cannot verify: the delivery fails with the reason and is dead-lettered', async () => {
    const x = await start({});
    const sentBefore = tlsMails.length;
    const d = await receiveOn(x);
    const r = await until('a dead e-mail', async () => {
      const res = await x.gql(NotificationsDocument, { filter: { dossierId: d.id } }, await x.login('landreg.reception'));
      return res.data?.notifications.edges.map((e) => e.node).find((n) => n.status === 'DEAD');
    });
    expect(r.lastError).toMatch(/self[- ]signed certificate/);
    expect(r.log).toHaveLength(2);
    expect(tlsMails).toHaveLength(sentBefore);
  });
});
