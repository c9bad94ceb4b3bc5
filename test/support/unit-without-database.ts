import { Client } from 'pg';

/**
 * Set up before every unit spec (the `unit` jest project): opening a PostgreSQL connection fails,
 * so a spec that needs the database fails at once instead of passing only where one happens to be
 * reachable. Such a spec belongs in the integration project (`*.test.ts`). The ORM reaches
 * PostgreSQL through `pg`'s `Client` (a `Pool` connects its clients the same way).
 */
const refusal = () => new Error('A unit spec (*.spec.ts) opened a PostgreSQL connection: make it pure or make it an integration test (*.test.ts, npm test).');

Client.prototype.connect = function connect(callback?: (error: Error) => void) {
  if (!callback) return Promise.reject(refusal());
  process.nextTick(callback, refusal());
  return undefined;
} as typeof Client.prototype.connect;
