import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const url = process.env.ONEDOOR_TEST_ADMIN_URL!;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  const dbs = await admin.query(`select datname from pg_database where datname like $1 || '\_%' or datname = $1`, [process.env.ONEDOOR_TEST_TEMPLATE]);
  for (const { datname } of dbs.rows) await admin.query(`drop database if exists "${datname}" with (force)`);
  await admin.end();
  await (globalThis as any).__EMBEDDED_PG__?.stop();
}
