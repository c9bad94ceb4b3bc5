import { GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/** The leaf paths selected under the current field (`fullName`, `letters.contentBase64`), through fragments. */
export function selectedPaths(info: GraphQLResolveInfo): string[] {
  const out = new Set<string>();
  const walk = (set: SelectionSetNode | undefined, prefix: string) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === '__typename') continue;
        const path = `${prefix}${sel.name.value}`;
        if (sel.selectionSet) walk(sel.selectionSet, `${path}.`);
        else out.add(path);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, prefix);
      else walk(info.fragments[sel.name.value]?.selectionSet, prefix);
    }
  };
  for (const node of info.fieldNodes) walk(node.selectionSet, '');
  return [...out].sort();
}

/** `query PetitionList › petitions.edges.node.petitioner`: the operation and where in it the field was. */
export function operationLabel(info: GraphQLResolveInfo): string {
  const keys: string[] = [];
  for (let p: GraphQLResolveInfo['path'] | undefined = info.path; p; p = p.prev) if (typeof p.key === 'string') keys.unshift(p.key);
  return `${info.operation.operation} ${info.operation.name?.value ?? '(anonymous)'} › ${keys.join('.')}`;
}
