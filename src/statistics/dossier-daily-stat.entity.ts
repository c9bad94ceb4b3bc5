import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/** The flow counters both rollups carry (see src/statistics/rollup.consumer.ts for what each counts). */
@Entity({ abstract: true })
abstract class FlowCounters {
  /** Received (status 2): online ones on the day an officer received them. */
  @Property({ type: 'integer', default: 0 })
  received: number = 0;

  @Property({ type: 'integer', default: 0 })
  refused: number = 0;

  @Property({ type: 'integer', default: 0 })
  resolvedEarly: number = 0;

  @Property({ type: 'integer', default: 0 })
  resolvedOnTime: number = 0;

  @Property({ type: 'integer', default: 0 })
  resolvedLate: number = 0;

  /** Pauses started (supplement or payment requested). */
  @Property({ type: 'integer', default: 0 })
  paused: number = 0;

  @Property({ type: 'integer', default: 0 })
  withdrawn: number = 0;

  @Property({ type: 'integer', default: 0 })
  stopped: number = 0;

  @Property({ type: 'integer', default: 0 })
  returned: number = 0;

  /** Ratings by level (DossierEvaluation), on the day given. */
  @Property({ type: 'integer', default: 0 })
  ratedVerySatisfied: number = 0;

  @Property({ type: 'integer', default: 0 })
  ratedSatisfied: number = 0;

  @Property({ type: 'integer', default: 0 })
  ratedNeutral: number = 0;

  @Property({ type: 'integer', default: 0 })
  ratedDissatisfied: number = 0;

  @Property({ type: 'integer', default: 0 })
  ratedVeryDissatisfied: number = 0;

  /** Handed over from another agency (counted for the receiving one)… */
  @Property({ type: 'integer', default: 0 })
  transferredIn: number = 0;

  /** …and to another agency (counted for the one handing over). */
  @Property({ type: 'integer', default: 0 })
  transferredOut: number = 0;

  /** Left a paused status (supplement given, payment made, or closed while paused). */
  @Property({ type: 'integer', default: 0 })
  resumed: number = 0;

  /** Working minutes from reception to result, less pauses, summed over the resolutions counted here. */
  @Property({ type: 'bigint', default: 0 })
  processingMinutes: string = '0';

  /** Financial obligations paid (left status 6 by the pay action), online or at the counter. */
  @Property({ type: 'integer', default: 0 })
  paid: number = 0;

  /** VND those payments settled: the verified order online; at the counter, everything payable when the officer confirmed it. */
  @Property({ type: 'bigint', default: 0 })
  paidVnd: string = '0';

  /** Of those, paid online through the payment gateway (a verified callback). */
  @Property({ type: 'integer', default: 0 })
  paidOnline: number = 0;

  /** VND paid online through the gateway. */
  @Property({ type: 'bigint', default: 0 })
  paidOnlineVnd: string = '0';

  /** Results issued as electronic official documents (a document drafted for the dossier, issued), for the issuing agency. */
  @Property({ type: 'integer', default: 0 })
  resultsElectronic: number = 0;
}

/** The key of the rollups by procedure: holding agency, procedure, channel, day (the month's first day in the monthly one). */
@Entity({ abstract: true })
abstract class ProcedureStatKey extends FlowCounters {
  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'uuid' })
  procedureId!: string;

  @PrimaryKey({ type: 'text' })
  channel!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;
}

/** The key of the rollups by administrative unit: the unit filed under, holding agency, channel, day. */
@Entity({ abstract: true })
abstract class UnitStatKey extends FlowCounters {
  @PrimaryKey({ type: 'uuid' })
  unitId!: string;

  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'text' })
  channel!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;
}

/**
 * Flow counters of dossiers per holding agency, procedure, channel and local (Vietnam) day,
 * maintained from the outbox in the relay's transaction (exactly once per event). A query over
 * ten years reads at most one row per combination and day, whatever the number of dossiers.
 */
@Entity({ tableName: 'dossier_daily_stat' })
@Index({ name: 'dossier_daily_stat_day_idx', properties: ['day'] })
export class DossierDailyStat extends ProcedureStatKey {}

/**
 * The same counters per administrative unit the dossiers were filed under, for figures by unit;
 * kept apart so that neither table multiplies units by procedures.
 */
@Entity({ tableName: 'dossier_unit_daily_stat' })
@Index({ name: 'dossier_unit_daily_stat_day_idx', properties: ['day'] })
export class DossierUnitDailyStat extends UnitStatKey {}

/** `dossier_daily_stat` summed per month: long periods read 30 times fewer rows. */
@Entity({ tableName: 'dossier_monthly_stat' })
export class DossierMonthlyStat extends ProcedureStatKey {}

/** `dossier_unit_daily_stat` summed per month. */
@Entity({ tableName: 'dossier_unit_monthly_stat' })
export class DossierUnitMonthlyStat extends UnitStatKey {}
