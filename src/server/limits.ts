import {
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValidationContext,
  ValidationRule,
} from 'graphql';

/** List arguments that bound how many elements a list field returns. */
const PAGE_ARGS = ['first', 'last', 'limit'];
/** Assumed size of a list field without a page argument. */
const DEFAULT_LIST_SIZE = 10;

/**
 * Validation runs once per document (Apollo caches it), before variables are known: a page
 * size given by a variable is charged at the largest page allowed.
 */
function pageArg(field: FieldNode, maxPage: number): number | undefined {
  for (const arg of field.arguments ?? []) {
    if (!PAGE_ARGS.includes(arg.name.value)) continue;
    if (arg.value.kind === Kind.INT) return Number(arg.value.value);
    if (arg.value.kind === Kind.VARIABLE) return maxPage;
  }
  return undefined;
}

interface Walker {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  maxPage: number;
}

/**
 * Returns the depth below `set` and the cost of one evaluation of it. `page` is the page size
 * of an enclosing connection field (`dossiers(first: 100)`), which bounds its `edges`/`nodes`.
 */
function walk(w: Walker, set: SelectionSetNode, parent: GraphQLNamedType | undefined, depth: number, seen: Set<string>, page?: number): { depth: number; cost: number } {
  let maxDepth = depth;
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[sel.name.value] : undefined;
      cost += 1;
      if (!sel.selectionSet) continue;
      const isList = def ? isListType(getNullableType(def.type)) : true;
      const own = pageArg(sel, w.maxPage);
      const child = walk(w, sel.selectionSet, def ? getNamedType(def.type) : undefined, depth + 1, seen, isList ? undefined : own);
      maxDepth = Math.max(maxDepth, child.depth);
      const inherited = sel.name.value === 'edges' || sel.name.value === 'nodes' ? page : undefined;
      // Children are paid once per element the field may return.
      cost += (isList ? own ?? inherited ?? DEFAULT_LIST_SIZE : 1) * child.cost;
    } else {
      let type = parent;
      let selectionSet: SelectionSetNode;
      let next = seen;
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        selectionSet = sel.selectionSet;
        if (sel.typeCondition) type = w.schema.getType(sel.typeCondition.name.value) ?? undefined;
      } else {
        const name = sel.name.value;
        const frag = w.fragments[name];
        if (!frag || seen.has(name)) continue; // cycles are reported by NoFragmentCycles
        selectionSet = frag.selectionSet;
        type = w.schema.getType(frag.typeCondition.name.value) ?? undefined;
        next = new Set([...seen, name]);
      }
      const child = walk(w, selectionSet, type, depth, next, page);
      maxDepth = Math.max(maxDepth, child.depth);
      cost += child.cost;
    }
  }
  return { depth: maxDepth, cost };
}

/**
 * Depth and cost limits as one validation rule, so the same rule guards HTTP and WebSocket.
 * Cost counts every field once per element its parent lists may return (page arguments, or
 * 10 for a list without one).
 */
export function limitsRule(maxDepth: number, maxCost: number, maxPage: number): ValidationRule {
  return (ctx: ValidationContext) => {
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const def of ctx.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
    const w: Walker = { schema: ctx.getSchema(), fragments, maxPage };
    return {
      OperationDefinition(op: OperationDefinitionNode) {
        const root = op.operation === 'query' ? w.schema.getQueryType() : op.operation === 'mutation' ? w.schema.getMutationType() : w.schema.getSubscriptionType();
        const { depth, cost } = walk(w, op.selectionSet, root ?? undefined, 1, new Set());
        if (depth > maxDepth) {
          ctx.reportError(new GraphQLError(`Query depth ${depth} exceeds the limit of ${maxDepth}`, { nodes: [op], extensions: { code: 'QUERY_TOO_DEEP', depth, maxDepth } }));
        }
        if (cost > maxCost) {
          ctx.reportError(new GraphQLError(`Query cost ${cost} exceeds the limit of ${maxCost}`, { nodes: [op], extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost } }));
        }
      },
    };
  };
}
