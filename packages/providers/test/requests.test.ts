import type { ChatModel, ChatRequest, Provider } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { anthropic } from '../src/anthropic/index.js';
import { google } from '../src/google/index.js';
import { groq } from '../src/groq/index.js';
import { allProviders } from '../src/index.js';
import { openai } from '../src/openai/index.js';
import {
  lmstudio,
  mistral,
  ollama,
  openaiCompatible,
  openrouter,
  presets,
} from '../src/openai-compatible/index.js';
import { CANARY, collect, frame, hello, replayFetch, terminal } from './support/replay-fixtures.js';

const done = frame('openai-chat', [
  JSON.stringify({ choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }] }),
]);

/** Runs one call against a recording fetch and returns the one request it made. */
async function sent(
  model: (fetch: typeof globalThis.fetch) => ChatModel,
  request: ChatRequest = hello,
  body = done,
) {
  const fetch = replayFetch({ body });
  await collect(model(fetch).stream(request));
  expect(fetch.requests).toHaveLength(1);
  return fetch.requests[0]!;
}

const conversation: ChatRequest = {
  system: 'Be brief.',
  messages: [
    { role: 'system', content: 'Answer in English.' },
    { role: 'user', content: 'Who is right?', name: 'Moderator' },
    { role: 'assistant', content: 'Alice is.', name: 'Claude Sonnet' },
    { role: 'assistant', content: 'Bob is.', name: 'gpt' },
    { role: 'user', content: 'Why?' },
  ],
  maxOutputTokens: 300,
  temperature: 0.2,
  topP: 0.9,
  stopSequences: ['END'],
};

describe('OpenAI Chat Completions requests', () => {
  it('posts to /chat/completions with the key only in the Authorization header', async () => {
    const req = await sent((fetch) => openai({ apiKey: CANARY, fetch }).model('gpt-4.1-mini'));
    expect(req.url).toBe('https://api.openai.com/v1/chat/completions');
    expect(req.method).toBe('POST');
    expect(req.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(req.url).not.toContain(CANARY);
    expect(req.body).not.toContain(CANARY);
  });

  it('always asks for the usage chunk and maps every request field', async () => {
    const req = await sent((fetch) => openai({ apiKey: CANARY, fetch }).model('o4-mini'), {
      ...conversation,
      reasoning: { effort: 'low' },
    });
    expect(req.json).toEqual({
      model: 'o4-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'system', content: 'Be brief.\n\nAnswer in English.' },
        { role: 'user', content: 'Who is right?', name: 'Moderator' },
        { role: 'assistant', content: 'Alice is.', name: 'Claude_Sonnet' },
        { role: 'assistant', content: 'Bob is.', name: 'gpt' },
        { role: 'user', content: 'Why?' },
      ],
      max_completion_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['END'],
      reasoning_effort: 'low',
    });
  });

  it('merges providerOptions for its own id last, and ignores other providers’ options', async () => {
    const req = await sent((fetch) => openai({ apiKey: CANARY, fetch }).model('gpt-4.1-mini'), {
      ...hello,
      temperature: 0.5,
      providerOptions: { openai: { temperature: 0.9, seed: 7 }, anthropic: { top_k: 3 } },
    });
    expect(req.json.temperature).toBe(0.9);
    expect(req.json.seed).toBe(7);
    expect(req.json.top_k).toBeUndefined();
  });

  it('sends the caller’s extra headers but never lets them replace the key', async () => {
    const req = await sent((fetch) =>
      openai({
        apiKey: CANARY,
        fetch,
        headers: { 'OpenAI-Organization': 'org-1', Authorization: 'Bearer other' },
      }).model('x'),
    );
    expect(req.headers['openai-organization']).toBe('org-1');
    expect(req.headers.authorization).toBe(`Bearer ${CANARY}`);
  });

  it('uses a custom base URL', async () => {
    const req = await sent((fetch) =>
      openai({ apiKey: CANARY, fetch, baseURL: 'http://127.0.0.1:9/v1/' }).model('x'),
    );
    expect(req.url).toBe('http://127.0.0.1:9/v1/chat/completions');
  });
});

describe('OpenAI Responses requests', () => {
  const completed = frame('openai-responses', [
    JSON.stringify({ type: 'response.completed', response: { status: 'completed' } }),
  ]);

  it('posts to /responses with instructions, input, reasoning summaries and store off', async () => {
    const req = await sent(
      (fetch) => openai({ apiKey: CANARY, fetch }).responses('o4-mini'),
      { ...conversation, stopSequences: undefined, reasoning: { effort: 'high' } },
      completed,
    );
    expect(req.url).toBe('https://api.openai.com/v1/responses');
    expect(req.json).toEqual({
      model: 'o4-mini',
      stream: true,
      store: false,
      instructions: 'Be brief.\n\nAnswer in English.',
      input: [
        { role: 'user', content: 'Moderator: Who is right?' },
        { role: 'assistant', content: 'Claude Sonnet: Alice is.' },
        { role: 'assistant', content: 'gpt: Bob is.' },
        { role: 'user', content: 'Why?' },
      ],
      max_output_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      reasoning: { effort: 'high', summary: 'auto' },
    });
  });

  it('asks for no summary when reasoning text is not wanted', async () => {
    const req = await sent(
      (fetch) => openai({ apiKey: CANARY, fetch }).responses('o4-mini'),
      { ...hello, reasoning: { effort: 'medium', includeText: false } },
      completed,
    );
    expect(req.json.reasoning).toEqual({ effort: 'medium' });
  });

  it('reports a malformed request as invalid-request without throwing', async () => {
    const fetch = replayFetch({ body: completed });
    const events = await collect(
      openai({ apiKey: CANARY, fetch })
        .responses('o4-mini')
        .stream(null as never),
    );
    expect(terminal(events)).toMatchObject({ type: 'error', error: { kind: 'invalid-request' } });
    expect(fetch.requests).toHaveLength(0);
  });

  it('refuses stop sequences (the API has none) before any network call', async () => {
    const fetch = replayFetch({ body: completed });
    const events = await collect(
      openai({ apiKey: CANARY, fetch })
        .responses('o4-mini')
        .stream({ ...hello, stopSequences: ['x'] }),
    );
    expect(events).toHaveLength(1);
    expect(terminal(events)).toMatchObject({
      type: 'error',
      error: { kind: 'invalid-request', code: 'unsupported-option' },
    });
    expect(fetch.requests).toHaveLength(0);
  });
});

describe('Anthropic requests', () => {
  const stop = frame('anthropic', [JSON.stringify({ type: 'message_stop' })]);

  it('sends the key in x-api-key with anthropic-version, and no browser header unless asked', async () => {
    const req = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-sonnet-4-5'),
      hello,
      stop,
    );
    expect(req.url).toBe('https://api.anthropic.com/v1/messages');
    expect(req.headers['x-api-key']).toBe(CANARY);
    expect(req.headers['anthropic-version']).toBe('2023-06-01');
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['anthropic-dangerous-direct-browser-access']).toBeUndefined();
    expect(req.url + req.body).not.toContain(CANARY);
  });

  it('sends anthropic-dangerous-direct-browser-access only when the caller opts in', async () => {
    const req = await sent(
      (fetch) =>
        anthropic({ apiKey: CANARY, fetch, dangerouslyAllowBrowser: true }).model('claude-sonnet-4-5'),
      hello,
      stop,
    );
    expect(req.headers['anthropic-dangerous-direct-browser-access']).toBe('true');
  });

  it('maps system, alternating turns with speakers, a default max_tokens and stop sequences', async () => {
    const req = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-sonnet-4-5'),
      conversation,
      stop,
    );
    expect(req.json).toEqual({
      model: 'claude-sonnet-4-5',
      stream: true,
      system: 'Be brief.\n\nAnswer in English.',
      messages: [
        { role: 'user', content: 'Moderator: Who is right?' },
        { role: 'assistant', content: 'Claude Sonnet: Alice is.\n\ngpt: Bob is.' },
        { role: 'user', content: 'Why?' },
      ],
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
    });
    const plain = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-haiku-4-5'),
      hello,
      stop,
    );
    expect(plain.json.max_tokens).toBe(4096);
  });

  it('maps a reasoning budget to thinking, adds it to max_tokens, and drops temperature', async () => {
    const req = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-sonnet-4-5'),
      { ...hello, temperature: 0.3, reasoning: { budgetTokens: 2048 } },
      stop,
    );
    expect(req.json.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect(req.json.max_tokens).toBe(4096 + 2048);
    expect(req.json.temperature).toBeUndefined();
    const small = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-sonnet-4-5'),
      { ...hello, maxOutputTokens: 100, reasoning: { budgetTokens: 10 } },
      stop,
    );
    expect(small.json.thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(small.json.max_tokens).toBe(1124);
  });
});

describe('Google Gemini requests', () => {
  const end = frame('google', [
    JSON.stringify({ candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] }),
  ]);

  it('streams from :streamGenerateContent?alt=sse with the key in x-goog-api-key, never in the URL', async () => {
    const req = await sent(
      (fetch) => google({ apiKey: CANARY, fetch }).model('gemini-2.5-flash'),
      hello,
      end,
    );
    expect(req.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    );
    expect(req.headers['x-goog-api-key']).toBe(CANARY);
    expect(req.url).not.toMatch(/key=/);
    expect(req.url + req.body).not.toContain(CANARY);
  });

  it('maps the system prompt to systemInstruction, assistant to model, and the generation config', async () => {
    const req = await sent(
      (fetch) => google({ apiKey: CANARY, fetch }).model('gemini-2.5-flash'),
      { ...conversation, reasoning: { budgetTokens: 512 } },
      end,
    );
    expect(req.json).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.\n\nAnswer in English.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Moderator: Who is right?' }] },
        { role: 'model', parts: [{ text: 'Claude Sonnet: Alice is.\n\ngpt: Bob is.' }] },
        { role: 'user', parts: [{ text: 'Why?' }] },
      ],
      generationConfig: {
        maxOutputTokens: 300,
        temperature: 0.2,
        topP: 0.9,
        stopSequences: ['END'],
        thinkingConfig: { thinkingBudget: 512, includeThoughts: true },
      },
    });
  });

  it('gives Gemini 3 a thinking level for an effort, and earlier models a budget', async () => {
    const three = await sent(
      (fetch) => google({ apiKey: CANARY, fetch }).model('gemini-3-pro-preview'),
      { ...hello, reasoning: { effort: 'low', includeText: false } },
      end,
    );
    expect(three.json.generationConfig).toEqual({
      thinkingConfig: { thinkingLevel: 'low', includeThoughts: false },
    });
    const flash = await sent(
      (fetch) => google({ apiKey: CANARY, fetch }).model('models/gemini-2.5-flash'),
      { ...hello, reasoning: { effort: 'high' } },
      end,
    );
    expect(flash.url).toContain('/models/gemini-2.5-flash:streamGenerateContent');
    expect(flash.json.generationConfig).toEqual({
      thinkingConfig: { thinkingBudget: 24576, includeThoughts: true },
    });
  });
});

describe('Groq requests', () => {
  it('posts OpenAI format to api.groq.com without stream_options (usage comes in x_groq)', async () => {
    const req = await sent((fetch) => groq({ apiKey: CANARY, fetch }).model('llama-3.3-70b-versatile'), {
      ...hello,
      maxOutputTokens: 50,
    });
    expect(req.url).toBe('https://api.groq.com/openai/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${CANARY}`);
    expect(req.json.stream_options).toBeUndefined();
    expect(req.json.max_completion_tokens).toBe(50);
  });

  it('asks for parsed reasoning, and an effort only from gpt-oss models', async () => {
    const qwen = await sent((fetch) => groq({ apiKey: CANARY, fetch }).model('qwen/qwen3-32b'), {
      ...hello,
      reasoning: { effort: 'high' },
    });
    expect(qwen.json).toMatchObject({ reasoning_format: 'parsed' });
    expect(qwen.json.reasoning_effort).toBeUndefined();
    const oss = await sent((fetch) => groq({ apiKey: CANARY, fetch }).model('openai/gpt-oss-120b'), {
      ...hello,
      reasoning: { effort: 'high' },
    });
    expect(oss.json).toMatchObject({ reasoning_format: 'parsed', reasoning_effort: 'high' });
    const plain = await sent((fetch) => groq({ apiKey: CANARY, fetch }).model('llama-3.1-8b-instant'));
    expect(plain.json.reasoning_format).toBeUndefined();
  });
});

describe('OpenAI-compatible requests', () => {
  it('uses each preset’s base URL', async () => {
    const urls: Record<string, string> = {
      openrouter: 'https://openrouter.ai/api/v1',
      ollama: 'http://127.0.0.1:11434/v1',
      lmstudio: 'http://127.0.0.1:1234/v1',
      deepseek: 'https://api.deepseek.com/v1',
      mistral: 'https://api.mistral.ai/v1',
      xai: 'https://api.x.ai/v1',
      together: 'https://api.together.xyz/v1',
      fireworks: 'https://api.fireworks.ai/inference/v1',
      cerebras: 'https://api.cerebras.ai/v1',
    };
    for (const preset of presets) {
      const req = await sent((fetch) => preset({ apiKey: CANARY, fetch }).model('m'));
      expect(req.url).toBe(`${urls[preset.id]}/chat/completions`);
    }
  });

  it('sends Mistral only fields it accepts: max_tokens, no stream_options, speakers as a prefix', async () => {
    const req = await sent((fetch) => mistral({ apiKey: CANARY, fetch }).model('mistral-small-latest'), {
      ...conversation,
      reasoning: { effort: 'low' },
    });
    expect(Object.keys(req.json).sort()).toEqual([
      'max_tokens',
      'messages',
      'model',
      'stop',
      'stream',
      'temperature',
      'top_p',
    ]);
    expect((req.json.messages as unknown[])[1]).toEqual({
      role: 'user',
      content: 'Moderator: Who is right?',
    });
  });

  it('calls Ollama and LM Studio without any key', async () => {
    for (const local of [ollama, lmstudio]) {
      const fetch = replayFetch({ body: done });
      const end = terminal(await collect(local({ fetch }).model('llama3.2').stream(hello)));
      expect(end).toMatchObject({ type: 'finish', text: 'ok' });
      expect(fetch.requests[0]!.headers.authorization).toBeUndefined();
      expect(fetch.requests[0]!.json.stream_options).toEqual({ include_usage: true });
    }
  });

  it('maps reasoning to OpenRouter’s reasoning object', async () => {
    const req = await sent((fetch) => openrouter({ apiKey: CANARY, fetch }).model('deepseek/deepseek-r1'), {
      ...hello,
      reasoning: { budgetTokens: 3000, includeText: false },
    });
    expect(req.json.reasoning).toEqual({ max_tokens: 3000, exclude: true });
  });

  it('talks to any base URL with its own id and headers', async () => {
    const fetch = replayFetch({ body: done });
    const model = openaiCompatible({
      id: 'vllm',
      baseURL: 'http://127.0.0.1:8000/v1',
      headers: { 'x-team': 'a' },
      fetch,
    }).model('qwen');
    const events = await collect(model.stream(hello));
    expect(model.provider).toBe('vllm');
    expect(events[0]).toMatchObject({ type: 'start', provider: 'vllm', modelId: 'qwen' });
    expect(fetch.requests[0]).toMatchObject({
      url: 'http://127.0.0.1:8000/v1/chat/completions',
      headers: { 'x-team': 'a' },
    });
  });

  it('refuses to build a generic provider without a base URL', () => {
    expect(() => openaiCompatible({} as never)).toThrow(
      expect.objectContaining({ kind: 'invalid-request', code: 'missing-base-url' }),
    );
  });
});

describe('a malformed model id', () => {
  it.each(allProviders.map((factory) => [factory.id, factory] as const))(
    '%s: an empty, blank or newline-carrying model id ends with invalid-request before any fetch',
    async (id, factory) => {
      const fetch = replayFetch({ body: done });
      const settings = id === 'openai-compatible' ? { baseURL: 'http://127.0.0.1:9/v1' } : {};
      const provider: Provider = factory({ apiKey: CANARY, fetch, ...settings });
      // Gemini ids may carry a `models/` prefix, which leaves nothing here.
      for (const modelId of ['', ' ', 'gpt-4.1-mini\n', ...(id === 'google' ? ['models/'] : [])]) {
        const events = await collect(provider.model(modelId).stream(hello));
        expect(events).toHaveLength(1);
        expect(terminal(events)).toMatchObject({
          type: 'error',
          error: { kind: 'invalid-request', code: 'malformed-model-id', provider: id },
        });
      }
      expect(fetch.requests).toHaveLength(0);
    },
  );
});

describe('a missing key', () => {
  const keyed = allProviders.filter((factory) => factory.requiresKey);

  it.each(keyed.map((factory) => [factory.id, factory] as const))(
    '%s: the model ends with auth/missing-key before any fetch; listModels and validateKey reject',
    async (_id, factory) => {
      const fetch = replayFetch({ body: done });
      const provider: Provider = factory({ fetch });
      const events = await collect(provider.model('some-model').stream(hello));
      expect(events).toHaveLength(1);
      expect(terminal(events)).toMatchObject({
        type: 'error',
        text: '',
        error: { kind: 'auth', code: 'missing-key', retryable: false },
      });
      await expect(provider.listModels()).rejects.toMatchObject({ kind: 'auth', code: 'missing-key' });
      await expect(provider.validateKey()).rejects.toMatchObject({ kind: 'auth', code: 'missing-key' });
      expect(fetch.requests).toHaveLength(0);
    },
  );

  it('a key with a pasted newline fails as invalid-key before any fetch, without echoing the key', async () => {
    const fetch = replayFetch({ body: done });
    const events = await collect(
      openai({ apiKey: `${CANARY}\n`, fetch })
        .model('gpt-4.1-mini')
        .stream(hello),
    );
    const end = terminal(events);
    expect(end).toMatchObject({ type: 'error', error: { kind: 'auth', code: 'invalid-key' } });
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(fetch.requests).toHaveLength(0);
  });

  it('Ollama, LM Studio and a generic server need none', () => {
    expect(allProviders.filter((f) => !f.requiresKey).map((f) => f.id)).toEqual([
      'ollama',
      'lmstudio',
      'openai-compatible',
    ]);
  });
});

describe('the key never leaks', () => {
  const keyed = allProviders.filter((factory) => factory.requiresKey);

  it.each(keyed.map((factory) => [factory.id, factory] as const))(
    '%s: not in any URL, body or event, even when the provider echoes it back in an error',
    async (_id, factory) => {
      const echo = JSON.stringify({
        error: { message: `Incorrect API key provided: ${CANARY}`, type: 'authentication_error' },
      });
      const fetch = replayFetch({ status: 401, body: echo });
      const provider = factory({ apiKey: CANARY, fetch });
      const events = await collect(provider.model('m').stream({ ...hello, retry: { maxRetries: 0 } }));
      expect(terminal(events)).toMatchObject({ type: 'error', error: { kind: 'auth' } });
      const listed = await provider.listModels().catch((error: Error) => error);
      const check = await provider.validateKey();
      for (const seen of [
        JSON.stringify(events),
        String(listed),
        (listed as Error).stack ?? '',
        JSON.stringify(check),
      ]) {
        expect(seen).not.toContain(CANARY);
      }
      for (const request of fetch.requests) expect(request.url + request.body).not.toContain(CANARY);
      // …while every request did carry it, in a header.
      expect(
        fetch.requests.every((request) =>
          Object.values(request.headers).some((value) => value.includes(CANARY)),
        ),
      ).toBe(true);
    },
  );
});

describe('a base URL or header fetch would refuse', () => {
  it.each([
    ['not a URL', 'api.example.com/v1', /is not a URL/],
    ['another scheme', 'ftp://api.example.com/v1', /must start with https:\/\/ or http:\/\//],
    ['a password in it', 'https://bob:hunter2-secret-pass@proxy.example/v1', /user name or password/],
  ])(
    '%s: every call ends with invalid-request/invalid-base-url before any fetch',
    async (_label, baseURL, message) => {
      const fetch = replayFetch({ body: done });
      const provider = openaiCompatible({ id: 'proxy', baseURL, apiKey: CANARY, fetch });
      const end = terminal(await collect(provider.model('m').stream(hello)));
      expect(end).toMatchObject({
        type: 'error',
        error: { kind: 'invalid-request', code: 'invalid-base-url' },
      });
      expect(end.type === 'error' && end.error.message).toMatch(message);
      await expect(provider.listModels()).rejects.toMatchObject({ code: 'invalid-base-url' });
      await expect(provider.validateKey()).rejects.toMatchObject({ code: 'invalid-base-url' });
      expect(fetch.requests).toHaveLength(0);
      // The password is never shown, whatever carries it.
      expect(JSON.stringify(end)).not.toContain('hunter2');
      expect(end.type === 'error' && end.error.stack).not.toContain('hunter2');
    },
  );

  it('a header value with a newline is invalid-request/invalid-header before any fetch, not a crash', async () => {
    const fetch = replayFetch({ body: done });
    const provider = openai({ apiKey: CANARY, headers: { 'x-team': 'red\nteam' }, fetch });
    const end = terminal(await collect(provider.model('gpt-4.1-mini').stream(hello)));
    expect(end).toMatchObject({ type: 'error', error: { kind: 'invalid-request', code: 'invalid-header' } });
    expect(fetch.requests).toHaveLength(0);
  });
});

describe("a key passed in the caller's own headers", () => {
  // Shaped like no known provider key (an Azure key is 32 hex digits): only remembering it can mask it.
  const gatewayKey = '7f3a9c2e1b4d8f6a0e5c3b2a1d9f8e7c';

  it.each([
    ['api-key', gatewayKey],
    ['Authorization', `Bearer ${gatewayKey}`],
    ['x-proxy-token', gatewayKey],
  ])('is masked when the server echoes it back (%s header)', async (header, value) => {
    const fetch = replayFetch({
      status: 401,
      body: JSON.stringify({ error: { message: `Invalid subscription key ${gatewayKey}` } }),
    });
    const provider = openaiCompatible({
      id: 'azure',
      baseURL: 'https://gateway.example/openai/v1',
      headers: { [header]: value },
      fetch,
    });
    const events = await collect(provider.model('gpt-4o').stream({ ...hello, retry: { maxRetries: 0 } }));
    const end = terminal(events);
    expect(end).toMatchObject({ type: 'error', error: { kind: 'auth' } });
    expect(end.type === 'error' && end.error.message).toContain('Invalid subscription key [redacted]');
    expect(JSON.stringify(events)).not.toContain(gatewayKey);
    // It did travel, in its header.
    expect(Object.values(fetch.requests[0]!.headers).join(' ')).toContain(gatewayKey);
  });

  it('leaves ordinary header values alone (a version or a limit is no secret)', async () => {
    const fetch = replayFetch({
      status: 400,
      body: JSON.stringify({
        error: { message: 'api version 2024-10-21-preview rejects x-max-tokens 131072000' },
      }),
    });
    const provider = openaiCompatible({
      id: 'azure',
      baseURL: 'https://gateway.example/openai/v1',
      headers: { 'x-api-version': '2024-10-21-preview', 'x-max-tokens': '131072000' },
      fetch,
    });
    const end = terminal(
      await collect(provider.model('gpt-4o').stream({ ...hello, retry: { maxRetries: 0 } })),
    );
    expect(end.type === 'error' && end.error.message).toContain(
      'api version 2024-10-21-preview rejects x-max-tokens 131072000',
    );
  });
});

describe('reasoning asked of models that cannot reason', () => {
  it('is left out for models known to reject it, and sent to the others', async () => {
    const reasoning: ChatRequest = { ...hello, reasoning: { effort: 'high' } };
    const stop = frame('anthropic', [JSON.stringify({ type: 'message_stop' })]);
    const completed = frame('openai-responses', [
      JSON.stringify({ type: 'response.completed', response: { status: 'completed' } }),
    ]);
    const googleEnd = frame('google', [
      JSON.stringify({ candidates: [{ content: { parts: [{ text: 'ok' }] }, finishReason: 'STOP' }] }),
    ]);
    const gpt41 = await sent((fetch) => openai({ apiKey: CANARY, fetch }).model('gpt-4.1'), reasoning);
    expect(gpt41.json.reasoning_effort).toBeUndefined();
    const gpt5 = await sent((fetch) => openai({ apiKey: CANARY, fetch }).model('gpt-5-mini'), reasoning);
    expect(gpt5.json.reasoning_effort).toBe('high');
    const responses41 = await sent(
      (fetch) => openai({ apiKey: CANARY, fetch }).responses('gpt-4o'),
      reasoning,
      completed,
    );
    expect(responses41.json.reasoning).toBeUndefined();
    const haiku35 = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-3-5-haiku-latest'),
      reasoning,
      stop,
    );
    expect(haiku35.json).toMatchObject({ max_tokens: 4096 });
    expect(haiku35.json.thinking).toBeUndefined();
    const sonnet37 = await sent(
      (fetch) => anthropic({ apiKey: CANARY, fetch }).model('claude-3-7-sonnet-latest'),
      reasoning,
      stop,
    );
    expect(sonnet37.json.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    const flash20 = await sent(
      (fetch) => google({ apiKey: CANARY, fetch }).model('gemini-2.0-flash'),
      reasoning,
      googleEnd,
    );
    expect(flash20.json.generationConfig).toBeUndefined();
  });
});
