// Builds dist/trialogue.js: one self-contained ESM file (Lit, markdown, sanitizer, core, providers,
// debate and every element) that a plain page loads with <script type="module" src=...>.
import { existsSync } from 'node:fs';
import { build } from 'esbuild';

// Our workspace packages are bundled from their sources (as vitest reads them), so the file can be
// built on a fresh clone before `pnpm build` has produced their dist folders.
const packagesDir = new URL('../../', import.meta.url).pathname;
const workspaceSources = {
  name: 'workspace-sources',
  setup(b) {
    b.onResolve({ filter: /^@trialogue\/(core|providers|debate)(\/[a-z-]+)?$/ }, (args) => {
      const [, name, sub] = /^@trialogue\/([a-z]+)(?:\/([a-z-]+))?$/.exec(args.path);
      const path = `${packagesDir}${name}/src/${sub ?? ''}${sub ? '/' : ''}index.ts`;
      return existsSync(path) ? { path } : undefined;
    });
  },
};

await build({
  entryPoints: [new URL('../src/script-tag.ts', import.meta.url).pathname],
  outfile: new URL('../dist/trialogue.js', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'eof',
  logLevel: 'warning',
  plugins: [workspaceSources],
});
