import { defineConfig } from 'tsup';

/** One entry per element so a page pays only for what it imports (`@trialogue/web-components/chat`). */
const elements = ['chat', 'debate', 'key-manager', 'model-picker', 'message', 'markdown'];

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(elements.map((name) => [`${name}/index`, `src/${name}/index.ts`])),
  },
  // Elements run in browsers: ESM only. Lit, markdown, the sanitizer and our packages stay
  // dependencies (the npm way in); dist/trialogue.js (scripts/build-script-tag.mjs) bundles them all.
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  treeshake: true,
});
