import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The import rules (`.dependency-cruiser.cjs`) hold on the code base, and they do catch what
 * they forbid: a fixture tree with a module importing another, the kernel importing a module,
 * an import circle, and imports going up the kernel's layers fails the same command.
 */
const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');
const CONFIG = path.join(ROOT, '.dependency-cruiser.cjs');

/** `npm run lint:deps`, as CI runs it: its folders and options, without `depcruise` itself. */
const LINT_DEPS: string[] = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts['lint:deps'].split(/\s+/).slice(1);

function depcruise(cwd: string, args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(DEPCRUISE, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: `${x.stdout}${x.stderr}` };
  }
}

it('holds on the code base: every folder of code, no baseline of tolerated violations', () => {
  expect(LINT_DEPS.slice(0, 6)).toEqual(['src', 'modules', 'scripts', 'migrations', 'test', 'bench']);
  // --ignore-known would accept whatever a known-violations file lists.
  expect(LINT_DEPS).not.toContain('--ignore-known');
  const r = depcruise(ROOT, LINT_DEPS);
  expect(r.out).toContain('no dependency violations found');
  expect(r.code).toBe(0);
});

/** Writes a fixture tree (paths → text, with a tsconfig) into a new temporary folder. */
function writeTree(prefix: string, tree: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [p, text] of Object.entries({ 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022' } }), ...tree })) {
    mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    writeFileSync(path.join(dir, p), text);
  }
  return dir;
}

/** The layer patterns, the same list the rules are made of. */
const LAYERS: { name: string; path: string[] }[] = require(CONFIG).layers;
const TEST_FILE = /(\.spec\.ts|\.test\.ts)$|\/__tests__\//;
const layersOf = (file: string) => LAYERS.filter((l) => l.path.some((p) => new RegExp(p).test(file))).map((l) => l.name);

it('puts every kernel file in exactly one layer (a file in no layer that imports nothing is seen too)', () => {
  const files = readdirSync(path.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .filter((f) => !TEST_FILE.test(f));
  expect(files.length).toBeGreaterThan(100);
  expect(files.map((f) => [f, layersOf(f)]).filter(([, layers]) => layers.length !== 1)).toEqual([]);
  // Patterns that could overlap: a resolver anywhere is the API's, the seed folder is the root's.
  expect(layersOf('src/db/seed/x.resolver.ts')).toEqual(['api']);
  expect(layersOf('src/db/seed/demo-seed.ts')).toEqual(['root']);
  expect(layersOf('src/outbox/outbox-tracing.ts')).toEqual(['foundation']);
  expect(layersOf('src/events/outbox-relay.ts')).toEqual(['features']);
  expect(layersOf('migrations/Migration20260101000000X.ts')).toEqual(['foundation']);
  expect(layersOf('src/misc/helper.ts')).toEqual([]);
});

describe('on a deliberate violation', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-depcruise-'));
    const file = (p: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    };
    file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022' } }));
    file('modules/tax/hook.ts', "import { parcel } from '../land/parcel';\nexport const hook = parcel;\n");
    file('modules/land/parcel.ts', 'export const parcel = 1;\n');
    file('src/dossiers/service.ts', "import { hook } from '../../modules/tax/hook';\nimport { b } from '../db/b';\nexport const a = hook + b;\n");
    file('src/db/b.ts', "import { a } from '../dossiers/service';\nexport const b = 2;\nexport const c = () => a;\n");
    file('src/main.ts', "import { hook } from '../modules/tax/hook';\nexport const root = hook;\n");
    // Upward: the domain reads the request context (API layer); the foundation reads the domain.
    file('src/server/context.ts', 'export interface GraphQLContext { requestId: string }\n');
    file('src/documents/download.ts', "import type { GraphQLContext } from '../server/context';\nexport const download = (ctx: GraphQLContext) => ctx.requestId;\n");
    file('src/config.ts', "import { Channel } from './dossiers/channel';\nexport const defaultChannel = Channel.ONLINE;\n");
    file('src/dossiers/channel.ts', "export enum Channel { ONLINE = 'ONLINE' }\n");
    // Allowed: the API layer reads the domain, a resolver in a domain folder reads the context.
    file('src/server/http.ts', "import { download } from '../documents/download';\nexport const route = download;\n");
    file('src/documents/document.resolver.ts', "import type { GraphQLContext } from '../server/context';\nexport const resolve = (ctx: GraphQLContext) => ctx.requestId;\n");
    // A kernel file in no layer.
    file('src/misc/helper.ts', "import { defaultChannel } from '../config';\nexport const helper = defaultChannel;\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails, naming each rule broken (and not the composition root)', () => {
    const r = depcruise(dir, ['src', 'modules', '--config', CONFIG, '--output-type', 'err']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-module-to-module: modules\/tax\/hook\.ts → modules\/land\/parcel\.ts/);
    expect(r.out).toMatch(/no-kernel-to-module: src\/dossiers\/service\.ts → modules\/tax\/hook\.ts/);
    expect(r.out).toMatch(/no-circular: src\/(dossiers\/service|db\/b)\.ts/);
    expect(r.out).not.toMatch(/no-kernel-to-module: src\/main\.ts/);
  });

  it('fails on an upward import, naming the layer it leaves (and not on a downward one), and on a file in no layer', () => {
    const r = depcruise(dir, ['src', 'modules', '--config', CONFIG, '--output-type', 'err']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/layer-domain: src\/documents\/download\.ts → src\/server\/context\.ts/);
    expect(r.out).toMatch(/layer-foundation: src\/config\.ts → src\/dossiers\/channel\.ts/);
    expect(r.out).not.toMatch(/layer-\w+: src\/server\/http\.ts/);
    expect(r.out).not.toMatch(/layer-\w+: src\/documents\/document\.resolver\.ts/);
    expect(r.out).toMatch(/layer-unassigned: src\/misc\/helper\.ts → src\/config\.ts/);
  });
});

describe('a module reaching past the public kernel surface', () => {
  const tree: Record<string, string> = {
    'src/dossiers/dossier.service.ts': 'export const inTransaction = 1;\n',
    'src/kernel/index.ts': "export { inTransaction } from '../dossiers/dossier.service';\n",
    'src/kernel/registry.ts': "import { inTransaction } from './index';\nexport const registry = inTransaction;\n",
    'modules/land/services/transfer.service.ts': "import { inTransaction } from '../../../src/dossiers/dossier.service';\nexport const transfer = inTransaction;\n",
    'modules/land/land.module.ts': "import { inTransaction } from '../../src/kernel';\nexport const land = inTransaction;\n",
  };
  let dir: string;
  beforeAll(() => {
    dir = writeTree('onedoor-depcruise-surface-', tree);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a module importing a private kernel file and on the kernel importing the surface, not on a module importing the surface', () => {
    const r = depcruise(dir, ['src', 'modules', '--config', CONFIG, '--output-type', 'err']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-module-to-kernel-private: modules\/land\/services\/transfer\.service\.ts → src\/dossiers\/dossier\.service\.ts/);
    expect(r.out).toMatch(/no-kernel-to-surface: src\/kernel\/registry\.ts → src\/kernel\/index\.ts/);
    expect(r.out).not.toMatch(/modules\/land\/land\.module\.ts/);
  });
});

describe('code reaching tests, tooling or higher layers through the folders tests live in', () => {
  const tree: Record<string, string> = {
    'src/calendar/holidays.ts': 'export const holidays = [];\n',
    'src/dossiers/channel.ts': "export const channel = 'ONLINE';\n",
    'src/app.ts': "import { orm } from './db/orm';\nexport const app = orm;\n",
    'src/main.ts': "import { app } from './app';\nimport { migrate } from '../scripts/migrate';\nexport const main = [app, migrate];\n",
    // A circle through a migration: db/orm → migrations → a migration → app → db/orm.
    'src/db/orm.ts': "import { MIGRATIONS } from '../../migrations';\nexport const orm = MIGRATIONS;\n",
    'migrations/index.ts': "import { M1 } from './Migration20260101000000App';\nimport { M2 } from './Migration20260101000100Channel';\nexport const MIGRATIONS = [M1, M2];\n",
    'migrations/Migration20260101000000App.ts': "import { app } from '../src/app';\nexport const M1 = app;\n",
    'migrations/Migration20260101000100Channel.ts': "import { channel } from '../src/dossiers/channel';\nexport const M2 = channel;\n",
    // A kernel file importing a test helper that re-exports the composition root.
    'src/db/__tests__/bridge.ts': "export { app } from '../../app';\n",
    'src/db/k3.ts': "import { app } from './__tests__/bridge';\nexport const k3 = app;\n",
    'src/documents/edxml.ts': "import { sample } from './edxml.fixtures';\nexport const edxml = sample;\n",
    'src/documents/edxml.fixtures.ts': "export const sample = '<edXML/>';\n",
    // Allowed: a kernel spec and test support import anything, a benchmark its own helpers.
    'src/calendar/calendar.spec.ts': "import { seed } from '../../modules/land/seed';\nimport { app } from '../app';\nexport const x = [seed, app];\n",
    'test/support/calendar.ts': "import { holidays } from '../../src/calendar/holidays';\nexport const calendar = holidays;\n",
    'test/support/harness.ts': "import { seed } from '../../modules/land/seed';\nexport const harness = seed;\n",
    'modules/land/seed.ts': 'export const seed = 1;\n',
    // A module's code importing test support (which reaches private kernel files and other modules).
    'modules/tax/services/obligation.service.ts': "import { calendar } from '../../../test/support/calendar';\nexport const obligation = calendar;\n",
    'modules/tax/rules/rates.ts': "import { harness } from '../../../test/support/harness';\nexport const rates = harness;\n",
    // A module's rules reading its own API and services (rules are pure: those import the rules).
    'modules/land/rules/land-forms.ts': "import { CODES } from '../api/land-use-purpose.resolver';\nimport { normalize } from '../services/certificate-numbers.service';\nimport { parcel } from './cadastral-data';\nexport const forms = [CODES, normalize, parcel];\n",
    'modules/land/rules/cadastral-data.ts': 'export const parcel = 1;\n',
    'modules/land/api/land-use-purpose.resolver.ts': "import { forms } from '../rules/land-forms';\nexport const CODES = 1;\nexport const r = () => forms;\n",
    'modules/land/services/certificate-numbers.service.ts': 'export const normalize = 1;\n',
    'scripts/migrate.ts': "import { seedBench } from '../bench/seed-bench-data';\nexport const migrate = seedBench;\n",
    'bench/seed-bench-data.ts': 'export const seedBench = 1;\n',
    'bench/inbox.bench.ts': "import { seedBench } from './seed-bench-data';\nimport { app } from '../src/app';\nexport const inbox = [seedBench, app];\n",
  };
  let out: string;
  let code: number;
  beforeAll(() => {
    const dir = writeTree('onedoor-depcruise-tests-', tree);
    ({ out, code } = depcruise(dir, [...LINT_DEPS.slice(0, 6), '--config', CONFIG, '--output-type', 'err']));
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails on code importing tests, test support, fixtures, benchmarks or scripts', () => {
    expect(code).not.toBe(0);
    expect(out).toMatch(/no-code-to-tests: modules\/tax\/services\/obligation\.service\.ts → test\/support\/calendar\.ts/);
    expect(out).toMatch(/no-code-to-tests: modules\/tax\/rules\/rates\.ts → test\/support\/harness\.ts/);
    expect(out).toMatch(/no-code-to-tests: src\/db\/k3\.ts → src\/db\/__tests__\/bridge\.ts/);
    expect(out).toMatch(/no-code-to-tests: src\/documents\/edxml\.ts → src\/documents\/edxml\.fixtures\.ts/);
    expect(out).toMatch(/no-code-to-tests: src\/main\.ts → scripts\/migrate\.ts/);
    expect(out).toMatch(/no-code-to-tests: scripts\/migrate\.ts → bench\/seed-bench-data\.ts/);
  });

  it('fails on a migration importing above the foundation, and on the circle it closes', () => {
    expect(out).toMatch(/layer-foundation: migrations\/Migration20260101000000App\.ts → src\/app\.ts/);
    expect(out).toMatch(/layer-foundation: migrations\/Migration20260101000100Channel\.ts → src\/dossiers\/channel\.ts/);
    expect(out).toMatch(/no-circular: (src\/db\/orm|src\/app|migrations\/[\w.]+)\.ts/);
  });

  it("fails on a module's rules importing its own api/ or services/", () => {
    expect(out).toMatch(/module-rules-pure: modules\/land\/rules\/land-forms\.ts → modules\/land\/api\/land-use-purpose\.resolver\.ts/);
    expect(out).toMatch(/module-rules-pure: modules\/land\/rules\/land-forms\.ts → modules\/land\/services\/certificate-numbers\.service\.ts/);
    expect(out).not.toMatch(/: modules\/land\/rules\/land-forms\.ts → modules\/land\/rules\/cadastral-data\.ts/);
  });

  it('lets tests import anything and a benchmark its own helpers', () => {
    expect(out).not.toMatch(/: (test\/support\/|src\/calendar\/calendar\.spec\.ts|src\/db\/__tests__\/|bench\/inbox\.bench\.ts)/);
  });
});
