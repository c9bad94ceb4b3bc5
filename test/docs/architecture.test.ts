import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The import rules (`.dependency-cruiser.cjs`) hold on the code base, and they do catch what
 * they forbid: a fixture tree with a module importing another, the kernel importing a module,
 * an import circle, and imports going up the kernel's layers fails the same command.
 */
const ROOT = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(ROOT, 'node_modules/.bin/depcruise');

function depcruise(cwd: string, args: string[]): { code: number; out: string } {
  try {
    return { code: 0, out: execFileSync(DEPCRUISE, args, { cwd, encoding: 'utf8', stdio: 'pipe' }) };
  } catch (e) {
    const x = e as { status: number; stdout: string; stderr: string };
    return { code: x.status, out: `${x.stdout}${x.stderr}` };
  }
}

it('holds on the code base (what the known-violations baseline lists excepted)', () => {
  const r = depcruise(ROOT, ['src', 'modules', 'scripts', '--config', '.dependency-cruiser.cjs', '--ignore-known', '--output-type', 'err']);
  expect(r.out).toContain('no dependency violations found');
  expect(r.code).toBe(0);
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
    const r = depcruise(dir, ['src', 'modules', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-module-to-module: modules\/tax\/hook\.ts → modules\/land\/parcel\.ts/);
    expect(r.out).toMatch(/no-kernel-to-module: src\/dossiers\/service\.ts → modules\/tax\/hook\.ts/);
    expect(r.out).toMatch(/no-circular: src\/(dossiers\/service|db\/b)\.ts/);
    expect(r.out).not.toMatch(/no-kernel-to-module: src\/main\.ts/);
  });

  it('fails on an upward import, naming the layer it leaves (and not on a downward one), and on a file in no layer', () => {
    const r = depcruise(dir, ['src', 'modules', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err']);
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
    'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022' } }),
    'src/dossiers/dossier.service.ts': 'export const inTransaction = 1;\n',
    'src/kernel/index.ts': "export { inTransaction } from '../dossiers/dossier.service';\n",
    'src/kernel/registry.ts': "import { inTransaction } from './index';\nexport const registry = inTransaction;\n",
    'modules/land/services/transfer.service.ts': "import { inTransaction } from '../../../src/dossiers/dossier.service';\nexport const transfer = inTransaction;\n",
    'modules/land/land.module.ts': "import { inTransaction } from '../../src/kernel';\nexport const land = inTransaction;\n",
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-depcruise-surface-'));
    for (const [p, text] of Object.entries(tree)) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails on a module importing a private kernel file and on the kernel importing the surface, not on a module importing the surface', () => {
    const r = depcruise(dir, ['src', 'modules', '--config', path.join(ROOT, '.dependency-cruiser.cjs'), '--output-type', 'err']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/no-module-to-kernel-private: modules\/land\/services\/transfer\.service\.ts → src\/dossiers\/dossier\.service\.ts/);
    expect(r.out).toMatch(/no-kernel-to-surface: src\/kernel\/registry\.ts → src\/kernel\/index\.ts/);
    expect(r.out).not.toMatch(/modules\/land\/land\.module\.ts/);
  });
});
