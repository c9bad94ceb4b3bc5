import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The temporary folders of the embedded PostgreSQL a test run starts when DATABASE_URL is unset
 * (about 100 MB each): created by the global setup, removed by the global teardown, and swept at
 * the next setup when a run was aborted before its teardown.
 */

const PREFIX = 'onedoor-test-pg-';
/** The jest process that owns a folder; written right after the folder is created. */
const OWNER_FILE = 'owner.pid';
/** A folder without an owner file younger than this may be one a concurrent run is creating. */
const UNOWNED_GRACE_MS = 60_000;

/** Creates this run's folder (PostgreSQL itself goes into `<folder>/data`). */
export function createTestPgFolder(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), PREFIX));
  writeFileSync(path.join(dir, OWNER_FILE), String(process.pid));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to create `data` here.
  chmodSync(dir, 0o777);
  return dir;
}

/** Removes a folder this run created (after its PostgreSQL stopped). */
export function removeTestPgFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Whether a process with this id runs (one of another user, such as `postgres`, counts). */
function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The process id on the first line of a pid file, or undefined when there is none. */
function pidIn(file: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(file, 'utf8').split('\n')[0], 10);
  } catch {
    return undefined;
  }
}

/**
 * Removes the folders of earlier runs that ended without their teardown (interrupted, killed):
 * only those whose owner and whose postmaster both no longer run, so a concurrent run's folder is
 * left alone. A pid reused by an unrelated process keeps a folder until a later sweep: a leftover
 * rather than a deleted live database.
 */
export function removeStaleTestPgFolders(): string[] {
  const tmp = os.tmpdir();
  const removed: string[] = [];
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      if (!statSync(dir).isDirectory()) continue;
      const owner = pidIn(path.join(dir, OWNER_FILE));
      if (owner === undefined ? Date.now() - statSync(dir).mtimeMs < UNOWNED_GRACE_MS : isRunning(owner)) continue;
      const postmaster = pidIn(path.join(dir, 'data', 'postmaster.pid'));
      if (postmaster !== undefined && isRunning(postmaster)) continue;
      removeTestPgFolder(dir);
      removed.push(dir);
    } catch {
      // Another run removed it meanwhile, or it is not ours to remove: leave it.
    }
  }
  return removed;
}
