/** How a procedure's processing time is counted (DOMAIN.md §3 "Deadlines"). */
export enum DurationUnit {
  /** Working days of 8 working hours each. */
  WORKING_DAYS = 'WORKING_DAYS',
  /** Working hours inside the office hours. */
  WORKING_HOURS = 'WORKING_HOURS',
  /** Calendar days; a deadline that falls on a day off moves to the next working day. */
  CALENDAR_DAYS = 'CALENDAR_DAYS',
  /** Resolved within the day of reception; received after the 15:00 cut-off, due the next working day. */
  SAME_DAY = 'SAME_DAY',
}

export interface ProcessingTime {
  amount: number;
  unit: DurationUnit;
}
