import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * No test file is silently skipped: every `*.spec.ts` and `*.test.ts` of the repository (outside
 * node_modules and dist) is one that `jest` (the projects of jest.config.js) runs.
 */
const ROOT = path.resolve(__dirname, '../..');
const JEST = path.join(ROOT, 'node_modules/.bin/jest');
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

/** The spec and test files under `dir`, relative and `/`-separated. */
function testFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) return SKIPPED.has(e.name) ? [] : testFiles(dir, p);
    return /\.(spec|test)\.ts$/.test(e.name) ? [p] : [];
  });
}

/** The test files of `dir` that jest would not run, with `config` (the repository's by default). */
function unrun(dir: string, config?: string): string[] {
  const args = ['--listTests', '--json', ...(config ? ['--config', config] : [])];
  const listed = new Set((JSON.parse(execFileSync(JEST, args, { cwd: dir, encoding: 'utf8' })) as string[]).map((f) => path.relative(dir, f).split(path.sep).join('/')));
  return testFiles(dir).filter((f) => !listed.has(f));
}

it('jest runs every spec and test file of the repository', () => {
  expect(testFiles(ROOT).length).toBeGreaterThan(50);
  expect(unrun(ROOT)).toEqual([]);
});

it('sees a test file the projects would skip (fixture tree, the projects of jest.config.js)', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'onedoor-jest-projects-'));
  try {
    for (const f of ['src/calendar/calendar.spec.ts', 'modules/land/__tests__/land.test.ts', 'test/unit/retry.spec.ts', 'test/docs/readme.test.ts', 'scripts/migrate.spec.ts', 'node_modules/x/x.spec.ts']) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), "it('runs', () => undefined);\n");
    }
    // The repository's projects with their roots and patterns, rooted in the fixture (no setup files).
    const { projects } = require(path.join(ROOT, 'jest.config.js')) as { projects: Record<string, unknown>[] };
    const config = { projects: projects.map(({ displayName, roots, testMatch }) => ({ displayName, roots, testMatch, rootDir: dir })) };
    expect(unrun(dir, JSON.stringify(config))).toEqual(['scripts/migrate.spec.ts']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
