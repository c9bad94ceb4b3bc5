import { createUnionType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Channel } from '../dossiers/dossier.entity';
import { NotAuthorized, TooManyCells, ValidationFailed } from '../graphql/errors';

export enum StatisticsDimension {
  AGENCY = 'AGENCY',
  UNIT = 'UNIT',
  PROCEDURE = 'PROCEDURE',
  CHANNEL = 'CHANNEL',
  YEAR = 'YEAR',
  QUARTER = 'QUARTER',
  MONTH = 'MONTH',
  WEEK = 'WEEK',
  DAY = 'DAY',
}
registerEnumType(StatisticsDimension, { name: 'StatisticsDimension', description: 'Periods are Vietnam-local calendar periods; WEEK is the ISO week.' });

@InputType()
export class StatisticsFilter {
  @Field(() => [String], { nullable: true })
  agencyCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Administrative units the dossiers were filed under.' })
  unitCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  procedureCodes?: string[] | null;

  @Field({ description: 'First day (YYYY-MM-DD, Vietnam time), inclusive.' })
  from!: string;

  @Field({ description: 'Last day (YYYY-MM-DD), inclusive.' })
  to!: string;

  @Field(() => Channel, { nullable: true })
  channel?: Channel | null;

  @Field(() => Boolean, { nullable: true, description: 'Count dossiers of units dissolved by the 2025 merger under the units they became (grouping and filtering by unit).' })
  mapToCurrentUnits?: boolean | null;
}

@ObjectType('SatisfactionCounts')
export class SatisfactionCountsType {
  @Field(() => Int) verySatisfied!: number;
  @Field(() => Int) satisfied!: number;
  @Field(() => Int) neutral!: number;
  @Field(() => Int) dissatisfied!: number;
  @Field(() => Int) veryDissatisfied!: number;
}

@ObjectType('DossierStatisticsRow', { description: 'Flow counters of one group; definitions in the README (Statistics).' })
export class StatisticsRowType {
  @Field(() => String, { nullable: true }) agencyCode!: string | null;
  @Field(() => String, { nullable: true }) agencyName!: string | null;
  @Field(() => String, { nullable: true }) unitCode!: string | null;
  @Field(() => String, { nullable: true }) procedureCode!: string | null;
  @Field(() => Channel, { nullable: true }) channel!: Channel | null;
  @Field(() => String, { nullable: true, description: '2026, 2026-Q4, 2026-11, 2026-W48 or 2026-11-26.' }) period!: string | null;
  @Field(() => Int) received!: number;
  @Field(() => Int) receivedOnline!: number;
  @Field(() => Int) receivedCounter!: number;
  @Field(() => Int) receivedPost!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int) resolved!: number;
  @Field(() => Int) resolvedEarly!: number;
  @Field(() => Int) resolvedOnTime!: number;
  @Field(() => Int) resolvedLate!: number;
  @Field(() => Int) paused!: number;
  @Field(() => Int) withdrawn!: number;
  @Field(() => Int) stopped!: number;
  @Field(() => Int) returned!: number;
  @Field(() => Int, { description: 'Handed over from another agency.' }) transferredIn!: number;
  @Field(() => Int, { description: 'Financial obligations paid (a dossier left status 6 by the pay action), online or at the counter.' }) paid!: number;
  @Field(() => Float, { description: 'VND those payments settled, online and at the counter: the procedure\'s fees and the modules\' obligations (tax notices) payable when paid.' }) paidVnd!: number;
  @Field(() => Int, { description: 'Of those, paid online through the payment gateway.' }) paidOnline!: number;
  @Field(() => Float, { description: 'VND paid online through the payment gateway.' }) paidOnlineVnd!: number;
  @Field(() => Int, { description: 'Results issued as electronic official documents (drafted for the dossier and issued), counted for the issuing agency.' }) resultsIssuedElectronically!: number;
  @Field(() => Int, { description: 'Handed over to another agency.' }) transferredOut!: number;
  @Field(() => Int, { nullable: true, description: 'In progress (received, not yet resolved, withdrawn or stopped) at the start of `from`, or grouped by a period, at the start of that period.' }) carriedOver!: number | null;
  @Field(() => Int, { nullable: true, description: 'In progress at the end of `to` (paused ones included), or of the period when grouped by one.' }) inProgressAtEnd!: number | null;
  @Field(() => Int, { nullable: true, description: 'Paused (supplement or payment awaited) at the end of `to`, or of the period when grouped by one.' }) pausedAtEnd!: number | null;
  @Field(() => Int, { nullable: true, description: 'In progress and within the due date (before any apology) at the end of the working day `to`, or grouped by a period, at the end of that period’s last day within the range, from that day’s snapshot; null when no snapshot was taken that day (unknown, not zero).' }) inProgressOnTimeAtEnd!: number | null;
  @Field(() => Int, { nullable: true, description: 'In progress and past the due date at the end of the working day `to` (a paused one: past it when the pause began), from that day’s snapshot; null as for inProgressOnTimeAtEnd.' }) inProgressLateAtEnd!: number | null;
  @Field(() => Float, { nullable: true, description: 'Working days (8 hours) from reception to result, less pauses, averaged over the resolved; null when nothing was resolved.' }) averageProcessingDays!: number | null;
  @Field(() => Int, { nullable: true, description: 'Median processing time: the smallest whole number of working days within which at least half of the resolved were resolved (reception to result, less pauses); null when nothing was resolved or the resolutions predate the histogram.' }) medianProcessingDays!: number | null;
  @Field(() => Float, { nullable: true, description: '(early + on time) / resolved; null when nothing was resolved.' }) onTimeRate!: number | null;
  @Field(() => Float, { nullable: true, description: 'Online / received; null when nothing was received.' }) onlineShare!: number | null;
  @Field(() => SatisfactionCountsType) satisfaction!: SatisfactionCountsType;
}

@ObjectType('DossierStatistics')
export class DossierStatisticsType {
  @Field(() => [StatisticsRowType], { description: 'One row per group, in the order of the groupBy dimensions; grouped by a period, one for every period in which the group has flows or dossiers in progress or paused (none for a period with nothing at all).' })
  rows!: StatisticsRowType[];

  @Field(() => StatisticsRowType, { description: 'The sum over all groups (group fields null).' })
  total!: StatisticsRowType;
}

export const DossierStatisticsResult = createUnionType({
  name: 'DossierStatisticsResult',
  types: () => [DossierStatisticsType, ValidationFailed, TooManyCells, NotAuthorized] as const,
});
