import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { EntityManager } from '@mikro-orm/postgresql';
import { IPN_PATH, RETURN_PATH } from '../payments/payment.service';
import { paymentReturnPage } from '../payments/return-page';
import { VnpQuery } from '../payments/vnpay.protocol';
import { DocumentNode, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { AuthenticationError } from '../auth/token.service';
import { Principal } from '../auth/principal';
import { statementCounter } from '../db/orm';
import { fileDownloadHandler } from '../documents/file-download';
import { dossierExportHandler } from '../statistics/dossier-export';
import { createContext, GraphQLContext, Services } from './context';
import { compiledExecutionGateway } from './compiled-executor';
import { SqlFastPath } from './sql-fast-path';
import { dossierListSqlCompiler } from '../dossiers/dossier-list.sql-compiler';
import { stringifyResult } from '../graphql/raw-json';
import { containsNul, NUL_MESSAGE } from './limits';
import { admissionPlugin } from './admission';
import { formatLimitError, parseAndValidate, parseOptions, quietOversizedFrames, validationRules } from './armor';

export interface RunningServer {
  url: string;
  port: number;
  httpServer: Server;
  stop(): Promise<void>;
}

function unauthenticated(e: AuthenticationError): GraphQLError {
  return new GraphQLError(e.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** Reports the SQL statements a request sent, for tests and benchmarks (never in production). */
const statementCountPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        const c = statementCounter.getStore();
        if (c && response.body.kind === 'single') {
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            sqlStatements: c.count,
            // Root fields answered by the SQL-compiled fast path (absent when none was).
            ...(c.compiledFields ? { sqlCompiledFields: c.compiledFields } : {}),
          };
        }
      },
    };
  },
};

/** Rejects NUL characters in variables before anything runs. */
const noNulVariablesPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        if (containsNul(request.variables)) throw new GraphQLError(NUL_MESSAGE, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
      },
    };
  },
};

/**
 * One HTTP server: Apollo over POST/GET /graphql, graphql-ws on the same path, health
 * endpoints. The same validation rules (depth, cost) guard both transports.
 */
export async function startHttpServer(services: Services, schema: GraphQLSchema): Promise<RunningServer> {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);
  const rules = validationRules(config);

  const wsServer = new WebSocketServer({ server: httpServer, path: '/graphql', maxPayload: config.limits.bodyLimitBytes }); // a larger frame closes the socket (1009)
  quietOversizedFrames(wsServer);
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal; socket: WebSocket; expiry?: NodeJS.Timeout }>(
    {
      schema,
      onConnect: async (ctx) => {
        let principal: Principal | undefined;
        try {
          principal = await services.tokens.fromAuthorization(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        ctx.extra.principal = principal;
        const expiresAt = principal?.expiresAt?.getTime();
        if (expiresAt) {
          // The connection outlives no token: past its expiry the client must sign in again.
          const arm = () => {
            const left = expiresAt - Date.now();
            if (left <= 0) return ctx.extra.socket.close(4403, 'Token expired');
            ctx.extra.expiry = setTimeout(arm, Math.min(left, 2 ** 31 - 1)); // setTimeout's limit is about 24.8 days
            ctx.extra.expiry.unref();
          };
          arm();
        }
        return true;
      },
      onClose: (ctx) => clearTimeout(ctx.extra.expiry),
      onSubscribe: (ctx, _id, payload) => {
        if (containsNul(payload.variables)) return [new GraphQLError(NUL_MESSAGE, { extensions: { code: 'BAD_USER_INPUT' } })];
        const max = config.realtime.maxSubscriptionsPerConnection;
        if (Object.keys(ctx.subscriptions).length >= max) {
          return [new GraphQLError(`At most ${max} operations at once on one connection`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        // The same parse options and validation rules as over HTTP (graphql-ws's own parse takes no options).
        const document = parseAndValidate(schema, payload.query, config, rules);
        if (Array.isArray(document)) return document as GraphQLError[];
        return { schema, document: document as DocumentNode, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => createContext(services, ctx.extra.principal, {
        close: (code, reason) => {
          const socket = ctx.extra.socket;
          socket.close(code, reason);
          // A client that stopped reading never answers the close frame: drop it rather than wait 30 s.
          setTimeout(() => socket.terminate(), 5000).unref();
        },
      }),
    },
    wsServer,
  );

  const development = config.env === 'development';
  const apollo = new ApolloServer<GraphQLContext>({
    ...(config.compiledExecution || config.sqlFastPath
      ? { gateway: compiledExecutionGateway(schema, { jit: config.compiledExecution, fastPath: config.sqlFastPath ? new SqlFastPath(schema, [dossierListSqlCompiler]) : undefined }) }
      : { schema }),
    // Splices the JSON text of SQL-compiled fields into the response (same bytes as the default otherwise).
    stringifyResult,
    validationRules: rules,
    parseOptions: parseOptions(config),
    includeStacktraceInErrorResponses: development,
    // Refused when disabled by `validationRules` (typed INTROSPECTION_DISABLED, on every transport); Apollo's own rule would report it twice.
    introspection: true,
    formatError: (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
      formatted = formatLimitError(formatted, config); // the token limit's parse error as QUERY_TOO_MANY_TOKENS
      const code = formatted.extensions?.code;
      // Apollo wraps validation errors and replaces their code; keep ours (QUERY_TOO_DEEP …).
      const original = error instanceof GraphQLError ? error.originalError : undefined;
      if (code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof GraphQLError && original.extensions.code) {
        return { ...formatted, extensions: { ...formatted.extensions, ...original.extensions } };
      }
      // invalid_byte_sequence / NUL in text: the input was bad, not the server.
      if ((original as { code?: string } | undefined)?.code === '22021') {
        return { message: NUL_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: 'BAD_USER_INPUT' } };
      }
      // Unexpected errors keep their details in the log, not in the response.
      if (!development && (code === 'INTERNAL_SERVER_ERROR' || code === undefined)) {
        console.error('[graphql] internal error', error);
        return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
      }
      return formatted;
    },
    // main.ts handles signals; Apollo's own handler would stop the server a second time and hang.
    stopOnTerminationSignals: false,
    plugins: [
      // No cache hints are used; the default plugin would wrap every resolved field (≈ 2,100 in an inbox page).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      noNulVariablesPlugin,
      admissionPlugin(config.limits.admission),
      ...(config.exposeStatementCount ? [statementCountPlugin] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await services.orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ready', modules: services.modules.names });
    } catch {
      res.status(503).json({ status: 'database unreachable' });
    }
  });
  app.get('/files/:id', (req, res, next) => {
    fileDownloadHandler(services)(req, res).catch(next);
  });
  app.get('/exports/dossiers', (req, res, next) => {
    dossierExportHandler(services)(req, res).catch(next);
  });
  app.get(IPN_PATH, (req, res, next) => {
    services.payments.ipn(services.orm.em.fork() as EntityManager, req.query as VnpQuery).then((reply) => res.json(reply), next);
  });
  app.get(RETURN_PATH, (req, res, next) => {
    services.payments.returned(services.orm.em.fork() as EntityManager, req.query as VnpQuery).then((o) => res.status(o.valid ? 200 : 400).type('html').send(paymentReturnPage(o)), next);
  });
  app.use(
    '/graphql',
    (_req, _res, next) => statementCounter.run({ count: 0 }, next),
    express.json({ limit: config.limits.bodyLimitBytes }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          return createContext(services, await services.tokens.fromAuthorization(req.headers.authorization), undefined, req.ip);
        } catch (e) {
          if (e instanceof AuthenticationError) throw unauthenticated(e);
          throw e;
        }
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    httpServer,
    stop: async () => {
      await apollo.stop();
    },
  };
}
