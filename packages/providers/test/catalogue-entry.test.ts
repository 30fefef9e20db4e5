import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as catalogueEntry from '../src/catalogue/index.js';
import * as root from '../src/index.js';

// `@trialogue/providers/catalogue` is the lean way to the catalogue (no provider code); the root
// keeps exporting the same objects, so both imports see one catalogue.
describe('the catalogue subpath', () => {
  it('is published: an export, types for old resolvers, and a build entry', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(manifest.exports['./catalogue'].import).toEqual({
      types: './dist/catalogue/index.d.ts',
      default: './dist/catalogue/index.js',
    });
    expect(manifest.typesVersions['*'].catalogue).toEqual(['./dist/catalogue/index.d.ts']);
    const tsup = readFileSync(new URL('../tsup.config.ts', import.meta.url), 'utf8');
    expect(tsup).toContain(`'catalogue/index': 'src/catalogue/index.ts'`);
  });

  it('exports the catalogue, its entries and costFor, the same objects as the root', () => {
    expect(Object.keys(catalogueEntry).sort()).toEqual(['catalogue', 'catalogueEntries', 'costFor']);
    expect(catalogueEntry.catalogue).toBe(root.catalogue);
    expect(catalogueEntry.costFor).toBe(root.costFor);
    expect(catalogueEntry.catalogueEntries).toBe(root.catalogueEntries);
  });

  it('prices a call from the subpath', () => {
    const usage = { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 };
    expect(catalogueEntry.costFor('openai', 'gpt-4.1-mini', usage)).toBeCloseTo(0.0012, 10);
    expect(catalogueEntry.costFor('openai', 'not-a-model', usage)).toBeUndefined();
  });

  it('the root still lists every provider once, in order', () => {
    expect(root.allProviders.map((p) => p.id)).toEqual([
      'openai',
      'anthropic',
      'google',
      'groq',
      ...root.presets.map((p) => p.id),
      'openai-compatible',
    ]);
  });
});
