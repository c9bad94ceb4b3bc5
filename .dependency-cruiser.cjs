/**
 * Import rules of the code base, checked by dependency-cruiser (`npm run lint:deps`, CI and
 * `test/docs/architecture.test.ts`) over src, modules, scripts, migrations, test and bench. There
 * is no baseline of tolerated violations: any violation fails.
 */

/**
 * Test code: specs, integration tests, what sits in a `__tests__/` folder, and `test/`. It is in
 * the graph (so non-test code importing it is seen) but may import anything.
 */
const TEST_FILE = '(\\.spec\\.ts|\\.test\\.ts)$|/__tests__/|^test/';
/** What only tests and tooling may import: tests, their fixtures, the tooling above the root. */
const TEST_OR_TOOLING = '^(test|bench|scripts)/|/__tests__/|\\.(spec|test|fixtures)\\.ts$';

/** A resolver or subscription file belongs to the API layer wherever it sits. */
const API_FILE = '\\.(resolver|subscriptions)\\.ts$';
const NOT_API = `(?!.*${API_FILE})`;

/**
 * The kernel's layers (README "Architecture", ARCHITECTURE rule 9), lowest first. A file may
 * import its own layer or a lower one, never a higher one. Every non-test file of `src/` matches
 * exactly one layer (test/docs/architecture.test.ts; rule `layer-unassigned` names the importer).
 */
const LAYERS = [
  {
    name: 'foundation',
    path: [
      `^src/(config|telemetry[^/]*)\\.ts$`,
      `^src/(logging|calendar|org|auth|graphql|outbox)/${NOT_API}`,
      `^src/db/(?!seed/)${NOT_API}`,
      // The kernel's migrations: src/db/orm.ts runs them, so they sit in the foundation and may
      // import only the foundation (a migration importing src/app.ts would close a circle).
      '^migrations/',
    ],
  },
  { name: 'domain', path: [`^src/(procedures|dossiers|documents|payments|privacy)/${NOT_API}`] },
  { name: 'features', path: [`^src/(events|notifications|statistics)/${NOT_API}`] },
  { name: 'kernel', path: ['^src/kernel/(module-contract|module-context|module-options|registry|jobs)\\.ts$'] },
  { name: 'api', path: ['^src/server/', `^src/.*${API_FILE}`] },
  // The public surface (src/kernel/index.ts) re-exports from every layer for the modules, so it
  // sits on top with the other lists that span the layers; no kernel file imports it.
  { name: 'root', path: ['^src/(main|app)\\.ts$', '^src/kernel/(bootstrap|demo-staff|entities|index)\\.ts$', `^src/db/seed/${NOT_API}`] },
];

/** One rule per layer: nothing above it. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `The ${layer.name} layer imports only its own layer and lower ones, never ${LAYERS.slice(i + 1).map((l) => l.name).join(', ')}.`,
  severity: 'error',
  from: { path: layer.path, pathNot: TEST_FILE },
  to: { path: LAYERS.slice(i + 1).flatMap((l) => l.path) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-module-to-module',
      comment: 'An agency module never imports another: modules talk through kernel services, capabilities and events.',
      severity: 'error',
      from: { path: '^modules/([^/]+)/', pathNot: TEST_FILE },
      to: { path: '^modules/', pathNot: ['^modules/$1/'] },
    },
    {
      name: 'no-kernel-to-module',
      comment: 'The kernel knows no agency; only the composition root (src/main.ts) reads the registry.',
      severity: 'error',
      from: { path: '^(src|migrations)/', pathNot: ['^src/main\\.ts$', TEST_FILE] },
      to: { path: '^modules/' },
    },
    ...layerRules,
    {
      name: 'layer-unassigned',
      comment: 'Every kernel file belongs to one layer: add a new file to LAYERS in .dependency-cruiser.cjs.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...LAYERS.flatMap((l) => l.path), TEST_FILE] },
      to: {},
    },
    {
      name: 'no-module-to-kernel-private',
      comment: 'A module imports the kernel only through its public surface, src/kernel/index.ts; every other kernel file is private to the kernel.',
      severity: 'error',
      from: { path: '^modules/', pathNot: TEST_FILE },
      to: { path: '^src/', pathNot: ['^src/kernel/index\\.ts$'] },
    },
    {
      name: 'no-kernel-to-surface',
      comment: 'The public surface is for modules: it re-exports from every kernel layer, so a kernel file importing it would import upwards and close a circle.',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST_FILE },
      to: { path: '^src/kernel/index\\.ts$' },
    },
    {
      name: 'no-code-to-tests',
      comment: 'Code that ships (src, modules, migrations) and the tooling never import tests, test support, fixtures, benchmarks or scripts: what a test reaches is not checked by the rules above.',
      severity: 'error',
      from: { path: '^(src|modules|migrations|scripts|bench)/', pathNot: TEST_FILE },
      // A script may import another script, a benchmark another benchmark.
      to: { path: TEST_OR_TOOLING, pathNot: '^$1/(?!.*(/__tests__/|\\.(spec|test|fixtures)\\.ts$))' },
    },
    {
      name: 'module-rules-pure',
      comment: "A module's rules/ are pure: they import nothing from the module's own api/ or services/ (those import the rules).",
      severity: 'error',
      from: { path: '^modules/([^/]+)/rules/' },
      to: { path: '^modules/$1/(api|services)/' },
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
    includeOnly: '^(src|modules|scripts|migrations|test|bench)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};

// The layers for test/docs/architecture.test.ts, which checks that every kernel file matches
// exactly one (one list for both). Not enumerable: dependency-cruiser refuses unknown options.
Object.defineProperty(module.exports, 'layers', { value: LAYERS, enumerable: false });
