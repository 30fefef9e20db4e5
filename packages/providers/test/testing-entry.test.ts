import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const testingDir = fileURLToPath(new URL('../src/testing/', import.meta.url));

describe('@trialogue/providers/testing', () => {
  it('never imports msw outside its msw subpath, so the fake server works without msw installed', () => {
    const files = readdirSync(testingDir).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      expect(readFileSync(testingDir + name, 'utf8'), name).not.toMatch(/from 'msw(\/[a-z]+)?'/);
    }
    expect(readFileSync(`${testingDir}msw/index.ts`, 'utf8')).toMatch(/from 'msw'/);
  });
});
