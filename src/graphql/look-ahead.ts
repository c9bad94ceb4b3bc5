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

/** The names of every field selected anywhere below the current field (through fragments and union members). */
export function selectedFieldNames(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode | undefined): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        names.add(sel.name.value);
        walk(sel.selectionSet);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet);
      else if (!seen.has(sel.name.value)) {
        seen.add(sel.name.value);
        walk(info.fragments[sel.name.value]?.selectionSet);
      }
    }
  };
  for (const n of info.fieldNodes) walk(n.selectionSet);
  return names;
}
