/**
 * The kernel's public surface: everything an agency module (`modules/<name>/`) may use from
 * `src/`, and the only kernel file a module imports (`import { … } from '../../src/kernel'`;
 * dependency-cruiser's `no-module-to-kernel-private` rule fails any other). What is not
 * exported here is private to the kernel and may change without notice to modules.
 *
 * Kernel files never import this file: it re-exports from every kernel layer a module needs
 * (from foundation helpers up to the module's view of the request context), so a kernel file
 * importing it would import upwards and close a circle. Modules sit above it.
 *
 * Grouped by what a module author reaches for: the contract, the caller and access, the
 * organisation, GraphQL building blocks, input validation, the database, time, procedures and
 * workflows, dossiers, personal data, events and messages, and the demo seed kit.
 *
 * It stays minimal: every name here is imported by some module (`test/docs/kernel-surface.test.ts`).
 * A module's resolvers see the request through {@link ModuleContext}, not the kernel's context:
 * no global ORM, no configuration secrets, no other module's manifest.
 *
 * @packageDocumentation
 */

/** The module contract: `defineModule(...)`, typed options read from `MODULE_<NAME>_<OPTION>`, and the shapes of what a manifest declares (forms, hooks, jobs, statistics, seeds, payables). */
export { defineModule } from './module-contract';
export { integerOption } from './module-options';
export type {
  DemoSeedContext,
  DesignationDeclaration,
  DossierActionContext,
  DossierActionHook,
  DossierSeedContext,
  FormContext,
  FormIssue,
  FormValidator,
  HookDossier,
  ModuleJob,
  OneDoorModule,
  PayableItem,
  SeedContext,
  StatisticDeclaration,
  VerifiedPayment,
} from './module-contract';

/** The caller and access: what a module's resolver receives (a narrowed request context), the signed-in principal, roles and the accounts behind them. */
export type { ModuleContext } from './module-context';
export { requirePrincipal } from '../graphql/auth-guard';
export type { Principal } from '../auth/principal';
export { agenciesWithDesignation, agenciesWithRole, hasRole, officerAgencies } from '../auth/principal';
export { AGENCY_BOUND_ROLES, Role } from '../auth/roles';
/**
 * The account entity, exported only as a relation target (`@ManyToOne(() => Account)`,
 * `em.getReference(Account, id)`) and for reading seeded staff. A module must never change an
 * account (roles, token version, identity verification, active): those changes go through the
 * kernel's account and grant services, which log them and end sessions.
 */
export { Account } from '../auth/account.entity';

/** The organisation: agencies and administrative units (entities a module's entities reference, and their GraphQL types). */
export { Agency, AgencyKind } from '../org/agency.entity';
export { AdminUnit, AdminUnitLevel } from '../org/admin-unit.entity';
export { AdminUnitType, AgencyType } from '../org/org.output';
export { PROVINCE_UNIT_CODE } from '../org/reference-data';

/** GraphQL building blocks: the typed error results a mutation returns, cursor connections, the JSON scalar. */
export { AlreadyExists, Busy, DossierNotFound, ErrorResult, NotAuthorized, TransitionNotAllowed, ValidationFailed, VersionConflict } from '../graphql/errors';
export { RateLimited } from '../graphql/rate-limited';
export { Connection, decodeCursor, decodeIntCursor, encodeCursor, pageSize } from '../graphql/connection';
export { JSONObjectScalar } from '../graphql/json-input';

/** Input validation: collected field issues and the national formats (citizen id, tax code, phone, e-mail). */
export { citizenIdProblem, emailProblem, Issues, phoneProblem, taxCheckDigit, taxCodeProblem } from '../graphql/validation';

/** The database: ids, parameterised SQL on the request's entity manager, and grouping rows for batch loaders. */
export { isUuid, lookupSecret, uuidv7 } from '../db/ids';
export { query } from '../db/sql';
export { grouped } from '../graphql/grouped';

/** Time: the service clock, the working calendar (holidays, working hours), processing-time units and local dates. */
export type { Clock } from '../calendar/clock';
export { CalendarService } from '../calendar/calendar.service';
export { atLocal, WorkingCalendar } from '../calendar/working-calendar';
export { DurationUnit } from '../calendar/duration';
export type { ProcessingTime } from '../calendar/duration';
export { vietnamLocalDate } from '../dossiers/timeliness';

/** Procedures and workflows: catalogue entries, the standard one-stop workflow to compose from, its states, actions and effects. */
export { ApplicantKind, FeeKind, OnlineKind } from '../procedures/procedure.types';
export type { DossierComponentDefinition, ProcedureDefinition } from '../procedures/procedure.types';
export { composeWorkflow } from '../dossiers/workflow/compose-workflow';
export { S, standardNoPaymentWorkflow, standardWorkflow } from '../dossiers/workflow/standard-workflow';
export { ActionEffect } from '../dossiers/workflow/workflow.types';
export type { WorkflowActionDefinition } from '../dossiers/workflow/workflow.types';
export { availableActions, findAction } from '../dossiers/workflow/workflow.engine';

/** Dossiers: the entity and its GraphQL type, the inputs a module's own mutations reuse, reading one, writing in one transaction, files and module records. */
export { Channel } from '../dossiers/dossier.entity';
/**
 * The dossier entity, exported only as a relation target of a module's own records. A module
 * never writes a dossier directly: its changes go through the kernel (`updateDossier`, action
 * hooks), which locks, versions, records history and the outbox event.
 */
export { Dossier } from '../dossiers/dossier.entity';
export { DossierType } from '../dossiers/dossier.output';
export type { DossierView } from '../dossiers/dossier.view';
export { DossierAccess } from '../dossiers/access-level';
export { FileInput, PerformDossierActionInput, ReceiveDossierInput } from '../dossiers/dossier.inputs';
export { findDossier } from './module-context';
export { inTransaction } from '../dossiers/dossier.service';
export type { WriteResult } from '../dossiers/dossier.service';
export { decodeFiles } from '../dossiers/dossier-files';
export { latestDossierRecord, putDossierRecord } from '../dossiers/dossier-record.entity';

/** Personal data: who sees it unmasked, masking, the data-access log of unmasked reads, and accent-folded search text. */
export { maskIdNumber, seesPersonalData, unmaskedRead } from '../dossiers/masking';
export { readPurpose, selectedFields, selectedPaths } from '../privacy/data-access';
export { foldVietnamese } from '../documents/document.types';

/** Events and messages: record an outbox event with a state change, subscribe to the committed feed, queue e-mail/SMS to citizens. */
export { recordEvent } from '../outbox/record-event';
export { subscribeToFeed } from './module-context';
export { queueModuleMessages } from '../notifications/module-messages';
export type { ModuleMessage } from '../notifications/module-messages';
export { NotificationChannel, NotificationLanguage } from '../notifications/notification.types';

/** The demo seed kit (demo mode and tests): staff accounts, an agency's usual desks, the demo citizens, valid tax codes. */
export { agencyDesk, createDemoAccounts, DEMO_CITIZENS, taxCodeFrom } from './demo-staff';
export type { DemoStaffMember } from './demo-staff';
