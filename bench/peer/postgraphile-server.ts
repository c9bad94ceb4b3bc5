import { createServer } from 'node:http';
import Module from 'node:module';
import path from 'node:path';
import { Pool, type PoolClient } from 'pg';
import type { PostGraphileOptions } from 'postgraphile';

/**
 * The peer of the benchmark: PostGraphile V4 as a library, on the same database and role as
 * OneDoor, in its own process (so its CPU and peak RSS are its own).
 *
 *   node -r @swc-node/register bench/peer/postgraphile-server.ts <databaseUrl> <port>
 *
 * The pool counts the statements PostGraphile sends: every `query` call on a pooled client or on
 * the pool itself, schema introspection included (the benchmark reads the counter before and after
 * one request, so only that request's statements count). `GET /__statements` answers the
 * running total.
 */

/**
 * Options as a production deployment would set them, documented in bench/RESULTS.md: read-only
 * API (no CRUD mutations), RBAC respected (`ignoreRBAC: false`: the role's grants shape the
 * schema), set-returning functions declared null-free, JSON columns as JSON, no watch mode, no
 * GraphiQL, no query log, no stack traces, simplified names (the plugin every V4 tutorial adds).
 */
export const PEER_OPTIONS: PostGraphileOptions = {
  // appendPlugins: [PgSimplifyInflectorPlugin], added in main (loaded after the graphql redirection)
  disableDefaultMutations: true,
  ignoreRBAC: false,
  setofFunctionsContainNulls: false,
  dynamicJson: true,
  watchPg: false,
  graphiql: false,
  enhanceGraphiql: false,
  disableQueryLog: true,
  showErrorStack: false,
  extendedErrors: [],
  legacyRelations: 'omit',
  retryOnInitFail: false,
  enableQueryBatching: false,
};

/** A pool whose clients count the statements they run. */
function countingPool(connectionString: string): { pool: Pool; count: () => number } {
  const pool = new Pool({ connectionString, max: 10 });
  let statements = 0;
  const wrapped = new WeakSet<PoolClient>();
  pool.on('connect', (client: PoolClient) => {
    if (wrapped.has(client)) return;
    wrapped.add(client);
    const original = client.query.bind(client) as (...a: unknown[]) => unknown;
    (client as unknown as { query: (...a: unknown[]) => unknown }).query = (...a: unknown[]) => {
      statements++;
      return original(...a);
    };
  });
  return { pool, count: () => statements };
}

/**
 * PostGraphile 4 needs graphql 15 (its own nested copy) while this repository runs graphql 16;
 * graphql-parse-resolve-info, a dependency of PostGraphile that takes graphql as a peer, would
 * load the root copy, and two copies of graphql in one schema fail ("Unexpected input type").
 * This process runs PostGraphile only, so every `graphql` import in it is sent to
 * PostGraphile's copy.
 */
function useGraphql15(): void {
  const own = path.dirname(require.resolve('graphql/package.json', { paths: [path.dirname(require.resolve('postgraphile/package.json'))] }));
  const m = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
  const resolve = m._resolveFilename;
  m._resolveFilename = (request: string, ...rest: unknown[]) =>
    request === 'graphql' || request.startsWith('graphql/') ? resolve.call(Module, path.join(own, request.slice('graphql'.length)), ...rest) : resolve.call(Module, request, ...rest);
}

function main(): void {
  const [url, port] = process.argv.slice(2);
  if (!url || !port) throw new Error('usage: postgraphile-server.ts <databaseUrl> <port>');
  useGraphql15();
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded after useGraphql15 */
  const { postgraphile } = require('postgraphile') as typeof import('postgraphile');
  const PgSimplifyInflectorPlugin = require('@graphile-contrib/pg-simplify-inflector');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const { pool, count } = countingPool(url);
  const middleware = postgraphile(pool, 'public', { ...PEER_OPTIONS, appendPlugins: [PgSimplifyInflectorPlugin] });
  const server = createServer((req, res) => {
    if (req.url === '/__statements') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ statements: count() }));
      return;
    }
    middleware(req, res);
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(port), '127.0.0.1');
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
