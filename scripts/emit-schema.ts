import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_MODULES } from '../modules';
import { PROJECT_ROOT } from '../src/config';
import { selectModules } from '../src/kernel/registry';
import { buildOneDoorSchema, printOneDoorSchema } from '../src/server/schema';

/** Writes schema.graphql from the code (all modules), or with --check fails when the file drifted. */
async function main(): Promise<void> {
  const file = path.join(PROJECT_ROOT, 'schema.graphql');
  const sdl = printOneDoorSchema(await buildOneDoorSchema(selectModules(ALL_MODULES)));
  if (process.argv.includes('--check')) {
    const committed = readFileSync(file, 'utf8');
    if (committed !== sdl) {
      console.error('schema.graphql is out of date: run `npm run schema:emit` and commit it.');
      process.exit(1);
    }
    console.log('schema.graphql matches the code.');
    return;
  }
  writeFileSync(file, sdl);
  console.log(`Wrote ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
