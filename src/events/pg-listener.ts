import { Client } from 'pg';
import { errorForLog, Logger } from '../logging/logger';

/**
 * One direct connection per instance that LISTENs on the given channels (a pooled connection
 * would lose its LISTEN when returned). It reconnects by itself with capped exponential backoff
 * and calls `onConnected` after every (re)connection, so that callers catch up on what they
 * missed while it was down.
 */
export class PgListener {
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private connecting?: Promise<void>;
  /** PostgreSQL backend pid of the current connection (tests cut it with pg_terminate_backend). */
  pid?: number;

  constructor(
    private readonly url: string,
    private readonly channels: string[],
    private readonly handlers: { onNotification(channel: string, payload: string): void; onConnected(): void },
    private readonly options: { applicationName: string; reconnectMs: number; logger: Logger },
  ) {}

  /** Resolves once the first connection listens (and rejects if it cannot be made at all). */
  async start(): Promise<void> {
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: this.options.applicationName, keepAlive: true });
    client.on('notification', (n) => this.handlers.onNotification(n.channel, n.payload ?? ''));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      for (const ch of this.channels) await client.query(`listen ${ch}`);
      this.pid = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
    } catch (e) {
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      throw e;
    }
    if (this.stopped) {
      // stop() ran while this (re)connection was under way.
      client.removeAllListeners();
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.failures) this.options.logger.info({ failures: this.failures }, 'listener reconnected');
    this.failures = 0;
    this.handlers.onConnected();
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (!this.stopped) this.options.logger.warn('listener connection lost, reconnecting');
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (!this.stopped) this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(5000, this.options.reconnectMs * 2 ** this.failures);
    this.failures++;
    this.retryTimer = setTimeout(() => {
      this.connecting = this.connect().catch((e) => {
        this.options.logger.warn({ error: errorForLog(e), failures: this.failures }, 'listener reconnect failed, retrying');
        if (!this.stopped) this.scheduleReconnect();
      });
    }, delay);
  }

  /** Connected and listening on every channel (set only once LISTEN is done); `/readyz` reports it. */
  get connected(): boolean {
    return !!this.client;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.connecting;
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}
