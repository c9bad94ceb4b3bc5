import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getArgumentValues,
  getOperationAST,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  visit,
  BREAK,
} from 'graphql';
import { createHash } from 'node:crypto';
import { collectFields } from 'graphql/execution/collectFields';
import { statementCounter } from '../db/orm';
import { query } from '../db/sql';
import { isDatabaseUnavailable } from '../db/pool-guard';
import { RawJson } from '../graphql/raw-json';
import { MinuteQuota } from '../logging/minute-quota';
import { errorForLog, Logger } from '../logging/logger';
import type { GraphQLContext } from './context';
import type { CompiledRootField, PreparedJsonStatement, RootFieldSqlCompiler } from '../graphql/sql-compiled-field';

/**
 * Distinct statements run as named prepared statements (parsed and analysed once per
 * connection, and planned once when PostgreSQL settles on a generic plan): about half of the
 * statement's cost in PostgreSQL. Bounded, because clients choose the documents and each
 * prepared statement holds about 330 KB in every backend that ran it (16 × 10 connections ≈
 * 50 MB at worst): past this many, statements run unnamed (slower, same result).
 */
const MAX_PREPARED = 16;
/** Runs of one text before it gets a name. */
const NAME_AFTER_USES = 3;
/** Texts counted towards a name at most. */
const MAX_COUNTED = 1024;

interface RootEntry {
  responseKey: string;
  typename?: string;
  node?: FieldNode;
  compiled?: CompiledRootField<GraphQLContext>;
  /** `query <name> › <response key>`, as `readPurpose` (src/privacy) names a resolver's read. */
  purpose?: string;
}

/**
 * The SQL-compiled fast path of whole operations (like PostGraphile or Hasura, for the few
 * list fields where Node's work per row dominates): when every root field of a query is
 * served by a compiler (or is `__typename`), each runs as one statement whose JSON text goes
 * into the response untouched ({@link RawJson}). Anything else (mutations, subscriptions,
 * directives, other root fields, unsupported selections) returns `undefined`, and the
 * operation executes normally.
 */
export class SqlFastPath {
  private readonly plans = new WeakMap<DocumentNode, Map<string, RootEntry[] | null>>();
  private readonly compilers: Map<string, RootFieldSqlCompiler<GraphQLContext>>;
  private readonly statementNames = new Map<string, string>();
  /** How often each not-yet-named text ran (bounded: past MAX_COUNTED texts, new ones are not counted). */
  private readonly statementSeen = new Map<string, number>();
  private failures = 0;
  private readonly failureLog = new MinuteQuota(5, (n) => this.logger.error({ dropped: n }, `${n} more statement failure(s) in the last minute, not logged`));

  constructor(
    private readonly schema: GraphQLSchema,
    compilers: RootFieldSqlCompiler<GraphQLContext>[],
    /** The `sql-fast-path` component's logger. */
    private readonly logger: Logger,
  ) {
    this.compilers = new Map(compilers.map((c) => [c.fieldName, c]));
  }

  /**
   * Runs the operation on the fast path: the result's `data`, or `undefined` to execute it
   * normally. `variables` are the coerced variable values.
   */
  async execute(document: DocumentNode, operationName: string | null, variables: Record<string, unknown>, ctx: GraphQLContext): Promise<Record<string, unknown> | undefined> {
    const plan = this.plan(document, operationName);
    if (!plan) return undefined;
    const queryType = this.schema.getQueryType()!;
    // Prepare every statement before running any, so that a fallback wastes no statement.
    const prepared: (PreparedJsonStatement | null)[] = [];
    for (const e of plan) {
      if (!e.compiled) {
        prepared.push(null);
        continue;
      }
      let args: Record<string, unknown>;
      try {
        args = getArgumentValues(queryType.getFields()[e.node!.name.value], e.node!, variables);
      } catch {
        return undefined;
      }
      const p = e.compiled.prepare(args, variables, ctx, e.purpose!);
      if (!p) return undefined;
      prepared.push(p);
    }
    const data: Record<string, unknown> = {};
    for (let i = 0; i < plan.length; i++) {
      const e = plan[i];
      const p = prepared[i];
      if (!p) {
        data[e.responseKey] = e.typename;
        continue;
      }
      let rows: { json: string | null }[];
      try {
        rows = await query<{ json: string | null }>(ctx.em, p.sql, p.params, this.statementName(p.sql));
      } catch (e) {
        // No connection or a timeout: the resolvers would wait as long again; the client gets 503.
        if (isDatabaseUnavailable(e)) throw e;
        // The resolvers give the reference answer (and error) for this request; the log says so,
        // a few times a minute at most (a client could otherwise fill it).
        this.failures++;
        if (this.failureLog.admit(new Date())) this.logger.error({ failures: this.failures, error: errorForLog(e) }, 'statement failed; answering with the resolvers');
        return undefined;
      }
      // null: a value the resolvers would not render (an unknown reference, a null in a
      // non-null field); let them answer, with their error.
      const text = rows[0]?.json == null ? null : p.finish ? p.finish(rows[0].json) : rows[0].json;
      if (text == null) return undefined;
      data[e.responseKey] = new RawJson(text);
    }
    const counter = statementCounter.getStore();
    if (counter) counter.compiledFields = (counter.compiledFields ?? 0) + prepared.filter(Boolean).length;
    return data;
  }

  /**
   * A name for a statement seen often enough, while names are left: a text seen once (a client's
   * one-off selection) does not take one of the few for good. Named by a hash of the text, so a
   * name means the same statement whichever instance or pool prepared it.
   */
  private statementName(sql: string): string | undefined {
    const name = this.statementNames.get(sql);
    if (name) return name;
    if (this.statementNames.size >= MAX_PREPARED) return undefined;
    const seen = (this.statementSeen.get(sql) ?? 0) + 1;
    if (seen < NAME_AFTER_USES) {
      if (this.statementSeen.size < MAX_COUNTED) this.statementSeen.set(sql, seen);
      return undefined;
    }
    this.statementSeen.delete(sql);
    const named = `onedoor_fast_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
    this.statementNames.set(sql, named);
    return named;
  }

  private plan(document: DocumentNode, operationName: string | null): RootEntry[] | null {
    let byName = this.plans.get(document);
    if (!byName) this.plans.set(document, (byName = new Map()));
    const key = operationName ?? '';
    let plan = byName.get(key);
    if (plan === undefined) {
      plan = this.compile(document, operationName);
      byName.set(key, plan);
    }
    return plan;
  }

  private compile(document: DocumentNode, operationName: string | null): RootEntry[] | null {
    const operation = getOperationAST(document, operationName);
    if (!operation || operation.operation !== 'query' || hasDirectives(document, operation)) return null;
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    const queryType = this.schema.getQueryType()!;
    const plan: RootEntry[] = [];
    for (const [responseKey, nodes] of collectFields(this.schema, fragments, {}, queryType, operation.selectionSet)) {
      const name = nodes[0].name.value;
      if (name === '__typename') {
        plan.push({ responseKey, typename: queryType.name });
        continue;
      }
      const compiled = this.compilers.get(name)?.compile(this.schema, nodes, fragments);
      if (!compiled) return null;
      plan.push({ responseKey, node: nodes[0], compiled, purpose: `query ${operation.name?.value ?? '(anonymous)'} › ${responseKey}` });
    }
    return plan.some((e) => e.compiled) ? plan : null;
  }
}

/**
 * Directives (`@skip`, `@include`, or any other) anywhere in the operation or the fragments it
 * may use: the compilers leave those to the executor rather than evaluate them.
 */
function hasDirectives(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  let found = false;
  const check = (node: DocumentNode | OperationDefinitionNode | FragmentDefinitionNode) =>
    visit(node, {
      Directive() {
        found = true;
        return BREAK;
      },
    });
  check(operation);
  for (const d of document.definitions) if (!found && d.kind === Kind.FRAGMENT_DEFINITION) check(d);
  return found;
}
