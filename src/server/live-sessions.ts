import type { WebSocket } from 'ws';
import type { EventFeed } from '../events/event-feed';
import { ACCOUNT_SESSIONS_ENDED as SESSIONS_ENDED } from '../auth/session.service';

/**
 * The WebSocket connections of this instance by account, so that disabling an account or
 * changing its roles closes its open subscriptions (4403) on every instance: the change writes
 * an outbox event in its transaction, and each instance's event feed delivers it here.
 */
export class LiveSessions {
  private readonly byAccount = new Map<string, Set<WebSocket>>();
  private readonly unsubscribe: () => void;

  constructor(feed: EventFeed) {
    this.unsubscribe = feed.subscribe((e) => {
      if (e.aggregateType === 'Account' && e.type === SESSIONS_ENDED) this.end(e.aggregateId);
    });
  }

  track(accountId: string, socket: WebSocket): void {
    const set = this.byAccount.get(accountId) ?? new Set<WebSocket>();
    set.add(socket);
    this.byAccount.set(accountId, set);
  }

  untrack(accountId: string, socket: WebSocket): void {
    const set = this.byAccount.get(accountId);
    set?.delete(socket);
    if (set && !set.size) this.byAccount.delete(accountId);
  }

  /** Closes every connection of the account: the client must sign in again. */
  end(accountId: string): void {
    for (const socket of this.byAccount.get(accountId) ?? []) closeForbidden(socket, 'Session ended');
    this.byAccount.delete(accountId);
  }

  dispose(): void {
    this.unsubscribe();
  }
}

/** Closes with 4403 and drops a client that does not answer the close frame. */
export function closeForbidden(socket: WebSocket, reason: string): void {
  socket.close(4403, reason);
  setTimeout(() => socket.terminate(), 5000).unref();
}
