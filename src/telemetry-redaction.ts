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
