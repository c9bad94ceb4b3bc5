import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmbeddedPostgres } from '../../src/db/embedded';

/**
 * Prepares one template database with the migrations and reference data applied; each test
 * file clones it (CREATE DATABASE … TEMPLATE), so files run in parallel on their own data.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder.
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-test-pg-'));
    const { chmodSync } = await import('node:fs');
    chmodSync(dir, 0o777);
    const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: 55000 + (process.pid % 5000), password: 'test' });
    (globalThis as any).__EMBEDDED_PG__ = db;
    url = db.url;
  }
  const template = `onedoor_tpl_${process.pid}`;
  execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '../../scripts/prepare-template-db.ts'), url, template], { stdio: 'inherit' });
  process.env.ONEDOOR_TEST_ADMIN_URL = url;
  process.env.ONEDOOR_TEST_TEMPLATE = template;
}
