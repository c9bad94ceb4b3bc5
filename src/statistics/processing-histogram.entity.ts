import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Resolutions by processing time in whole working days (bucket k: at least k and less than k+1
 * days of 8 working hours; the last bucket holds everything longer), beside the rollups and in
 * the same four grains, so that the median is read from counts whatever the number of dossiers.
 */
export const HISTOGRAM_LAST_BUCKET = 60;

/** The bucket of a processing time in working minutes. */
export const bucketOf = (workingMinutes: number): number => Math.min(HISTOGRAM_LAST_BUCKET, Math.max(0, Math.floor(workingMinutes / 480)));

@Entity({ abstract: true })
abstract class ProcedureBucket {
  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'uuid' })
  procedureId!: string;

  @PrimaryKey({ type: 'text' })
  channel!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'smallint' })
  bucket!: number;

  @Property({ type: 'integer' })
  resolved!: number;
}

@Entity({ abstract: true })
abstract class UnitBucket {
  @PrimaryKey({ type: 'uuid' })
  unitId!: string;

  @PrimaryKey({ type: 'uuid' })
  agencyId!: string;

  @PrimaryKey({ type: 'text' })
  channel!: string;

  @PrimaryKey({ type: 'date' })
  day!: string;

  @PrimaryKey({ type: 'smallint' })
  bucket!: number;

  @Property({ type: 'integer' })
  resolved!: number;
}

@Entity({ tableName: 'dossier_daily_processing_hist' })
@Index({ name: 'dossier_daily_processing_hist_day_idx', properties: ['day'] })
export class DailyProcessingHist extends ProcedureBucket {}

@Entity({ tableName: 'dossier_monthly_processing_hist' })
export class MonthlyProcessingHist extends ProcedureBucket {}

@Entity({ tableName: 'dossier_unit_daily_processing_hist' })
@Index({ name: 'dossier_unit_daily_processing_hist_day_idx', properties: ['day'] })
export class UnitDailyProcessingHist extends UnitBucket {}

@Entity({ tableName: 'dossier_unit_monthly_processing_hist' })
export class UnitMonthlyProcessingHist extends UnitBucket {}

/**
 * The median of a histogram: the smallest whole number of working days within which at least
 * half of the resolutions were made (a bucket k counts as done within k+1 days); null when empty.
 */
export function medianDays(counts: Map<number, number>): number | null {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (!total) return null;
  let seen = 0;
  for (const k of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(k)!;
    if (seen * 2 >= total) return k + 1;
  }
  return null;
}
