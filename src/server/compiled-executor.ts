import type { GatewayInterface } from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  printSchema,
  typeFromAST,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import type { GraphQLContext } from './context';
import { inOperationSpan } from './operation-span';
import type { SqlFastPath } from './sql-fast-path';

/**
 * Executes operations with graphql-jit instead of graphql-js: each document is compiled once
 * into a function specialised to its selection, which removes most of the per-field work of
 * a large list (an inbox page resolves about 2,100 fields). Apollo still parses, validates
 * (depth, cost), runs plugins and formats errors; it accepts a custom executor only through its
 * gateway interface, hence the shape of this object.
 *
 * With `fastPath`, an operation the SQL compilers fully support is answered by them first
 * (`sql-fast-path.ts`); with `jit` false, the rest runs on graphql-js.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, options: { jit?: boolean; fastPath?: SqlFastPath } = {}): GatewayInterface {
  const jit = options.jit ?? true;
  const fastPath = options.fastPath;
  // Apollo keeps parsed documents in its document store, so the same object comes back.
  const cache = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult>>();
  const compile = (document: DocumentNode, operationName: string | null) => {
    let byOperation = cache.get(document);
    if (!byOperation) cache.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let compiled = byOperation.get(key);
    if (!compiled) {
      compiled = compileQuery(schema, document, operationName ?? undefined);
      byOperation.set(key, compiled);
    }
    return compiled;
  };
  return {
    async load() {
      return {
        executor: async (rc) => {
          // graphql-jit's own variable parsing neither fills input fields' default values nor
          // reports a bad value as the client's mistake: coerce with graphql-js first (its errors
          // are BAD_USER_INPUT for Apollo), then hand jit the values with the defaults filled in.
          // Apollo's `rc.operationName` is the name of the operation it resolved: null when the request
          // names one the document lacks, and the document's only operation would then run unseen by
          // the plugins (rate limits, admission) before Apollo answers 500. Resolve with the request's
          // own name; when there is no such operation nothing runs and graphql-js says why (a 400).
          const operation = getOperationAST(rc.document, rc.request.operationName);
          if (!operation) return (await execute({ schema, document: rc.document, operationName: rc.request.operationName })) as ExecutionResult<Record<string, any>>;
          return inOperationSpan(operation, async () => {
            const definitions = operation.variableDefinitions ?? [];
            const coerced = getVariableValues(schema, definitions, rc.request.variables ?? {});
            if (coerced.errors) return { errors: coerced.errors };
            if (fastPath) {
              let data: Awaited<ReturnType<typeof fastPath.execute>>;
              try {
                data = await fastPath.execute(rc.document, rc.operationName, coerced.coerced, rc.context as unknown as GraphQLContext);
              } catch (e) {
                // The database could not serve it (formatError maps it to SERVICE_UNAVAILABLE, 503).
                return { errors: [new GraphQLError('Database unavailable', { originalError: e as Error })] };
              }
              if (data) return { data };
            }
            if (!jit) {
              return (await execute({ schema, document: rc.document, operationName: rc.operationName, variableValues: rc.request.variables, contextValue: rc.context })) as ExecutionResult<Record<string, any>>;
            }
            const compiled = compile(rc.document, rc.operationName);
            if (!isCompiledQuery(compiled)) return compiled as ExecutionResult<Record<string, any>>;
            const variables: Record<string, unknown> = {};
            for (const d of definitions) {
              const name = d.variable.name.value;
              if (name in coerced.coerced) variables[name] = external(coerced.coerced[name], typeFromAST(schema, d.type as never) as GraphQLInputType);
            }
            return withGraphQLErrors((await compiled.query(undefined, rc.context, variables)) as ExecutionResult<Record<string, any>>);
          });
        },
      };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors pass `instanceof GraphQLError` but have no `extensions` when the thrown error
 * had none (a database error): Apollo then fails reading `extensions.code` and reports its own
 * TypeError instead. Rebuild them as graphql-js errors, keeping message, path, locations and cause.
 */
export function withGraphQLErrors<R extends ExecutionResult<Record<string, any>>>(result: R): R {
  if (!result.errors?.some((e) => !e.extensions)) return result;
  const errors = result.errors.map((e) => {
    if (e.extensions) return e;
    const fixed = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? e });
    (fixed as { locations?: GraphQLError['locations'] }).locations = e.locations;
    return fixed;
  });
  return { ...result, errors };
}

/** A coerced (internal) input value back in the form a client sends, defaults included. */
function external(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return external(value, type.ofType);
  if (isListType(type)) return (value as unknown[]).map((v) => external(v, type.ofType));
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = fields[k] ? external(v, fields[k].type) : v;
    return out;
  }
  if (isEnumType(type) || isScalarType(type)) return type.serialize(value);
  return value;
}
