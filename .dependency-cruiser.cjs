/**
 * Import rules of the code base, checked by dependency-cruiser (`npm run lint:deps`, CI and
 * `test/docs/architecture.test.ts`). Import circles that existed when the check was written are
 * listed in `.dependency-cruiser-known-violations.json` (issue 17 removes them); a new one fails.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-module-to-module',
      comment: 'An agency module never imports another: modules talk through kernel services, capabilities and events.',
      severity: 'error',
      from: { path: '^modules/([^/]+)/' },
      to: { path: '^modules/', pathNot: ['^modules/$1/'] },
    },
    {
      name: 'no-kernel-to-module',
      comment: 'The kernel knows no agency; only the composition root (src/main.ts) reads the registry.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/main\\.ts$'] },
      to: { path: '^modules/' },
    },
    {
      name: 'no-module-to-kernel-private',
      comment: 'A module imports the kernel only through its public surface, src/kernel/index.ts; every other kernel file is private to the kernel.',
      severity: 'error',
      from: { path: '^modules/' },
      to: { path: '^src/', pathNot: ['^src/kernel/index\\.ts$'] },
    },
    {
      name: 'no-kernel-to-surface',
      comment: 'The public surface is for modules: it re-exports from every kernel layer, so a kernel file importing it would import upwards and close a circle.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/kernel/index\\.ts$' },
    },
    {
      name: 'no-circular',
      comment: 'No import circles.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|modules|scripts)/',
    exclude: { path: '(\\.spec\\.ts|\\.test\\.ts)$|/__tests__/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
