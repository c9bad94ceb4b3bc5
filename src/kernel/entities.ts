import { Account, AccountDesignation, AccountGrantLog, RoleAssignment } from '../auth/account.entity';
import { CalendarDay, CalendarYear } from '../calendar/holiday.entity';
import { DocumentCounter, DocumentFile, DocumentHandler, DocumentRecipient, DocumentTrace, OfficialDocument } from '../documents/document.entity';
import { StoredFile } from '../documents/stored-file.entity';
import { DossierHistory } from '../dossiers/dossier-history.entity';
import { DossierStep } from '../dossiers/dossier-step.entity';
import {
  DossierAccess,
  DossierAgencyStint,
  DossierCodeCounter,
  DossierEvaluation,
  DossierFile,
  DossierPause,
} from '../dossiers/dossier-parts.entity';
import { Dossier } from '../dossiers/dossier.entity';
import { AssignmentRule } from '../dossiers/assignment/assignment-rule.entity';
import { DossierRecord } from '../dossiers/dossier-record.entity';
import { OutboxConsumerFailure, OutboxEvent } from '../outbox/outbox-event.entity';
import { Notification, NotificationAttempt } from '../notifications/notification.entity';
import { AdminUnit } from '../org/admin-unit.entity';
import { DossierDailyStat, DossierMonthlyStat, DossierUnitDailyStat, DossierUnitMonthlyStat } from '../statistics/dossier-daily-stat.entity';
import { Agency } from '../org/agency.entity';
import { Procedure, ProcedureRevision } from '../procedures/procedure.entity';
import { PaymentCallback, PaymentOrder } from '../payments/payment.entity';
import { DossierOpenSnapshot, DossierSnapshotDay } from '../statistics/open-snapshot';
import { PersonalDataAccess } from '../privacy/personal-data-access.entity';
import type { OrmParts } from '../db/orm';
import type { ModuleSet } from './registry';
import { DailyProcessingHist, MonthlyProcessingHist, UnitDailyProcessingHist, UnitMonthlyProcessingHist } from '../statistics/processing-histogram.entity';

/**
 * Every entity the kernel owns; modules add theirs through the module contract. A list that spans
 * the layers, so the composition root assembles it and hands it to the ORM (`ormParts`).
 */
export const KERNEL_ENTITIES = [
  AdminUnit,
  Agency,
  Account,
  RoleAssignment,
  AccountDesignation,
  AccountGrantLog,
  CalendarDay,
  CalendarYear,
  Procedure,
  ProcedureRevision,
  Dossier,
  DossierHistory,
  DossierFile,
  DossierPause,
  DossierAgencyStint,
  DossierStep,
  DossierAccess,
  DossierEvaluation,
  DossierCodeCounter,
  DossierRecord,
  AssignmentRule,
  PaymentOrder,
  PaymentCallback,
  StoredFile,
  OfficialDocument,
  DocumentRecipient,
  DocumentHandler,
  DocumentTrace,
  DocumentFile,
  DocumentCounter,
  OutboxEvent,
  OutboxConsumerFailure,
  DossierDailyStat,
  DossierUnitDailyStat,
  DossierMonthlyStat,
  DossierUnitMonthlyStat,
  DossierOpenSnapshot,
  DossierSnapshotDay,
  DailyProcessingHist,
  MonthlyProcessingHist,
  UnitDailyProcessingHist,
  UnitMonthlyProcessingHist,
  Notification,
  NotificationAttempt,
  PersonalDataAccess,
];

/** What the ORM of a server running `modules` maps and migrates: the kernel's entities and theirs, and their migrations. */
export function ormParts(modules: ModuleSet): OrmParts {
  return { entities: [...KERNEL_ENTITIES, ...modules.entities], migrations: modules.migrations };
}
