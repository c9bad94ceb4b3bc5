/** The source of "now"; tests move it to reach deadlines without sleeping. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
