import { once } from 'node:events';
import { spawnServer } from '../support/admin';

/** Module options are checked at start: `src/main.ts` itself refuses a bad value, naming the variable. */
describe('module options at start', () => {
  it.each([
    ['MODULE_EDUCATION_DIGEST_HOUR', '25', 'Configuration error: MODULE_EDUCATION_DIGEST_HOUR must be an integer from 0 to 23, got \\"25\\"'],
    ['MODULE_EDUCATION_DIGEST_HOURS', '18', 'Configuration error: MODULE_EDUCATION_DIGEST_HOURS: no module has such an option'],
  ])('%s=%s stops the server before it opens the database', async (name, value, message) => {
    // Nothing listens on port 1: reaching the database would fail with another message.
    const server = spawnServer({ NODE_ENV: 'test', DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', PORT: '0', [name]: value });
    const [code] = await once(server.proc, 'exit');
    expect(code).toBe(1);
    expect(server.output()).toContain(message);
  });
});
