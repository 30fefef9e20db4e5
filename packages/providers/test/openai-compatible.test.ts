import { describe, expect, it } from 'vitest';
import { lmstudio, ollama, openaiCompatible, openrouter } from '../src/openai-compatible/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const router = (fetch: typeof globalThis.fetch) =>
  openrouter({ apiKey: CANARY, fetch }).model('meta-llama/llama-3.3-70b-instruct:free');

describe('OpenRouter', () => {
  it('ignores ": OPENROUTER PROCESSING" keep-alive comments between events', async () => {
    const lines = fixtureLines('openai-compatible', 'mistral-text');
    const withComments = `: OPENROUTER PROCESSING\n\n${lines.map((line) => `data: ${line}\n\n: OPENROUTER PROCESSING\n\n`).join('')}data: [DONE]\n\n`;
    const end = terminal(
      await collect(router(replayFetch({ body: withComments, split: { every: 7 } })).stream(hello)),
    );
    expect(end).toMatchObject({
      type: 'finish',
      text: 'Hello, world! This is a test response.',
      reason: 'stop',
    });
  });

  it('402 (out of credits) is quota and never retried', async () => {
    const fetch = replayFetch({
      status: 402,
      body: JSON.stringify({
        error: { code: 402, message: 'Insufficient credits. Add more using https://openrouter.ai/credits' },
      }),
    });
    const events = await collect(router(fetch).stream(hello));
    expect(terminal(events)).toMatchObject({
      type: 'error',
      error: { kind: 'quota', retryable: false, status: 402 },
    });
    expect(fetch.requests).toHaveLength(1);
  });

  it('an error chunk mid-stream (numeric code) ends the stream with that kind and the partial text', async () => {
    const body = frame('openai-compatible', [
      JSON.stringify({
        id: 'gen-1',
        choices: [{ index: 0, delta: { content: 'Part' }, finish_reason: null }],
      }),
      JSON.stringify({
        id: 'gen-1',
        error: { code: 502, message: 'Provider returned error' },
        choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
      }),
    ]);
    const end = terminal(await collect(router(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'error',
      text: 'Part',
      error: { kind: 'overloaded', phase: 'stream', providerCode: '502' },
    });
  });

  it('checks a key with GET /key (free), answering ok:false on 401', async () => {
    const good = replayFetch({
      body: JSON.stringify({ data: { label: 'sk-or-v1-abc...', usage: 0, limit: null, is_free_tier: true } }),
    });
    expect(await openrouter({ apiKey: CANARY, fetch: good }).validateKey()).toEqual({
      ok: true,
      provider: 'openrouter',
    });
    expect(good.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://openrouter.ai/api/v1/key',
      headers: { authorization: `Bearer ${CANARY}` },
    });
    const bad = replayFetch({
      status: 401,
      body: JSON.stringify({ error: { message: 'No auth credentials found', code: 401 } }),
    });
    expect(await openrouter({ apiKey: CANARY, fetch: bad }).validateKey()).toMatchObject({
      ok: false,
      error: { kind: 'auth' },
    });
  });

  it('lists models with their context length and name', async () => {
    const fetch = replayFetch({
      body: JSON.stringify({
        data: [
          {
            id: 'deepseek/deepseek-chat-v3.1:free',
            name: 'DeepSeek: DeepSeek V3.1 (free)',
            created: 1755779628,
            context_length: 163840,
          },
        ],
      }),
    });
    expect(await openrouter({ apiKey: CANARY, fetch }).listModels()).toEqual([
      {
        id: 'deepseek/deepseek-chat-v3.1:free',
        provider: 'openrouter',
        label: 'DeepSeek: DeepSeek V3.1 (free)',
        contextWindow: 163840,
        createdAt: new Date(1755779628000).toISOString(),
      },
    ]);
  });
});

describe('local servers', () => {
  it('Ollama lists models and passes a key check without any key', async () => {
    const fetch = replayFetch({
      body: JSON.stringify({
        object: 'list',
        data: [{ id: 'llama3.2:latest', object: 'model', created: 1730000000, owned_by: 'library' }],
      }),
    });
    const provider = ollama({ fetch });
    expect((await provider.listModels()).map((m) => m.id)).toEqual(['llama3.2:latest']);
    expect(await provider.validateKey()).toEqual({ ok: true, provider: 'ollama', models: 1 });
    expect(fetch.requests[0]).toMatchObject({ url: 'http://127.0.0.1:11434/v1/models' });
    expect(fetch.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('LM Studio not running is a network error that names the provider and the fix', async () => {
    const refused: typeof fetch = async () => {
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1234') });
    };
    const end = terminal(
      await collect(
        lmstudio({ fetch: refused })
          .model('qwen3-8b')
          .stream({ ...hello, retry: { maxRetries: 0 } }),
      ),
    );
    expect(end).toMatchObject({ type: 'error', error: { kind: 'network', provider: 'lmstudio' } });
    expect(end.type === 'error' && end.error.message).toMatch(/ECONNREFUSED.*base URL/);
  });
});

describe('generic OpenAI-compatible servers', () => {
  it('can turn off stream_options for servers that reject it', async () => {
    const fetch = replayFetch({
      body: frame('openai-compatible', fixtureLines('openai-compatible', 'mistral-text')),
    });
    await collect(
      openaiCompatible({ baseURL: 'http://127.0.0.1:8000/v1', streamUsage: false, fetch })
        .model('m')
        .stream(hello),
    );
    expect(fetch.requests[0]!.json.stream_options).toBeUndefined();
  });
});
