import { FieldResolver, Resolver, Root, UseMiddleware } from 'type-graphql';
import { DossierType } from '../dossiers/dossier.output';
import { DossierResolver } from '../dossiers/dossier.resolver';
import { AgencyType } from '../org/org.output';
import { assertCompiledFieldsDeclared, fieldsWithOwnLogic } from './compiled-fields-check';
import { buildOneDoorSchema, SQL_COMPILERS } from './schema';
import type { RootFieldSqlCompiler } from '../graphql/sql-compiled-field';

/**
 * The server refuses to start when a field the SQL-compiled fast path renders as a plain
 * property acquires logic of its own (issue 16): the fast path would answer without running it.
 * `buildOneDoorSchema` is what `src/app.ts` calls at start.
 */

/** A module that gives `Dossier.code` a resolver of its own (say, to hide it from someone). */
@Resolver(() => DossierType)
class DossierCodeResolver {
  @FieldResolver(() => String)
  code(@Root() d: { code: string }): string {
    return d.code.toLowerCase();
  }
}

/** A field resolver on a reference object the compiler renders from memory. */
@Resolver(() => AgencyType)
class AgencyNameResolver {
  @FieldResolver(() => String)
  name(@Root() a: { name: string }): string {
    return a.name.toUpperCase();
  }
}

const compilers = SQL_COMPILERS as RootFieldSqlCompiler<unknown>[];

describe('the compiled fields check at start', () => {
  it('accepts the kernel schema: its resolvers on compiled fields are declared twins (overdue, applicant, history)', async () => {
    const schema = await buildOneDoorSchema({ resolvers: [] });
    expect(schema.getType('Dossier')).toBeDefined();
    const logic = fieldsWithOwnLogic([DossierResolver]);
    // The check is not vacuous: the twins do have resolvers of their own.
    expect(logic.get('Dossier.overdue')?.[0]).toMatch(/field resolver DossierResolver\.overdue/);
    expect(logic.get('Dossier.applicant')?.[0]).toMatch(/field resolver DossierResolver\.applicant/);
  });

  it('refuses to start when a compiled plain field acquires a field resolver, naming it', async () => {
    await expect(buildOneDoorSchema({ resolvers: [DossierCodeResolver] })).rejects.toThrow(
      /Refusing to start[\s\S]*Dossier\.code is rendered by the 'dossiers' SQL compiler as a plain property, but has field resolver DossierCodeResolver\.code/,
    );
    await expect(buildOneDoorSchema({ resolvers: [AgencyNameResolver] })).rejects.toThrow(/Agency\.name [\s\S]*field resolver AgencyNameResolver\.name/);
  });

  it('refuses metadata that names a field the schema does not have', async () => {
    const schema = await buildOneDoorSchema({ resolvers: [] });
    const renamed = { ...compilers[0], fields: { ...compilers[0].fields, Dossier: { ...compilers[0].fields.Dossier, codeRenamed: 'property' as const } } };
    expect(() => assertCompiledFieldsDeclared(schema, [renamed], new Map())).toThrow(/Dossier\.codeRenamed is declared but not in the schema/);
  });

  // Last: decorating the kernel's own classes changes type-graphql's (per-process) metadata for the rest of this file.
  // (`@Authorized` needs an authChecker, which the schema does not configure: type-graphql refuses it itself.)
  it('refuses a middleware on a compiled plain field', async () => {
    UseMiddleware(async (_data, next) => next())(DossierType.prototype, 'dueAt');
    await expect(buildOneDoorSchema({ resolvers: [] })).rejects.toThrow(/Dossier\.dueAt [^\n]*middleware \(@UseMiddleware\)/);
  });
});
