import {
  browserSessionKeyStore,
  chainKeyStores,
  ENV_KEY_NAMES,
  encryptedKeyStore,
  envKeyStore,
  envVarsFor,
  guardKeyStore,
  memoryKeyStore,
  redact,
  TrialogueError,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { CANARY } from './support/canary.js';

async function rejection(promise: Promise<unknown>): Promise<TrialogueError> {
  try {
    await promise;
  } catch (error) {
    expect(TrialogueError.is(error)).toBe(true);
    return error as TrialogueError;
  }
  throw new Error('expected a rejection');
}

describe('memoryKeyStore', () => {
  it('gets, sets, lists and deletes keys', async () => {
    const keys = memoryKeyStore({ openai: 'sk-openai-key-000000000001' });
    await keys.set('anthropic', 'sk-ant-key-000000000000002');
    expect(await keys.get('openai')).toBe('sk-openai-key-000000000001');
    expect(await keys.list()).toEqual(['openai', 'anthropic']);
    await keys.delete('openai');
    expect(await keys.get('openai')).toBeUndefined();
    expect(await keys.list()).toEqual(['anthropic']);
  });

  it('remembers every key it hands out, so redaction masks even keys of no known shape', async () => {
    const secret = 'custom-gateway-secret-value-42';
    const keys = memoryKeyStore({ gateway: secret });
    expect(await keys.get('gateway')).toBe(secret);
    expect(redact(`the request failed with ${secret}`)).toBe('the request failed with [redacted]');
  });

  it('rejects badly shaped keys without echoing them', async () => {
    const keys = memoryKeyStore();
    const unshaped = 'plainsecretvalue0123456789XYZ';
    const empty = await rejection(keys.set('openai', ''));
    expect(empty).toMatchObject({ kind: 'auth', code: 'invalid-key', provider: 'openai' });
    expect(empty.message).toMatch(/empty/);

    const newline = await rejection(keys.set('openai', `${unshaped}\n`));
    expect(newline.code).toBe('invalid-key');
    expect(newline.message).toMatch(/newline/);
    expect(`${newline.message} ${newline.stack} ${JSON.stringify(newline)}`).not.toContain(unshaped);

    const long = await rejection(keys.set('openai', 'Q'.repeat(5000)));
    expect(long.message).toMatch(/5000 characters/);
    expect(`${long.message} ${long.stack}`).not.toContain('QQQQQQQQ');
    expect(await keys.list()).toEqual([]);
  });

  it('checks the shape of initial keys too', () => {
    expect(() => memoryKeyStore({ openai: `${CANARY} ` })).toThrow(/white space/);
  });
});

describe('envKeyStore', () => {
  it('maps provider ids to the standard variables', () => {
    expect(envVarsFor('openai')).toEqual(['OPENAI_API_KEY']);
    expect(envVarsFor('google')).toEqual([
      'GEMINI_API_KEY',
      'GOOGLE_API_KEY',
      'GOOGLE_GENERATIVE_AI_API_KEY',
    ]);
    expect(envVarsFor('xai')).toEqual(['XAI_API_KEY']);
    expect(envVarsFor('my-gateway')).toEqual(['MY_GATEWAY_API_KEY']);
    expect(Object.keys(ENV_KEY_NAMES)).toEqual(
      expect.arrayContaining([
        'openai',
        'anthropic',
        'google',
        'groq',
        'openrouter',
        'deepseek',
        'mistral',
        'xai',
        'together',
        'fireworks',
        'cerebras',
      ]),
    );
  });

  it('prefers GEMINI_API_KEY, then GOOGLE_API_KEY, for google', async () => {
    const env: Record<string, string | undefined> = { GOOGLE_API_KEY: 'AIza-google-key-000000000000' };
    const keys = envKeyStore({ env });
    expect(await keys.get('google')).toBe('AIza-google-key-000000000000');
    env.GEMINI_API_KEY = 'AIza-gemini-key-000000000000';
    expect(await keys.get('google')).toBe('AIza-gemini-key-000000000000');
  });

  it('reads the environment at call time, not when created', async () => {
    const env: Record<string, string | undefined> = {};
    const keys = envKeyStore({ env });
    expect(await keys.get('groq')).toBeUndefined();
    env.GROQ_API_KEY = 'gsk_00000000000000000000key';
    expect(await keys.get('groq')).toBe('gsk_00000000000000000000key');
  });

  it('reads process.env by default', async () => {
    process.env.TRIALOGUE_TEST_PROVIDER_API_KEY = 'env-default-key-0000000001';
    try {
      expect(await envKeyStore().get('trialogue-test-provider')).toBe('env-default-key-0000000001');
    } finally {
      delete process.env.TRIALOGUE_TEST_PROVIDER_API_KEY;
    }
  });

  it('treats empty variables as absent and trims a trailing newline', async () => {
    const keys = envKeyStore({
      env: { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: 'sk-ant-000000000000000key\n' },
    });
    expect(await keys.get('openai')).toBeUndefined();
    expect(await keys.get('anthropic')).toBe('sk-ant-000000000000000key');
    expect(await keys.list()).toEqual(['anthropic']);
  });

  it('lists providers with a key, including extra ids asked for', async () => {
    const env = {
      OPENAI_API_KEY: 'sk-1111111111111111111',
      GOOGLE_API_KEY: 'AIza22222222222',
      LOCAL_GATEWAY_API_KEY: 'gw-333333333',
    };
    expect(await envKeyStore({ env }).list()).toEqual(['openai', 'google']);
    expect(await envKeyStore({ env, providers: ['local-gateway'] }).list()).toEqual([
      'openai',
      'google',
      'local-gateway',
    ]);
  });

  it('set and delete change only the env object it reads', async () => {
    const env: Record<string, string | undefined> = { GOOGLE_API_KEY: 'AIza-old-key-000000000000' };
    const keys = envKeyStore({ env });
    await keys.set('google', 'AIza-new-key-000000000000');
    expect(env).toEqual({ GEMINI_API_KEY: 'AIza-new-key-000000000000' });
    await keys.delete('google');
    expect(env).toEqual({});
    await expect(keys.set('openai', 'two words')).rejects.toMatchObject({ code: 'invalid-key' });
  });

  it('falls back to another store when the environment has no key', async () => {
    const config = memoryKeyStore({
      mistral: 'mistral-config-key-00000001',
      openai: 'sk-config-0000000000000001',
    });
    const keys = envKeyStore({ env: { OPENAI_API_KEY: 'sk-env-00000000000000001' }, fallback: config });
    expect(await keys.get('openai')).toBe('sk-env-00000000000000001');
    expect(await keys.get('mistral')).toBe('mistral-config-key-00000001');
    expect((await keys.list()).sort()).toEqual(['mistral', 'openai']);
  });
});

describe('browserSessionKeyStore', () => {
  it('explains what to do when there is no sessionStorage (Node)', () => {
    expect(() => browserSessionKeyStore()).toThrow(/sessionStorage.*not available.*memoryKeyStore/);
    expect(() => encryptedKeyStore({ passphrase: 'long enough passphrase' })).toThrow(
      /localStorage.*not available/,
    );
  });
});

describe('chainKeyStores', () => {
  it('reads from the first store that has a key and writes to the first', async () => {
    const env = memoryKeyStore({ openai: 'sk-first-0000000000000001' });
    const config = memoryKeyStore({
      openai: 'sk-second-000000000000001',
      groq: 'gsk_second0000000000000001',
    });
    const keys = chainKeyStores(env, config);
    expect(await keys.get('openai')).toBe('sk-first-0000000000000001');
    expect(await keys.get('groq')).toBe('gsk_second0000000000000001');
    expect(await keys.get('mistral')).toBeUndefined();
    expect((await keys.list()).sort()).toEqual(['groq', 'openai']);

    await keys.set('mistral', 'mistral-key-000000000001');
    expect(await env.get('mistral')).toBe('mistral-key-000000000001');
    expect(await config.get('mistral')).toBeUndefined();
  });

  it('deletes from every store, so a deleted key cannot come back from a later one', async () => {
    const first = memoryKeyStore({ openai: 'sk-first-0000000000000001' });
    const second = memoryKeyStore({ openai: 'sk-second-000000000000001' });
    const keys = chainKeyStores(first, second);
    await keys.delete('openai');
    expect(await keys.get('openai')).toBeUndefined();
  });
});

describe('guardKeyStore', () => {
  it('gives a home-made store the rules of the built-in ones: shape check before writing, redaction of what it reads', async () => {
    const written = new Map<string, string>();
    // A token of no known key shape: only remembering it can mask it.
    written.set('gateway', 'home-made-token.0123456789');
    const store = guardKeyStore({
      get: async (provider) => written.get(provider),
      set: async (provider, key) => void written.set(provider, key),
      delete: async (provider) => void written.delete(provider),
      list: async () => [...written.keys()],
    });
    await expect(store.set('openai', `${CANARY}\n`)).rejects.toMatchObject({
      kind: 'auth',
      code: 'invalid-key',
    });
    expect(written.has('openai')).toBe(false);
    expect(redact('token home-made-token.0123456789 refused')).toContain('home-made-token.0123456789');
    expect(await store.get('gateway')).toBe('home-made-token.0123456789');
    expect(redact('token home-made-token.0123456789 refused')).toBe('token [redacted] refused');
    await store.delete('gateway');
    expect(await store.list()).toEqual([]);
  });
});
