import { readFileSync, writeFileSync } from 'node:fs';

/** One `kB` field of /proc/<pid>/status (VmRSS, VmHWM …), in kB; 0 when absent. */
export function procStatus(pid: number, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** Resets VmHWM (peak RSS) of the process to its current RSS: `echo 5 > /proc/<pid>/clear_refs`; false when not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
