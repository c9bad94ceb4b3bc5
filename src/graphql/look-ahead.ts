import { FieldNode, getArgumentValues, GraphQLField, GraphQLResolveInfo, isObjectType, getNamedType, Kind, SelectionSetNode } from 'graphql';

/** Every field node named `name` directly inside `set`, looking through fragments. */
function fieldsNamed(info: GraphQLResolveInfo, set: SelectionSetNode | undefined, name: string, out: FieldNode[] = []): FieldNode[] {
  for (const sel of set?.selections ?? []) {
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value === name) out.push(sel);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      fieldsNamed(info, sel.selectionSet, name, out);
    } else {
      fieldsNamed(info, info.fragments[sel.name.value]?.selectionSet, name, out);
    }
  }
  return out;
}

/**
 * Looks down a path of field names from the current field (e.g. `edges.node.history`) and
 * returns the arguments of the field at its end, or undefined when it is not selected or is
 * selected more than once with different arguments. Lets a list resolver load a nested
 * relation up front, so that the nested field resolves without a promise per row.
 */
export function selectedArgs(info: GraphQLResolveInfo, path: string[]): Record<string, unknown> | undefined {
  let nodes: FieldNode[] = [...info.fieldNodes];
  let type = getNamedType(info.returnType);
  let field: GraphQLField<unknown, unknown> | undefined;
  for (const name of path) {
    nodes = nodes.flatMap((n) => fieldsNamed(info, n.selectionSet, name));
    if (!nodes.length || !isObjectType(type)) return undefined;
    field = type.getFields()[name];
    if (!field) return undefined;
    type = getNamedType(field.type);
  }
  const args = nodes.map((n) => getArgumentValues(field!, n, info.variableValues));
  const first = JSON.stringify(args[0]);
  return args.every((a) => JSON.stringify(a) === first) ? args[0] : undefined;
}

/** Whether a field named `name` is selected anywhere below the current field (through fragments and union members). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): boolean =>
    (set?.selections ?? []).some((sel) => {
      if (sel.kind === Kind.FIELD) return sel.name.value === name || walk(sel.selectionSet);
      if (sel.kind === Kind.INLINE_FRAGMENT) return walk(sel.selectionSet);
      if (seen.has(sel.name.value)) return false;
      seen.add(sel.name.value);
      return walk(info.fragments[sel.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((n) => walk(n.selectionSet));
}
