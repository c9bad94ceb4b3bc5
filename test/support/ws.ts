import { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Client, createClient, FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** A live subscription over a real graphql-ws connection, collecting what the server pushes. */
export interface Subscriber<T> {
  results: FormattedExecutionResult<T, unknown>[];
  /** The data of each result, in arrival order. */
  readonly data: T[];
  /** Resolves once `n` results arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<T[]>;
  /** Resolves with the error the subscription ended with (a GraphQL error list or a close event). */
  ended: Promise<unknown>;
  client: Client;
  close(): Promise<void>;
}

export function wsClient(httpUrl: string, token?: string | null): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
}

export function subscribe<T, V>(httpUrl: string, token: string | null | undefined, doc: TypedDocumentNode<T, V>, variables: V, client = wsClient(httpUrl, token)): Subscriber<T> {
  const results: FormattedExecutionResult<T, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let settle!: (v: unknown) => void;
  const ended = new Promise((resolve) => (settle = resolve));
  const unsubscribe = client.subscribe<T>({ query: print(doc), variables: variables as Record<string, unknown> }, {
    next: (r) => {
      results.push(r);
      waiters.splice(0).forEach((w) => w());
    },
    error: (e) => {
      settle(e);
      waiters.splice(0).forEach((w) => w());
    },
    // An operation refused at subscribe time arrives as one result with errors, then completes.
    complete: () => settle(results.find((r) => r.errors)?.errors ?? 'complete'),
  });
  const sub: Subscriber<T> = {
    results,
    get data() {
      return results.map((r) => r.data as T);
    },
    async waitFor(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (results.length < n) {
        if (results.some((r) => r.errors)) throw new Error(`subscription error: ${JSON.stringify(results)}`);
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`expected ${n} results, got ${results.length}: ${JSON.stringify(results.map((r) => r.data))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 200));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return sub.data;
    },
    ended,
    client,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
  return sub;
}

/** Resolves once the server acknowledged the connection (so a subscription is registered before we act). */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve) => {
    const off = client.on('connected', () => {
      off();
      resolve();
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
