import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startSandboxGateway, SandboxGateway } from './sandbox-gateway';
import { buildPaymentUrl, IpnReply, ipnReply, parseCallback, parseQueryString, PaymentRequest, verifySignature } from './vnpay.protocol';

const TMN = 'ONEDOOR1';
const SECRET = 'SANDBOXHASHSECRETFORONEDOORTESTS';
const RETURN_URL = 'https://motcua.example.gov.vn/thanh-toan/ket-qua';

/** A merchant IPN endpoint: verifies like production code would and answers from a script. */
interface IpnReceiver {
  url: string;
  calls: { query: Record<string, string | string[]>; at: number }[];
  replies: IpnReply[];
  close(): Promise<void>;
}

async function startIpnReceiver(): Promise<IpnReceiver> {
  const calls: IpnReceiver['calls'] = [];
  const replies: IpnReply[] = [];
  const server: Server = createServer((req, res) => {
    const query = parseQueryString(new URL(req.url ?? '/', 'http://x').search);
    calls.push({ query, at: Date.now() });
    const parsed = parseCallback(query, SECRET);
    const body = replies.shift() ?? (parsed.ok ? ipnReply('00') : ipnReply(parsed.reason === 'INVALID_SIGNATURE' ? '97' : '99'));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/payments/vnpay/ipn`,
    calls,
    replies,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

let seq = 0;
function paymentRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  const createdAt = new Date();
  return {
    txnRef: `HS-${Date.now()}-${++seq}`,
    amountVnd: 250_000,
    orderInfo: 'Nộp phí thẩm định hồ sơ cấp phép xây dựng',
    returnUrl: RETURN_URL,
    ipAddr: '203.0.113.7',
    createdAt,
    expiresAt: new Date(createdAt.getTime() + 15 * 60_000),
    ...overrides,
  };
}

describe('sandbox gateway over real HTTP', () => {
  let ipn: IpnReceiver;
  let gw: SandboxGateway;
  const payUrl = (req: PaymentRequest, secret = SECRET, tmnCode = TMN) => buildPaymentUrl({ gatewayUrl: gw.payUrl, tmnCode, hashSecret: secret }, req);

  beforeEach(async () => {
    ipn = await startIpnReceiver();
    gw = await startSandboxGateway({ tmnCode: TMN, hashSecret: SECRET, ipnUrl: ipn.url, ipnRetryDelayMs: 10 });
  });
  afterEach(async () => {
    await gw.stop();
    await ipn.close();
  });

  it('exposes its base and payment URLs', () => {
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gw.payUrl).toBe(`${gw.url}/paymentv2/vpcpay.html`);
  });

  it('pays: calls the IPN with a signed request first, then redirects to the return URL with the same signed parameters', async () => {
    const req = paymentRequest();
    const res = await fetch(`${payUrl(req)}&sandbox_outcome=success`, { redirect: 'manual' });
    const redirectedAt = Date.now();

    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith(`${RETURN_URL}?`)).toBe(true);
    const back = parseQueryString(new URL(location).search);
    expect(verifySignature(back, SECRET)).toBe(true);
    const result = parseCallback(back, SECRET);
    expect(result).toMatchObject({ ok: true, txnRef: req.txnRef, amountVnd: 250_000, responseCode: '00', transactionStatus: '00', bankCode: 'NCB', cardType: 'ATM', succeeded: true });
    expect(result.ok && result.bankTranNo).toBe(`VNP${result.ok && result.transactionNo}`);
    expect(result.ok && result.orderInfo).toBe('Nop phi tham dinh ho so cap phep xay dung');
    expect(result.ok && Math.abs(result.payDate!.getTime() - Date.now())).toBeLessThan(5_000);

    expect(ipn.calls).toHaveLength(1);
    expect(ipn.calls[0].at).toBeLessThanOrEqual(redirectedAt);
    expect(verifySignature(ipn.calls[0].query, SECRET)).toBe(true);
    expect(ipn.calls[0].query).toEqual(back);
    expect(back.sandbox_outcome).toBeUndefined();

    expect(gw.lastCallbacks).toHaveLength(1);
    expect(gw.lastCallbacks[0]).toMatchObject({ ipnStatus: 200, ipnReply: { RspCode: '00', Message: 'Confirm Success' }, ipnAttempts: 1 });
    expect(gw.lastCallbacks[0].params.vnp_TxnRef).toBe(req.txnRef);
  });

  it('gives each transaction its own, increasing vnp_TransactionNo', async () => {
    for (let i = 0; i < 3; i++) await fetch(`${payUrl(paymentRequest())}&sandbox_outcome=success`, { redirect: 'manual' });
    const numbers = gw.lastCallbacks.map((c) => Number(c.params.vnp_TransactionNo));
    expect(new Set(numbers).size).toBe(3);
    expect(numbers[1]).toBeGreaterThan(numbers[0]);
    expect(numbers[2]).toBeGreaterThan(numbers[1]);
  });

  it('cancels: code 24, status 02, no bank transaction number, IPN still called', async () => {
    const res = await fetch(`${payUrl(paymentRequest())}&sandbox_outcome=cancel`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const back = parseQueryString(new URL(res.headers.get('location')!).search);
    const result = parseCallback(back, SECRET);
    expect(result).toMatchObject({ ok: true, responseCode: '24', transactionStatus: '02', succeeded: false });
    expect(back.vnp_BankTranNo).toBeUndefined();
    expect(ipn.calls).toHaveLength(1);
    expect(parseCallback(ipn.calls[0].query, SECRET)).toMatchObject({ ok: true, responseCode: '24' });
  });

  it('fails: a bank refusal (51) with status 02', async () => {
    const res = await fetch(`${payUrl(paymentRequest())}&sandbox_outcome=fail`, { redirect: 'manual' });
    expect(parseCallback(parseQueryString(new URL(res.headers.get('location')!).search), SECRET)).toMatchObject({ ok: true, responseCode: '51', transactionStatus: '02', succeeded: false });
  });

  it('refuses a URL signed with another secret: HTTP 400, no IPN, no redirect', async () => {
    const res = await fetch(`${payUrl(paymentRequest(), 'NOTTHEMERCHANTSSECRET')}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Sai chữ ký');
    expect(html).toContain('70');
    expect(res.headers.get('location')).toBeNull();
    expect(ipn.calls).toHaveLength(0);
    expect(gw.lastCallbacks).toHaveLength(0);
  });

  it('refuses a URL whose amount was changed after signing', async () => {
    const tampered = payUrl(paymentRequest()).replace('vnp_Amount=25000000', 'vnp_Amount=100');
    const res = await fetch(`${tampered}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(ipn.calls).toHaveLength(0);
  });

  it('refuses an unknown terminal', async () => {
    const res = await fetch(`${payUrl(paymentRequest(), SECRET, 'OTHERTMN')}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('vnp_TmnCode');
    expect(ipn.calls).toHaveLength(0);
  });

  it('refuses a repeated parameter', async () => {
    const res = await fetch(`${payUrl(paymentRequest())}&vnp_Amount=100&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(ipn.calls).toHaveLength(0);
  });

  it('fails an expired payment with code 11 whatever the requested outcome', async () => {
    const createdAt = new Date(Date.now() - 30 * 60_000);
    const req = paymentRequest({ createdAt, expiresAt: new Date(createdAt.getTime() + 15 * 60_000) });
    const res = await fetch(`${payUrl(req)}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const result = parseCallback(parseQueryString(new URL(res.headers.get('location')!).search), SECRET);
    expect(result).toMatchObject({ ok: true, responseCode: '11', transactionStatus: '02', succeeded: false });
    expect(ipn.calls).toHaveLength(1);
  });

  it('shows a bank page with a success and a cancel link when no outcome is given', async () => {
    const url = payUrl(paymentRequest());
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('250.000 VND');
    const links = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&#38;/g, '&'));
    expect(links).toHaveLength(2);
    expect(ipn.calls).toHaveLength(0);

    const follow = await fetch(new URL(links[1], gw.url), { redirect: 'manual' });
    expect(follow.status).toBe(302);
    expect(parseCallback(parseQueryString(new URL(follow.headers.get('location')!).search), SECRET)).toMatchObject({ ok: true, responseCode: '24' });
    expect(new URL(links[0], gw.url).searchParams.get('sandbox_outcome')).toBe('success');
  });

  it('retries the IPN until the merchant acknowledges it (00 or 02)', async () => {
    ipn.replies.push(ipnReply('99'), ipnReply('97'), ipnReply('02'));
    const res = await fetch(`${payUrl(paymentRequest())}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(ipn.calls).toHaveLength(3);
    expect(gw.lastCallbacks[0]).toMatchObject({ ipnAttempts: 3, ipnReply: { RspCode: '02' } });
  });

  it('gives up after 3 retries and still sends the citizen back', async () => {
    ipn.replies.push(ipnReply('99'), ipnReply('99'), ipnReply('99'), ipnReply('99'), ipnReply('00'));
    const res = await fetch(`${payUrl(paymentRequest())}&sandbox_outcome=success`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(ipn.calls).toHaveLength(4);
    expect(gw.lastCallbacks[0]).toMatchObject({ ipnAttempts: 4, ipnStatus: 200, ipnReply: { RspCode: '99', Message: 'Unknown error' } });
  });

  it('records an unreachable IPN URL as no status and no reply', async () => {
    const dead = await startSandboxGateway({ tmnCode: TMN, hashSecret: SECRET, ipnUrl: 'http://127.0.0.1:1/ipn', ipnRetries: 1, ipnRetryDelayMs: 1 });
    try {
      const url = buildPaymentUrl({ gatewayUrl: dead.payUrl, tmnCode: TMN, hashSecret: SECRET }, paymentRequest());
      const res = await fetch(`${url}&sandbox_outcome=success`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(dead.lastCallbacks[0]).toMatchObject({ ipnStatus: null, ipnReply: null, ipnAttempts: 2 });
    } finally {
      await dead.stop();
    }
  });
});
