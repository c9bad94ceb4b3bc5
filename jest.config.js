/** @type {import('jest').Config} */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true, dynamicImport: true }, transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false }, target: 'es2022', keepClassNames: true }, module: { type: 'commonjs', ignoreDynamic: true } }];
const shared = { rootDir: __dirname, testEnvironment: 'node', transform: { '^.+\\.ts$': swc }, testTimeout: 60000 };
/**
 * Two projects: `unit` (`*.spec.ts`, beside the code or under test/, no database: `npm run
 * test:unit` runs them alone in seconds) and `integration` (`*.test.ts`, on PostgreSQL). Every
 * spec and test file of the repository is in one of them (test/docs/test-discovery.test.ts). The global setup that
 * prepares the template databases belongs to the integration project, so jest runs it only when
 * an integration file is selected; `npm test` runs both.
 */
module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/src', '<rootDir>/modules', '<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      // Fails a spec that opens a PostgreSQL connection: it belongs in the integration project.
      setupFiles: ['reflect-metadata', '<rootDir>/test/support/unit-without-database.ts'],
    },
    {
      ...shared,
      displayName: 'integration',
      roots: ['<rootDir>/src', '<rootDir>/modules', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: ['reflect-metadata'],
    },
  ],
  testTimeout: 60000,
  // Suites spend much of their time waiting on PostgreSQL, timers and child processes: three
  // workers on this 2-core machine ran the suite in 159 s against 175 s with two (npm test, embedded).
  maxWorkers: 3,
};
