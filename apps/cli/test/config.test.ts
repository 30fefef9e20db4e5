import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANARY, fakeEnv, runCliBin, server, tempDir, useFakeServer } from './support/cli.js';

useFakeServer();

describe('configuration', () => {
  it('uses $XDG_CONFIG_HOME/trialogue when TRIALOGUE_CONFIG_DIR is not set, creating it private', async () => {
    const env = fakeEnv(server);
    delete env.TRIALOGUE_CONFIG_DIR;
    env.XDG_CONFIG_HOME = tempDir();
    const run = await runCliBin(['keys', 'set', 'groq'], {
      env,
      stdin: 'gsk_abcdefghijklmnopqrstuvwxyz0123\n',
    });
    expect(run.code).toBe(0);
    const dir = join(env.XDG_CONFIG_HOME, 'trialogue');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('takes base URLs from the config file, the environment, then --base-url (last wins)', async () => {
    const env = fakeEnv(server);
    delete env.TRIALOGUE_BASE_URL_OPENAI;
    mkdirSync(env.TRIALOGUE_CONFIG_DIR!, { recursive: true });
    writeFileSync(
      join(env.TRIALOGUE_CONFIG_DIR!, 'config.json'),
      JSON.stringify({ baseURLs: { openai: server.baseURL('openai') } }),
    );
    const fromFile = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini'], { env });
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain('Hello from the fake openai server');

    const overridden = await runCliBin(
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--base-url', `openai=${server.url}/elsewhere/v1`],
      {
        env: { ...env, TRIALOGUE_BASE_URL_OPENAI: `${server.url}/also-elsewhere/v1` },
      },
    );
    expect(overridden.code).toBe(1);
    expect(server.requests.at(-1)?.path).toBe('/elsewhere/v1/chat/completions');
  });

  it('rejects a malformed --base-url or an unknown provider in it with exit 2', async () => {
    const bad = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--base-url', 'openai'], {
      env: fakeEnv(server),
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--base-url takes provider=url');
    const unknown = await runCliBin(
      ['ask', 'Hi', '-m', 'openai:gpt-4.1-mini', '--base-url', 'nope=http://127.0.0.1:1/v1'],
      {
        env: fakeEnv(server),
      },
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown provider "nope"');
    expect(server.requests).toHaveLength(0);
  });

  it('reports a broken config file without echoing it (it holds keys)', async () => {
    const env = fakeEnv(server);
    mkdirSync(env.TRIALOGUE_CONFIG_DIR!, { recursive: true });
    writeFileSync(join(env.TRIALOGUE_CONFIG_DIR!, 'config.json'), `{ "keys": { "openai": "${CANARY}" `);
    const run = await runCliBin(['keys'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('is not valid JSON');
    expect(run.stderr).not.toContain('CANARY');
  });

  it('prefers the environment key over the config file', async () => {
    const env = fakeEnv(server);
    mkdirSync(env.TRIALOGUE_CONFIG_DIR!, { recursive: true });
    writeFileSync(
      join(env.TRIALOGUE_CONFIG_DIR!, 'config.json'),
      JSON.stringify({ keys: { openai: 'sk-from-file-0123456789abcdef' } }),
    );
    const run = await runCliBin(['ask', 'Hi', '-m', 'openai:gpt-4.1-mini'], { env });
    expect(run.code).toBe(0);
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
  });
});
