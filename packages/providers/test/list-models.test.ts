/**
 * `listModels()` and `validateKey()` of every provider against the fake server: valid, invalid and
 * rate-limited keys, and never a generation request.
 */

import {
  DEFAULT_MODELS,
  type FakeProviderServer,
  type FakeWire,
  startFakeProviderServer,
} from '@trialogue/providers/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixturesDir } from './support/server-helpers.js';
import { WIRES_UNDER_TEST } from './support/server-providers.js';

const valid: Record<FakeWire, string> = {
  openai: 'sk-valid-0123456789abcdef',
  'openai-responses': 'sk-valid-0123456789abcdef',
  anthropic: 'sk-ant-valid-0123456789abcdef',
  google: 'AIzaValid0123456789abcdef',
  groq: 'gsk_valid0123456789abcdef',
  'openai-compatible': 'sk-valid-0123456789abcdef',
  openrouter: 'sk-or-v1-valid0123456789abcdef',
  ollama: 'unused',
};
const INVALID = 'sk-invalid-0123456789abcdef';
const LIMITED = 'sk-limited-0123456789abcdef';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer({
    fixturesDir,
    validKeys: Object.values(valid),
    rateLimitedKeys: [LIMITED],
  });
});
afterAll(() => server.close());
afterEach(() => server.reset());

/** Model checks are free: GET requests to list or key endpoints only. */
function expectNoGeneration() {
  expect(server.requests.length).toBeGreaterThan(0);
  for (const request of server.requests) {
    expect(request.method).toBe('GET');
    expect(['models', 'key']).toContain(request.route);
  }
}

describe.each(WIRES_UNDER_TEST.filter((w) => w.wire !== 'openai-responses'))(
  '$wire',
  ({ wire, provider, providerId, keyed }) => {
    it('lists the models from the provider list endpoint', async () => {
      const models = await provider(server, valid[wire]).listModels();
      expect(models.map((m) => m.id)).toEqual(DEFAULT_MODELS[wire]);
      for (const model of models) expect(model.provider).toBe(providerId);
      expectNoGeneration();
    });

    it('validateKey() accepts a valid key without generating anything', async () => {
      const check = await provider(server, valid[wire]).validateKey();
      expect(check).toMatchObject({ ok: true, provider: providerId });
      expectNoGeneration();
      if (wire === 'openrouter') expect(server.requests.map((r) => r.path)).toEqual(['/openrouter/v1/key']);
    });

    it.skipIf(!keyed)('validateKey() reports an invalid key as auth, listModels() throws auth', async () => {
      const p = provider(server, INVALID);
      const check = await p.validateKey();
      expect(check.ok).toBe(false);
      expect(!check.ok && check.error.kind).toBe('auth');
      expect(!check.ok && check.error.provider).toBe(providerId);
      // OpenRouter's model list is public; its key check is /key.
      if (wire !== 'openrouter') await expect(p.listModels()).rejects.toMatchObject({ kind: 'auth' });
      expectNoGeneration();
    });

    it.skipIf(!keyed)('validateKey() reports a rate-limited key as rate-limit', async () => {
      const check = await provider(server, LIMITED).validateKey();
      expect(check.ok).toBe(false);
      expect(!check.ok && check.error.kind).toBe('rate-limit');
      expectNoGeneration();
    });

    it.skipIf(!keyed)('validateKey() without a key is an auth failure', async () => {
      const check = provider(server, undefined).validateKey();
      if (wire === 'openai-compatible') {
        // A generic server may need no key: the request goes out, and the server's 401 answers.
        await expect(check).resolves.toMatchObject({ ok: false, error: { kind: 'auth' } });
      } else {
        // A provider that needs a key says so before any request.
        await expect(check).rejects.toMatchObject({ kind: 'auth', code: 'missing-key' });
        expect(server.requests).toHaveLength(0);
      }
    });

    it('lists what the server lists (a script can name the models)', async () => {
      server.enqueue({ models: ['first-model', 'second-model'] });
      const models = await provider(server, valid[wire]).listModels();
      expect(models.map((m) => m.id)).toEqual(['first-model', 'second-model']);
    });

    it('a server error on the list endpoint is a typed error, not a crash', async () => {
      server.enqueue({ status: 503, body: { error: { message: 'down for maintenance' } } });
      await expect(provider(server, valid[wire]).listModels()).rejects.toMatchObject({
        kind: 'overloaded',
        status: 503,
      });
    });
  },
);

it('Ollama needs no key: lists and validates without one', async () => {
  const { provider } = WIRES_UNDER_TEST.find((w) => w.wire === 'ollama')!;
  const p = provider(server, undefined);
  expect((await p.listModels()).map((m) => m.id)).toEqual(DEFAULT_MODELS.ollama);
  expect(await p.validateKey()).toMatchObject({ ok: true });
  for (const request of server.requests) expect(request.headers.authorization).toBeUndefined();
});
