import { EntityManager } from '@mikro-orm/postgresql';
import { Config } from '../config';
import { componentLogger, Logger } from '../logging/logger';
import { HttpSmsSender, NotificationSender, SmtpSender } from '../notifications/channels';
import { DeliveryWorker } from '../notifications/delivery.worker';
import { EventFeed } from './event-feed';
import { OutboxConsumer, OutboxRelay } from './outbox-relay';
import { PgListener } from './pg-listener';
import { EVENTS_CHANNEL, NOTIFICATIONS_CHANNEL, OUTBOX_CHANNEL } from '../outbox/published-event';

/**
 * One instance's part of the real-time design: a LISTEN connection, the outbox relay (every
 * instance runs one; they take turns), the event feed its subscriptions read, and the
 * notification delivery worker. Nothing is shared in memory between instances.
 */
export class RealTime {
  readonly feed: EventFeed;
  readonly relay: OutboxRelay;
  readonly delivery: DeliveryWorker;
  readonly listener: PgListener;

  constructor(
    private readonly config: Config,
    databaseUrl: string,
    em: EntityManager,
    /** The root logger; each part writes under its own component (relay, feed, listener, delivery). */
    logger: Logger,
    /** The relay's durable consumers, in order; a list that spans the layers, so the composition root assembles it. */
    consumers: OutboxConsumer[],
  ) {
    const n = config.notifications;
    const senders: NotificationSender[] = [];
    if (n.email) senders.push(new SmtpSender(n.email));
    if (n.sms) senders.push(new HttpSmsSender(n.sms));
    const secrets = [n.email?.password, n.sms?.secret].filter((s): s is string => !!s);
    this.delivery = new DeliveryWorker(em, senders, { maxAttempts: n.maxAttempts, backoffMs: n.backoffMs, leaseMs: 300_000, pollMs: n.pollMs, batch: 10, secrets, logger: componentLogger(logger, 'delivery') });
    this.relay = new OutboxRelay(em, consumers, { sweepMs: config.realtime.relaySweepMs, retentionDays: config.realtime.outboxRetentionDays, logger: componentLogger(logger, 'relay') });
    this.feed = new EventFeed(em, componentLogger(logger, 'feed'));
    this.listener = new PgListener(databaseUrl, [OUTBOX_CHANNEL, EVENTS_CHANNEL, NOTIFICATIONS_CHANNEL], {
      onNotification: (channel) => {
        if (channel === OUTBOX_CHANNEL) this.relay.kick();
        else if (channel === EVENTS_CHANNEL) this.feed.pull();
        else if (channel === NOTIFICATIONS_CHANNEL) this.delivery.kick();
      },
      // After a reconnect: publish what waited, read what was published meanwhile, send what is due.
      onConnected: () => {
        this.relay.kick();
        this.feed.pull();
        this.delivery.kick();
      },
    }, { applicationName: 'onedoor-listener', reconnectMs: config.realtime.listenerReconnectMs, logger: componentLogger(logger, 'listener') });
    const delivery = componentLogger(logger, 'delivery');
    if (!n.email) delivery.info('E-mail notifications are off (SMTP_HOST is not set).');
    if (!n.sms) delivery.info('SMS notifications are off (SMS_GATEWAY_URL is not set).');
  }

  async start(): Promise<void> {
    await this.feed.init(this.config.realtime.feedPollMs);
    if (this.config.realtime.relay) this.relay.start();
    this.delivery.start();
    await this.listener.start();
  }

  async stop(): Promise<void> {
    await this.listener.stop();
    await this.relay.stop();
    await this.feed.stop();
    await this.delivery.stop();
  }
}
