/**
 * OneDoor's IDE: GraphiQL, bundled at build time (`scripts/build-ide.ts`, no CDN), on the
 * server's own `/graphql`. Queries and mutations go over HTTP with the headers of the headers
 * tab; subscriptions over graphql-ws on the same path, with the Authorization header given to
 * the connection (one connection per token).
 */
import { createGraphiQLFetcher, type Fetcher, type FetcherOpts, type FetcherParams } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { getOperationAST, parse } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import { createRoot } from 'react-dom/client';

const httpUrl = new URL('/graphql', location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');
const overHttp = createGraphiQLFetcher({ url: httpUrl });
const connections = new Map<string, Client>();

function isSubscription(params: FetcherParams): boolean {
  try {
    return getOperationAST(parse(params.query), params.operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false; // the server reports the syntax error
  }
}

function authorizationOf(opts: FetcherOpts | undefined): string {
  const headers = (opts?.headers ?? {}) as Record<string, unknown>;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
  return key ? String(headers[key]) : '';
}

const fetcher: Fetcher = (params, opts) => {
  if (!isSubscription(params)) return overHttp(params, opts);
  const authorization = authorizationOf(opts);
  let client = connections.get(authorization);
  if (!client) {
    client = createClient({ url: wsUrl, connectionParams: authorization ? { authorization } : {}, retryAttempts: 0, lazy: true });
    connections.set(authorization, client);
  }
  // GraphiQL shows what it is given: formatted results (errors as JSON) are what it displays.
  return client.iterate({ query: params.query, operationName: params.operationName ?? undefined, variables: params.variables ?? undefined }) as ReturnType<Fetcher>;
};

const DEFAULT_QUERY = `# OneDoor — Cổng dịch vụ công: the public catalogue (no token needed).
# Sign in with the login mutation, then put {"Authorization": "Bearer <token>"} in the Headers tab.
query Catalogue {
  procedures(first: 5) {
    edges { node { code name agency { name } } }
  }
}
`;

createRoot(document.getElementById('graphiql')!).render(<GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} />);
