import { once } from 'node:events';
import { createServer } from 'node:net';
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
