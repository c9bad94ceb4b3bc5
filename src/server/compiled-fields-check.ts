import { getNamedType, GraphQLSchema, isObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import type { RootFieldSqlCompiler } from '../graphql/sql-compiled-field';

/**
 * The fields of the schema that run logic of their own when graphql-js resolves them, as
 * type-graphql built them from `resolvers`: a field resolver, a middleware (`@UseMiddleware`) or an
 * authorization rule (`@Authorized`), by `Type.field`, with what it is. Global middlewares apply to
 * every field: `globalMiddlewares` says whether the schema has any.
 */
export function fieldsWithOwnLogic(resolvers: readonly Function[], globalMiddlewares = 0): Map<string, string[]> {
  const storage = getMetadataStorage();
  const typeName = (target: Function | undefined) => (target ? (storage.objectTypes.find((o) => o.target === target)?.name ?? storage.interfaceTypes.find((o) => o.target === target)?.name) : undefined);
  const out = new Map<string, string[]>();
  const add = (type: string | undefined, field: string, what: string) => {
    if (!type) return;
    const key = `${type}.${field}`;
    out.set(key, [...(out.get(key) ?? []), what]);
  };
  for (const r of storage.fieldResolvers) {
    if (r.kind !== 'internal' && !resolvers.includes(r.target)) continue;
    add(typeName(r.getObjectType?.() as Function | undefined), r.schemaName, `field resolver ${r.target.name}.${r.methodName}`);
  }
  for (const m of storage.middlewares) add(typeName(m.target), m.fieldName, 'middleware (@UseMiddleware)');
  for (const a of storage.authorizedFields) add(typeName(a.target), a.fieldName, 'authorization rule (@Authorized)');
  if (globalMiddlewares) out.set('*', [`${globalMiddlewares} global middleware(s)`]);
  return out;
}

/**
 * Refuses a schema in which a field an SQL compiler renders as a plain property of the read
 * model has logic of its own (issue 16): the compiled path would answer without running it,
 * silently. Such a field must be declared in the compiler's metadata as the twin of that logic
 * (and compiled so), or left out of the compiler. Fields declared as twins may have resolvers.
 * Also refuses metadata naming a field the schema does not have (a renamed field).
 */
export function assertCompiledFieldsDeclared(schema: GraphQLSchema, compilers: readonly RootFieldSqlCompiler<unknown>[], ownLogic: Map<string, string[]>): void {
  const problems: string[] = [];
  for (const c of compilers) {
    const root = schema.getQueryType()?.getFields()[c.fieldName];
    if (!root) continue; // the field is not in this schema (a module subset): nothing to compile
    for (const [typeName, fields] of Object.entries(c.fields)) {
      const type = schema.getType(typeName);
      if (!type) continue; // a type only reachable with modules that are not running
      if (!isObjectType(type)) {
        problems.push(`${typeName} is not an object type`);
        continue;
      }
      const defined = type.getFields();
      for (const [name, use] of Object.entries(fields)) {
        if (!defined[name]) {
          problems.push(`${typeName}.${name} is declared but not in the schema`);
          continue;
        }
        if (use !== 'property') continue;
        const logic = [...(ownLogic.get(`${typeName}.${name}`) ?? []), ...(ownLogic.get('*') ?? [])];
        if (logic.length) {
          problems.push(`${typeName}.${name} is rendered by the '${c.fieldName}' SQL compiler as a plain property, but has ${logic.join(', ')}`);
        }
      }
    }
    // The root field's own type must be declared, or the compiler renders a type it never checked.
    const rootType = getNamedType(root.type).name;
    if (!c.fields[rootType]) problems.push(`${rootType} (the type of Query.${c.fieldName}) is not declared`);
  }
  if (problems.length) {
    throw new Error(
      `Refusing to start: the SQL-compiled fast path would bypass logic the resolvers run.\n- ${problems.join('\n- ')}\n` +
        'Declare each such field in its compiler\'s `fields` metadata as the twin of that logic and compile it so (src/graphql/sql-compiled-field.ts), or remove it from the compiler.',
    );
  }
}
