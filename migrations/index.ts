/**
 * The kernel's migrations. Modules list their own (`OrmParts.migrations` in each module's
 * manifest); `migrationChain` in src/db/orm.ts orders both into one chain by name.
 *
 * Roll-forward policy (README, "Migrations"):
 * - A migration that is applied anywhere is never edited, renamed or removed: databases record
 *   it by name and never run it again, so an edit would reach new databases only and the two
 *   would differ. A mistake is fixed forward, by a new migration.
 * - The step applies pending migrations in one transaction: one that fails leaves the database
 *   as it was; fix it (it was never applied) or add a new one, and run the step again.
 * - `down()` is written where undoing loses nothing (a new table nobody writes yet, an index);
 *   `npm run migrate -- down` refuses, changing nothing, where a migration has none. Most here
 *   have none: once real dossiers are written, dropping what holds them is not an undo.
 * - Rolling upgrades use expand/contract: release N adds (nullable columns, new tables, both
 *   old and new written), release N+1 switches reads, and only a later release drops what the
 *   old code used. Old and new instances then both run against the expanded schema; that is
 *   why `/readyz` does not compare migrations and why the migration step runs before the new
 *   instances start (`npm run migrate`, or MIGRATE_ON_START outside production).
 */

import { Migration20261126000000Initial } from './Migration20261126000000Initial';
import { Migration20261126010000DossierAccess } from './Migration20261126010000DossierAccess';
import { Migration20261126020000LoginThrottle } from './Migration20261126020000LoginThrottle';
import { Migration20261126030000LookupSecret } from './Migration20261126030000LookupSecret';
import { Migration20261126040000RealTime } from './Migration20261126040000RealTime';
import { Migration20261126050000Documents } from './Migration20261126050000Documents';
import { Migration20261126060000Statistics } from './Migration20261126060000Statistics';
import { Migration20261127000000InterAgency } from './Migration20261127000000InterAgency';
import { Migration20261127000100PaymentCounters } from './Migration20261127000100PaymentCounters';
import { Migration20261127000200ModuleMessages } from './Migration20261127000200ModuleMessages';
import { Migration20261127000300OpenSnapshot } from './Migration20261127000300OpenSnapshot';
import { Migration20261127000400ProcessingHistogram } from './Migration20261127000400ProcessingHistogram';
import { Migration20261127000500ResultsElectronic } from './Migration20261127000500ResultsElectronic';
import { Migration20261127000600PaidVnd } from './Migration20261127000600PaidVnd';
import { Migration20261207020000RateLimits } from './Migration20261207020000RateLimits';
import { Migration20261207040000InsiderRoles } from './Migration20261207040000InsiderRoles';
import { Migration20261207070000PersonalDataAccess } from './Migration20261207070000PersonalDataAccess';
import { Migration20261207100000OutboxRequestId } from './Migration20261207100000OutboxRequestId';
import { Migration20261207110000OutboxTraceContext } from './Migration20261207110000OutboxTraceContext';
import { Migration20261207120000CalendarYears } from './Migration20261207120000CalendarYears';
import { Migration20261207200000AgencyAbbreviation } from './Migration20261207200000AgencyAbbreviation';
import { Migration20261207203000SilentSteps } from './Migration20261207203000SilentSteps';
import { Migration20261207204000WithdrawnBeforeReception } from './Migration20261207204000WithdrawnBeforeReception';
import { Migration20261207213000AssignmentRules } from './Migration20261207213000AssignmentRules';
import { Migration20261207213000StepDeadlines } from './Migration20261207213000StepDeadlines';
import { Migration20261207213100CatalogueAsData } from './Migration20261207213100CatalogueAsData';
import { Migration20261207220000DocumentDeadlines } from './Migration20261207220000DocumentDeadlines';

/**
 * The ordered chain of migrations, listed explicitly so that they run the same from `src/`
 * under swc and from `dist/` without file-system discovery.
 */
export const MIGRATIONS = [
  { name: 'Migration20261126000000Initial', class: Migration20261126000000Initial },
  { name: 'Migration20261126010000DossierAccess', class: Migration20261126010000DossierAccess },
  { name: 'Migration20261126020000LoginThrottle', class: Migration20261126020000LoginThrottle },
  { name: 'Migration20261126030000LookupSecret', class: Migration20261126030000LookupSecret },
  { name: 'Migration20261126040000RealTime', class: Migration20261126040000RealTime },
  { name: 'Migration20261126050000Documents', class: Migration20261126050000Documents },
  { name: 'Migration20261126060000Statistics', class: Migration20261126060000Statistics },
  { name: 'Migration20261127000000InterAgency', class: Migration20261127000000InterAgency },
  { name: 'Migration20261127000100PaymentCounters', class: Migration20261127000100PaymentCounters },
  { name: 'Migration20261127000200ModuleMessages', class: Migration20261127000200ModuleMessages },
  { name: 'Migration20261127000300OpenSnapshot', class: Migration20261127000300OpenSnapshot },
  { name: 'Migration20261127000400ProcessingHistogram', class: Migration20261127000400ProcessingHistogram },
  { name: 'Migration20261127000500ResultsElectronic', class: Migration20261127000500ResultsElectronic },
  { name: 'Migration20261127000600PaidVnd', class: Migration20261127000600PaidVnd },
  { name: 'Migration20261207020000RateLimits', class: Migration20261207020000RateLimits },
  { name: 'Migration20261207040000InsiderRoles', class: Migration20261207040000InsiderRoles },
  { name: 'Migration20261207070000PersonalDataAccess', class: Migration20261207070000PersonalDataAccess },
  { name: 'Migration20261207100000OutboxRequestId', class: Migration20261207100000OutboxRequestId },
  { name: 'Migration20261207110000OutboxTraceContext', class: Migration20261207110000OutboxTraceContext },
  { name: 'Migration20261207120000CalendarYears', class: Migration20261207120000CalendarYears },
  { name: 'Migration20261207200000AgencyAbbreviation', class: Migration20261207200000AgencyAbbreviation },
  { name: 'Migration20261207203000SilentSteps', class: Migration20261207203000SilentSteps },
  { name: 'Migration20261207204000WithdrawnBeforeReception', class: Migration20261207204000WithdrawnBeforeReception },
  { name: 'Migration20261207213000AssignmentRules', class: Migration20261207213000AssignmentRules },
  { name: 'Migration20261207213000StepDeadlines', class: Migration20261207213000StepDeadlines },
  { name: 'Migration20261207213100CatalogueAsData', class: Migration20261207213100CatalogueAsData },
  { name: 'Migration20261207220000DocumentDeadlines', class: Migration20261207220000DocumentDeadlines },
];
