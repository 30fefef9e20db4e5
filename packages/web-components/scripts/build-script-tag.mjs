// Builds dist/trialogue.js: one self-contained ESM file (Lit, markdown, sanitizer, core, providers,
// debate and every element) that a plain page loads with <script type="module" src=...>.
import { build } from 'esbuild';

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
});
