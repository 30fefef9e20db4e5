// Builds dist/trialogue.js: one self-contained ESM file (Lit, markdown, sanitizer, core, providers,
// debate and every element) that a plain page loads with <script type="module" src=...>.
// Our own packages are bundled from their sources, so the file never depends on which of their
// dist folders happen to be built (a fresh clone, or a sibling rebuilding while tests run).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const packages = fileURLToPath(new URL('../..', import.meta.url));

/** `@trialogue/<name>[/<subpath>]` -> `packages/<name>/src[/<subpath>]/index.ts`. */
export const fromSources = {
  name: 'trialogue-sources',
  setup(esbuild) {
    esbuild.onResolve(
      { filter: /^@trialogue\/(core|providers|debate|web-components)(\/[\w-]+)?$/ },
      (args) => {
        const [, name, subpath = ''] = args.path.match(/^@trialogue\/([\w-]+)(\/[\w-]+)?$/);
        const path = `${packages}${name}/src${subpath}/index.ts`;
        return existsSync(path) ? { path } : undefined;
      },
    );
  },
};

/** Builds the script-tag file (or, with `entry`/`outfile`, any entry the same way). */
export async function buildScriptTag({
  entry = fileURLToPath(new URL('../src/script-tag.ts', import.meta.url)),
  outfile = fileURLToPath(new URL('../dist/trialogue.js', import.meta.url)),
  minify = true,
} = {}) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: true,
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [fromSources],
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildScriptTag();
