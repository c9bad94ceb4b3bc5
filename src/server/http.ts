import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { EntityManager } from '@mikro-orm/postgresql';
import { IPN_PATH, PAYMENTS_OFF_IPN, PAYMENTS_OFF_PAGE, RETURN_PATH } from '../payments/payment.service';
import { paymentReturnPage } from '../payments/return-page';
import { VnpQuery } from '../payments/vnpay.protocol';
import { DocumentNode, getOperationAST, GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocket, WebSocketServer } from 'ws';
import { AuthenticationError } from '../auth/token.service';
import { Principal } from '../auth/principal';
import { statementCounter } from '../db/orm';
import { fileDownloadHandler } from './file-download';
import { dossierExportHandler } from '../statistics/dossier-export';
import { createContext, GraphQLContext, Services } from './context';
import { compiledExecutionGateway } from './compiled-executor';
import { SqlFastPath } from './sql-fast-path';
import { SQL_COMPILERS } from './schema';
import { stringifyResult } from '../graphql/raw-json';
import { configureJsonObjectLimits } from '../graphql/json-input';
import { inputHygieneMiddleware, inputHygieneRule, jsonBodyBudget, operationInputProblem, refuseHeavyFrames } from './input-hygiene';
import { bodyErrorHandler, errorFormatter, errorScopePlugin, finalErrorHandler, formatWsResult, notFoundHandler } from './error-reporting';
import { componentLogger } from '../logging/logger';
import { accessLog, noteCaller, noteOperation, noteOperationName, requestScope, websocketLog } from './access-log';
import { clientAddressOf, countLimitedFields } from './rate-limits';
import { closeForbidden, LiveSessions } from './live-sessions';
import { dataAccessLogPlugin, dataAccessOnNext } from './data-access-plugin';
import { databaseUnavailableError, databaseUnavailableHandler, RETRY_AFTER_SECONDS, serviceUnavailablePlugin } from './error-mapping';
import { requestErrorStatusPlugin } from './response-media-type';
import { corsMiddleware, websocketOriginAllowed } from './cors';
import { mountIde } from './ide';
import { admissionPlugin } from './admission';
import { Readiness } from './readiness';
import { formatLimitError, parseAndValidate, parseOptions, quietOversizedFrames, validationRules } from './armor';
import { createServerMetrics } from './metrics';
import { mountMetrics } from './metrics-endpoint';
import { instrumentGraphqlWs, operationMetricsPlugin } from './metrics-graphql';

export interface RunningServer {
  url: string;
  port: number;
  /** The separate metrics listener's `/metrics` URL (`METRICS_PORT`), when there is one. */
  metricsUrl?: string;
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

/**
 * Charges the caller's address for every rate-limited root field (each alias) once the
 * operation is known and before anything runs: an over-budget request is refused whole, 429.
 */
function rateLimitPlugin(services: Services): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, contextValue }) {
          const counts = countLimitedFields(schema, document, operationName);
          if (counts.size) await services.rateLimits.charge(contextValue.clientIp, counts);
        },
      };
    },
  };
}

/**
 * One HTTP server: Apollo over POST/GET /graphql, graphql-ws on the same path, health
 * endpoints. The same validation rules (depth, cost) guard both transports.
 */
export async function startHttpServer(services: Services, schema: GraphQLSchema): Promise<RunningServer> {
  const { config } = services;
  const app = express();
  app.disable('x-powered-by');
  // `req.ip` (and so every per-client limit) follows X-Forwarded-For only through configured proxies.
  app.set('trust proxy', config.trustedProxies.length ? config.trustedProxies : false);
  const trustProxy = app.get('trust proxy fn') as (addr: string, hop: number) => boolean;
  const httpServer = createServer(app);
  const logger = componentLogger(services.logger, 'graphql');
  const httpLogger = componentLogger(services.logger, 'http');
  // First of all: the request id and its context, then the access line when the response finishes.
  app.use(requestScope, accessLog(httpLogger));
  const { metrics, dispose: disposeMetrics } = createServerMetrics(services);
  app.use(metrics.httpMiddleware);
  // Browser pages on other origins: the allow-list answers preflights before any route or body parser.
  app.use(['/graphql', '/files', '/exports'], corsMiddleware(config.cors));
  const hygiene = { jsonDepth: config.inputLimits.jsonDepth, queryDepth: config.limits.maxDepth };
  configureJsonObjectLimits({ maxDepth: config.inputLimits.jsonDepth, maxBytes: config.inputLimits.formDataBytes });
  const reportError = errorFormatter(logger, config.env === 'development');
  // An unreachable or exhausted database is a 503 the client may retry, whatever failed on it.
  const formatError: typeof reportError = (formatted, error, operationName) => {
    formatted = formatLimitError(formatted, config); // the token limit's parse error as QUERY_TOO_MANY_TOKENS
    return databaseUnavailableError(formatted, error) ?? reportError(formatted, error, operationName);
  };
  const rules = [...validationRules(config), inputHygieneRule(config.inputLimits.jsonDepth)];

  /** The HTTP plugin's charge for a WebSocket operation; a refusal is the operation's error message. */
  const wsRateLimit = async (document: DocumentNode, operationName: string | null | undefined, clientIp: string | undefined): Promise<GraphQLError[] | undefined> => {
    const counts = countLimitedFields(schema, document, operationName);
    if (!counts.size) return undefined;
    try {
      await services.rateLimits.charge(clientIp, counts, { http: false });
      return undefined;
    } catch (e) {
      if (e instanceof GraphQLError) return [e];
      throw e;
    }
  };

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.limits.bodyLimitBytes, // a larger frame closes the socket (1009)
    verifyClient: (info, done) => (websocketOriginAllowed(config.cors, info.req, trustProxy) ? done(true) : done(false, 403, 'Origin not allowed')),
  });
  const wsLog = websocketLog(wsServer, componentLogger(services.logger, 'websocket'));
  quietOversizedFrames(wsServer);
  refuseHeavyFrames(wsServer, config.inputLimits.jsonDepth, config.inputLimits.jsonValues);
  const liveSessions = new LiveSessions(services.realtime.feed);
  const dataAccessNext = dataAccessOnNext(services);
  const wsCleanup = useServer<Record<string, unknown>, { principal?: Principal; socket: WebSocket; request: IncomingMessage; expiry?: NodeJS.Timeout; clientIp?: string }>(
    instrumentGraphqlWs(metrics, wsServer, {
      schema,
      onConnect: async (ctx) => {
        let principal: Principal | undefined;
        try {
          principal = await services.tokens.fromAuthorization(ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization);
        } catch {
          return false; // graphql-ws closes with 4403 Forbidden
        }
        ctx.extra.principal = principal;
        wsLog.noteCaller(ctx.extra.socket, principal);
        ctx.extra.clientIp = clientAddressOf(ctx.extra.request, trustProxy);
        // Disabling the account or changing its roles closes this connection (see LiveSessions).
        if (principal?.accountId) liveSessions.track(principal.accountId, ctx.extra.socket);
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
      onClose: (ctx) => {
        clearTimeout(ctx.extra.expiry);
        if (ctx.extra.principal?.accountId) liveSessions.untrack(ctx.extra.principal.accountId, ctx.extra.socket);
      },
      // The personal data a result shows is logged before it is sent (or the result is withheld); then errors are formatted.
      onNext: (ctx, id, payload, args, result) => {
        const logged = dataAccessNext(ctx, id, payload, args, result);
        return logged ? logged.then((withheld) => withheld ?? formatWsResult(formatError, result, payload.operationName)) : formatWsResult(formatError, result, payload.operationName);
      },
      onSubscribe: async (ctx, id, payload) => {
        noteOperation(id);
        const problem = operationInputProblem(payload.query, payload.variables, hygiene, payload.extensions);
        if (problem) return [new GraphQLError(problem, { extensions: { code: 'BAD_USER_INPUT' } })];
        const max = config.realtime.maxSubscriptionsPerConnection;
        if (Object.keys(ctx.subscriptions).length >= max) {
          return [new GraphQLError(`At most ${max} operations at once on one connection`, { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS' } })];
        }
        // The same parse options and validation rules as over HTTP (graphql-ws's own parse takes no options).
        const document = parseAndValidate(schema, payload.query, config, rules);
        if (Array.isArray(document)) return document as GraphQLError[];
        const operationName = getOperationAST(document as DocumentNode, payload.operationName)?.name?.value;
        noteOperationName(operationName);
        logger.debug({ operationName }, 'websocket operation started');
        // Each operation re-checks the session as an HTTP request would, then pays its rate limit.
        if (!(await services.tokens.stillCurrent(ctx.extra.principal))) {
          closeForbidden(ctx.extra.socket, 'Session ended');
          return [new GraphQLError('Session ended: sign in again', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const refused = await wsRateLimit(document as DocumentNode, payload.operationName, ctx.extra.clientIp);
        if (refused) return refused;
        return { schema, document: document as DocumentNode, operationName: payload.operationName, variableValues: payload.variables };
      },
      context: (ctx) => createContext(services, ctx.extra.principal, {
        close: (code, reason) => {
          const socket = ctx.extra.socket;
          socket.close(code, reason);
          // A client that stopped reading never answers the close frame: drop it rather than wait 30 s.
          setTimeout(() => socket.terminate(), 5000).unref();
        },
      }, ctx.extra.clientIp),
    }),
    wsServer,
  );

  const development = config.env === 'development';
  const apollo = new ApolloServer<GraphQLContext>({
    ...(config.compiledExecution || config.sqlFastPath
      ? { gateway: compiledExecutionGateway(schema, { jit: config.compiledExecution, fastPath: config.sqlFastPath ? new SqlFastPath(schema, SQL_COMPILERS, componentLogger(services.logger, 'sql-fast-path')) : undefined }) }
      : { schema }),
    // Splices the JSON text of SQL-compiled fields into the response (same bytes as the default otherwise).
    stringifyResult,
    validationRules: rules,
    parseOptions: parseOptions(config),
    includeStacktraceInErrorResponses: development,
    // Refused when disabled by `validationRules` (typed INTROSPECTION_DISABLED, on every transport); Apollo's own rule would report it twice.
    introspection: true,
    formatError,
    // Apollo's own messages (e.g. "Unexpected error processing request") go to the same JSON log.
    logger,
    // main.ts handles signals; Apollo's own handler would stop the server a second time and hang.
    stopOnTerminationSignals: false,
    plugins: [
      // No cache hints are used; the default plugin would wrap every resolved field (≈ 2,100 in an inbox page).
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing page loads its editor from a CDN; the IDE is OneDoor's own, bundled (src/server/ide.ts).
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      { async serverWillStart() { return { async drainServer() { liveSessions.dispose(); await wsCleanup.dispose(); } }; } },
      errorScopePlugin,
      rateLimitPlugin(services),
      dataAccessLogPlugin,
      serviceUnavailablePlugin,
      requestErrorStatusPlugin,
      admissionPlugin(config.limits.admission),
      operationMetricsPlugin(metrics),
      ...(config.exposeStatementCount ? [statementCountPlugin] : []),
    ],
  });
  await apollo.start();

  if (config.ide) mountIde(app, httpLogger);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const readiness = new Readiness(services);
  app.get('/readyz', (_req, res, next) => {
    readiness.report().then(({ httpStatus, body }) => res.status(httpStatus).set('cache-control', 'no-store').json(body), next);
  });
  app.get('/files/:id', (req, res, next) => {
    fileDownloadHandler(services)(req, res).catch(next);
  });
  app.get('/exports/dossiers', (req, res, next) => {
    dossierExportHandler(services)(req, res).catch(next);
  });
  app.get(IPN_PATH, (req, res, next) => {
    if (!services.payments.enabled) return void res.status(503).json(PAYMENTS_OFF_IPN); // PAYMENTS=off
    services.payments.ipn(services.orm.em.fork() as EntityManager, req.query as VnpQuery).then((reply) => res.json(reply), next);
  });
  app.get(RETURN_PATH, (req, res, next) => {
    if (!services.payments.enabled) return void res.status(503).type('html').send(PAYMENTS_OFF_PAGE);
    services.payments.returned(services.orm.em.fork() as EntityManager, req.query as VnpQuery).then((o) => res.status(o.valid ? 200 : 400).type('html').send(paymentReturnPage(o)), next);
  });
  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyLimitBytes, verify: jsonBodyBudget(config.inputLimits.jsonDepth, config.inputLimits.jsonValues) }),
    bodyErrorHandler(httpLogger, config.limits.bodyLimitBytes),
    inputHygieneMiddleware(hygiene),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        try {
          const principal = await services.tokens.fromAuthorization(req.headers.authorization);
          noteCaller(principal);
          return createContext(services, principal, undefined, req.ip);
        } catch (e) {
          if (e instanceof AuthenticationError) throw unauthenticated(e);
          // Context errors skip the plugins: the 503 and its Retry-After are set here.
          const unavailable = databaseUnavailableError({ message: '' }, e);
          if (unavailable) throw new GraphQLError(unavailable.message, { extensions: { ...unavailable.extensions, http: { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) } } });
          throw e;
        }
      },
    }),
  );
  app.use(databaseUnavailableHandler);
  const metricsEndpoints = await mountMetrics(app, metrics, config, logger).catch(async (e) => {
    await apollo.stop();
    await disposeMetrics();
    throw e;
  });

  // Keep last: JSON for unknown routes and for any error a route passes on (no HTML stack pages).
  app.use(notFoundHandler, finalErrorHandler(httpLogger));

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}/graphql`,
    port,
    metricsUrl: metricsEndpoints.url,
    httpServer,
    stop: async () => {
      // Not ready from now on; while the load balancer notices, requests are still served.
      readiness.beginStopping();
      const delay = config.readiness.shutdownDrainDelayMs;
      if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
      await apollo.stop();
      await metricsEndpoints.close();
      await disposeMetrics();
    },
  };
}
