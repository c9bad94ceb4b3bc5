import {
  ArgumentNode,
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SchemaMetaFieldDef,
  SelectionSetNode,
  TypeMetaFieldDef,
  ValidationContext,
  ValidationRule,
} from 'graphql';
import { pageArgumentError } from '../graphql/connection';

/** List arguments that bound how many elements a list field returns. */
const PAGE_ARGS = ['first', 'last', 'limit'];
/** Assumed size of a list field without a page argument. */
const DEFAULT_LIST_SIZE = 10;

/** The limits the depth/cost rule enforces (from `config.limits`). */
export interface DepthCostLimits {
  maxDepth: number;
  maxCost: number;
  maxPageSize: number;
  /** Introspection (`__schema`, `__type`) is measured apart, against its own budget. */
  introspection: { maxDepth: number; maxCost: number };
}

interface Walker {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  limits: DepthCostLimits;
  ctx: ValidationContext;
  /** Result of each fragment per enclosing page size: every fragment is walked once per page size, which keeps validation linear. */
  memo: Map<string, Measure>;
  /** Fragments being walked (cycles are reported by NoFragmentCycles; here they only must not loop). */
  active: Set<string>;
  /** Page-argument nodes already reported (a fragment is walked once per page size). */
  reported: Set<ArgumentNode>;
}

/** Depth below a selection set (selection sets nested inside it, 0 for leaves only) and the cost of one evaluation of it. */
interface Measure {
  depth: number;
  cost: number;
  /** The same for the introspection fields inside (depth counted from the selection set). */
  introDepth: number;
  introCost: number;
}

const ZERO: Measure = { depth: 0, cost: 0, introDepth: 0, introCost: 0 };

/**
 * The page size a field's page argument asks for. A literal outside 1…maxPage is reported as
 * BAD_USER_INPUT (never clamped, never charged negative); a variable is charged at the largest
 * page allowed, since validation runs once per document (Apollo caches it) before variables
 * are known — resolvers check the variable's value with the same `pageArgumentError`.
 */
function pageArg(w: Walker, field: FieldNode): number | undefined {
  for (const arg of field.arguments ?? []) {
    if (!PAGE_ARGS.includes(arg.name.value)) continue;
    if (arg.value.kind === Kind.VARIABLE) return w.limits.maxPageSize;
    if (arg.value.kind !== Kind.INT) return undefined; // null or a wrong type: other rules and the resolvers answer
    const n = Number(arg.value.value);
    if (Number.isSafeInteger(n) && n >= 1 && n <= w.limits.maxPageSize) return n;
    if (!w.reported.has(arg)) {
      w.reported.add(arg);
      const e = pageArgumentError(arg.name.value, w.limits.maxPageSize);
      w.ctx.reportError(new GraphQLError(e.message, { nodes: [arg], extensions: e.extensions }));
    }
    return w.limits.maxPageSize;
  }
  return undefined;
}

function fieldDef(schema: GraphQLSchema, parent: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
  if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/**
 * Measures `set` (whose elements are of type `parent`). `page` is the page size of an enclosing
 * connection field (`dossiers(first: 100)`), which bounds its `edges`/`nodes`. `intro` is true
 * inside `__schema`/`__type`, whose measure is kept apart.
 */
function walk(w: Walker, set: SelectionSetNode, parent: GraphQLNamedType | undefined, page: number | undefined, intro: boolean): Measure {
  const m: Measure = { ...ZERO };
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      const name = sel.name.value;
      if (name === '__typename') continue; // answered from the parent, no work
      const def = fieldDef(w.schema, parent, name);
      const isIntro = intro || name === SchemaMetaFieldDef.name || name === TypeMetaFieldDef.name;
      const isList = def ? isListType(getNullableType(def.type)) : true;
      const size = pageArg(w, sel);
      const child = sel.selectionSet ? walk(w, sel.selectionSet, def ? getNamedType(def.type) : undefined, isList ? undefined : size, isIntro) : ZERO;
      const below = sel.selectionSet ? 1 : 0;
      const inherited = name === 'edges' || name === 'nodes' ? page : undefined;
      // Children are paid once per element the field may return.
      const times = isList ? size ?? inherited ?? DEFAULT_LIST_SIZE : 1;
      if (isIntro) {
        m.introCost += 1 + times * (child.cost + child.introCost);
        m.introDepth = Math.max(m.introDepth, below + Math.max(child.depth, child.introDepth));
      } else {
        m.cost += 1 + times * child.cost;
        m.depth = Math.max(m.depth, below + child.depth);
        m.introCost += times * child.introCost;
        m.introDepth = Math.max(m.introDepth, below + child.introDepth);
      }
    } else {
      let child: Measure;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const type = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) ?? undefined : parent;
        child = walk(w, sel.selectionSet, type, page, intro);
      } else {
        const name = sel.name.value;
        const frag = w.fragments[name];
        if (!frag || w.active.has(name)) continue;
        const key = `${name}\u0000${page ?? ''}\u0000${intro ? 1 : 0}`;
        let known = w.memo.get(key);
        if (!known) {
          w.active.add(name);
          known = walk(w, frag.selectionSet, w.schema.getType(frag.typeCondition.name.value) ?? undefined, page, intro);
          w.active.delete(name);
          w.memo.set(key, known);
        }
        child = known;
      }
      m.depth = Math.max(m.depth, child.depth);
      m.cost += child.cost;
      m.introDepth = Math.max(m.introDepth, child.introDepth);
      m.introCost += child.introCost;
    }
  }
  return m;
}

/** The cost the rule measured for each validated document (all its operations, introspection included). */
const measuredCosts = new WeakMap<DocumentNode, number>();

/**
 * The cost of a document this process validated (Apollo and graphql-ws hand the same parsed
 * object to execution), or undefined when it was not validated here.
 */
export function documentCost(document: DocumentNode): number | undefined {
  return measuredCosts.get(document);
}

/**
 * Depth and cost limits as one validation rule, so the same rule guards HTTP and WebSocket.
 * Cost counts every field once per element its parent lists may return (page arguments, or
 * 10 for a list without one). Each fragment is measured once per enclosing page size and the
 * result reused at every spread, so the work is linear in the document's size however the
 * fragments fan out. Introspection fields are measured the same way against their own limits.
 */
export function limitsRule(limits: DepthCostLimits): ValidationRule {
  return (ctx: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of ctx.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    const w: Walker = { schema: ctx.getSchema(), fragments, limits, ctx, memo: new Map(), active: new Set(), reported: new Set() };
    let total = 0;
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const root = op.operation === 'query' ? w.schema.getQueryType() : op.operation === 'mutation' ? w.schema.getMutationType() : w.schema.getSubscriptionType();
        const m = walk(w, op.selectionSet, root ?? undefined, undefined, false);
        total += m.cost + m.introCost;
        measuredCosts.set(ctx.getDocument(), total); // this validation's sum: validating again does not add up
        // Depth counts the operation's own selection set.
        const depth = m.depth + 1;
        const { maxDepth, maxCost } = limits;
        if (depth > maxDepth) {
          ctx.reportError(new GraphQLError(`Query depth ${depth} exceeds the limit of ${maxDepth}`, { nodes: [op], extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth } }));
        }
        if (m.cost > maxCost) {
          ctx.reportError(new GraphQLError(`Query cost ${m.cost} exceeds the limit of ${maxCost}`, { nodes: [op], extensions: { code: 'QUERY_TOO_COSTLY', cost: m.cost, maxCost } }));
        }
        const intro = limits.introspection;
        if (m.introCost > 0) {
          const introDepth = m.introDepth + 1;
          if (introDepth > intro.maxDepth) {
            ctx.reportError(new GraphQLError(`Introspection depth ${introDepth} exceeds the limit of ${intro.maxDepth}`, { nodes: [op], extensions: { code: 'QUERY_TOO_DEEP', depth: introDepth, maxDepth: intro.maxDepth, introspection: true } }));
          }
          if (m.introCost > intro.maxCost) {
            ctx.reportError(new GraphQLError(`Introspection cost ${m.introCost} exceeds the limit of ${intro.maxCost}`, { nodes: [op], extensions: { code: 'QUERY_TOO_COSTLY', cost: m.introCost, maxCost: intro.maxCost, introspection: true } }));
          }
        }
      },
    };
  };
}
