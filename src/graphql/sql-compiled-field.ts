import type { FieldNode, FragmentDefinitionNode, GraphQLSchema } from 'graphql';

/*
 * The contract between the SQL-compiled fast path (`src/server/sql-fast-path.ts`, API layer) and
 * the compilers of the fields it serves (the dossier list, in the dossier domain). `Request` is
 * what a compiler reads from the request: each compiler names the little it needs, and the
 * GraphQL context provides it.
 */

/** One SQL statement whose single row's `json` column is the JSON text of a root field. */
export interface PreparedJsonStatement {
  sql: string;
  params: unknown[];
  /** Completes the text in Node (e.g. reference data left as markers); `null` falls back. */
  finish?: (text: string) => string | null;
}

/** A root field's selection compiled once per document. */
export interface CompiledRootField<Request> {
  /**
   * The statement for one request, from the field's coerced arguments; `null` when this request
   * must go through the resolvers instead (no principal, a bad argument: their errors are the
   * reference, so the fast path never produces an error of its own). `variables` are the
   * operation's coerced variables, for the arguments of nested fields. `purpose` names the
   * operation and the field (`query Inbox › dossiers`), as the personal-data access log records it.
   */
  prepare(args: Record<string, unknown>, variables: Record<string, unknown>, ctx: Request, purpose: string): PreparedJsonStatement | null;
}

/**
 * How a compiler renders a field: `'property'` reads a plain property of the read model (the
 * field must then have no resolver, middleware or authorization rule of its own: the server
 * refuses to start otherwise, `src/server/compiled-fields-check.ts`); `{ twinOf }` compiles a
 * twin of the named resolver logic (the rule it shares with that resolver, for the reader).
 */
export type CompiledFieldUse = 'property' | { twinOf: string };

/**
 * Compiles the selection of one `Query` field into SQL that returns its JSON text, or returns
 * `null` when the selection uses anything it does not support (the resolvers then answer).
 */
export interface RootFieldSqlCompiler<Request> {
  fieldName: string;
  /**
   * Every field the compiler may render, by GraphQL type name (the root field's type included):
   * the metadata checked against the schema at start. A field it renders must be listed here.
   */
  fields: Readonly<Record<string, Readonly<Record<string, CompiledFieldUse>>>>;
  compile(schema: GraphQLSchema, fieldNodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): CompiledRootField<Request> | null;
}
