import { createHmac } from 'node:crypto';
import {
  buildPaymentUrl,
  buildSignData,
  formatVnpDate,
  ipnReply,
  parseCallback,
  parseQueryString,
  parseVnpDate,
  PaymentRequest,
  responseCodeLabel,
  signParams,
  toVnpOrderInfo,
  verifySignature,
  VnpayConfig,
} from './vnpay.protocol';

const SECRET = 'ONEDOORTESTVECTORSECRET000000001';
const cfg: VnpayConfig = { gatewayUrl: 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html', tmnCode: 'ONEDOOR1', hashSecret: SECRET };

const request: PaymentRequest = {
  txnRef: 'HS-2026-000123-1',
  amountVnd: 150_000,
  orderInfo: 'Nộp lệ phí trước bạ hồ sơ HS-2026-000123',
  returnUrl: 'https://motcua.example.gov.vn/thanh-toan/ket-qua',
  ipAddr: '203.0.113.7',
  createdAt: new Date('2026-03-16T02:00:00.000Z'),
  expiresAt: new Date('2026-03-16T02:15:00.000Z'),
};

/** What VNPay sends back after a successful payment (fields as in real return URLs). */
function callback(overrides: Record<string, string | undefined> = {}, secret = SECRET): Record<string, string> {
  const params: Record<string, string | undefined> = {
    vnp_Amount: '15000000',
    vnp_BankCode: 'NCB',
    vnp_BankTranNo: 'VNP14249372',
    vnp_CardType: 'ATM',
    vnp_OrderInfo: 'Nop le phi truoc ba ho so HS-2026-000123',
    vnp_PayDate: '20260316091502',
    vnp_ResponseCode: '00',
    vnp_TmnCode: 'ONEDOOR1',
    vnp_TransactionNo: '14249372',
    vnp_TransactionStatus: '00',
    vnp_TxnRef: 'HS-2026-000123-1',
    ...overrides,
  };
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) clean[k] = v;
  return { ...clean, vnp_SecureHash: signParams(clean, secret) };
}

describe('sign data and signature', () => {
  // VNPay's own sample payment URL (pay.html / huong-dan-tich-hop), without its hash.
  const docSampleQuery =
    'vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1&vnp_Locale=vn' +
    '&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl' +
    '&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0';
  const docSampleParams: Record<string, string> = {
    vnp_Version: '2.1.0',
    vnp_Command: 'pay',
    vnp_TmnCode: 'DEMOV210',
    vnp_Amount: '1806000',
    vnp_CreateDate: '20210801153333',
    vnp_CurrCode: 'VND',
    vnp_IpAddr: '127.0.0.1',
    vnp_Locale: 'vn',
    vnp_OrderInfo: 'Thanh toan don hang :5',
    vnp_OrderType: 'other',
    vnp_ReturnUrl: 'https://domainmerchant.vn/ReturnUrl',
    vnp_TxnRef: '5',
  };

  it('builds the same sign data as the query of VNPay sample URL', () => {
    expect(buildSignData(docSampleParams)).toBe(docSampleQuery);
  });

  it('matches a vector computed with `openssl dgst -sha512 -hmac` over that sign data', () => {
    expect(signParams(docSampleParams, SECRET)).toBe(
      '1588f244c9a61907db6263a5673bc6872481e7da084d5f6429232ec518280f11bd1443e6b4558a1b8516551465fcf588d5034f4be82808db3e65bcd00ed106f2',
    );
  });

  it('matches the algorithm of VNPay Node demo (sortObject + encodeURIComponent, %20 as +) recomputed with node:crypto', () => {
    const params: Record<string, string> = { ...callback(), vnp_SecureHashType: 'HmacSHA512' };
    const signData = Object.keys(params)
      .filter((k) => k !== 'vnp_SecureHash' && k !== 'vnp_SecureHashType')
      .sort()
      .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(params[k]).replace(/%20/g, '+')}`)
      .join('&');
    const expected = createHmac('sha512', SECRET).update(Buffer.from(signData, 'utf-8')).digest('hex');
    expect(signParams(params, SECRET)).toBe(expected);
    expect(params.vnp_SecureHash).toBe(expected);
  });

  it('leaves out empty values and fields outside vnp_*', () => {
    expect(buildSignData({ vnp_B: '2', vnp_A: '1', vnp_Empty: '', other: 'x', vnp_SecureHash: 'h', vnp_SecureHashType: 't' })).toBe('vnp_A=1&vnp_B=2');
  });

  it('accepts a genuine callback, also with an upper-case hash and foreign parameters', () => {
    const q = callback();
    expect(verifySignature(q, SECRET)).toBe(true);
    expect(verifySignature({ ...q, vnp_SecureHash: q.vnp_SecureHash.toUpperCase() }, SECRET)).toBe(true);
    expect(verifySignature({ ...q, lang: 'vi' }, SECRET)).toBe(true);
  });

  it('refuses a tampered amount or txnRef, a missing hash, a hash made with another secret', () => {
    const q = callback();
    expect(verifySignature({ ...q, vnp_Amount: '1500000' }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_TxnRef: 'HS-2026-000124-1' }, SECRET)).toBe(false);
    const { vnp_SecureHash: _dropped, ...unsigned } = q;
    expect(verifySignature(unsigned, SECRET)).toBe(false);
    expect(verifySignature(callback({}, 'ANOTHERSECRET'), SECRET)).toBe(false);
    expect(verifySignature(q, 'ANOTHERSECRET')).toBe(false);
  });

  it('refuses an added or removed signed field', () => {
    const q = callback();
    expect(verifySignature({ ...q, vnp_Extra: '1' }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_BankTranNo: undefined }, SECRET)).toBe(false);
  });

  it('fails cleanly, without throwing, on duplicated parameters and odd hashes', () => {
    const q = callback();
    expect(verifySignature({ ...q, vnp_Amount: [q.vnp_Amount, '100'] }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_Amount: [q.vnp_Amount] }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_SecureHash: [q.vnp_SecureHash, q.vnp_SecureHash] }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_SecureHash: 'zz' }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_SecureHash: q.vnp_SecureHash.slice(2) }, SECRET)).toBe(false);
    expect(verifySignature({ ...q, vnp_SecureHash: `${q.vnp_SecureHash.slice(0, 126)}gg` }, SECRET)).toBe(false);
    expect(verifySignature({}, SECRET)).toBe(false);
  });

  it('sees duplicates that a plain URLSearchParams read would hide', () => {
    const q = callback();
    const search = `${buildSignData(q)}&vnp_Amount=100&vnp_SecureHash=${q.vnp_SecureHash}`;
    expect(Object.fromEntries(new URLSearchParams(search)).vnp_Amount).toBe('100');
    expect(parseQueryString(search).vnp_Amount).toEqual(['15000000', '100']);
    expect(verifySignature(parseQueryString(search), SECRET)).toBe(false);
  });
});

describe('buildPaymentUrl', () => {
  it('sends the 2.1.0 parameters, sorted, amount × 100, GMT+7 dates, the hash last', () => {
    const url = new URL(buildPaymentUrl(cfg, request));
    expect(`${url.origin}${url.pathname}`).toBe(cfg.gatewayUrl);
    const keys = [...url.searchParams.keys()];
    expect(keys).toEqual([
      'vnp_Amount',
      'vnp_Command',
      'vnp_CreateDate',
      'vnp_CurrCode',
      'vnp_ExpireDate',
      'vnp_IpAddr',
      'vnp_Locale',
      'vnp_OrderInfo',
      'vnp_OrderType',
      'vnp_ReturnUrl',
      'vnp_TmnCode',
      'vnp_TxnRef',
      'vnp_Version',
      'vnp_SecureHash',
    ]);
    const p = Object.fromEntries(url.searchParams);
    expect(p).toMatchObject({
      vnp_Amount: '15000000',
      vnp_Command: 'pay',
      vnp_CreateDate: '20260316090000',
      vnp_CurrCode: 'VND',
      vnp_ExpireDate: '20260316091500',
      vnp_IpAddr: '203.0.113.7',
      vnp_Locale: 'vn',
      vnp_OrderInfo: 'Nop le phi truoc ba ho so HS-2026-000123',
      vnp_OrderType: 'other',
      vnp_ReturnUrl: 'https://motcua.example.gov.vn/thanh-toan/ket-qua',
      vnp_TmnCode: 'ONEDOOR1',
      vnp_TxnRef: 'HS-2026-000123-1',
      vnp_Version: '2.1.0',
    });
    expect(p.vnp_SecureHash).toMatch(/^[0-9a-f]{128}$/);
    expect(url.search).toContain('vnp_OrderInfo=Nop+le+phi+truoc+ba+ho+so+HS-2026-000123&');
    expect(verifySignature(parseQueryString(url.search), SECRET)).toBe(true);
  });

  it('passes the optional fields through', () => {
    const p = new URL(buildPaymentUrl(cfg, { ...request, locale: 'en', orderType: 'billpayment', bankCode: 'VNBANK' })).searchParams;
    expect([p.get('vnp_Locale'), p.get('vnp_OrderType'), p.get('vnp_BankCode')]).toEqual(['en', 'billpayment', 'VNBANK']);
  });

  it('refuses what VNPay would refuse', () => {
    expect(() => buildPaymentUrl(cfg, { ...request, amountVnd: 1500.5 })).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, amountVnd: 0 })).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, amountVnd: 10_000_000_000 })).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, txnRef: 'HS 1' })).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, expiresAt: request.createdAt })).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, orderInfo: '!!!' })).toThrow(RangeError);
    expect(() => buildPaymentUrl({ ...cfg, tmnCode: 'SHORT' }, request)).toThrow(RangeError);
    expect(() => buildPaymentUrl(cfg, { ...request, returnUrl: 'javascript:alert(1)' })).toThrow(RangeError);
  });
});

describe('toVnpOrderInfo', () => {
  it('removes diacritics and the characters signers encode differently', () => {
    expect(toVnpOrderInfo('Thuế thu nhập cá nhân (TNCN) kỳ 03/2026 – Đỗ Thị Ánh!')).toBe('Thue thu nhap ca nhan TNCN ky 03/2026 Do Thi Anh');
    expect(toVnpOrderInfo('Thanh toan don hang :5')).toBe('Thanh toan don hang :5');
  });
});

describe('parseCallback', () => {
  it('reads a successful payment', () => {
    expect(parseCallback(callback(), SECRET)).toEqual({
      ok: true,
      txnRef: 'HS-2026-000123-1',
      amountVnd: 150_000,
      responseCode: '00',
      transactionStatus: '00',
      transactionNo: '14249372',
      bankCode: 'NCB',
      bankTranNo: 'VNP14249372',
      cardType: 'ATM',
      orderInfo: 'Nop le phi truoc ba ho so HS-2026-000123',
      tmnCode: 'ONEDOOR1',
      payDate: new Date('2026-03-16T02:15:02.000Z'),
      succeeded: true,
    });
  });

  it('reads a cancellation (24 / 02, no bank transaction number) as not succeeded', () => {
    const r = parseCallback(callback({ vnp_ResponseCode: '24', vnp_TransactionStatus: '02', vnp_BankTranNo: undefined, vnp_TransactionNo: '0', vnp_BankCode: 'VNPAY', vnp_CardType: 'QRCODE' }), SECRET);
    expect(r).toMatchObject({ ok: true, responseCode: '24', transactionStatus: '02', transactionNo: '0', succeeded: false });
    expect(r.ok && r.bankTranNo).toBeUndefined();
  });

  it('needs both codes at 00 to call it a success', () => {
    expect(parseCallback(callback({ vnp_TransactionStatus: '01' }), SECRET)).toMatchObject({ ok: true, succeeded: false });
    expect(parseCallback(callback({ vnp_ResponseCode: '07' }), SECRET)).toMatchObject({ ok: true, succeeded: false });
  });

  it('says INVALID_SIGNATURE for a forged or unsigned callback', () => {
    expect(parseCallback({ ...callback(), vnp_Amount: '100000000' }, SECRET)).toEqual({ ok: false, reason: 'INVALID_SIGNATURE' });
    expect(parseCallback(callback({}, 'ANOTHERSECRET'), SECRET)).toEqual({ ok: false, reason: 'INVALID_SIGNATURE' });
    expect(parseCallback({ vnp_TxnRef: 'x' }, SECRET)).toEqual({ ok: false, reason: 'INVALID_SIGNATURE' });
  });

  it.each([
    ['not a multiple of 100', { vnp_Amount: '15000050' }],
    ['negative', { vnp_Amount: '-15000000' }],
    ['decimal', { vnp_Amount: '150000.00' }],
    ['exponent', { vnp_Amount: '1.5e7' }],
    ['leading zero', { vnp_Amount: '015000000' }],
    ['beyond safe integers', { vnp_Amount: '99999999999999999900' }],
    ['missing amount', { vnp_Amount: undefined }],
    ['missing txnRef', { vnp_TxnRef: undefined }],
    ['missing transaction status', { vnp_TransactionStatus: undefined }],
    ['three-digit response code', { vnp_ResponseCode: '000' }],
  ])('says MALFORMED for a correctly signed callback with an amount or field that is %s', (_label, overrides) => {
    expect(parseCallback(callback(overrides), SECRET)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('says MALFORMED for a duplicated field', () => {
    const q = callback();
    expect(parseCallback({ ...q, vnp_TxnRef: [q.vnp_TxnRef, 'other'] }, SECRET)).toEqual({ ok: false, reason: 'MALFORMED' });
  });

  it('gives a null payDate when it is unreadable', () => {
    expect(parseCallback(callback({ vnp_PayDate: '2026-03-16' }), SECRET)).toMatchObject({ ok: true, payDate: null });
  });
});

describe('IPN replies and labels', () => {
  it('produces the bodies VNPay expects', () => {
    expect(ipnReply('00')).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(ipnReply('01')).toEqual({ RspCode: '01', Message: 'Order not found' });
    expect(ipnReply('02')).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    expect(ipnReply('04')).toEqual({ RspCode: '04', Message: 'Invalid amount' });
    expect(ipnReply('97')).toEqual({ RspCode: '97', Message: 'Invalid signature' });
    expect(ipnReply('99')).toEqual({ RspCode: '99', Message: 'Unknown error' });
    expect(JSON.stringify(ipnReply('00'))).toBe('{"RspCode":"00","Message":"Confirm Success"}');
  });

  it('labels response codes in Vietnamese', () => {
    expect(responseCodeLabel('24')).toBe('Giao dịch không thành công do: Khách hàng hủy giao dịch');
    expect(responseCodeLabel('00')).toBe('Giao dịch thành công');
    expect(responseCodeLabel('42')).toBe('Giao dịch không thành công (mã lỗi 42)');
    expect(responseCodeLabel('toString')).toBe('Giao dịch không thành công (mã lỗi toString)');
  });
});

describe('VNPay dates (GMT+7, no daylight saving)', () => {
  it('formats an instant in GMT+7, moving to the next day from 17:00 UTC', () => {
    expect(formatVnpDate(new Date('2026-03-15T16:59:59.000Z'))).toBe('20260315235959');
    expect(formatVnpDate(new Date('2026-03-15T17:00:00.000Z'))).toBe('20260316000000');
    expect(formatVnpDate(new Date('2025-12-31T17:00:00.999Z'))).toBe('20260101000000');
    expect(formatVnpDate(new Date('2026-07-15T05:04:03.000Z'))).toBe('20260715120403');
  });

  it('parses back to the same instant', () => {
    expect(parseVnpDate('20260316000000')).toEqual(new Date('2026-03-15T17:00:00.000Z'));
    expect(parseVnpDate('20260101000000')).toEqual(new Date('2025-12-31T17:00:00.000Z'));
    const d = new Date('2026-02-28T23:30:15.000Z');
    expect(parseVnpDate(formatVnpDate(d))).toEqual(d);
  });

  it('refuses what is not a real yyyyMMddHHmmss', () => {
    for (const s of ['20260230120000', '20261301000000', '20260316240000', '2026031600000', '202603160000000', '2026-03-16 00:00', '']) {
      expect(parseVnpDate(s)).toBeNull();
    }
    expect(() => formatVnpDate(new Date('nope'))).toThrow(RangeError);
  });
});
