/*
 * A local stand-in for VNPay's sandbox (sandbox.vnpayment.vn), for the demo and the tests: a real
 * HTTP server that checks the merchant's signed payment URL, "pays" or "cancels", calls the
 * merchant's IPN URL server to server, then sends the browser back to vnp_ReturnUrl. Started only
 * with PAYMENTS=sandbox, which production refuses (its default secret is published in config.ts).
 *
 * Differences from the real sandbox, on purpose: refusals are HTTP 400 pages (VNPay redirects to
 * /paymentv2/Payment/Error.html?code=NN, the codes are quoted on the page), the bank step is one
 * click (or `sandbox_outcome=success|cancel|fail` on the URL, outside the signed data), and the IPN
 * is always delivered before the redirect (VNPay gives no ordering guarantee, so the merchant must
 * not rely on it either way).
 */
import { createServer, request as httpRequest, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { buildSignData, formatVnpDate, IpnReply, IPN_ACKNOWLEDGED_CODES, parseQueryString, parseVnpDate, signParams, verifySignature } from './vnpay.protocol';

/** Options of {@link startSandboxGateway}. */
export interface SandboxGatewayOptions {
  /** The only terminal this gateway knows. */
  tmnCode: string;
  hashSecret: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The merchant's IPN URL (http only); VNPay keeps it in the terminal's settings, not in the request. */
  ipnUrl?: string;
  /** Extra IPN calls after one that is not acknowledged (RspCode 00 or 02); 3 by default. */
  ipnRetries?: number;
  /** Pause between IPN calls, in ms; 100 by default (VNPay waits minutes). */
  ipnRetryDelayMs?: number;
  /** Per-call IPN timeout, in ms; 5000 by default. */
  ipnTimeoutMs?: number;
  /** Source of "now" for vnp_PayDate and the vnp_ExpireDate check. */
  now?: () => Date;
}

/** One finished transaction as the gateway reported it. */
interface SandboxCallback {
  /** The signed callback parameters, identical for the IPN call and the return redirect. */
  params: Record<string, string>;
  /** HTTP status of the last IPN call; null without an IPN URL or when no response came. */
  ipnStatus: number | null;
  /** The merchant's parsed answer to the last IPN call, when it was `{ RspCode, Message }` JSON. */
  ipnReply: IpnReply | null;
  ipnAttempts: number;
}

/** A running sandbox gateway. */
export interface SandboxGateway {
  /** Base URL, e.g. http://127.0.0.1:PORT. */
  url: string;
  /** The payment page, to use as `gatewayUrl` in buildPaymentUrl. */
  payUrl: string;
  /** Finished transactions, oldest first. */
  readonly lastCallbacks: SandboxCallback[];
  stop(): Promise<void>;
}

type Outcome = 'success' | 'cancel' | 'fail' | 'expired';

// vnp_ResponseCode / vnp_TransactionStatus per outcome; 'fail' plays the NCB test card without funds.
const OUTCOME_CODES: Record<Outcome, { responseCode: string; transactionStatus: string }> = {
  success: { responseCode: '00', transactionStatus: '00' },
  cancel: { responseCode: '24', transactionStatus: '02' },
  fail: { responseCode: '51', transactionStatus: '02' },
  expired: { responseCode: '11', transactionStatus: '02' },
};

const PAY_PATH = '/paymentv2/vpcpay.html';
const REQUIRED_FIELDS = ['vnp_Version', 'vnp_Command', 'vnp_TmnCode', 'vnp_Amount', 'vnp_CreateDate', 'vnp_CurrCode', 'vnp_IpAddr', 'vnp_Locale', 'vnp_OrderInfo', 'vnp_OrderType', 'vnp_ReturnUrl', 'vnp_TxnRef', 'vnp_ExpireDate'];

/** Starts the gateway; resolves once it listens. */
export async function startSandboxGateway(opts: SandboxGatewayOptions): Promise<SandboxGateway> {
  const now = opts.now ?? (() => new Date());
  if (opts.ipnUrl !== undefined && new URL(opts.ipnUrl).protocol !== 'http:') throw new RangeError('ipnUrl must be http');
  const lastCallbacks: SandboxCallback[] = [];
  // VNPay's sandbox transaction numbers are 8 digits; uniqueness is what merchants rely on.
  let nextTransactionNo = 14_000_000 + Math.floor(Math.random() * 1_000_000);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (url.pathname !== PAY_PATH) return sendPage(res, 404, 'Không tìm thấy trang', '<p>Không tìm thấy trang.</p>');
    if (req.method !== 'GET') return sendPage(res, 405, 'Phương thức không hợp lệ', '<p>Chỉ hỗ trợ GET.</p>');

    const query = parseQueryString(url.search);
    const repeated = Object.keys(query).some((k) => Array.isArray(query[k]));
    const field = (k: string): string | undefined => (typeof query[k] === 'string' ? (query[k] as string) : undefined);
    if (repeated) return refuse(res, '03', 'Dữ liệu gửi sang không đúng định dạng (tham số bị lặp).');
    if (field('vnp_TmnCode') !== opts.tmnCode) return refuse(res, '72', 'Không tìm thấy website (vnp_TmnCode không hợp lệ).');
    if (!verifySignature(query, opts.hashSecret)) return refuse(res, '70', 'Sai chữ ký (vnp_SecureHash không hợp lệ).');
    const missing = REQUIRED_FIELDS.filter((k) => !field(k));
    if (missing.length) return refuse(res, '03', `Dữ liệu gửi sang không đúng định dạng (thiếu ${missing.join(', ')}).`);
    if (field('vnp_Version') !== '2.1.0' || field('vnp_Command') !== 'pay' || field('vnp_CurrCode') !== 'VND') {
      return refuse(res, '03', 'Dữ liệu gửi sang không đúng định dạng (vnp_Version, vnp_Command hoặc vnp_CurrCode).');
    }
    const amount = field('vnp_Amount')!;
    const expireDate = parseVnpDate(field('vnp_ExpireDate')!);
    if (!/^[1-9]\d{0,11}$/.test(amount) || !expireDate || !parseVnpDate(field('vnp_CreateDate')!)) {
      return refuse(res, '03', 'Dữ liệu gửi sang không đúng định dạng (vnp_Amount hoặc ngày giờ).');
    }
    const returnUrl = field('vnp_ReturnUrl')!;
    if (!URL.canParse(returnUrl)) return refuse(res, '03', 'Dữ liệu gửi sang không đúng định dạng (vnp_ReturnUrl).');

    const asked = field('sandbox_outcome');
    let outcome: Outcome;
    if (expireDate.getTime() <= now().getTime()) outcome = 'expired';
    else if (asked === 'success' || asked === 'cancel' || asked === 'fail') outcome = asked;
    else return sendBankPage(res, url, query);

    const { responseCode, transactionStatus } = OUTCOME_CODES[outcome];
    const transactionNo = String(nextTransactionNo++);
    const params: Record<string, string> = {
      vnp_Amount: amount,
      vnp_BankCode: 'NCB',
      ...(outcome === 'success' ? { vnp_BankTranNo: `VNP${transactionNo}` } : {}),
      vnp_CardType: 'ATM',
      vnp_OrderInfo: field('vnp_OrderInfo')!,
      vnp_PayDate: formatVnpDate(now()),
      vnp_ResponseCode: responseCode,
      vnp_TmnCode: opts.tmnCode,
      vnp_TransactionNo: transactionNo,
      vnp_TransactionStatus: transactionStatus,
      vnp_TxnRef: field('vnp_TxnRef')!,
    };
    params.vnp_SecureHash = signParams(params, opts.hashSecret);
    const callbackQuery = `${buildSignData(params)}&vnp_SecureHash=${params.vnp_SecureHash}`;

    const record: SandboxCallback = { params, ipnStatus: null, ipnReply: null, ipnAttempts: 0 };
    if (opts.ipnUrl !== undefined) await deliverIpn(appendQuery(opts.ipnUrl, callbackQuery), record);
    lastCallbacks.push(record);

    res.writeHead(302, { Location: appendQuery(returnUrl, callbackQuery), 'Content-Length': '0' });
    res.end();
  }

  async function deliverIpn(target: string, record: SandboxCallback): Promise<void> {
    const retries = opts.ipnRetries ?? 3;
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, opts.ipnRetryDelayMs ?? 100));
      record.ipnAttempts++;
      const answer = await httpGet(target, opts.ipnTimeoutMs ?? 5000);
      record.ipnStatus = answer?.status ?? null;
      record.ipnReply = answer ? readIpnReply(answer.body) : null;
      if (answer?.status === 200 && record.ipnReply && IPN_ACKNOWLEDGED_CODES.includes(record.ipnReply.RspCode)) return;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendPage(res, 500, 'Lỗi hệ thống', '<p>Lỗi hệ thống cổng thanh toán thử nghiệm.</p>');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const base = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    url: base,
    payUrl: `${base}${PAY_PATH}`,
    lastCallbacks,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets (fetch pools them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

function appendQuery(base: string, query: string): string {
  const hash = base.indexOf('#');
  const target = hash >= 0 ? base.slice(0, hash) : base;
  return `${target}${target.includes('?') ? '&' : '?'}${query}`;
}

function readIpnReply(body: string): IpnReply | null {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') {
      const { RspCode, Message } = parsed as Record<string, unknown>;
      if (typeof RspCode === 'string' && typeof Message === 'string') return { RspCode: RspCode as IpnReply['RspCode'], Message };
    }
  } catch {
    // A body that is not JSON counts as an unacknowledged IPN, as at VNPay.
  }
  return null;
}

function httpGet(target: string, timeoutMs: number): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = httpRequest(target, { method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

function refuse(res: ServerResponse, code: string, message: string): void {
  sendPage(res, 400, 'Thông báo lỗi', `<p>Mã lỗi: <strong>${code}</strong></p><p>${escapeHtml(message)}</p>`);
}

function sendBankPage(res: ServerResponse, url: URL, query: Record<string, string | string[]>): void {
  const base = new URLSearchParams(url.search);
  base.delete('sandbox_outcome');
  const link = (outcome: string) => escapeHtml(`${PAY_PATH}?${base.toString()}&sandbox_outcome=${outcome}`);
  const amount = Number(query.vnp_Amount) / 100;
  sendPage(
    res,
    200,
    'Thanh toán qua Ngân hàng NCB (thử nghiệm)',
    `<p>Mã giao dịch: ${escapeHtml(String(query.vnp_TxnRef))}</p>
<p>Nội dung: ${escapeHtml(String(query.vnp_OrderInfo))}</p>
<p>Số tiền: ${escapeHtml(amount.toLocaleString('vi-VN'))} VND</p>
<p><a id="success" href="${link('success')}">Xác nhận thanh toán</a></p>
<p><a id="cancel" href="${link('cancel')}">Hủy giao dịch</a></p>`,
  );
}

function sendPage(res: ServerResponse, status: number, title: string, body: string): void {
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
