import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { Loaders } from '../dossiers/dossier.loaders';
import { BoundedQueue, mapQueue } from './bounded-queue';
import type { EventFeed } from './event-feed';
import { PublishedEvent } from '../outbox/published-event';

/** What a feed subscription reads from the request it serves, and renews per event (the GraphQL context provides it). */
export interface FeedSubscriber {
  services: {
    realtime: { feed: EventFeed };
    config: { realtime: { subscriptionQueueLimit: number } };
    orm: MikroORM;
  };
  /** Over WebSocket: closes the client's connection. */
  connection?: { close(code: number, reason: string): void };
  em: EntityManager;
  loaders: Loaders;
}

/**
 * A GraphQL subscription over this instance's event feed: `accept` filters cheaply on the
 * event's payload as it arrives; `map` runs when the client is ready for the next message, with
 * a fresh entity manager and loaders (ARCHITECTURE rule 3), and re-reads what it sends with the
 * subscriber's rights. A subscriber that stops reading is closed with a reason.
 */
export function subscribeToFeed<T>(ctx: FeedSubscriber, accept: (e: PublishedEvent) => boolean, map: (e: PublishedEvent) => Promise<T[]>): AsyncIterableIterator<T> {
  const { realtime, config } = ctx.services;
  const queue = new BoundedQueue<PublishedEvent>(config.realtime.subscriptionQueueLimit, (o) =>
    ctx.connection?.close(1008, `Subscriber too slow: ${o.waiting} events waiting, none taken for ${Math.round(o.idleMs / 1000)} s; reconnect and re-read`),
  );
  queue.onEnd(realtime.feed.subscribe((e) => {
    if (accept(e)) queue.push(e);
  }));
  return mapQueue(queue, async (e) => {
    ctx.em = ctx.services.orm.em.fork();
    ctx.loaders = new Loaders(ctx.em);
    return map(e);
  });
}
