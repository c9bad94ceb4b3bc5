import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { JSONObjectResolver } from 'graphql-scalars';

/**
 * Hygiene of client-supplied JSON (GraphQL variables, the `JSONObject` scalar): nesting depth,
 * NUL characters and unpaired UTF-16 surrogates, checked by one iterative walk (an explicit
 * stack, so 100,000 levels cannot overflow the call stack) before anything recursive sees the
 * value. PostgreSQL cannot store NUL in text or jsonb, nor a lone surrogate in jsonb.
 */

/** Limits applied to JSON input; `maxBytes` only where a value's size is capped (the JSON scalar). */
export interface JsonInputLimits {
  /** Containers (objects, arrays) nested inside each other, the outermost counting as 1. */
  maxDepth: number;
  /** UTF-8 bytes of the value written as JSON. */
  maxBytes?: number;
}

export const NUL_MESSAGE = 'Chuỗi không được chứa ký tự NUL (U+0000) / Strings must not contain the NUL character (U+0000)';
const SURROGATE_MESSAGE =
  'Chuỗi chứa ký tự Unicode không hợp lệ (nửa cặp surrogate U+D800–U+DFFF) / Strings must not contain unpaired surrogates (U+D800–U+DFFF)';
export const depthMessage = (max: number) => `Dữ liệu JSON lồng quá ${max} cấp / JSON input nested deeper than ${max} levels`;
const sizeMessage = (max: number) => `Dữ liệu JSON vượt quá ${formatBytes(max)} / JSON value larger than ${formatBytes(max)}`;

function formatBytes(n: number): string {
  return n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

/** A lone surrogate: in `u` mode a well-formed pair is one code point, so only unpaired halves match. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The problem with one string (a value or an object key), if any. */
export function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return NUL_MESSAGE;
  if (LONE_SURROGATE.test(s)) return SURROGATE_MESSAGE;
  return undefined;
}

/**
 * The first problem of a JSON value (as `JSON.parse` returns it), or undefined. Iterative: the
 * depth check stops the walk at `maxDepth + 1` levels whatever the input's nesting.
 */
export function jsonInputProblem(value: unknown, limits: JsonInputLimits): string | undefined {
  const stack: { v: unknown; depth: number }[] = [{ v: value, depth: 0 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const p = stringProblem(v);
      if (p) return p;
    } else if (v !== null && typeof v === 'object') {
      if (depth + 1 > limits.maxDepth) return depthMessage(limits.maxDepth);
      if (Array.isArray(v)) {
        for (const x of v) stack.push({ v: x, depth: depth + 1 });
      } else {
        for (const [k, x] of Object.entries(v)) {
          const p = stringProblem(k);
          if (p) return p;
          stack.push({ v: x, depth: depth + 1 });
        }
      }
    }
  }
  if (limits.maxBytes !== undefined && value !== undefined) {
    // Safe now: the depth is bounded, so JSON.stringify's recursion is too.
    const bytes = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
    if (bytes > limits.maxBytes) return sizeMessage(limits.maxBytes);
  }
  return undefined;
}

/** Depth of nested object and list literals in a GraphQL value node, walked iteratively. */
export function literalDepth(node: ValueNode): number {
  let max = 0;
  const stack: { n: ValueNode; depth: number }[] = [{ n: node, depth: 0 }];
  while (stack.length) {
    const { n, depth } = stack.pop()!;
    if (n.kind === Kind.OBJECT) {
      max = Math.max(max, depth + 1);
      for (const f of n.fields) stack.push({ n: f.value, depth: depth + 1 });
    } else if (n.kind === Kind.LIST) {
      max = Math.max(max, depth + 1);
      for (const x of n.values) stack.push({ n: x, depth: depth + 1 });
    }
  }
  return max;
}

/** A client-input error; Apollo answers it with HTTP 400. */
function badUserInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
}

/**
 * The limits of the `JSONObject` scalar. The scalar is built when the schema's classes load, before
 * the configuration is read, so the server sets them at start (`configureJsonObjectLimits`); the
 * defaults equal the configuration's defaults.
 */
const jsonObjectLimits: Required<JsonInputLimits> = { maxDepth: 32, maxBytes: 256 * 1024 };

/** Sets the depth and size limits of every `JSONObject` argument (`LIMIT_JSON_DEPTH`, `LIMIT_FORMDATA_BYTES`). */
export function configureJsonObjectLimits(limits: Required<JsonInputLimits>): void {
  Object.assign(jsonObjectLimits, limits);
}

function checked<T>(value: T): T {
  const problem = jsonInputProblem(value, jsonObjectLimits);
  if (problem) throw badUserInput(problem);
  return value;
}

/**
 * `JSONObject` (the type of `formData` and other free-form inputs): graphql-scalars' scalar, with
 * depth, size, NUL and surrogate checks before its own (recursive) parsing. A literal's depth is
 * checked on the syntax tree first, iteratively, so graphql-scalars' recursion stays shallow.
 */
export const JSONObjectScalar = new GraphQLScalarType({
  ...JSONObjectResolver.toConfig(),
  parseValue: (value) => JSONObjectResolver.parseValue(checked(value)),
  parseLiteral: (ast, variables) => {
    if (literalDepth(ast) > jsonObjectLimits.maxDepth) throw badUserInput(depthMessage(jsonObjectLimits.maxDepth));
    return checked(JSONObjectResolver.parseLiteral(ast, variables));
  },
});
