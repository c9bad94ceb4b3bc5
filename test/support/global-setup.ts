import 'reflect-metadata';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import globalTeardown from './global-teardown';
import { createTestPgFolder, removeStaleTestPgFolders, removeTestPgFolder } from './pg-test-folders';

/**
 * Prepares a template database with the migrations and reference data applied, and a second
 * one with the test data of every module too; each test app clones one (CREATE DATABASE …
 * TEMPLATE), so files run in parallel on their own data.
 * Uses DATABASE_URL when set, otherwise an embedded PostgreSQL in a temporary folder that the
 * teardown removes (and the next run, when this one is interrupted before its teardown).
 * @public (jest's `globalSetup`)
 */
export default async function globalSetup(): Promise<void> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    removeStaleTestPgFolders();
    const dir = createTestPgFolder();
    (globalThis as any).__EMBEDDED_PG_FOLDER__ = dir;
    try {
      const db = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: 55000 + (process.pid % 5000), password: 'test' });
      (globalThis as any).__EMBEDDED_PG__ = db;
      url = db.url;
    } catch (e) {
      // jest runs no teardown when the setup fails.
      removeTestPgFolder(dir);
      throw e;
    }
  }
  const template = `onedoor_tpl_${process.pid}`;
  process.env.ONEDOOR_TEST_ADMIN_URL = url;
  process.env.ONEDOOR_TEST_TEMPLATE = template;
  try {
    execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, '../../scripts/prepare-template-db.ts'), url, template], { stdio: 'inherit' });
    execFileSync(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'prepare-test-data.ts'), url, template], { stdio: 'inherit' });
  } catch (e) {
    await globalTeardown().catch(() => undefined);
    throw e;
  }
}
