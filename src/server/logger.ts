import pino, { DestinationStream, Logger } from 'pino';

export type { DestinationStream, Logger };

/**
 * Fields never written to the log, at the top level and one or two levels down (pino's redaction
 * takes explicit paths, `*` standing for one level). Request bodies and GraphQL variables carry
 * passwords and personal data, so they are never logged at all.
 */
const SECRET_KEYS = [
  'password', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'hashSecret', 'jwtSecret',
  'authorization', 'Authorization', 'cookie', 'idNumber', 'identityNumber', 'phone', 'email', 'variables', 'body',
];
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat(['req.headers.authorization', 'req.headers.cookie']);

/**
 * The server's log: JSON lines on stdout (or `destination`, e.g. a test's collector), level from
 * `LOG_LEVEL`, secrets redacted.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'onedoor' } }, destination ?? pino.destination(1));
}

/** Quoted SQL literals in a driver message (MikroORM puts the statement with its values there). */
const SQL_LITERAL = /'(?:[^']|'')*'/g;

/**
 * An error as it may be logged: type, message, stack, database error fields. Values in SQL
 * messages (personal data, hashes) are masked; database error `detail` (which repeats values)
 * is left out. Never throws, whatever was thrown.
 */
export function errorForLog(e: unknown): Record<string, unknown> {
  try {
    if (!(e instanceof Error)) return { type: typeof e, value: typeof e === 'string' ? e.replace(SQL_LITERAL, "'…'").slice(0, 500) : undefined };
    const mask = (s: string | undefined) => s?.replace(SQL_LITERAL, "'…'");
    const x = e as Error & { code?: unknown; sqlState?: unknown; table?: unknown; constraint?: unknown; routine?: unknown; cause?: unknown };
    return {
      type: x.name,
      message: mask(x.message),
      stack: mask(x.stack),
      ...(typeof x.code === 'string' || typeof x.code === 'number' ? { code: x.code } : {}),
      ...(typeof x.sqlState === 'string' ? { sqlState: x.sqlState } : {}),
      ...(typeof x.table === 'string' ? { table: x.table } : {}),
      ...(typeof x.constraint === 'string' ? { constraint: x.constraint } : {}),
      ...(typeof x.routine === 'string' ? { routine: x.routine } : {}),
      ...(x.cause instanceof Error ? { cause: { type: x.cause.name, message: mask(x.cause.message) } } : {}),
    };
  } catch {
    return { type: 'unserialisable error' };
  }
}
