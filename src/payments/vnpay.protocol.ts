/*
 * VNPay payment gateway ("Cổng thanh toán VNPAY"), API version 2.1.0, command `pay`: the pure,
 * dependency-free half of the protocol (building the signed payment URL, verifying and reading the
 * Return URL / IPN callbacks, the IPN reply bodies and the code tables).
 *
 * Sources followed:
 * - VNPay's integration guide, https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html, with
 *   .../huong-dan-tich-hop/ and .../chuyen-doi-thuat-toan/changeTypeHash.html (parameter table and
 *   formats, 2.1.0 = HMAC-SHA512 with no vnp_SecureHashType sent, the sample payment URL, the
 *   vnp_ResponseCode and vnp_TransactionStatus tables).
 * - VNPay's demo code as copied into public repositories: the Node demo (`vnpay_nodejs`: sortObject,
 *   qs.stringify({ encode: false }), `{ RspCode, Message }` IPN replies), the Java demo
 *   (URLEncoder.encode on values, empty values skipped) and the PHP demo (`vnpay_ipn.php`: only
 *   `vnp_*` fields hashed, RspCode 00/01/02/04/97/99 with "Confirm Success", "Order not found",
 *   "Order already confirmed", "Invalid signature").
 * - The `vnpay` npm library, github.com/lehuygiang28/vnpay (URLSearchParams sign data, response
 *   code labels, IPN reply constants).
 * - Real return URLs quoted in public code (e.g. a cancel: vnp_ResponseCode=24,
 *   vnp_TransactionStatus=02, no vnp_BankTranNo, vnp_TransactionNo=0 for QR payments).
 *
 * Sign data: the `vnp_*` fields except vnp_SecureHash and vnp_SecureHashType, empty values left
 * out, sorted by name, joined as name=value with '&', each value encoded as
 * application/x-www-form-urlencoded (space as '+'). That is what the Java demo (URLEncoder), the
 * `vnpay` library (URLSearchParams) and the PHP demo (urlencode) produce; the Node demo
 * (encodeURIComponent with %20 -> '+') differs only on the characters ! ' ( ) * ~, which
 * `toVnpOrderInfo` therefore keeps out of the only free-text field.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The API version this module speaks. */
const VNP_VERSION = '2.1.0';

/** VNPay's public sandbox payment page. */
const VNPAY_SANDBOX_PAY_URL = 'https://sandbox.vnpayment.vn/paymentv2/vpcpay.html';

/** Language of VNPay's payment pages. */
export type VnpLocale = 'vn' | 'en';

/** Merchant terminal credentials, as issued by VNPay per website ("mã website" and "chuỗi bí mật"). */
export interface VnpayConfig {
  /** Payment page, e.g. {@link VNPAY_SANDBOX_PAY_URL}. */
  gatewayUrl: string;
  /** vnp_TmnCode: 8 alphanumeric characters. */
  tmnCode: string;
  /** vnp_HashSecret: the HMAC-SHA512 key. */
  hashSecret: string;
}

/** One payment to start. */
export interface PaymentRequest {
  /** vnp_TxnRef: the merchant's reference, unique per payment attempt (VNPay refuses a reuse within the day). */
  txnRef: string;
  /** Amount in whole dong; sent as vnp_Amount = amountVnd × 100. */
  amountVnd: number;
  /** vnp_OrderInfo: free text, passed through {@link toVnpOrderInfo} (VNPay wants it without diacritics). */
  orderInfo: string;
  /** vnp_OrderType: VNPay's goods category code; 'other' when omitted. */
  orderType?: string;
  /** vnp_Locale; 'vn' when omitted. */
  locale?: VnpLocale;
  /** vnp_ReturnUrl: where the citizen's browser is sent back. */
  returnUrl: string;
  /** vnp_IpAddr: the citizen's IP address. */
  ipAddr: string;
  /** vnp_CreateDate. */
  createdAt: Date;
  /** vnp_ExpireDate: VNPay refuses to take the payment after this instant. */
  expiresAt: Date;
  /** vnp_BankCode: skip VNPay's method choice (e.g. 'VNPAYQR', 'VNBANK', 'INTCARD', 'NCB'). */
  bankCode?: string;
}

/** A query as parsed by Express or {@link parseQueryString}: repeated names come as arrays. */
export type VnpQuery = Record<string, string | string[] | undefined>;

/** Why a callback was refused. */
type CallbackRejection = 'INVALID_SIGNATURE' | 'MALFORMED';

/** A Return URL / IPN callback whose signature and fields checked out. */
interface VnpayCallback {
  ok: true;
  txnRef: string;
  /** vnp_Amount / 100. */
  amountVnd: number;
  /** vnp_ResponseCode, see {@link responseCodeLabel}. */
  responseCode: string;
  /** vnp_TransactionStatus, see {@link TRANSACTION_STATUS_LABELS_VI}. */
  transactionStatus: string;
  /** vnp_TransactionNo: VNPay's transaction number ('0' when nothing reached a bank). */
  transactionNo: string;
  bankCode: string;
  /** vnp_BankTranNo: only present when the bank processed the payment. */
  bankTranNo?: string;
  cardType?: string;
  orderInfo?: string;
  tmnCode?: string;
  /** vnp_PayDate; null when absent or unreadable (it is informative, the status is what counts). */
  payDate: Date | null;
  /** True only when both vnp_ResponseCode and vnp_TransactionStatus are '00', as VNPay's guide requires. */
  succeeded: boolean;
}

/** Result of {@link parseCallback}. */
export type CallbackResult = VnpayCallback | { ok: false; reason: CallbackRejection };

/** The RspCode values a merchant answers an IPN with. */
export type IpnRspCode = '00' | '01' | '02' | '04' | '97' | '99';

/** Body of the merchant's answer to an IPN call, sent as JSON with HTTP 200. */
export interface IpnReply {
  RspCode: IpnRspCode;
  Message: string;
}

const IPN_MESSAGES: Readonly<Record<IpnRspCode, string>> = {
  '00': 'Confirm Success',
  '01': 'Order not found',
  '02': 'Order already confirmed',
  '04': 'Invalid amount',
  '97': 'Invalid signature',
  '99': 'Unknown error',
};

/**
 * The IPN answer for a code, always sent with HTTP 200. RspCode 00 (recorded) and 02 (recorded
 * earlier) acknowledge the notification; any other code leaves it unacknowledged, so VNPay calls again.
 */
export function ipnReply(code: IpnRspCode): IpnReply {
  return { RspCode: code, Message: IPN_MESSAGES[code] };
}

/** RspCodes after which VNPay considers the IPN delivered. */
export const IPN_ACKNOWLEDGED_CODES: readonly string[] = ['00', '02'];

/** Vietnamese labels of vnp_ResponseCode (payment result), worded as in VNPay's guide. */
const RESPONSE_CODE_LABELS_VI: Readonly<Record<string, string>> = {
  '00': 'Giao dịch thành công',
  '07': 'Trừ tiền thành công. Giao dịch bị nghi ngờ (liên quan tới lừa đảo, giao dịch bất thường).',
  '09': 'Giao dịch không thành công do: Thẻ/Tài khoản của khách hàng chưa đăng ký dịch vụ InternetBanking tại ngân hàng.',
  '10': 'Giao dịch không thành công do: Khách hàng xác thực thông tin thẻ/tài khoản không đúng quá 3 lần',
  '11': 'Giao dịch không thành công do: Đã hết hạn chờ thanh toán. Xin quý khách vui lòng thực hiện lại giao dịch.',
  '12': 'Giao dịch không thành công do: Thẻ/Tài khoản của khách hàng bị khóa.',
  '13': 'Giao dịch không thành công do Quý khách nhập sai mật khẩu xác thực giao dịch (OTP). Xin quý khách vui lòng thực hiện lại giao dịch.',
  '24': 'Giao dịch không thành công do: Khách hàng hủy giao dịch',
  '51': 'Giao dịch không thành công do: Tài khoản của quý khách không đủ số dư để thực hiện giao dịch.',
  '65': 'Giao dịch không thành công do: Tài khoản của Quý khách đã vượt quá hạn mức giao dịch trong ngày.',
  '75': 'Ngân hàng thanh toán đang bảo trì.',
  '79': 'Giao dịch không thành công do: KH nhập sai mật khẩu thanh toán quá số lần quy định. Xin quý khách vui lòng thực hiện lại giao dịch',
  '99': 'Các lỗi khác (lỗi còn lại, không có trong danh sách mã lỗi đã liệt kê)',
};

/** Vietnamese labels of vnp_TransactionStatus (state of the transaction at VNPay). */
const TRANSACTION_STATUS_LABELS_VI: Readonly<Record<string, string>> = {
  '00': 'Giao dịch thanh toán thành công',
  '01': 'Giao dịch chưa hoàn tất',
  '02': 'Giao dịch bị lỗi',
  '04': 'Giao dịch đảo (Khách hàng đã bị trừ tiền tại Ngân hàng nhưng GD chưa thành công ở VNPAY)',
  '05': 'VNPAY đang xử lý giao dịch này (GD hoàn tiền)',
  '06': 'VNPAY đã gửi yêu cầu hoàn tiền sang Ngân hàng (GD hoàn tiền)',
  '07': 'Giao dịch bị nghi ngờ gian lận',
  '09': 'GD Hoàn trả bị từ chối',
};

/** Label of a vnp_ResponseCode for the citizen, with a generic one for codes VNPay may add later. */
export function responseCodeLabel(code: string): string {
  return Object.prototype.hasOwnProperty.call(RESPONSE_CODE_LABELS_VI, code)
    ? RESPONSE_CODE_LABELS_VI[code]
    : `Giao dịch không thành công (mã lỗi ${code})`;
}

// Vietnam has kept UTC+7 without daylight saving since 1975, so a fixed offset is exact.
const GMT7_MS = 7 * 60 * 60 * 1000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** An instant as VNPay writes it: yyyyMMddHHmmss in GMT+7. Throws RangeError on an invalid Date. */
export function formatVnpDate(d: Date): string {
  const t = d.getTime();
  if (!Number.isFinite(t)) throw new RangeError('formatVnpDate: invalid Date');
  const l = new Date(t + GMT7_MS);
  const year = l.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new RangeError('formatVnpDate: year out of range');
  return `${year}${pad(l.getUTCMonth() + 1)}${pad(l.getUTCDate())}${pad(l.getUTCHours())}${pad(l.getUTCMinutes())}${pad(l.getUTCSeconds())}`;
}

/** Reads a yyyyMMddHHmmss GMT+7 timestamp; null unless it is exactly 14 digits naming a real instant. */
export function parseVnpDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const d = new Date(Date.UTC(year, month - 1, day, hour, minute, second) - GMT7_MS);
  // Date.UTC rolls 2024-02-30 over to March; the round trip catches such impossible dates.
  return formatVnpDate(d) === s ? d : null;
}

/**
 * vnp_OrderInfo as VNPay wants it ("Tiếng Việt không dấu và không bao gồm các ký tự đặc biệt"):
 * diacritics removed, đ/Đ to d/D, anything but letters, digits, spaces and - _ . , : / # replaced
 * by a space, spaces collapsed, at most 255 characters.
 */
export function toVnpOrderInfo(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^A-Za-z0-9 \-_.,:/#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 255)
    .trim();
}

/**
 * The sign data: `vnp_*` fields other than the hash ones, non-empty, sorted, form-encoded.
 * Fields outside `vnp_*` are left out, as VNPay's PHP demo does, so that a query string already
 * present on a return URL (or the local sandbox's `sandbox_outcome`) does not break the check.
 */
export function buildSignData(params: Record<string, string>): string {
  const usp = new URLSearchParams();
  for (const key of Object.keys(params).filter(isSignedField).sort()) {
    const value = params[key];
    if (typeof value === 'string' && value !== '') usp.append(key, value);
  }
  return usp.toString();
}

function isSignedField(key: string): boolean {
  return key.startsWith('vnp_') && key !== 'vnp_SecureHash' && key !== 'vnp_SecureHashType';
}

/** vnp_SecureHash of a set of parameters: lowercase hex HMAC-SHA512 of {@link buildSignData}. */
export function signParams(params: Record<string, string>, hashSecret: string): string {
  return createHmac('sha512', hashSecret).update(buildSignData(params), 'utf8').digest('hex');
}

/**
 * Checks vnp_SecureHash in constant time. False (never a throw) when the hash is missing or not
 * 128 hex digits, or when any `vnp_*` field is repeated: with two values there is no telling which
 * one the signature was meant to cover, and which one the application would read.
 */
export function verifySignature(query: VnpQuery, hashSecret: string): boolean {
  const fields = singleValuedVnpFields(query);
  if (!fields) return false;
  const received = fields.vnp_SecureHash;
  if (typeof received !== 'string' || !/^[0-9a-fA-F]{128}$/.test(received)) return false;
  const expected = Buffer.from(signParams(fields, hashSecret), 'hex');
  return timingSafeEqual(expected, Buffer.from(received, 'hex'));
}

/** The `vnp_*` fields of a query, or null when one is repeated. */
function singleValuedVnpFields(query: VnpQuery): Record<string, string> | null {
  const out: Record<string, string> = Object.create(null);
  for (const key of Object.keys(query)) {
    if (!key.startsWith('vnp_')) continue;
    const value = query[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return null;
    out[key] = value;
  }
  return out;
}

/**
 * Parses a query string keeping repeated names as arrays (URLSearchParams and Express both
 * collapse or reorder them in ways that would hide a duplicate).
 */
export function parseQueryString(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(search.startsWith('?') ? search.slice(1) : search)) {
    const previous = out[key];
    if (previous === undefined) out[key] = value;
    else out[key] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

/**
 * Verifies and reads a Return URL or IPN callback. INVALID_SIGNATURE when the hash is missing
 * or wrong; MALFORMED when a `vnp_*` field is repeated, a required field is missing, the amount
 * is not a non-negative integer multiple of 100, or a code is not two digits.
 */
export function parseCallback(query: VnpQuery, hashSecret: string): CallbackResult {
  const fields = singleValuedVnpFields(query);
  if (!fields) return { ok: false, reason: 'MALFORMED' };
  if (!verifySignature(query, hashSecret)) return { ok: false, reason: 'INVALID_SIGNATURE' };

  const { vnp_TxnRef: txnRef, vnp_Amount: amount, vnp_ResponseCode: responseCode, vnp_TransactionStatus: transactionStatus } = fields;
  const { vnp_TransactionNo: transactionNo, vnp_BankCode: bankCode } = fields;
  if (!txnRef || !transactionNo || !bankCode) return { ok: false, reason: 'MALFORMED' };
  if (!responseCode || !/^\d{2}$/.test(responseCode)) return { ok: false, reason: 'MALFORMED' };
  if (!transactionStatus || !/^\d{2}$/.test(transactionStatus)) return { ok: false, reason: 'MALFORMED' };
  if (!amount || !/^(0|[1-9]\d*)$/.test(amount)) return { ok: false, reason: 'MALFORMED' };
  const minor = Number(amount);
  if (!Number.isSafeInteger(minor) || minor % 100 !== 0) return { ok: false, reason: 'MALFORMED' };

  return {
    ok: true,
    txnRef,
    amountVnd: minor / 100,
    responseCode,
    transactionStatus,
    transactionNo,
    bankCode,
    ...(fields.vnp_BankTranNo ? { bankTranNo: fields.vnp_BankTranNo } : {}),
    ...(fields.vnp_CardType ? { cardType: fields.vnp_CardType } : {}),
    ...(fields.vnp_OrderInfo ? { orderInfo: fields.vnp_OrderInfo } : {}),
    ...(fields.vnp_TmnCode ? { tmnCode: fields.vnp_TmnCode } : {}),
    payDate: fields.vnp_PayDate ? parseVnpDate(fields.vnp_PayDate) : null,
    succeeded: responseCode === '00' && transactionStatus === '00',
  };
}

// vnp_Amount is Numeric[1,12]: at most 999 999 999 999, i.e. 9 999 999 999 dong.
const MAX_AMOUNT_VND = 9_999_999_999;

/**
 * The signed URL to send the citizen's browser to. Throws RangeError on input VNPay would refuse
 * (amount, reference, dates, codes), so the mistake surfaces here rather than on VNPay's error page.
 */
export function buildPaymentUrl(cfg: VnpayConfig, req: PaymentRequest): string {
  const gateway = new URL(cfg.gatewayUrl);
  if (gateway.search || gateway.hash) throw new RangeError('gatewayUrl must not carry a query or fragment');
  if (!/^[A-Za-z0-9]{8}$/.test(cfg.tmnCode)) throw new RangeError('tmnCode must be 8 alphanumeric characters');
  if (!cfg.hashSecret) throw new RangeError('hashSecret is empty');
  if (!Number.isSafeInteger(req.amountVnd) || req.amountVnd <= 0 || req.amountVnd > MAX_AMOUNT_VND) {
    throw new RangeError(`amountVnd must be a whole number of dong between 1 and ${MAX_AMOUNT_VND}`);
  }
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(req.txnRef)) throw new RangeError('txnRef must be 1-100 characters among A-Z a-z 0-9 _ -');
  const orderInfo = toVnpOrderInfo(req.orderInfo);
  if (!orderInfo) throw new RangeError('orderInfo is empty once diacritics and special characters are removed');
  const orderType = req.orderType ?? 'other';
  if (!/^[A-Za-z0-9_]{1,100}$/.test(orderType)) throw new RangeError('orderType must be a VNPay category code');
  const locale = req.locale ?? 'vn';
  if (locale !== 'vn' && locale !== 'en') throw new RangeError("locale must be 'vn' or 'en'");
  const returnUrl = new URL(req.returnUrl);
  if (returnUrl.protocol !== 'https:' && returnUrl.protocol !== 'http:') throw new RangeError('returnUrl must be http(s)');
  if (req.returnUrl.length > 255) throw new RangeError('returnUrl is longer than 255 characters');
  if (!req.ipAddr || req.ipAddr.length > 45) throw new RangeError('ipAddr must be 1-45 characters');
  if (req.bankCode !== undefined && !/^[A-Za-z0-9]{3,20}$/.test(req.bankCode)) throw new RangeError('bankCode must be 3-20 alphanumeric characters');
  if (!(req.expiresAt.getTime() > req.createdAt.getTime())) throw new RangeError('expiresAt must come after createdAt');

  const params: Record<string, string> = {
    vnp_Version: VNP_VERSION,
    vnp_Command: 'pay',
    vnp_TmnCode: cfg.tmnCode,
    vnp_Amount: String(req.amountVnd * 100),
    vnp_CurrCode: 'VND',
    vnp_TxnRef: req.txnRef,
    vnp_OrderInfo: orderInfo,
    vnp_OrderType: orderType,
    vnp_Locale: locale,
    vnp_ReturnUrl: req.returnUrl,
    vnp_IpAddr: req.ipAddr,
    vnp_CreateDate: formatVnpDate(req.createdAt),
    vnp_ExpireDate: formatVnpDate(req.expiresAt),
  };
  if (req.bankCode !== undefined) params.vnp_BankCode = req.bankCode;

  // The query is the sign data itself, with the hash appended last, as in VNPay's sample URL.
  return `${gateway.toString()}?${buildSignData(params)}&vnp_SecureHash=${signParams(params, cfg.hashSecret)}`;
}
