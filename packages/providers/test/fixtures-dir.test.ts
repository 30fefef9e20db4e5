import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFixturesDir, startFakeProviderServer } from '@trialogue/providers/testing';
import { afterAll, describe, expect, it } from 'vitest';

const repoFixtures = fileURLToPath(new URL('../../../fixtures/provider-streams', import.meta.url));
const builtTesting = fileURLToPath(new URL('../dist/testing/index.js', import.meta.url));
const outside = realpathSync(mkdtempSync(join(tmpdir(), 'trialogue-no-fixtures-')));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

describe('where the fake server finds the recorded streams', () => {
  it("finds the repository's fixtures/provider-streams by default, whatever the working directory", async () => {
    expect(await findFixturesDir()).toBe(repoFixtures);
    const cwd = process.cwd();
    process.chdir(outside);
    try {
      expect(await findFixturesDir()).toBe(repoFixtures);
    } finally {
      process.chdir(cwd);
    }
  });

  it('says to pass fixturesDir when no recordings are above the starting folder', async () => {
    await expect(findFixturesDir(outside)).rejects.toThrow(/pass `fixturesDir`/);
  });

  it('replays a named recording with no fixturesDir given', async () => {
    const server = await startFakeProviderServer();
    try {
      server.enqueue({ fixture: 'openai-chat/openai-text' });
      const response = await fetch(`${server.baseURL('openai')}/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'gpt-4.1-mini',
          stream: true,
          messages: [{ role: 'user', content: 'Hi' }],
        }),
      });
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).toContain('data: [DONE]');
      expect(body.split('\n\n').length).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  });

  // Runs wherever the package is built (scripts/test-all.sh builds before testing).
  it.runIf(existsSync(builtTesting))(
    'the built ESM and CJS entries find it from dist/ too, whatever the working directory',
    () => {
      const esm = `import(${JSON.stringify(builtTesting)}).then(async (m) => console.log(await m.findFixturesDir()))`;
      expect(execFileSync(process.execPath, ['-e', esm], { cwd: outside, encoding: 'utf8' }).trim()).toBe(
        repoFixtures,
      );
      const cjs = `require(${JSON.stringify(builtTesting.replace(/\.js$/, '.cjs'))}).findFixturesDir().then(console.log)`;
      expect(execFileSync(process.execPath, ['-e', cjs], { cwd: outside, encoding: 'utf8' }).trim()).toBe(
        repoFixtures,
      );
    },
  );
});
