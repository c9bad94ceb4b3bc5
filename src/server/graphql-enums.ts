import { registerEnumType } from 'type-graphql';
import { Role } from '../auth/roles';
import { DurationUnit } from '../calendar/duration';
import { CalendarDayKind } from '../calendar/holiday.entity';
import { SatisfactionLevel } from '../dossiers/dossier-parts.entity';
import { Channel } from '../dossiers/dossier.entity';
import { Timeliness } from '../dossiers/timeliness';
import { StepOutcome } from '../dossiers/step-budget';
import { ActionInput } from '../dossiers/workflow/workflow.types';
import { NotificationChannel, NotificationKind, NotificationLanguage, NotificationStatus } from '../notifications/notification.types';
import { DocumentStatus, RecipientStatus, Secrecy, Urgency } from '../documents/document.types';
import { AdminUnitLevel } from '../org/admin-unit.entity';
import { AgencyKind } from '../org/agency.entity';
import { ApplicantKind, FeeKind, OnlineKind, ProcedureChange, ProcedureOrigin } from '../procedures/procedure.types';

/**
 * Every enum of the schema, registered once before the schema is built (`src/server/schema.ts`).
 * It names enums of every layer, so it sits in the API layer, not with the shared GraphQL pieces.
 */
registerEnumType(Role, { name: 'Role' });
registerEnumType(DurationUnit, { name: 'DurationUnit' });
registerEnumType(CalendarDayKind, { name: 'CalendarDayKind' });
registerEnumType(SatisfactionLevel, { name: 'SatisfactionLevel' });
registerEnumType(Channel, { name: 'Channel' });
registerEnumType(AdminUnitLevel, { name: 'AdminUnitLevel' });
registerEnumType(AgencyKind, { name: 'AgencyKind' });
registerEnumType(ApplicantKind, { name: 'ApplicantKind' });
registerEnumType(FeeKind, { name: 'FeeKind' });
registerEnumType(OnlineKind, { name: 'OnlineKind' });
registerEnumType(ProcedureOrigin, { name: 'ProcedureOrigin', description: 'Who wrote a catalogue entry’s current content.' });
registerEnumType(ProcedureChange, { name: 'ProcedureChange', description: 'What a revision of a catalogue entry did.' });
registerEnumType(Timeliness, { name: 'Timeliness', description: 'Early, on time or late against the due date (before any apology).' });
registerEnumType(ActionInput, { name: 'ActionInput' });
registerEnumType(StepOutcome, { name: 'StepOutcome', description: 'A workflow step against its own deadline (working time): ON_TIME / LATE once ended, IN_PROGRESS / IN_PROGRESS_LATE while open, UNTIMED without a budget.' });
registerEnumType(NotificationChannel, { name: 'NotificationChannel' });
registerEnumType(NotificationLanguage, { name: 'NotificationLanguage' });
registerEnumType(NotificationStatus, { name: 'NotificationStatus', description: 'QUEUED → SENDING → SENT; FAILED is retried with backoff; DEAD after the last attempt (staff may resend).' });
registerEnumType(NotificationKind, { name: 'NotificationKind' });
registerEnumType(DocumentStatus, { name: 'DocumentStatus' });
registerEnumType(RecipientStatus, { name: 'RecipientStatus', description: 'A recipient unit’s status on the national document axis (QCVN 102:2016).' });
registerEnumType(Urgency, { name: 'Urgency', description: 'NORMAL, KHAN (Khẩn), THUONG_KHAN (Thượng khẩn), HOA_TOC (Hỏa tốc).' });
registerEnumType(Secrecy, { name: 'Secrecy', description: 'NONE, MAT (Mật), TOI_MAT (Tối mật), TUYET_MAT (Tuyệt mật).' });
