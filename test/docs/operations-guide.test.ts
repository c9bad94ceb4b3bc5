import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ALL_MODULES } from '../../modules';
import { SECRET_VARIABLES } from '../../src/config';
import { moduleOptionVariables } from '../../src/kernel/module-options';

/**
 * The README's variables table is the operator's contract: every environment variable the
 * server's code reads is in it, and nothing in it is a variable no code reads.
 */
const ROOT = path.resolve(__dirname, '../..');
/** The server and its commands; tests and benchmarks (run by hand) document their own variables. */
const CODE_DIRS = ['src', 'modules', 'scripts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === '__tests__' ? [] : sourceFiles(p);
    return /\.ts$/.test(e.name) && !/\.(spec|test)\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Ways the code reads a variable: `process.env.X`, `env.X`, `env['X']`, and config's helpers `int(env, 'X', …)`. */
const READS = [
  /process\.env\.([A-Z][A-Z0-9_]+)/g,
  /\benv\.([A-Z][A-Z0-9_]+)/g,
  /\benv\[\s*['"`]([A-Z][A-Z0-9_]+)['"`]\s*\]/g,
  /\(\s*env\s*,\s*['"`]([A-Z][A-Z0-9_]+)['"`]/g,
];

function variablesReadInCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of CODE_DIRS.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const text = readFileSync(file, 'utf8');
    for (const re of READS) {
      for (const m of text.matchAll(re)) found.set(m[1], [...(found.get(m[1]) ?? []), path.relative(ROOT, file)]);
    }
  }
  // Each secret may come from a file: `<NAME>_FILE`, built from the list in config.
  for (const name of SECRET_VARIABLES) found.set(`${name}_FILE`, ['src/config.ts (SECRET_VARIABLES)']);
  // Module options: `MODULE_<NAME>_<OPTION>`, built from each manifest's `options`.
  for (const name of moduleOptionVariables(ALL_MODULES)) found.set(name, ['modules/index.ts (module options)']);
  return found;
}

/** Variable names in the first column of the README's tables (`A` / `B` rows name several). */
function variablesInReadme(): Set<string> {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const names = new Set<string>();
  for (const line of readme.split('\n')) {
    const cell = /^\|([^|]+)\|/.exec(line)?.[1];
    if (!cell) continue;
    for (const m of cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) names.add(m[1]);
  }
  return names;
}

describe('README operations guide', () => {
  const inCode = variablesReadInCode();
  const inReadme = variablesInReadme();

  it('finds the variables the server reads (the extraction itself works)', () => {
    for (const known of ['DATABASE_URL', 'PORT', 'JWT_SECRET', 'LOG_LEVEL', 'NODE_ENV']) expect(inCode.has(known)).toBe(true);
    expect(inReadme.has('DATABASE_URL')).toBe(true);
  });

  it('documents every variable the code reads', () => {
    const missing = [...inCode.keys()].filter((v) => !inReadme.has(v)).map((v) => `${v} (read in ${[...new Set(inCode.get(v))].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('documents no variable that nothing reads', () => {
    // The OpenTelemetry SDK reads the standard OTEL_* family itself.
    expect([...inReadme].filter((v) => !inCode.has(v) && !v.startsWith('OTEL_'))).toEqual([]);
  });
});
