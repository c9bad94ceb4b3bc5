import type { RequestHandler } from 'express';
import { GraphQLError, ValidationRule } from 'graphql';
import type { WebSocket, WebSocketServer } from 'ws';
import { depthMessage, jsonInputProblem, literalDepth, stringProblem } from '../graphql/json-input';
import { requestErrorHead } from './response-media-type';

/**
 * Hostile input refused before anything walks it, on HTTP and WebSocket alike: the document's
 * bracket nesting (graphql-js's parser recurses per level), then the variables (depth, NUL,
 * unpaired surrogates, in keys and values), then, at validation, literal values. Each check is
 * iterative. The `JSONObject` scalar adds its size cap (`src/graphql/json-input.ts`).
 */
export interface InputHygieneLimits {
  /** LIMIT_JSON_DEPTH. */
  jsonDepth: number;
  /** MAX_QUERY_DEPTH: selections nest this deep at most. */
  queryDepth: number;
}

/**
 * Brackets a valid document may nest: selections (each perhaps inside an inline fragment), one
 * argument list, and a literal value; generous, since only the parser's stack is at stake.
 */
function maxDocumentNesting(l: InputHygieneLimits): number {
  return 2 * (l.queryDepth + l.jsonDepth) + 8;
}

/** Deepest nesting of `{`, `[` and `(` in GraphQL source text, outside strings and comments (one pass, no recursion). */
export function documentNesting(source: string): number {
  let depth = 0;
  let max = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < n && source.charCodeAt(i) !== 0x0a && source.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (source.startsWith('""', i + 1)) {
        // Block string: ends at an unescaped """.
        i += 3;
        while (i < n && !(source.startsWith('"""', i) && source.charCodeAt(i - 1) !== 0x5c)) i++;
        i += 2;
      } else {
        i++;
        while (i < n && source.charCodeAt(i) !== 0x22 && source.charCodeAt(i) !== 0x0a) i += source.charCodeAt(i) === 0x5c ? 2 : 1;
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > max) max = depth;
    } else if (c === 0x7d || c === 0x5d || c === 0x29) {
      if (depth > 0) depth--;
    }
  }
  return max;
}

/**
 * The problem with an operation's text, variables and extensions as received, before parsing;
 * undefined when clean.
 */
export function operationInputProblem(query: unknown, variables: unknown, limits: InputHygieneLimits, extensions?: unknown): string | undefined {
  if (typeof query === 'string') {
    // Raw NUL or lone surrogates in the text (the parser would call them a syntax error).
    const text = stringProblem(query);
    if (text) return text;
    const max = maxDocumentNesting(limits);
    if (documentNesting(query) > max) return `Tài liệu truy vấn lồng quá ${max} cấp ngoặc / Document nested deeper than ${max} brackets`;
  }
  for (const json of [variables, extensions]) {
    const problem = json === undefined || json === null ? undefined : jsonInputProblem(json, { maxDepth: limits.jsonDepth });
    if (problem) return problem;
  }
  return undefined;
}

/**
 * Express middleware on /graphql, after the JSON body parser and before Apollo: refuses bad text
 * or variables before parsing, validation or execution, with a GraphQL-shaped 400. (Apollo
 * treats an exception thrown by a plugin before parsing as its own failure, a 500.)
 */
export function inputHygieneMiddleware(limits: InputHygieneLimits): RequestHandler {
  return (req, res, next) => {
    let query: unknown;
    let variables: unknown;
    let extensions: unknown;
    if (req.method === 'GET') {
      query = req.query.query;
      try {
        if (typeof req.query.variables === 'string') variables = JSON.parse(req.query.variables);
        if (typeof req.query.extensions === 'string') extensions = JSON.parse(req.query.extensions);
      } catch {
        return next(); // Apollo answers malformed JSON parameters itself
      }
    } else if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
      ({ query, variables, extensions } = req.body as { query?: unknown; variables?: unknown; extensions?: unknown });
    }
    const problem = operationInputProblem(query, variables, limits, extensions);
    if (!problem) return next();
    const head = requestErrorHead(req.headers.accept);
    res.status(head.status).type(head.contentType).send(JSON.stringify({ errors: [{ message: problem, extensions: { code: 'BAD_USER_INPUT' } }] }));
  };
}

/**
 * Validation rule for literals in the document: NUL or unpaired surrogates in strings (the
 * lexer refuses most surrogates itself), and object/list literals nested deeper than the limit.
 */
export function inputHygieneRule(jsonDepth: number): ValidationRule {
  return (ctx) => ({
    StringValue(node) {
      const problem = stringProblem(node.value);
      if (problem) ctx.reportError(new GraphQLError(problem, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
    },
    Argument(node) {
      if (literalDepth(node.value) > jsonDepth) ctx.reportError(new GraphQLError(depthMessage(jsonDepth), { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
    },
    VariableDefinition(node) {
      if (node.defaultValue && literalDepth(node.defaultValue) > jsonDepth) {
        ctx.reportError(new GraphQLError(depthMessage(jsonDepth), { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
      }
    },
  });
}

/** The `type` of the body-parser errors a {@link jsonBodyBudget} refusal raises. */
export const TOO_MANY_JSON_VALUES = 'entity.too.many.values';
export const JSON_TOO_DEEP = 'entity.too.deep';

/**
 * What is wrong with raw JSON text before `JSON.parse` sees it: nesting deeper than `maxDepth`,
 * or more than `maxValues` values (object and array openings and element separators), outside
 * strings; one pass over the bytes, stopping at the first excess. `JSON.parse` of a 20 MB body
 * nested 10 million deep takes about 10 s, and a 12 MB body of `[{},{},…]` (4 million objects)
 * took 1.5 s to parse, 3.7 s to check and a gigabyte of memory, all blocking the event loop;
 * real requests are shallow and carry few values (attachments are long strings).
 */
function rawJsonProblem(bytes: Uint8Array, maxDepth: number, maxValues: number): 'depth' | 'values' | undefined {
  let n = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > maxDepth) return 'depth';
      if (++n > maxValues) return 'values';
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */ && ++n > maxValues) {
      return 'values';
    }
  }
  return undefined;
}

/** Message of a refusal for too many values, over HTTP or WebSocket. */
const tooManyValuesMessage = (max: number) => `Nội dung yêu cầu có quá ${max} giá trị JSON / Request body with more than ${max} JSON values`;

/**
 * `express.json`'s `verify` option (called with the raw body before it is parsed): a body nested
 * deeper than the variables may be (`LIMIT_JSON_DEPTH`, plus the body's own level) is the same
 * BAD_USER_INPUT as the variables check would give; more than `LIMIT_JSON_VALUES` values is 413.
 */
export function jsonBodyBudget(jsonDepth: number, maxValues: number): (req: unknown, res: unknown, body: Buffer) => void {
  return (_req, _res, body) => {
    const problem = rawJsonProblem(body, jsonDepth + 1, maxValues);
    if (problem === 'depth') throw Object.assign(new Error(depthMessage(jsonDepth)), { status: 400, type: JSON_TOO_DEEP });
    if (problem === 'values') throw Object.assign(new Error(tooManyValuesMessage(maxValues)), { status: 413, type: TOO_MANY_JSON_VALUES });
  };
}

/** A graphql-transport-ws frame's `id` when it is written first, as clients do (read without parsing). */
const LEADING_ID = /^\s*\{\s*"id"\s*:\s*"([A-Za-z0-9_.:-]{1,64})"/;

/**
 * The same budget for WebSocket frames (whose variables sit two levels down), before graphql-ws
 * parses them: the operation is refused with a BAD_USER_INPUT `error` message when the frame
 * names its id first, otherwise the socket is closed (1009, as for an oversized frame).
 */
export function refuseHeavyFrames(wsServer: WebSocketServer, jsonDepth: number, maxValues: number): void {
  wsServer.on('connection', (socket: WebSocket) => {
    const emit = socket.emit.bind(socket);
    socket.emit = ((event: string | symbol, ...rest: unknown[]) => {
      const data = rest[0];
      const problem = event === 'message' && Buffer.isBuffer(data) ? rawJsonProblem(data, jsonDepth + 2, maxValues) : undefined;
      if (!problem) return emit(event, ...rest);
      const id = LEADING_ID.exec((data as Buffer).subarray(0, 200).toString('latin1'))?.[1];
      const message = problem === 'depth' ? depthMessage(jsonDepth) : tooManyValuesMessage(maxValues);
      if (id) socket.send(JSON.stringify({ id, type: 'error', payload: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] }));
      else socket.close(1009, problem === 'depth' ? 'JSON nested too deep' : 'Too many JSON values');
      return false;
    }) as typeof socket.emit;
  });
}
