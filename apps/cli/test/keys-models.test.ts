import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ANTHROPIC_CANARY,
  CANARY,
  fakeEnv,
  GROQ_CANARY,
  ndjson,
  runCliBin,
  server,
  useFakeServer,
} from './support/cli.js';

const GOOD = 'sk-good-0123456789abcdefGOOD';
// The canary (openai) is valid, the anthropic key is rejected, the groq key is rate-limited.
useFakeServer({
  validKeys: [CANARY, GROQ_CANARY, GOOD],
  rateLimitedKeys: [GROQ_CANARY],
});

describe('trialogue keys', () => {
  it('lists which providers have keys and where from, never the keys', async () => {
    const run = await runCliBin(['keys'], { env: fakeEnv(server) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/openai\s+set\s+env OPENAI_API_KEY/);
    expect(run.stdout).toMatch(/google\s+missing/);
    expect(run.stdout).toMatch(/ollama\s+not needed/);
    expect(run.stdout).not.toContain('canary');
  });

  it('checks keys against the providers: valid, invalid and rate-limited', async () => {
    const run = await runCliBin(['keys', 'check'], { env: fakeEnv(server) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/openai\s+valid/);
    expect(run.stdout).toMatch(/anthropic\s+invalid/);
    expect(run.stdout).toMatch(/groq\s+rate-limited/);
    expect(run.stdout + run.stderr).not.toContain('CANARY');
  });

  it('reports key checks as NDJSON with --json', async () => {
    const run = await runCliBin(['keys', 'check', 'openai', 'groq', '--json'], { env: fakeEnv(server) });
    expect(run.code).toBe(0);
    const checks = ndjson(run.stdout) as { provider: string; ok: boolean; rateLimited?: boolean }[];
    expect(checks.map((c) => [c.provider, c.ok, c.rateLimited ?? false])).toEqual([
      ['openai', true, false],
      ['groq', false, true],
    ]);
  });

  it('stores a key read from stdin in the config file with mode 0600, then uses it', async () => {
    const env = fakeEnv(server);
    delete env.OPENAI_API_KEY;
    const set = await runCliBin(['keys', 'set', 'openai'], { env, stdin: `${GOOD}\n` });
    expect(set.code).toBe(0);
    expect(set.stdout + set.stderr).not.toContain(GOOD);
    const file = join(env.TRIALOGUE_CONFIG_DIR!, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys.openai).toBe(GOOD);
    const list = await runCliBin(['keys'], { env });
    expect(list.stdout).toMatch(/openai\s+set\s+config /);
    const check = await runCliBin(['keys', 'check', 'openai'], { env });
    expect(check.code).toBe(0);
    const removed = await runCliBin(['keys', 'delete', 'openai'], { env });
    expect(removed.code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys.openai).toBeUndefined();
  });

  it('refuses to store something that cannot be a key', async () => {
    const run = await runCliBin(['keys', 'set', 'openai'], {
      env: fakeEnv(server),
      stdin: 'not a key with spaces\n',
    });
    expect(run.code).toBe(2);
  });
});

describe('trialogue models', () => {
  it('merges the provider lists with catalogue prices for providers with keys', async () => {
    const run = await runCliBin(['models', 'openai'], { env: fakeEnv(server) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/MODEL\s+CONTEXT\s+IN \$\/M\s+OUT \$\/M/);
    expect(run.stdout).toMatch(/openai:gpt-4\.1-nano\s+1M\s+\$[\d.]+\s+\$[\d.]+\s+listed/);
    expect(run.stdout).toMatch(/openai:gpt-4\.1-mini\s+1M\s+\$[\d.]+\s+\$[\d.]+\s+catalogue/);
    expect(run.stdout).toContain('Prices in US dollars per million tokens');
    expect(server.requests.some((request) => request.route === 'models' && request.wire === 'openai')).toBe(
      true,
    );
  });

  it('shows the catalogue only (and says so) for a provider without a key', async () => {
    const run = await runCliBin(['models', 'google'], { env: fakeEnv(server) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/google:gemini-2\.5-flash\s+1M\s+\$[\d.]+\s+\$[\d.]+\s+free tier\s+catalogue/);
    expect(run.stderr).toContain('google: no key, showing the catalogue only');
  });

  it('lists a local Ollama only when it answers (its catalogue rows would promise models nothing serves)', async () => {
    const down = await runCliBin(['models'], { env: fakeEnv(server) });
    expect(down.stdout).toMatch(/^openai:/m);
    expect(down.stdout).not.toMatch(/^ollama:/m);
    const up = await runCliBin(['models'], {
      env: fakeEnv(server, { TRIALOGUE_OLLAMA_URL: server.baseURL('ollama').replace(/\/v1$/, '') }),
    });
    expect(up.stdout).toMatch(/^ollama:\S+\s.*listed$/m);
  });

  it('writes one model per NDJSON line with --json', async () => {
    const run = await runCliBin(['models', 'anthropic', '--all', '--json'], {
      env: fakeEnv(server, { ANTHROPIC_API_KEY: ANTHROPIC_CANARY }),
    });
    const models = ndjson(run.stdout) as { type: string; provider?: string }[];
    expect(models.some((m) => m.type === 'model' && m.provider === 'anthropic')).toBe(true);
    expect(run.stdout).not.toContain('CANARY');
  });
});
