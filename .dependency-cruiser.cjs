/**
 * Import rules of the code base, checked by dependency-cruiser (`npm run lint:deps`, CI and
 * `test/docs/architecture.test.ts`). Import circles and upward imports that existed when a rule
 * was written are listed in `.dependency-cruiser-known-violations.json` (issue 17 removes them);
 * a new one fails.
 */

/** A resolver or subscription file belongs to the API layer wherever it sits. */
const API_FILE = '\\.(resolver|subscriptions)\\.ts$';
const NOT_API = `(?!.*${API_FILE})`;

/**
 * The kernel's layers (README "Architecture", ARCHITECTURE rule 9), lowest first. A file may
 * import its own layer or a lower one, never a higher one. The patterns do not overlap, and every
 * file of `src/` matches one (rule `layer-unassigned`).
 */
const LAYERS = [
  {
    name: 'foundation',
    path: [
      `^src/(config|telemetry[^/]*)\\.ts$`,
      `^src/(logging|calendar|org|auth|graphql)/${NOT_API}`,
      `^src/db/(?!seed/)${NOT_API}`,
      '^src/kernel/(clock|minute-quota)\\.ts$',
      '^src/events/(outbox-event\\.entity|published-event|outbox-tracing)\\.ts$',
    ],
  },
  { name: 'domain', path: [`^src/(procedures|dossiers|documents|payments|privacy)/${NOT_API}`] },
  {
    name: 'features',
    path: [`^src/(notifications|statistics)/${NOT_API}`, `^src/events/(?!(outbox-event\\.entity|published-event|outbox-tracing)\\.ts$)${NOT_API}`],
  },
  { name: 'kernel', path: ['^src/kernel/(module-contract|module-context|module-options|registry|jobs)\\.ts$'] },
  { name: 'api', path: ['^src/server/', `^src/.*${API_FILE}`, '^src/kernel/schema\\.ts$'] },
  // The public surface (src/kernel/index.ts) re-exports from every layer for the modules, so it
  // sits on top with the other lists that span the layers; no kernel file imports it.
  { name: 'root', path: ['^src/(main|app)\\.ts$', '^src/kernel/(bootstrap|demo-staff|entities|index)\\.ts$', '^src/db/seed/'] },
];

/** One rule per layer: nothing above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `The ${layer.name} layer imports only its own layer and lower ones, never ${LAYERS.slice(i + 1).map((l) => l.name).join(', ')}.`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: LAYERS.slice(i + 1).flatMap((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
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
    ...layerRules,
    {
      name: 'layer-unassigned',
      comment: 'Every kernel file belongs to one layer: add a new file to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flatMap((l) => l.path) },
      to: {},
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
