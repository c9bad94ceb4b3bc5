import 'reflect-metadata';
import '../graphql/enums';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccountResolver } from '../auth/account.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
import { AgencyStintResolver, DossierFileResolver, DossierResolver, HistoryEntryResolver, installDossierFastPaths } from '../dossiers/dossier.resolver';
import { DateTimeScalar } from '../graphql/scalars';
import { AdminUnitResolver, AgencyResolver } from '../org/org.resolver';
import { ProcedureResolver } from '../procedures/procedure.resolver';
import { ModuleSet } from './registry';

export const KERNEL_RESOLVERS: Function[] = [
  AuthResolver,
  AccountResolver,
  AgencyResolver,
  AdminUnitResolver,
  ProcedureResolver,
  CalendarResolver,
  DossierResolver,
  HistoryEntryResolver,
  AgencyStintResolver,
  DossierFileResolver,
];

/** Builds the schema from the kernel's resolvers and those of the selected modules only. */
export async function buildOneDoorSchema(modules: ModuleSet): Promise<GraphQLSchema> {
  const resolvers = [...KERNEL_RESOLVERS, ...modules.resolvers] as [Function, ...Function[]];
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  });
  installDossierFastPaths(schema);
  return schema;
}

/** The schema as committed in `schema.graphql`: sorted, so the file only changes when the schema does. */
export function printOneDoorSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
