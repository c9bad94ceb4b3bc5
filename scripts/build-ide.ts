import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { IDE_ASSETS_DIR, IDE_BUNDLE } from '../src/server/ide';

/**
 * Builds the IDE (`ide/main.tsx`: GraphiQL with the graphql-ws fetcher) into static assets the
 * server serves from `dist/ide/` — nothing loaded from a CDN at run time. Part of `npm run build`.
 */
export async function buildIde(outDir = IDE_ASSETS_DIR): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(__dirname, '..', 'ide', 'main.tsx')],
    outfile: path.join(outDir, IDE_BUNDLE.script),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'file' },
    logLevel: 'warning',
    legalComments: 'linked',
  });
  writeFileSync(path.join(outDir, 'BUILT'), `${new Date().toISOString()}\n`);
}

if (require.main === module) {
  buildIde().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
