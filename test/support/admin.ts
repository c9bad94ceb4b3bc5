import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/** Runs `work` on a connection of its own to `url` (the test server's admin URL by default), closed after. */
export async function withAdminClient<T>(work: (c: Client) => Promise<T>, url = process.env.ONEDOOR_TEST_ADMIN_URL!): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end();
  }
}

/** A TCP port free on loopback right now, for a server a test starts as a child process. */
export async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** A server run as a child process (`src/main.ts` under swc), with everything it printed so far. */
export interface ChildServer {
  proc: ChildProcess;
  output(): string;
}

/**
 * Starts `src/main.ts` in a child process with exactly `env` (and PATH): for what cannot be
 * tested inside jest's module registry (cluster workers, instrumentation at require time).
 */
export function spawnServer(env: Record<string, string>): ChildServer {
  const proc = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  return { proc, output: () => output };
}
