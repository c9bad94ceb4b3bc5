import 'reflect-metadata';
import './graphql-enums';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { AccountResolver } from '../auth/account.resolver';
import { AuthResolver } from '../auth/auth.resolver';
import { CalendarResolver } from '../calendar/calendar.resolver';
import { AgencyStintResolver, DossierFileResolver, DossierResolver, HistoryEntryResolver, installDossierFastPaths } from '../dossiers/dossier.resolver';
import { DossierSubscriptionResolver } from '../dossiers/dossier.subscriptions';
import { ProcessControlResolver } from '../dossiers/process-control.resolver';
import { NotificationResolver } from '../notifications/notification.resolver';
import { DocumentRecipientResolver, DocumentResolver, DocumentTraceResolver, DossierDocumentsResolver } from '../documents/document.resolver';
import { StatisticsResolver } from '../statistics/statistics.resolver';
import { Index766Resolver } from '../statistics/index766.resolver';
import { ModuleMeasureResolver } from '../statistics/module-measures.resolver';
import { DateTimeScalar } from '../graphql/scalars';
import { AdminUnitResolver, AgencyResolver } from '../org/org.resolver';
import { ProcedureResolver } from '../procedures/procedure.resolver';
import { CatalogueResolver } from '../procedures/catalogue.resolver';
import { ModuleSet } from '../kernel/registry';
import { DossierPaymentsResolver, PaymentResolver } from '../payments/payment.resolver';
import { DataAccessLogResolver } from '../privacy/data-access-log.resolver';
import { AssignmentRuleResolver } from '../dossiers/assignment/assignment-rule.resolver';
import { dossierListSqlCompiler } from '../dossiers/dossier-list.sql-compiler';
import type { RootFieldSqlCompiler } from '../graphql/sql-compiled-field';
import type { GraphQLContext } from './context';
import { assertCompiledFieldsDeclared, fieldsWithOwnLogic } from './compiled-fields-check';

/** The root fields the SQL-compiled fast path answers (`sql-fast-path.ts`), each with its metadata. */
export const SQL_COMPILERS: RootFieldSqlCompiler<GraphQLContext>[] = [dossierListSqlCompiler];

const KERNEL_RESOLVERS: Function[] = [
  AuthResolver,
  AccountResolver,
  AgencyResolver,
  AdminUnitResolver,
  ProcedureResolver,
  CatalogueResolver,
  CalendarResolver,
  DossierResolver,
  HistoryEntryResolver,
  AgencyStintResolver,
  ProcessControlResolver,
  DossierFileResolver,
  DossierSubscriptionResolver,
  NotificationResolver,
  DocumentResolver,
  DocumentRecipientResolver,
  DocumentTraceResolver,
  DossierDocumentsResolver,
  StatisticsResolver,
  Index766Resolver,
  ModuleMeasureResolver,
  PaymentResolver,
  DossierPaymentsResolver,
  DataAccessLogResolver,
  AssignmentRuleResolver,
];

/**
 * Builds the schema from the kernel's resolvers and those of the selected modules only. Throws
 * (the server refuses to start) when a field the SQL compilers render as a plain property has
 * logic of its own they do not declare (`assertCompiledFieldsDeclared`).
 */
export async function buildOneDoorSchema(modules: Pick<ModuleSet, 'resolvers'>): Promise<GraphQLSchema> {
  const resolvers = [...KERNEL_RESOLVERS, ...modules.resolvers] as [Function, ...Function[]];
  const schema = await buildSchema({
    resolvers,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
    // Subscriptions read the outbox event feed through their own `subscribe`; type-graphql's
    // topic pub/sub (in memory, one process) must never carry events, so it refuses to.
    pubSub: {
      publish: () => {
        throw new Error('type-graphql topics are not used: publish through the transactional outbox');
      },
      subscribe: () => {
        throw new Error('type-graphql topics are not used: subscribe with a `subscribe` function');
      },
    },
  });
  installDossierFastPaths(schema);
  assertCompiledFieldsDeclared(schema, SQL_COMPILERS as RootFieldSqlCompiler<unknown>[], fieldsWithOwnLogic(resolvers));
  return schema;
}

/** The schema as committed in `schema.graphql`: sorted, so the file only changes when the schema does. */
export function printOneDoorSchema(schema: GraphQLSchema): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
