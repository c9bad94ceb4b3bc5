import { createHmac } from 'node:crypto';
import nodemailer, { Transporter } from 'nodemailer';
import { NotificationChannel } from './notification.types';
import type { SmsGatewayConfig, SmtpConfig } from '../config';

/** A message ready to leave: the id doubles as the idempotency key at the provider. */
export interface OutgoingMessage {
  id: string;
  recipient: string;
  subject: string | null;
  body: string;
}

/** One delivery channel. `send` resolves when the provider accepted the message, rejects otherwise. */
export interface NotificationSender {
  channel: NotificationChannel;
  send(m: OutgoingMessage): Promise<void>;
  close?(): void;
}

/** E-mail over real SMTP (nodemailer, pooled connections). */
export class SmtpSender implements NotificationSender {
  readonly channel = NotificationChannel.EMAIL;
  private readonly transport: Transporter;

  constructor(private readonly config: SmtpConfig) {
    this.transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.secure,
      requireTLS: config.requireTls,
      auth: config.user ? { user: config.user, pass: config.password } : undefined,
      tls: { rejectUnauthorized: config.verifyCertificate },
      pool: true,
      maxConnections: 2,
      connectionTimeout: 10_000,
      socketTimeout: 20_000,
      // nodemailer's logger would print the AUTH exchange; keep it off.
      logger: false,
      debug: false,
    });
  }

  async send(m: OutgoingMessage): Promise<void> {
    await this.transport.sendMail({
      from: this.config.from,
      to: m.recipient,
      subject: m.subject ?? '',
      text: m.body,
      // A stable Message-ID: a message re-sent after a lost acknowledgement is recognisably the same.
      messageId: `<${m.id}@onedoor>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
  }

  close(): void {
    this.transport.close();
  }
}

/** `0912345678` → `+84912345678`; numbers already in international form stay as they are. */
export function internationalPhone(phone: string): string {
  const p = phone.replace(/[\s.-]/g, '');
  return p.startsWith('0') ? `+84${p.slice(1)}` : p;
}

/**
 * SMS through an HTTP gateway: a JSON POST signed with HMAC-SHA256 over `timestamp.body`
 * (`X-OneDoor-Timestamp`, `X-OneDoor-Signature: v1=<hex>`), the notification id as
 * `Idempotency-Key`. Another provider is another `NotificationSender`.
 */
export class HttpSmsSender implements NotificationSender {
  readonly channel = NotificationChannel.SMS;

  constructor(private readonly config: SmsGatewayConfig) {}

  async send(m: OutgoingMessage): Promise<void> {
    const body = JSON.stringify({ id: m.id, to: internationalPhone(m.recipient), from: this.config.sender, text: m.body, unicode: true });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', this.config.secret).update(`${timestamp}.${body}`).digest('hex');
    const res = await fetch(this.config.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-onedoor-timestamp': timestamp,
        'x-onedoor-signature': `v1=${signature}`,
        'idempotency-key': m.id,
      },
      body,
      signal: AbortSignal.timeout(this.config.timeoutMs),
    });
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 200);
      throw new Error(`SMS gateway answered ${res.status}${text ? `: ${text}` : ''}`);
    }
  }
}

/** The receiving side of the signature, for gateways (and tests) to check a request. */
export function verifySmsSignature(secret: string, timestamp: string, body: string, header: string | undefined): boolean {
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  return header === expected;
}
