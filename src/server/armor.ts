import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  DocumentNode,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  parse,
  ParseOptions,
  specifiedRules,
  validate,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Config } from '../config';
import { limitsRule } from './limits';

/**
 * The query limits every transport applies (HTTP POST and GET through Apollo, WebSocket through
 * graphql-ws), built once from `config.limits`:
 * - tokens: graphql-js's own parser option `maxTokens` (what armor's max-tokens plugin does;
 *   Apollo takes parse options, not a parse function), so a huge document is refused while lexing;
 * - aliases and directives: graphql-armor's rules;
 * - depth and cost: the project's page-aware rule (`limits.ts`): armor's cost-limit does not
 *   multiply by page sizes and its max-depth counts a fragment spread as a level, so one rule
 *   measures both, introspection included, in one linear pass;
 * - introspection: refused altogether unless `config.limits.introspection.enabled`.
 */
type LimitsConfig = Pick<Config, 'limits'>;

/** Typed refusal of a validation rule that reports nothing but a message (armor's, graphql-js's). */
function typed(code: string, message: string, rule: ValidationRule): ValidationRule {
  return (ctx: ValidationContext) =>
    rule(
      new Proxy(ctx, {
        get(target, prop, receiver) {
          if (prop === 'reportError') return (e: GraphQLError) => target.reportError(new GraphQLError(message, { nodes: e.nodes, extensions: { code } }));
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
    );
}

/** The validation rules of every transport, beyond graphql-js's specified rules. */
export function validationRules({ limits }: LimitsConfig): ValidationRule[] {
  const report = (code: string, message: string) => [(ctx: ValidationContext | null) => ctx?.reportError(new GraphQLError(message, { extensions: { code } }))];
  return [
    // Armor's rules throw by default, which Apollo would answer as an internal error: report instead.
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: report('QUERY_TOO_MANY_ALIASES', `Truy vấn có quá nhiều bí danh (tối đa ${limits.maxAliases}) / Too many aliases in the query (at most ${limits.maxAliases})`),
    }) as ValidationRule,
    maxDirectivesRule({
      n: limits.maxDirectives,
      propagateOnRejection: false,
      onReject: report('QUERY_TOO_MANY_DIRECTIVES', `Truy vấn có quá nhiều chỉ thị (tối đa ${limits.maxDirectives}) / Too many directives in the query (at most ${limits.maxDirectives})`),
    }) as ValidationRule,
    limitsRule(limits),
    ...(limits.introspection.enabled
      ? []
      : [typed('INTROSPECTION_DISABLED', 'Máy chủ không cho phép truy vấn cấu trúc (introspection) / Introspection is disabled on this server', NoSchemaIntrospectionCustomRule)]),
  ];
}

/** Parser options of every transport: the token limit. */
export function parseOptions({ limits }: LimitsConfig): ParseOptions {
  return { maxTokens: limits.maxTokens };
}

// graphql-js 16 spells it "more that"; later versions may correct it.
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** The typed form of graphql-js's token-limit syntax error (over HTTP it is otherwise GRAPHQL_PARSE_FAILED). */
function tokenLimitError({ limits }: LimitsConfig): GraphQLError {
  return new GraphQLError(`Truy vấn quá dài (tối đa ${limits.maxTokens} từ tố) / The query has too many tokens (at most ${limits.maxTokens})`, {
    extensions: { code: 'QUERY_TOO_MANY_TOKENS', maxTokens: limits.maxTokens, http: { status: 400 } },
  });
}

/** For Apollo's formatError: the token-limit parse error with its own code; other errors unchanged. */
export function formatLimitError(formatted: GraphQLFormattedError, config: LimitsConfig): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || !TOKEN_LIMIT.test(formatted.message)) return formatted;
  const e = tokenLimitError(config);
  return { message: e.message, extensions: { code: 'QUERY_TOO_MANY_TOKENS', maxTokens: config.limits.maxTokens } };
}

/**
 * Parses and validates a document as Apollo does for HTTP, for graphql-ws's `onSubscribe`
 * (its own parse has no options): the document, or the errors to answer with.
 */
export function parseAndValidate(schema: GraphQLSchema, query: string, config: LimitsConfig, rules: readonly ValidationRule[]): DocumentNode | readonly GraphQLError[] {
  let document: DocumentNode;
  try {
    document = parse(query, parseOptions(config));
  } catch (e) {
    if (e instanceof GraphQLError) return [TOKEN_LIMIT.test(e.message) ? tokenLimitError(config) : e];
    throw e;
  }
  const errors = validate(schema, document, [...specifiedRules, ...rules]);
  return errors.length ? errors : document;
}

/**
 * `ws` closes the socket of a frame larger than `maxPayload` with 1009 by itself, then emits
 * 'error', which graphql-ws logs as an internal error with a stack trace: a client's oversized
 * frame is not the server's fault, and one log entry per attempt would let anyone flood the log.
 */
export function quietOversizedFrames(wsServer: WebSocketServer): void {
  wsServer.on('connection', (socket: WebSocket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...rest: unknown[]) =>
      event === 'error' && (rest[0] as { code?: string } | undefined)?.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? false : emit(event, ...rest)) as typeof socket.emit;
  });
}
