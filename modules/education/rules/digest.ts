/**
 * When the daily digest goes out and what it carries: items written before the latest digest
 * hour (local time, Asia/Ho_Chi_Minh, UTC+7 all year) and not yet sent, one message per
 * guardian for that local day. Pure functions; the job (digest.job.ts) does the I/O.
 */

const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The latest digest moment at or before `now`, and the local day it closes: at 20:00 on the
 * 27th that is 19:00 on the 27th; at 07:30 on the 28th it is still 19:00 on the 27th (a run
 * that missed the evening catches up under that day's key, so it is sent once).
 */
export function digestCutoff(now: Date, hour: number): { cutoff: Date; day: string } {
  const local = new Date(now.getTime() + OFFSET_MS);
  const midnightUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let cutoff = midnightUtc + hour * 3_600_000 - OFFSET_MS;
  if (cutoff > now.getTime()) cutoff -= DAY_MS;
  return { cutoff: new Date(cutoff), day: new Date(cutoff + OFFSET_MS).toISOString().slice(0, 10) };
}

/** Pending items written before the cutoff, per guardian, oldest first. */
export function groupForDigest<T extends { guardianId: string; createdAt: Date }>(rows: T[], cutoff: Date): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    if (r.createdAt.getTime() >= cutoff.getTime()) continue;
    const list = out.get(r.guardianId);
    if (list) list.push(r);
    else out.set(r.guardianId, [r]);
  }
  return out;
}

/** One digest per guardian, local day and channel. */
export function digestDedupeKey(guardianId: string, day: string, channel: string): string {
  return `education.digest:${guardianId}:${day}:${channel}`;
}
