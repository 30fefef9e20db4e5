import {
  assertKeyShape,
  createRegistry,
  httpChatModel,
  type KeyStore,
  MAX_KEY_LENGTH,
  type Provider,
  type ProviderFactory,
  type ProviderSettings,
  TrialogueError,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { CANARY, collect, DONE, delta, fakeFetch, fakeSpec, hello, stop } from './support/fake-fetch.js';

/** A KeyStore over a plain object (the real stores are tested elsewhere). */
function keysOf(keys: Record<string, string>): KeyStore {
  return {
    get: async (provider) => keys[provider],
    set: async (provider, key) => {
      keys[provider] = key;
    },
    delete: async (provider) => {
      delete keys[provider];
    },
    list: async () => Object.keys(keys),
  };
}

/** A provider factory over the fake fetch that records the settings it was built with. */
function fakeFactory(id: string, requiresKey = true) {
  const built: ProviderSettings[] = [];
  const factory = Object.assign(
    (settings: ProviderSettings = {}): Provider => {
      built.push(settings);
      return {
        id,
        model: (modelId) =>
          httpChatModel(
            fakeSpec(settings.fetch!, {
              provider: id,
              modelId,
              prepare: () => ({
                url: `${settings.baseURL}/chat`,
                init: { headers: { authorization: `Bearer ${settings.apiKey}` } },
              }),
            }),
          ),
        listModels: async () => [],
        validateKey: async () => ({ ok: true, provider: id }),
      };
    },
    { id, requiresKey },
  ) as ProviderFactory;
  return { factory, built };
}

const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e) => e,
  );
  expect(error).toBeInstanceOf(TrialogueError);
  return error as TrialogueError;
};

describe('createRegistry', () => {
  it('resolves provider:model to a working model with the stored key and settings', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('hi')).push(stop).push(DONE).end();
    });
    const openai = fakeFactory('openai');
    const registry = createRegistry({
      keys: keysOf({ openai: CANARY }),
      providers: [openai.factory],
      settings: { openai: { baseURL: 'https://api.fake.test/v1', fetch } },
    });
    expect(registry.providerIds).toEqual(['openai']);
    const model = await registry.resolve('openai:gpt-4.1-mini');
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt-4.1-mini' });
    expect(openai.built[0]).toMatchObject({ apiKey: CANARY, baseURL: 'https://api.fake.test/v1' });
    const events = await collect(model.stream(hello()));
    expect(events.at(-1)).toMatchObject({ type: 'finish', text: 'hi' });
    expect(calls[0]!.url).toBe('https://api.fake.test/v1/chat');
  });

  it('resolves a keyless provider (Ollama) without a key', async () => {
    const ollama = fakeFactory('ollama', false);
    const registry = createRegistry({ keys: keysOf({}), providers: [ollama.factory] });
    expect((await registry.resolve('ollama:llama3.2')).modelId).toBe('llama3.2');
    expect(ollama.built[0]!.apiKey).toBeUndefined();
  });

  describe('refuses before any fetch', () => {
    const setup = (keys: Record<string, string>) => {
      const { fetch, calls } = fakeFetch();
      const openai = fakeFactory('openai');
      const ollama = fakeFactory('ollama', false);
      const registry = createRegistry({
        keys: keysOf(keys),
        providers: [openai.factory, ollama.factory],
        settings: { openai: { fetch }, ollama: { fetch } },
      });
      return { registry, calls, built: [...openai.built, ...ollama.built] };
    };

    it('an unknown provider, listing the known ones', async () => {
      const { registry, calls, built } = setup({ openai: CANARY });
      const error = await refusal(registry.resolve('mistral:mistral-large'));
      expect(error).toMatchObject({ kind: 'invalid-request', code: 'unknown-provider' });
      expect(error.message).toBe('Unknown provider "mistral". Known providers: openai, ollama.');
      expect(calls).toHaveLength(0);
      expect(built).toHaveLength(0);
    });

    it('a malformed reference', async () => {
      const { registry, calls } = setup({ openai: CANARY });
      expect((await refusal(registry.resolve('gpt-4.1-mini'))).code).toBe('malformed-model-ref');
      expect(calls).toHaveLength(0);
    });

    it('a missing key, saying how to add one', async () => {
      const { registry, calls, built } = setup({});
      const error = await refusal(registry.resolve('openai:gpt-4.1-mini'));
      expect(error).toMatchObject({
        kind: 'auth',
        code: 'missing-key',
        provider: 'openai',
        retryable: false,
      });
      expect(error.message).toMatch(/^No key for openai\. Add one to the key store/);
      expect(calls).toHaveLength(0);
      expect(built).toHaveLength(0);
    });

    it('an empty key', async () => {
      const { registry } = setup({ openai: '' });
      expect((await refusal(registry.resolve('openai:gpt-4.1-mini'))).code).toBe('missing-key');
    });

    it.each([
      ['a trailing newline', `${CANARY}\n`],
      ['an inner space', 'sk-canary 0123456789abcdefCANARY'],
      ['a zero-width space', `${CANARY}\u200b`],
      ['an absurd length', `sk-${'a'.repeat(5000)}`],
    ])('a key with %s -> invalid-key, never echoing the key', async (_label, key) => {
      const { registry, calls, built } = setup({ openai: key });
      const error = await refusal(registry.resolve('openai:gpt-4.1-mini'));
      expect(error).toMatchObject({ kind: 'auth', code: 'invalid-key', provider: 'openai' });
      expect(`${error.message}${error.stack}${JSON.stringify(error)}`).not.toContain(key.trim().slice(0, 20));
      expect(calls).toHaveLength(0);
      expect(built).toHaveLength(0);
    });

    it('a malformed key even for a provider that needs none', async () => {
      const { registry, calls } = setup({ ollama: 'local\tkey' });
      expect((await refusal(registry.resolve('ollama:llama3.2'))).code).toBe('invalid-key');
      expect(calls).toHaveLength(0);
    });
  });
});

describe('assertKeyShape', () => {
  it('accepts real-looking keys of every provider', () => {
    for (const key of [
      CANARY,
      'sk-ant-api03-abc_DEF-123',
      'AIzaSyA1234567890abcdefghijklmnopqrstu',
      'gsk_abc',
      'ollama',
    ]) {
      expect(() => assertKeyShape('p', key)).not.toThrow();
    }
  });

  it.each([
    ['not a string', 42, 'The openai key is not a string.'],
    ['empty', '', "The openai key is empty. Paste the key from the provider's dashboard."],
    [
      'a pasted newline',
      `${CANARY}\r\n`,
      /contains white space or a control character \(often a pasted newline\)/,
    ],
    ['a byte-order mark', `\ufeff${CANARY}`, /contains white space or a control character/],
    [
      'too long',
      'k'.repeat(MAX_KEY_LENGTH + 1),
      `The openai key is ${MAX_KEY_LENGTH + 1} characters long, more than any real key. Paste only the key.`,
    ],
  ])('refuses a key that is %s, with code invalid-key', (_label, key, message) => {
    let error: unknown;
    try {
      assertKeyShape('openai', key);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrialogueError);
    expect(error).toMatchObject({ kind: 'auth', code: 'invalid-key', provider: 'openai', retryable: false });
    if (typeof message === 'string') expect((error as TrialogueError).message).toBe(message);
    else expect((error as TrialogueError).message).toMatch(message);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });
});
