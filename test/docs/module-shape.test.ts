import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * One module shape (README, "Module shape"): every `modules/<name>/` folder has the same files
 * for the same roles, and nothing else. A role a module does not need is left out.
 */
const ROLE_FILES = ['procedures.ts', 'workflows.ts', 'forms.ts', 'hooks.ts', 'access.ts', 'statistics.ts', 'seed.ts'];

/** The suffixes that name a role of another folder (or of the manifest, or of a test). */
const ROLE_SUFFIX = '(resolver|subscriptions|inputs|output|queries|loaders|service|job|entity|module|spec|test|fixtures)';

/** What each folder may hold (one level, no subfolders), in the README table's column order. */
const ROLE_FOLDERS: Record<string, { pattern: RegExp; what: string }> = {
  entities: { pattern: /^([a-z0-9-]+\.entity|index)\.ts$/, what: '*.entity.ts (and index.ts, the entity list)' },
  api: { pattern: /^[a-z0-9-]+\.(resolver|inputs|output|queries)\.ts$/, what: '*.resolver.ts, *.inputs.ts, *.output.ts or *.queries.ts' },
  services: { pattern: /^[a-z0-9-]+\.(service|job)\.ts$/, what: '*.service.ts or *.job.ts' },
  rules: { pattern: new RegExp(`^(?!.*\\.${ROLE_SUFFIX}\\.)[a-z0-9-]+(\\.[a-z0-9-]+)?\\.ts$`), what: 'kebab-case *.ts of no other role (no *.resolver.ts, *.service.ts, *.entity.ts …)' },
  migrations: { pattern: /^Migration\d{14}[A-Za-z]+\.ts$/, what: 'Migration<timestamp><Name>.ts' },
  __tests__: { pattern: /^[a-z0-9-]+\.(spec|test)\.ts$/, what: '*.spec.ts or *.test.ts' },
};

/** The problems of one module folder, from its files (paths relative to the folder, `/`-separated). */
function shapeProblems(name: string, files: string[]): string[] {
  const problems: string[] = [];
  const manifest = `${name}.module.ts`;
  if (!files.includes(manifest)) problems.push(`${name}: no manifest ${manifest}`);
  for (const f of files) {
    const [top, ...rest] = f.split('/');
    if (!rest.length) {
      if (f !== manifest && !ROLE_FILES.includes(f)) problems.push(`${name}/${f}: not a role file (${[manifest, ...ROLE_FILES].join(', ')})`);
      continue;
    }
    const folder = ROLE_FOLDERS[top];
    if (!folder) problems.push(`${name}/${f}: ${top}/ is not a role folder (${Object.keys(ROLE_FOLDERS).join(', ')})`);
    else if (rest.length > 1 || !folder.pattern.test(rest[0])) problems.push(`${name}/${f}: ${top}/ holds ${folder.what}`);
  }
  return problems;
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

const MODULES = path.resolve(__dirname, '../../modules');
const names = readdirSync(MODULES, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** A module's row of the README's table: ✓ or — per role file, the number of files per folder (an entity list not counted). */
function readmeRow(name: string, files: string[]): string {
  const has = (f: string) => (files.includes(f) ? '✓' : '—');
  const count = (folder: string) => files.filter((f) => f.startsWith(`${folder}/`) && f !== 'entities/index.ts').length;
  return `| ${name} | \`${name}.module.ts\` | ${[...ROLE_FILES.map(has), ...Object.keys(ROLE_FOLDERS).map(count)].join(' | ')} |`;
}

it('the README tells each module folder as it is', () => {
  const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(readme).toContain(readmeRow(name, filesOf(path.join(MODULES, name))));
});

it.each(names)('modules/%s has the module shape', (name) => {
  expect(shapeProblems(name, filesOf(path.join(MODULES, name)))).toEqual([]);
});

it('fails on a stray file, a misplaced role and a missing manifest', () => {
  const listing = [
    'land.manifest.ts',
    'procedures.ts',
    'cadastral-data.ts',
    'services/land-register.service.ts',
    'services/land-forms.ts',
    'api/parcel.resolver.ts',
    'api/land-access.ts',
    'entities/land-parcel.entity.ts',
    'entities/parts/holder.entity.ts',
    'helpers/format.ts',
    'rules/rates.ts',
    'rules/land-use.types.ts',
    'rules/parcel.resolver.ts',
    'rules/transfer.service.ts',
    'rules/holder.entity.ts',
    'api/tax.service.output.ts',
    'services/transfer.entity.ts',
    'entities/register.service.ts',
    '__tests__/land.test.ts',
  ];
  expect(shapeProblems('land', listing)).toEqual([
    'land: no manifest land.module.ts',
    expect.stringMatching(/^land\/land\.manifest\.ts: not a role file/),
    expect.stringMatching(/^land\/cadastral-data\.ts: not a role file/),
    'land/services/land-forms.ts: services/ holds *.service.ts or *.job.ts',
    'land/api/land-access.ts: api/ holds *.resolver.ts, *.inputs.ts, *.output.ts or *.queries.ts',
    'land/entities/parts/holder.entity.ts: entities/ holds *.entity.ts (and index.ts, the entity list)',
    expect.stringMatching(/^land\/helpers\/format\.ts: helpers\/ is not a role folder/),
    expect.stringMatching(/^land\/rules\/parcel\.resolver\.ts: rules\/ holds kebab-case \*\.ts of no other role/),
    expect.stringMatching(/^land\/rules\/transfer\.service\.ts: rules\/ holds/),
    expect.stringMatching(/^land\/rules\/holder\.entity\.ts: rules\/ holds/),
    'land/api/tax.service.output.ts: api/ holds *.resolver.ts, *.inputs.ts, *.output.ts or *.queries.ts',
    'land/services/transfer.entity.ts: services/ holds *.service.ts or *.job.ts',
    'land/entities/register.service.ts: entities/ holds *.entity.ts (and index.ts, the entity list)',
  ]);
});
