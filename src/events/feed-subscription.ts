import { Loaders } from '../dossiers/dossier.loaders';
import { GraphQLContext } from '../server/context';
import { BoundedQueue, mapQueue } from './bounded-queue';
import { PublishedEvent } from './published-event';

/**
 * A GraphQL subscription over this instance's event feed: `accept` filters cheaply on the
 * event's payload as it arrives; `map` runs when the client is ready for the next message, with
 * a fresh entity manager and loaders (ARCHITECTURE rule 3), and re-reads what it sends with the
 * subscriber's rights. A subscriber that stops reading is closed with a reason.
 */
export function subscribeToFeed<T>(ctx: GraphQLContext, accept: (e: PublishedEvent) => boolean, map: (e: PublishedEvent) => Promise<T[]>): AsyncIterableIterator<T> {
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
