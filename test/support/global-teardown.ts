import { Client } from 'pg';
import { removeTestPgFolder } from './pg-test-folders';

/**
 * Drops the databases of this run, or in embedded mode stops the server and removes its
 * folder (the databases go with it).
 */
export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as any).__EMBEDDED_PG__;
  const folder: string | undefined = (globalThis as any).__EMBEDDED_PG_FOLDER__;
  if (folder) {
    await embedded?.stop();
    removeTestPgFolder(folder);
    return;
  }
  const admin = new Client({ connectionString: process.env.ONEDOOR_TEST_ADMIN_URL! });
  await admin.connect();
  try {
    const dbs = await admin.query(`select datname from pg_database where datname like $1 || '\_%' or datname = $1`, [process.env.ONEDOOR_TEST_TEMPLATE]);
    for (const { datname } of dbs.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await admin.end();
  }
}
