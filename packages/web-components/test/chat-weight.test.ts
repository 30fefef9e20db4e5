/**
 * What `<trialogue-chat>` carries into a page (issue #11's size targets). Bundled from the sources
 * as the bench does (esbuild, browser, minified); the test checks the composition, which is what
 * regresses silently: no zod (core checks requests and transcripts by hand), no provider code
 * unless the page imports a provider (the chat takes the catalogue from its own entry, and the
 * providers' root entry tree-shakes to what is imported).
 */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
// The bench's own bundling (esbuild, browser, minified, our packages from their sources), so this
// test checks exactly what bench/RESULTS.md measures.
import { bundleElement } from '../../../bench/src/element-sizes.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** The files a bundle of `source` is made of (those that put bytes in it), and its gzip size. */
async function bundle(source: string): Promise<{ files: string[]; gzipKb: number }> {
  const result = await bundleElement({ id: 'entry', label: 'entry', source });
  const output = Object.values(result.metafile.outputs)[0]!;
  const files = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path.replace(repoRoot, '').replace(/^(\.\.\/)+/, ''));
  return { files, gzipKb: gzipSync(result.outputFiles[0]!.contents, { level: 9 }).byteLength / 1024 };
}

const providerCode = (files: string[]) =>
  files.filter(
    (f) => f.startsWith('packages/providers/src/') && !f.startsWith('packages/providers/src/catalogue/'),
  );

describe('what <trialogue-chat> bundles', () => {
  it('alone: Lit, marked, DOMPurify, core and the catalogue, but no zod and no provider', async () => {
    const { files } = await bundle(`import '@trialogue/web-components/chat';`);
    for (const part of ['node_modules/lit-html/', 'node_modules/marked/', 'node_modules/dompurify/']) {
      expect(files.some((f) => f.includes(part))).toBe(true);
    }
    expect(files).toContain('packages/providers/src/catalogue/models.ts');
    expect(files).toContain('packages/core/src/transcript/check.ts');
    expect(files.filter((f) => f.includes('node_modules/zod/'))).toEqual([]);
    expect(providerCode(files)).toEqual([]);
  });

  it('with three provider subpaths: only those three providers are added', async () => {
    const alone = await bundle(`import '@trialogue/web-components/chat';`);
    const withThree = await bundle(`import '@trialogue/web-components/chat';
export { openai } from '@trialogue/providers/openai';
export { anthropic } from '@trialogue/providers/anthropic';
export { google } from '@trialogue/providers/google';`);
    const added = providerCode(withThree.files);
    expect(added.some((f) => f.startsWith('packages/providers/src/anthropic/'))).toBe(true);
    expect(added.filter((f) => /\/(groq|openai-compatible|sample)\//.test(f))).toEqual([]);
    expect(withThree.files.filter((f) => f.includes('node_modules/zod/'))).toEqual([]);
    expect(withThree.gzipKb).toBeGreaterThan(alone.gzipKb);
  });

  it('the catalogue taken from the providers root entry bundles no provider either', async () => {
    const fromRoot = await bundle(`export { catalogue, costFor } from '@trialogue/providers';`);
    const fromSubpath = await bundle(`export { catalogue, costFor } from '@trialogue/providers/catalogue';`);
    expect(providerCode(fromRoot.files)).toEqual([]);
    expect(fromRoot.files.filter((f) => f.startsWith('packages/core/src/http/'))).toEqual([]);
    expect(fromRoot.gzipKb).toBeLessThan(2);
    expect(Math.abs(fromRoot.gzipKb - fromSubpath.gzipKb)).toBeLessThan(0.1);
  });
});
