import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The kernel's public surface (`src/kernel/index.ts`) stays minimal: every name it exports is
 * imported by some file under `modules/`. A name no module uses is kernel API with no reader —
 * remove it from the surface (it stays reachable inside the kernel).
 */
const ROOT = path.join(__dirname, '../..');

/** The names an `export { … } from` / `export type { … } from` list gives (the alias when renamed). */
function exportedNames(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/^export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'[^']+';/gm)) names.push(...listNames(m[1], 'alias'));
  return names;
}

/** The names a file imports from the kernel surface (`…/src/kernel`). */
function surfaceImports(source: string): string[] {
  const names: string[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'(?:\.\.\/)+src\/kernel(?:\/index)?';/g)) names.push(...listNames(m[1], 'original'));
  return names;
}

/** An export list names what it gives (the alias); an import list names what it takes from the surface (the name before `as`). */
function listNames(list: string, side: 'alias' | 'original'): string[] {
  return list
    .split(',')
    .map((n) => n.trim().replace(/^type\s+/, ''))
    .filter(Boolean)
    .map((n) => {
      const parts = n.split(/\s+as\s+/);
      return (side === 'alias' ? parts[parts.length - 1] : parts[0]).trim();
    });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

describe('the kernel surface', () => {
  it('reads export and import lists, plain, typed and renamed', () => {
    expect(exportedNames("export { a, type B } from './x';\nexport type {\n  C,\n  D as E,\n} from '../y';\n// export { f } from 'z';")).toEqual(['a', 'B', 'C', 'E']);
    expect(surfaceImports("import { a, type B as C } from '../../../src/kernel';\nimport type { D } from '../../src/kernel';\nimport { e } from '../../src/kernel/registry';")).toEqual(['a', 'B', 'D']);
  });

  it('exports only what some module imports', () => {
    const exported = exportedNames(readFileSync(path.join(ROOT, 'src/kernel/index.ts'), 'utf8'));
    expect(exported.length).toBeGreaterThan(0);
    const imported = new Set(filesUnder(path.join(ROOT, 'modules')).flatMap((f) => surfaceImports(readFileSync(f, 'utf8'))));
    expect(exported.filter((n) => !imported.has(n))).toEqual([]);
  });
});
