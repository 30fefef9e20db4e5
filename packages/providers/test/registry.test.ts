import { memoryKeyStore } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { allProviders, createRegistry } from '../src/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

describe('createRegistry', () => {
  const keys = memoryKeyStore({
    openai: CANARY,
    anthropic: CANARY,
    google: CANARY,
    groq: CANARY,
    openrouter: CANARY,
  });

  it.each([
    ['openai:gpt-4.1-mini', 'openai', 'gpt-4.1-mini'],
    ['anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['google:gemini-2.5-flash', 'google', 'gemini-2.5-flash'],
    ['groq:llama-3.3-70b-versatile', 'groq', 'llama-3.3-70b-versatile'],
    [
      'openrouter:meta-llama/llama-3.3-70b-instruct:free',
      'openrouter',
      'meta-llama/llama-3.3-70b-instruct:free',
    ],
    ['ollama:llama3.2', 'ollama', 'llama3.2'],
  ])('resolves %s', async (ref, provider, modelId) => {
    const model = await createRegistry({ keys }).resolve(ref);
    expect(model).toMatchObject({ provider, modelId });
  });

  it('knows every provider id', () => {
    expect(createRegistry({ keys }).providerIds).toEqual(allProviders.map((f) => f.id));
    expect(createRegistry({ keys }).providerIds).toEqual([
      'openai',
      'anthropic',
      'google',
      'groq',
      'openrouter',
      'ollama',
      'lmstudio',
      'deepseek',
      'mistral',
      'xai',
      'together',
      'fireworks',
      'cerebras',
      'openai-compatible',
    ]);
  });

  it('passes per-provider settings (fetch, base URL, the Anthropic browser opt-in) and the stored key', async () => {
    const fetch = replayFetch({ body: frame('anthropic', fixtureLines('anthropic', 'anthropic-text')) });
    const registry = createRegistry({
      keys,
      settings: { anthropic: { fetch, baseURL: 'http://127.0.0.1:9/v1', dangerouslyAllowBrowser: true } },
    });
    const model = await registry.resolve('anthropic:claude-sonnet-4-5');
    const end = terminal(await collect(model.stream(hello)));
    expect(end).toMatchObject({ type: 'finish', reason: 'stop' });
    expect(fetch.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:9/v1/messages',
      headers: { 'x-api-key': CANARY, 'anthropic-dangerous-direct-browser-access': 'true' },
    });
  });

  it('rejects an unknown provider, a malformed reference and a missing key with typed errors', async () => {
    const registry = createRegistry({ keys: memoryKeyStore({}) });
    await expect(registry.resolve('nope:model')).rejects.toMatchObject({
      kind: 'invalid-request',
      code: 'unknown-provider',
    });
    await expect(registry.resolve('gpt-4.1-mini')).rejects.toMatchObject({ code: 'malformed-model-ref' });
    await expect(registry.resolve('openai:gpt-4.1-mini')).rejects.toMatchObject({
      kind: 'auth',
      code: 'missing-key',
    });
    await expect(registry.resolve('ollama:llama3.2')).resolves.toMatchObject({ provider: 'ollama' });
  });
});
