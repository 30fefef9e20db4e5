import type { ChatRequest } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { openai } from '../src/openai/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const noRetry: ChatRequest = { ...hello, retry: { maxRetries: 0 } };
const model = (fetch: typeof globalThis.fetch) => openai({ apiKey: CANARY, fetch }).model('gpt-4.1-mini');

async function failWith(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  request = noRetry,
) {
  const fetch = replayFetch({ status, body: JSON.stringify(body), headers });
  const events = await collect(model(fetch).stream(request));
  const end = terminal(events);
  if (end.type !== 'error') throw new Error('expected an error');
  return { error: end.error, fetch, events };
}

describe('OpenAI error mapping', () => {
  it('401 invalid_api_key is auth, and the key never shows in the message or events', async () => {
    const { error, events } = await failWith(401, {
      error: {
        message: `Incorrect API key provided: ${CANARY}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(error).toMatchObject({
      kind: 'auth',
      status: 401,
      retryable: false,
      providerCode: 'invalid_api_key',
      provider: 'openai',
    });
    expect(JSON.stringify(events)).not.toContain(CANARY);
    expect(error.message).not.toContain(CANARY);
    expect(error.stack ?? '').not.toContain(CANARY);
  });

  it('429 insufficient_quota is quota and is not retried', async () => {
    const { error, fetch } = await failWith(
      429,
      {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          param: null,
          code: 'insufficient_quota',
        },
      },
      {},
      hello,
    );
    expect(error).toMatchObject({ kind: 'quota', retryable: false });
    expect(fetch.requests).toHaveLength(1);
  });

  it('429 rate_limit_exceeded is rate-limit with the retry delay and a rate-limit snapshot', async () => {
    const { error } = await failWith(
      429,
      {
        error: {
          message:
            'Rate limit reached for gpt-4.1-mini in organization org-x on tokens per min (TPM): Limit 200000, Used 199000, Requested 3000. Please try again in 900ms.',
          type: 'tokens',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
      {
        'x-ratelimit-limit-requests': '500',
        'x-ratelimit-remaining-requests': '499',
        'x-ratelimit-limit-tokens': '200000',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '900ms',
        'x-request-id': 'req_123',
      },
    );
    expect(error).toMatchObject({
      kind: 'rate-limit',
      retryable: true,
      retryAfterMs: 900,
      requestId: 'req_123',
    });
    expect(error.rateLimit).toEqual({
      limitRequests: 500,
      remainingRequests: 499,
      limitTokens: 200000,
      remainingTokens: 0,
      resetTokensMs: 900,
    });
  });

  it.each([
    [
      400,
      {
        error: {
          message:
            "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      },
      'context-length',
    ],
    [
      404,
      {
        error: {
          message: 'The model `gpt-9` does not exist or you do not have access to it.',
          type: 'invalid_request_error',
          param: null,
          code: 'model_not_found',
        },
      },
      'not-found',
    ],
    [
      403,
      {
        error: {
          message: 'Country, region, or territory not supported',
          type: 'request_forbidden',
          param: null,
          code: 'unsupported_country_region_territory',
        },
      },
      'permission',
    ],
    [
      400,
      {
        error: {
          message: 'Invalid prompt: your prompt was flagged as potentially violating our usage policy.',
          type: 'invalid_request_error',
          param: null,
          code: 'content_filter',
        },
      },
      'content-filter',
    ],
    [
      500,
      {
        error: {
          message: 'The server had an error while processing your request. Sorry about that!',
          type: 'server_error',
          param: null,
          code: null,
        },
      },
      'provider',
    ],
    [
      503,
      {
        error: {
          message: 'The engine is currently overloaded, please try again later',
          type: 'server_error',
          param: null,
          code: null,
        },
      },
      'overloaded',
    ],
  ] as const)('HTTP %s maps to its kind', async (status, body, kind) => {
    const { error } = await failWith(status, body);
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
  });

  it('an error chunk after HTTP 200 ends the stream as an error, keeping the text so far', async () => {
    const body = frame('openai-chat', [
      JSON.stringify({ choices: [{ index: 0, delta: { content: 'Half an ans' }, finish_reason: null }] }),
      JSON.stringify({
        error: {
          message: 'The server had an error while processing your request.',
          type: 'server_error',
          code: null,
        },
      }),
    ]);
    const end = terminal(await collect(model(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'error',
      text: 'Half an ans',
      error: { kind: 'provider', phase: 'stream' },
    });
  });

  it('an invalid_request_error chunk before any token is not retried', async () => {
    const body = frame('openai-chat', [
      JSON.stringify({
        error: {
          message: "Invalid 'messages[0].name': string too long.",
          type: 'invalid_request_error',
          code: null,
        },
      }),
    ]);
    const fetch = replayFetch({ body });
    const end = terminal(
      await collect(model(fetch).stream({ ...hello, retry: { maxRetries: 2, initialDelayMs: 1 } })),
    );
    expect(end).toMatchObject({
      type: 'error',
      error: { kind: 'invalid-request', retryable: false, providerCode: 'invalid_request_error' },
    });
    expect(fetch.requests).toHaveLength(1);
  });

  it('a refusal streams as text and finishes as refusal', async () => {
    const body = frame('openai-chat', [
      JSON.stringify({
        choices: [
          { index: 0, delta: { refusal: "I'm sorry, I can't help with that." }, finish_reason: null },
        ],
      }),
      JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    ]);
    const end = terminal(await collect(model(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'finish',
      reason: 'refusal',
      providerReason: 'stop',
      text: "I'm sorry, I can't help with that.",
    });
  });

  it('a stream cut before [DONE] and before any finish is an incomplete-stream error with the partial text', async () => {
    const lines = fixtureLines('openai-chat', 'openai-text').slice(0, 20);
    const body = lines.map((line) => `data: ${line}\n\n`).join('');
    const end = terminal(await collect(model(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({ type: 'error', error: { kind: 'network', code: 'incomplete-stream' } });
    // Exactly the text of the lines that arrived: nothing lost, nothing invented.
    const sent = lines.map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? '').join('');
    expect(sent.length).toBeGreaterThan(0);
    expect(end.text).toBe(sent);
  });
});

describe('OpenAI models and key check', () => {
  const list = {
    object: 'list',
    data: [
      { id: 'gpt-4.1-mini', object: 'model', created: 1744318173, owned_by: 'system' },
      { id: 'o4-mini', object: 'model', created: 1744225351, owned_by: 'system' },
    ],
  };

  it('lists models from GET /models with the key in the header', async () => {
    const fetch = replayFetch({ body: JSON.stringify(list) });
    const models = await openai({ apiKey: CANARY, fetch }).listModels();
    expect(models).toEqual([
      {
        id: 'gpt-4.1-mini',
        provider: 'openai',
        ownedBy: 'system',
        createdAt: new Date(1744318173000).toISOString(),
      },
      {
        id: 'o4-mini',
        provider: 'openai',
        ownedBy: 'system',
        createdAt: new Date(1744225351000).toISOString(),
      },
    ]);
    expect(fetch.requests[0]).toMatchObject({
      url: 'https://api.openai.com/v1/models',
      method: 'GET',
      headers: { authorization: `Bearer ${CANARY}` },
    });
  });

  it('validates a key by listing models (never a paid generation)', async () => {
    const fetch = replayFetch({ body: JSON.stringify(list) });
    await expect(openai({ apiKey: CANARY, fetch }).validateKey()).resolves.toEqual({
      ok: true,
      provider: 'openai',
      models: 2,
    });
    expect(fetch.requests.map((r) => r.url)).toEqual(['https://api.openai.com/v1/models']);
  });

  it('answers ok:false for a rejected key, and throws for an outage', async () => {
    const rejected = replayFetch({
      status: 401,
      body: JSON.stringify({ error: { message: 'Incorrect API key provided', code: 'invalid_api_key' } }),
    });
    const check = await openai({ apiKey: CANARY, fetch: rejected }).validateKey();
    expect(check).toMatchObject({ ok: false, provider: 'openai', error: { kind: 'auth' } });
    const down = replayFetch({ status: 503, body: 'upstream connect error' });
    await expect(openai({ apiKey: CANARY, fetch: down }).validateKey()).rejects.toMatchObject({
      kind: 'overloaded',
    });
  });
});
