import { randomBytes } from 'node:crypto';
import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { platformPrincipal, Principal } from '../auth/principal';
import { Config } from '../config';
import { Dossier } from '../dossiers/dossier.entity';
import { applicantOf, DossierService, inTransaction } from '../dossiers/dossier.service';
import { NationalStatus } from '../dossiers/national-status';
import { isApplicant } from '../dossiers/workflow/workflow.engine';
import { ActionEffect } from '../dossiers/workflow/workflow.types';
import { Busy, DossierNotFound, ErrorResult, NotAuthorized, ServiceUnavailable, TransitionNotAllowed } from '../graphql/errors';
import { isDatabaseUnavailable } from '../db/pool-guard';
import { Clock } from '../calendar/clock';
import { uuidv7 } from '../db/ids';
import type { PayableSources } from '../dossiers/workflow/workflow-rules';
import { PaymentCallback, PaymentItem, PaymentOrder, PaymentStatus } from './payment.entity';
import { MinuteQuota } from '../logging/minute-quota';
import { errorForLog, Logger } from '../logging/logger';
import { payablesOf } from './payables';
import { buildPaymentUrl, IpnReply, ipnReply, parseCallback, responseCodeLabel, verifySignature, VnpLocale, VnpQuery } from './vnpay.protocol';

const GATEWAY = 'vnpay';
/** Where the gateway calls back, relative to the server's public base URL. */
export const IPN_PATH = '/payments/vnpay/ipn';
export const RETURN_PATH = '/payments/vnpay/return';

/** The capability `payDossierOnline` needs, named in its `ServiceUnavailable` answer. */
const ONLINE_PAYMENT_SERVICE = 'onlinePayment';

const PAYMENTS_OFF_VI = 'Hệ thống chưa kết nối cổng thanh toán trực tuyến, vui lòng nộp phí, lệ phí tại bộ phận một cửa';
const PAYMENTS_OFF_EN = 'Online payment is off on this server (PAYMENTS=off): pay the fees at the counter';

/** What an online payment answers when the server has none (`PAYMENTS=off`). */
function paymentsOff(): ServiceUnavailable {
  return ServiceUnavailable.switchedOff(ONLINE_PAYMENT_SERVICE, `${PAYMENTS_OFF_VI} / ${PAYMENTS_OFF_EN}`);
}

/**
 * The gateway's callback URLs when payments are off: HTTP 503 and an unacknowledged IPN code
 * (99), so that a gateway still holding a payment calls again once payments are back on.
 */
export const PAYMENTS_OFF_IPN: IpnReply = { RspCode: '99', Message: PAYMENTS_OFF_EN };
export const PAYMENTS_OFF_PAGE = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Thanh toán trực tuyến không khả dụng</title></head>
<body><h1>Thanh toán trực tuyến không khả dụng</h1><p>${PAYMENTS_OFF_VI}.</p><p>${PAYMENTS_OFF_EN}.</p></body></html>`;

/** Whether the merchant's secret signed a callback (a malformed one is refused before its signature is checked). */
function isSigned(cb: ReturnType<typeof parseCallback>, query: VnpQuery, hashSecret: string): boolean {
  return cb.ok || (cb.reason !== 'INVALID_SIGNATURE' && verifySignature(query, hashSecret));
}

/** The platform actor that moves a dossier on after a verified payment. */
const GATEWAY_ACTOR: Principal = platformPrincipal(GATEWAY, 'Cổng thanh toán VNPay');

export interface StartedPayment {
  order: PaymentOrder;
  paymentUrl: string;
}

/** What a callback did, for the browser page shown on return. */
export interface ReturnOutcome {
  valid: boolean;
  succeeded: boolean;
  dossierCode: string | null;
  amountVnd: number | null;
  message: string;
}

/**
 * Online payment of what the modules say is payable on a dossier (tax notices …), through a
 * VNPay-style gateway: the applicant gets a signed payment link; the gateway's signed IPN call
 * records the payment and, in the same transaction, the platform performs the dossier's step
 * with the RECORD_PAYMENT effect (the modules' hooks mark their notices paid). The IPN is
 * idempotent: a repeated or replayed call changes nothing; a tampered one is refused and logged.
 */
export class PaymentService {
  /** Unsigned callbacks cost nothing to send: only so many a minute are kept, so they cannot fill the log. */
  private readonly unsigned: MinuteQuota;

  /** Set once the server (and, with PAYMENTS=sandbox, the sandbox gateway) listens. */
  gatewayUrl = '';
  publicBaseUrl = '';

  constructor(
    private readonly modules: PayableSources,
    private readonly dossiers: DossierService,
    private readonly clock: Clock,
    private readonly cfg: Config['payments'],
    /** The `payments` component's logger. */
    private readonly logger: Logger,
  ) {
    this.unsigned = new MinuteQuota(cfg.unsignedLogPerMinute, (dropped) => this.logger.warn({ dropped }, `${dropped} callback(s) with an invalid signature refused and not logged (over PAYMENT_UNSIGNED_LOG_PER_MINUTE)`));
  }

  /** Online payment is on (`PAYMENTS` is not `off`): links are signed and callbacks are heard. */
  get enabled(): boolean {
    return this.cfg.mode !== 'off';
  }

  /** Everything payable now on the dossier (see `payablesOf`). */
  payables(em: EntityManager, dossierId: string): Promise<PaymentItem[]> {
    return payablesOf(em, this.modules, dossierId);
  }

  /** The applicant asks to pay online: a new order over what is payable now and its signed link. */
  async start(em: EntityManager, p: Principal | undefined, input: { dossierId: string; locale?: VnpLocale; ipAddr: string }): Promise<StartedPayment | ErrorResult> {
    if (!this.enabled) return paymentsOff();
    if (!p) return NotAuthorized.of('sign in first');
    return this.dossiers.writeQueue.run(input.dossierId, () => inTransaction(em, async (tx) => {
      const d = await tx.findOne(Dossier, input.dossierId, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!d || !(await this.dossiers.canSee(tx, p, d))) return DossierNotFound.of(input.dossierId);
      if (!isApplicant(p, applicantOf(d))) return NotAuthorized.of('only the applicant pays online; officers record counter payments with the pay action');
      if (d.nationalStatus !== NationalStatus.PAYMENT_REQUESTED) {
        return TransitionNotAllowed.of('payOnline', d.state, [], 'the dossier is not waiting for a payment (national status 6)');
      }
      const items = await this.payables(tx, d.id);
      if (!items.length) return TransitionNotAllowed.of('payOnline', d.state, [], 'nothing is payable on this dossier now');
      const now = this.clock.now();
      // One order at a time (the dossier is locked): a second link while the first may still be
      // paid would let the applicant pay twice. The same order comes back until it expires.
      const pending = await tx.findOne(PaymentOrder, { dossier: d, status: PaymentStatus.PENDING, expiresAt: { $gt: now } }, { orderBy: { createdAt: 'desc' } });
      if (pending) {
        const same = pending.amountVnd === items.reduce((s, i) => s + i.amountVnd, 0) && pending.items.map((i) => i.ref).join() === items.map((i) => i.ref).join();
        if (!same) return TransitionNotAllowed.of('payOnline', d.state, [], `a payment of other amounts is in progress until ${pending.expiresAt.toISOString()}`);
        return { order: pending, paymentUrl: this.link(pending, d.code, input) };
      }
      const order = tx.create(PaymentOrder, {
        txnRef: newTxnRef(now),
        dossier: d,
        gateway: GATEWAY,
        amountVnd: items.reduce((s, i) => s + i.amountVnd, 0),
        items,
        createdByName: p.fullName || p.subject,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.cfg.expiryMinutes * 60_000),
      });
      await tx.flush();
      return { order, paymentUrl: this.link(order, d.code, input) };
    }), () => Busy.of(), p.subject);
  }

  /** The signed link to the gateway's page for an order (the same order always gives the same terms). */
  private link(order: PaymentOrder, dossierCode: string, input: { locale?: VnpLocale; ipAddr: string }): string {
    return buildPaymentUrl(
      { gatewayUrl: this.gatewayUrl, tmnCode: this.cfg.tmnCode, hashSecret: this.cfg.hashSecret },
      {
        txnRef: order.txnRef,
        amountVnd: order.amountVnd,
        orderInfo: `Thanh toan ho so ${dossierCode}`,
        locale: input.locale ?? 'vn',
        returnUrl: `${this.publicBaseUrl}${RETURN_PATH}`,
        ipAddr: input.ipAddr,
        createdAt: order.createdAt,
        expiresAt: order.expiresAt,
      },
    );
  }

  /** The gateway's server-to-server notification: the only callback that changes state. */
  async ipn(em: EntityManager, query: VnpQuery): Promise<IpnReply> {
    if (!this.enabled) return PAYMENTS_OFF_IPN; // no secret to check a signature with: nothing is read or written
    const cb = parseCallback(query, this.cfg.hashSecret);
    const now = this.clock.now();
    // The log row is written after the transaction (never on a second connection inside it); when
    // the database cannot take it, the gateway still gets the answer the transaction decided.
    const log = (outcome: string, order: PaymentOrder | null, valid: boolean) =>
      em
        .fork()
        .insert(PaymentCallback, { id: uuidv7(), gateway: GATEWAY, kind: 'IPN', order: order?.id ?? null, txnRef: single(query.vnp_TxnRef), signatureValid: valid, outcome, params: flat(query), receivedAt: now })
        .catch((e) => {
          if (!isDatabaseUnavailable(e)) throw e;
          this.logger.error({ txnRef: single(query.vnp_TxnRef)?.slice(0, 64), outcome, error: errorForLog(e) }, 'IPN answered, its callback row not written');
        });
    if (!cb.ok) {
      const signed = isSigned(cb, query, this.cfg.hashSecret);
      if (signed || this.unsigned.admit(now)) await log(signed ? '99' : '97', null, signed);
      return ipnReply(cb.reason === 'INVALID_SIGNATURE' ? '97' : '99');
    }
    // Callbacks for one order queue on its row lock (bounded by lock_timeout): the first applies
    // it, the next ones find it settled and answer 02. A wait that runs out, or a database that
    // cannot serve now, answers 99, and the gateway calls again later: never an HTTP 500.
    let reply: { code: '00' | '01' | '02' | '04'; order: PaymentOrder | null } | ErrorResult;
    const settle = () =>
      inTransaction(em, async (tx): Promise<{ code: '00' | '01' | '02' | '04'; order: PaymentOrder | null }> => {
        const order = await tx.findOne(PaymentOrder, { txnRef: cb.txnRef, gateway: GATEWAY }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!order) return { code: '01', order: null };
        if (Number(order.amountVnd) !== cb.amountVnd) return { code: '04', order };
        // Settled orders change no more (a replay is harmless); but money the gateway says it took
        // after reporting a failure is still recorded, never ignored.
        if (order.status === PaymentStatus.PAID || (order.status === PaymentStatus.FAILED && !cb.succeeded)) return { code: '02', order };
        order.responseCode = cb.responseCode;
        order.bankCode = cb.bankCode;
        if (!cb.succeeded) {
          order.status = PaymentStatus.FAILED;
          await tx.flush();
          return { code: '00', order };
        }
        order.status = PaymentStatus.PAID;
        order.paidAt = cb.payDate ?? now;
        order.gatewayTransactionNo = cb.transactionNo;
        await tx.flush();
        // The money is in: it is recorded whatever happens to the dossier. Moving the dossier on
        // runs under a savepoint; if it cannot (e.g. an officer stopped the dossier meanwhile),
        // the order says why, for staff to reconcile or refund.
        const moved = await inTransaction(tx, (inner) =>
          this.dossiers.performAsPlatform(inner, GATEWAY_ACTOR, {
            dossierId: order.dossier.id,
            effect: ActionEffect.RECORD_PAYMENT,
            note: `Thanh toán trực tuyến qua VNPay, mã giao dịch ${cb.transactionNo}, số tiền ${cb.amountVnd.toLocaleString('vi-VN')} đồng`,
            payment: {
              txnRef: order.txnRef,
              gatewayTransactionNo: cb.transactionNo,
              amountVnd: cb.amountVnd,
              items: order.items.map((i) => ({ module: i.module, ref: i.ref, amountVnd: i.amountVnd })),
            },
          }),
        );
        if (moved instanceof ErrorResult) order.applyProblem = moved.message;
        else order.appliedAt = now;
        await tx.flush();
        return { code: '00', order };
      });
    try {
      reply = await this.dossiers.writeQueue.run(`payment:${cb.txnRef}`, settle, () => Busy.of());
    } catch (e) {
      if (!isDatabaseUnavailable(e)) throw e;
      reply = Busy.of();
    }
    if (reply instanceof Busy) {
      await log('99', null, true);
      return ipnReply('99');
    }
    if (reply instanceof ErrorResult) throw new Error(reply.message);
    await log(reply.code, reply.order, true);
    return ipnReply(reply.code);
  }

  /** The applicant's browser coming back: shows the outcome, changes nothing (the IPN does). */
  async returned(em: EntityManager, query: VnpQuery): Promise<ReturnOutcome> {
    if (!this.enabled) return { valid: false, succeeded: false, dossierCode: null, amountVnd: null, message: PAYMENTS_OFF_EN };
    const cb = parseCallback(query, this.cfg.hashSecret);
    const order = cb.ok ? await em.findOne(PaymentOrder, { txnRef: cb.txnRef, gateway: GATEWAY }, { populate: ['dossier'] }) : null;
    const signed = isSigned(cb, query, this.cfg.hashSecret);
    if (signed || this.unsigned.admit(this.clock.now())) await em.fork().insert(PaymentCallback, {
      id: uuidv7(), gateway: GATEWAY, kind: 'RETURN', order: order?.id ?? null, txnRef: single(query.vnp_TxnRef), signatureValid: signed,
      outcome: cb.ok ? cb.responseCode : cb.reason, params: flat(query), receivedAt: this.clock.now(),
    });
    if (!cb.ok || !order) return { valid: false, succeeded: false, dossierCode: null, amountVnd: null, message: 'Dữ liệu trả về không hợp lệ / The gateway’s answer could not be verified' };
    return {
      valid: true,
      succeeded: cb.succeeded,
      dossierCode: order.dossier.code,
      amountVnd: cb.amountVnd,
      message: cb.succeeded ? 'Giao dịch thành công / Payment successful' : responseCodeLabel(cb.responseCode),
    };
  }
}

/** Merchant reference: the Vietnam date and random characters, unique and not guessable. */
function newTxnRef(now: Date): string {
  const day = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(2, 10).replaceAll('-', '');
  return `OD${day}${randomBytes(6).toString('hex').toUpperCase()}`;
}

function single(v: string | string[] | undefined): string | null {
  return typeof v === 'string' ? v.slice(0, 100) : null;
}

function flat(q: VnpQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(q).slice(0, 40)) if (v !== undefined) out[k.slice(0, 40)] = (Array.isArray(v) ? v.join(',') : v).slice(0, 500);
  return out;
}
