import { registerEnumType } from 'type-graphql';
import { Role } from '../auth/roles';
import { DurationUnit } from '../calendar/duration';
import { CalendarDayKind } from '../calendar/holiday.entity';
import { SatisfactionLevel } from '../dossiers/dossier-parts.entity';
import { Channel } from '../dossiers/dossier.entity';
import { Timeliness } from '../dossiers/timeliness';
import { ActionInput } from '../dossiers/workflow/workflow.types';
import { AdminUnitLevel } from '../org/admin-unit.entity';
import { AgencyKind } from '../org/agency.entity';
import { ApplicantKind, FeeKind, OnlineKind } from '../procedures/procedure.types';

/** Every enum of the schema, registered once before the schema is built. */
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
registerEnumType(Timeliness, { name: 'Timeliness', description: 'Early, on time or late against the due date (before any apology).' });
registerEnumType(ActionInput, { name: 'ActionInput' });
