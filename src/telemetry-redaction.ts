import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/**
 * What tracing removes from span attributes before they leave the process: values that can be
 * personal data (names, identity numbers, phone numbers) or secrets. Pure functions, so that the
 * rules can be tested without starting the SDK.
 */

/**
 * A query string with every value replaced: a GraphQL GET carries its variables there, a payment
 * callback its signed fields. The names stay, which is enough to tell requests apart.
 */
export function redactQuery(search: string): string {
  const params = new URLSearchParams(search);
  return [...new Set(params.keys())].map((k) => `${encodeURIComponent(k)}=REDACTED`).join('&');
}

/**
 * PostgreSQL tokens, in the order they must be recognised: quoted identifiers and `$n`
 * placeholders are kept, comments dropped; string constants (plain, `E''`, `B''`, `X''`, `U&''`),
 * dollar-quoted strings and numbers are literals.
 */
const SQL_TOKENS = /("(?:[^"]|"")*")|(\$\d+)|(--[^\n]*|\/\*[\s\S]*?\*\/)|((?:[eE]'(?:[^'\\]|\\.|'')*')|(?:(?:[bBxXnN]|[uU]&)?'(?:[^']|'')*')|(\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)[\s\S]*?\5)|((?<![\w$.])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w$]))/g;

/**
 * A statement's text with every literal replaced by `?`, as the OpenTelemetry database
 * conventions ask of `db.query.text`. The ORM inlines bound values into the statements it sends
 * (`insert … values ('Nguyễn Văn An', '0680…')`); hand-written statements use `$n` and pass
 * through unchanged.
 */
export function obfuscateSql(text: string): string {
  return text.replace(SQL_TOKENS, (token, identifier: string | undefined, placeholder: string | undefined, comment: string | undefined) => {
    if (identifier || placeholder) return token;
    if (comment) return '';
    return '?';
  });
}

/** Of an exception event, only what names the failure; message and stack can quote values. */
const EXCEPTION_ATTRIBUTES_KEPT = new Set(['exception.type']);

/**
 * The span as exported, without the free text errors put in it: the status message and the
 * exception events' message and stack (a PostgreSQL error quotes the input it refused, a JSON
 * parse error a piece of the body). The error's type stays; its text goes to the redacted log.
 */
export function withoutErrorText(span: ReadableSpan): ReadableSpan {
  const quotes = (e: TimedEvent) => e.name === 'exception' && !!e.attributes && Object.keys(e.attributes).some((k) => !EXCEPTION_ATTRIBUTES_KEPT.has(k));
  if (span.status.message === undefined && !span.events.some(quotes)) return span;
  const events = span.events.map((e) => (quotes(e)
    ? { ...e, attributes: Object.fromEntries(Object.entries(e.attributes!).filter(([k]) => EXCEPTION_ATTRIBUTES_KEPT.has(k))) }
    : e));
  // A view over the SDK's span: everything else (ids, getters) is read from it unchanged.
  return Object.create(span, { status: { value: { code: span.status.code } }, events: { value: events } }) as ReadableSpan;
}

/** The attribute in which the graphql instrumentation records a document. */
export const GRAPHQL_SOURCE = 'graphql.source';

/**
 * The span as exported, without the GraphQL document it records (`graphql.source`). The graphql
 * instrumentation replaces literal values there but keeps comments, which are in the parser's
 * token list, and writes them without their `#`, so that they cannot be told apart afterwards:
 * `# 0912345678` would leave as free text. The operation's type and name stay (`graphql.operation.*`).
 */
export function withoutDocumentSource(span: ReadableSpan): ReadableSpan {
  if (!(GRAPHQL_SOURCE in span.attributes)) return span;
  const { [GRAPHQL_SOURCE]: _dropped, ...attributes } = span.attributes;
  return Object.create(span, { attributes: { value: attributes } }) as ReadableSpan;
}
