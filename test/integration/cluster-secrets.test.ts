import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, spawnServer, withAdminClient } from '../support/admin';
import { hashPassword } from '../../src/auth/password';
import { sleep } from '../support/ws';

/**
 * `WORKERS=2` with the secrets given as files (`*_FILE`): the point of the file form is that a
 * secret appears in no process environment, so the primary must not hand the secret it read
 * (nor a database URL with the password filled in) to its workers' environment. The workers read
 * the files themselves, and a token signed by one verifies on the other.
 */

const JWT = `jwt-${randomBytes(24).toString('hex')}`;
const DB_PASSWORD = `dbpw-${randomBytes(12).toString('hex')}`;
let proc: ChildProcess | undefined;
let dbName: string;
let secrets: string;
/** The server's own role, whose password only the secret file holds (checked where the server asks for passwords, e.g. the embedded one). */
const ROLE = `onedoor_cluster_${randomUUID().slice(0, 8)}`;

const childrenOf = (pid: number): number[] =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);

afterAll(async () => {
  if (proc && proc.exitCode === null) {
    proc.kill('SIGTERM');
    await once(proc, 'exit');
  }
  if (dbName) await withAdminClient((c) => c.query(`drop database if exists "${dbName}" with (force)`));
  await withAdminClient((c) => c.query(`drop role if exists "${ROLE}"`));
  if (secrets) rmSync(secrets, { recursive: true, force: true });
});

it('keeps secrets given as files out of the workers’ environment; the workers read them and accept each other’s tokens', async () => {
  dbName = `${process.env.ONEDOOR_TEST_TEMPLATE}_${randomUUID().slice(0, 8)}`;
  await withAdminClient((c) => c.query(`create database "${dbName}" template "${process.env.ONEDOOR_TEST_TEMPLATE}"`));
  await withAdminClient((c) => c.query(`create role "${ROLE}" login superuser password '${DB_PASSWORD}'`));
  const url = new URL(process.env.ONEDOOR_TEST_ADMIN_URL!);
  url.pathname = `/${dbName}`;
  url.username = ROLE;
  url.password = '';
  const accountPassword = `pw-${randomUUID()}`;
  const withPassword = new URL(url);
  withPassword.password = DB_PASSWORD;
  const db = new Client({ connectionString: withPassword.toString() });
  await db.connect();
  try {
    await db.query(`insert into account (id, username, password_hash, full_name, created_at) values ($1, 'cluster.admin', $2, 'Quản trị', now())`, [randomUUID(), await hashPassword(accountPassword)]);
  } finally {
    await db.end();
  }
  secrets = mkdtempSync(path.join(tmpdir(), 'onedoor-cluster-secrets-'));
  writeFileSync(path.join(secrets, 'jwt'), `${JWT}\n`);
  writeFileSync(path.join(secrets, 'db'), `${DB_PASSWORD}\n`);
  const port = await freePort();
  const server = spawnServer({
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      DATABASE_PASSWORD_FILE: path.join(secrets, 'db'),
      JWT_SECRET_FILE: path.join(secrets, 'jwt'),
      HOST: '127.0.0.1',
      PORT: String(port),
      WORKERS: '2',
      DB_POOL_MAX: '2',
      DEMO_SEED: 'false',
      JOBS: 'false',
  });
  proc = server.proc;
  const output = server.output;

  const deadline = Date.now() + 90_000;
  while ((output().match(/OneDoor ready in/g) ?? []).length < 2) {
    if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the workers never both started:\n${output()}`);
    await sleep(200);
  }

  const workers = childrenOf(proc.pid!);
  expect(workers).toHaveLength(2);
  for (const pid of workers) {
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
    expect(environ).not.toContain(JWT);
    expect(environ).not.toContain(DB_PASSWORD);
    expect(environ).toContain(`JWT_SECRET_FILE=${path.join(secrets, 'jwt')}`);
  }

  // Tokens verify across workers: both read the same file. A fresh connection per request
  // lands on either worker; a token from one must never be refused by the other.
  const gql = async (query: string, token?: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: any; errors?: unknown[] };
  };
  const login = await gql(`mutation { login(username: "cluster.admin", password: "${accountPassword}") { __typename ... on LoginSuccess { token } } }`);
  const token: string = login.data?.login?.token;
  expect(token).toEqual(expect.any(String));
  for (let i = 0; i < 10; i++) expect(await gql('{ me { __typename } }', token)).toMatchObject({ data: { me: { __typename: 'Principal' } } });

  proc.kill('SIGTERM');
  const [code] = await once(proc, 'exit');
  expect(code).toBe(0);
}, 150_000);
