/**
 * The npm way in: a page that bundles `import '@trialogue/web-components/debate'` (or
 * `/key-manager`, `/model-picker`) must get the element registered. tsup moves shared code, element
 * definitions included, into `dist/chunk-*.js`; unless package.json lists those chunks as having
 * side effects, a bundler drops them and the element never exists. Checked on the built package
 * (scripts/test-all.sh builds before testing), bundled as a user's bundler would.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { packageRoot } from './support/browser.js';

const built = existsSync(join(packageRoot, 'dist', 'debate', 'index.js'));

describe.skipIf(!built)('the built subpaths, bundled as a user would', () => {
  it.each([
    ['debate', ['trialogue-debate', 'trialogue-message']],
    ['key-manager', ['trialogue-key-manager']],
    ['model-picker', ['trialogue-model-picker']],
  ])('import "@trialogue/web-components/%s" registers %j', async (subpath, tags) => {
    const result = await build({
      stdin: { contents: `import './dist/${subpath}/index.js';`, resolveDir: packageRoot, loader: 'js' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.text;
    for (const tag of tags) expect(code).toContain(`customElements.define("${tag}"`);
  });
});
