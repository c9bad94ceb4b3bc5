import pino, { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentRequest } from './request-context';

export type { DestinationStream, Logger };

/**
 * Fields never written to the log, at the top level and one or two levels down (pino's redaction
 * takes explicit paths, `*` standing for one level). Request bodies, GraphQL queries (literals can
 * hold a password) and variables carry passwords and personal data, so they are never logged at
 * all; neither are a notification's recipient or a dossier's form data.
 */
const SECRET_KEYS = [
  'password', 'newPassword', 'currentPassword', 'token', 'accessToken', 'refreshToken', 'secret', 'hashSecret', 'jwtSecret',
  'authorization', 'Authorization', 'cookie', 'idNumber', 'identityNumber', 'phone', 'email', 'variables', 'body',
  'query', 'formData', 'recipient', 'connectionParams',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]).concat(['req.headers.authorization', 'req.headers.cookie']);

/**
 * Names of the `component` field of the child loggers, one per part of the server, so that an
 * operator can filter (`component = "relay"`).
 */
export type LogComponent =
  | 'app' | 'http' | 'graphql' | 'websocket' | 'relay' | 'feed' | 'listener' | 'delivery' | 'jobs' | 'migrations'
  | 'db' | 'orm' | 'calendar' | 'dashboard' | 'payments' | 'export' | 'sql-fast-path' | 'seed';

/** A component's logger: every line it writes names the component. */
export function componentLogger(root: Logger, component: LogComponent): Logger {
  return root.child({ component });
}

/**
 * The server's one root logger: JSON lines (or pino-pretty when `pretty`), level from `LOG_LEVEL`,
 * secrets redacted, and the request id of the work being served on every line written inside it
 * (`src/logging/request-context.ts`). Without a destination it writes to stdout, pretty-printed
 * only when stdout is a terminal.
 */
export function createLogger(level: string, destination?: DestinationStream, opts: { pretty?: boolean } = {}): Logger {
  const prettyOutput = opts.pretty ?? (!destination && process.stdout.isTTY === true);
  const stream = destination ?? (prettyOutput ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' }) : pino.destination(1));
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'onedoor', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      // The fields of the call win over the context's (the relay names the request of the event it logs).
      mixin() {
        const c = currentRequest();
        if (!c) return {};
        return c.operationId ? { requestId: c.requestId, operationId: c.operationId } : { requestId: c.requestId };
      },
    },
    stream,
  );
}

/** A logger that writes nothing (unit tests, tools that have no log). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Quoted SQL literals in a driver message (MikroORM puts the statement with its values there). */
const SQL_LITERAL = /'(?:[^']|'')*'/g;
/** E-mail addresses, and runs of 9 or more digits (phone numbers, CCCD), in free text such as a gateway's error. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const LONG_NUMBER = /\+?\d[\d .-]{7,}\d/g;

/** Free text as it may be logged: e-mail addresses and phone or identity numbers masked. */
export function maskPersonalData(s: string): string {
  return s.replace(EMAIL, '[e-mail]').replace(LONG_NUMBER, (m) => (m.replace(/\D/g, '').length >= 9 ? '[number]' : m));
}

/** Free text as it may be logged: SQL literals (statements quoted with their values) and personal data masked. */
export function maskLogText(s: string): string {
  return maskPersonalData(s.replace(SQL_LITERAL, "'…'"));
}

/**
 * An error as it may be logged: type, message, stack, database error fields. Values in SQL
 * messages (personal data, hashes) are masked; database error `detail` (which repeats values)
 * is left out. Never throws, whatever was thrown.
 */
export function errorForLog(e: unknown): Record<string, unknown> {
  try {
    if (!(e instanceof Error)) return { type: typeof e, value: typeof e === 'string' ? maskLogText(e).slice(0, 500) : undefined };
    const mask = (s: string | undefined) => (s === undefined ? undefined : maskLogText(s));
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
