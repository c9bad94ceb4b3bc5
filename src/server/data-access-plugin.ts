import { ApolloServerPlugin } from '@apollo/server';
import { EntityManager } from '@mikro-orm/postgresql';
import { ExecutionArgs, ExecutionResult, FormattedExecutionResult } from 'graphql';
import type { GraphQLContext, Services } from './context';
import { DATA_ACCESS_LOG_FAILED } from '../privacy/data-access';
import { errorForLog } from './logger';

/** The failure's cause in the JSON log (redacted like every error). */
export function reportDataAccessLogFailure(services: Pick<Services, 'logger'>, e: unknown, what: string): void {
  services.logger.error({ component: 'graphql', error: errorForLog(e) }, what);
}

/*
 * Writes the personal-data reads a request noted (`ctx.dataAccess`, src/privacy/data-access.ts)
 * in ONE insert after execution and before the answer is sent; when that insert fails, the
 * answer is replaced by an error: no unmasked personal data leaves without its log row.
 */


/**
 * Apollo: flushes in `executionDidEnd` (awaited before any `willSendResponse`, so the statement
 * counts in the request's `sqlStatements`), then withholds the response if the flush failed.
 */
export const dataAccessLogPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart({ contextValue }) {
    let failed = false;
    return {
      async executionDidStart() {
        return {
          async executionDidEnd(error) {
            if (error) return; // nothing is returned but the error
            try {
              await contextValue.dataAccess.flush(contextValue.em, contextValue.services.clock.now());
            } catch (e) {
              failed = true;
              reportDataAccessLogFailure(contextValue.services, e, 'personal-data access log not written; response withheld');
            }
          },
        };
      },
      async willSendResponse({ response }) {
        if (!failed) return;
        response.body = { kind: 'single', singleResult: { errors: [DATA_ACCESS_LOG_FAILED] } };
        response.http.status = 503;
      },
    };
  },
};

/**
 * graphql-ws `onNext`: each result (a query's, or each subscription event) writes the reads it
 * noted before it is sent, on a fresh entity manager; a failure sends an error instead.
 */
export function dataAccessOnNext(services: Services) {
  const flush = async (ctx: GraphQLContext): Promise<FormattedExecutionResult | void> => {
    try {
      await ctx.dataAccess.flush(services.orm.em.fork() as EntityManager, services.clock.now());
    } catch (e) {
      reportDataAccessLogFailure(services, e, 'personal-data access log not written; event withheld');
      return { errors: [DATA_ACCESS_LOG_FAILED] };
    }
  };
  // Synchronous when nothing was noted: most events carry no one else's personal data.
  return (_ctx: unknown, _id: string, _payload: unknown, args: ExecutionArgs, _result: ExecutionResult): Promise<FormattedExecutionResult | void> | void => {
    const ctx = args.contextValue as GraphQLContext | undefined;
    return ctx?.dataAccess?.size ? flush(ctx) : undefined;
  };
}
