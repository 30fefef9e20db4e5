import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const example = fileURLToPath(new URL('./.readme-example.tmp.ts', import.meta.url));

describe('README', () => {
  afterEach(() => rm(example, { force: true }));

  it('its first example runs and prints what it says', async () => {
    const text = await readFile(readme, 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(text)![1]!;
    await writeFile(example, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await import(/* @vite-ignore */ example);
    const lines = log.mock.calls.map((args) => args.join(' '));
    log.mockRestore();
    expect(lines).toContain('1 a 391');
    expect(lines).toContain('3 c 401');
    expect(lines.at(-1)).toBe('completed 391');
    expect(code).toContain('// completed 391');
  });
});
