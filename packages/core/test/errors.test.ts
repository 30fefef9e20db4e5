import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ERROR_KINDS,
  type ErrorKind,
  errorDetails,
  errorFromHttp,
  isRetryableKind,
  rateLimitFromHeaders,
  requestJson,
  TrialogueError,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { fakeFetch, fixturesDir } from './support/fake-fetch.js';

const geminiRetryInfo = readFileSync(
  join(fixturesDir, 'provider-streams/google/google-429-retry-info.json'),
  'utf8',
);

const failure = (
  provider: string,
  status: number,
  body: string | object,
  headers: Record<string, string> = {},
) => {
  const bodyText = typeof body === 'string' ? body : JSON.stringify(body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    parsed = undefined;
  }
  return errorFromHttp({ provider, status, headers: new Headers(headers), bodyText, body: parsed });
};

// Bodies as the providers send them.
const cases: [string, string, number, string | object, ErrorKind, boolean][] = [
  [
    'OpenAI bad key',
    'openai',
    401,
    {
      error: {
        message:
          'Incorrect API key provided: sk-abc***. You can find your API key at https://platform.openai.com/account/api-keys.',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    },
    'auth',
    false,
  ],
  [
    'Anthropic bad key',
    'anthropic',
    401,
    { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    'auth',
    false,
  ],
  [
    'Gemini bad key (400)',
    'google',
    400,
    {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID',
            domain: 'googleapis.com',
          },
        ],
      },
    },
    'auth',
    false,
  ],
  [
    'OpenRouter out of credits',
    'openrouter',
    402,
    {
      error: {
        code: 402,
        message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits',
      },
    },
    'quota',
    false,
  ],
  [
    'Anthropic low credit (400)',
    'anthropic',
    400,
    {
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
      },
    },
    'quota',
    false,
  ],
  [
    'Anthropic permission',
    'anthropic',
    403,
    {
      type: 'error',
      error: {
        type: 'permission_error',
        message: 'Your API key does not have permission to use the specified resource.',
      },
    },
    'permission',
    false,
  ],
  [
    'Gemini permission',
    'google',
    403,
    {
      error: {
        code: 403,
        message: "Method doesn't allow unregistered callers.",
        status: 'PERMISSION_DENIED',
      },
    },
    'permission',
    false,
  ],
  [
    'OpenAI unknown model',
    'openai',
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
    false,
  ],
  [
    'Anthropic unknown model',
    'anthropic',
    404,
    { type: 'error', error: { type: 'not_found_error', message: 'model: claude-nine' } },
    'not-found',
    false,
  ],
  [
    'request timeout',
    'openai',
    408,
    { error: { message: 'Request timed out.', type: 'timeout' } },
    'timeout',
    false,
  ],
  [
    'Anthropic request too large',
    'anthropic',
    413,
    {
      type: 'error',
      error: { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' },
    },
    'context-length',
    false,
  ],
  [
    'OpenAI rate limit',
    'openai',
    429,
    {
      error: {
        message:
          'Rate limit reached for gpt-4.1-mini in organization org-x on tokens per min (TPM): Limit 30000, Used 29500, Requested 1200. Please try again in 1.4s.',
        type: 'tokens',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
    'rate-limit',
    true,
  ],
  [
    'OpenAI insufficient quota',
    'openai',
    429,
    {
      error: {
        message: 'You exceeded your current quota, please check your plan and billing details.',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    },
    'quota',
    false,
  ],
  [
    'Anthropic rate limit',
    'anthropic',
    429,
    {
      type: 'error',
      error: {
        type: 'rate_limit_error',
        message: 'This request would exceed the rate limit for your organization of 50 requests per minute.',
      },
    },
    'rate-limit',
    true,
  ],
  ['Gemini per-minute limit (recorded)', 'google', 429, geminiRetryInfo, 'rate-limit', true],
  [
    'OpenAI server error',
    'openai',
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
    true,
  ],
  [
    'Anthropic api_error',
    'anthropic',
    500,
    { type: 'error', error: { type: 'api_error', message: 'Internal server error' } },
    'provider',
    true,
  ],
  [
    'proxy 502 page',
    'groq',
    502,
    '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>',
    'overloaded',
    true,
  ],
  [
    'Gemini overloaded',
    'google',
    503,
    {
      error: {
        code: 503,
        message: 'The model is overloaded. Please try again later.',
        status: 'UNAVAILABLE',
      },
    },
    'overloaded',
    true,
  ],
  [
    'Anthropic overloaded',
    'anthropic',
    529,
    { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
    'overloaded',
    true,
  ],
  [
    'OpenAI context length',
    'openai',
    400,
    {
      error: {
        message:
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
        type: 'invalid_request_error',
        param: 'messages',
        code: 'context_length_exceeded',
      },
    },
    'context-length',
    false,
  ],
  [
    'Anthropic prompt too long',
    'anthropic',
    400,
    {
      type: 'error',
      error: { type: 'invalid_request_error', message: 'prompt is too long: 215000 tokens > 200000 maximum' },
    },
    'context-length',
    false,
  ],
  [
    'Gemini too many input tokens',
    'google',
    400,
    {
      error: {
        code: 400,
        message: 'The input token count (1500000) exceeds the maximum number of tokens allowed (1048576).',
        status: 'INVALID_ARGUMENT',
      },
    },
    'context-length',
    false,
  ],
  [
    'OpenAI content policy',
    'openai',
    400,
    {
      error: {
        message: 'Your request was rejected as a result of our safety system.',
        type: 'invalid_request_error',
        code: 'content_policy_violation',
      },
    },
    'content-filter',
    false,
  ],
  [
    'plain bad parameter',
    'openai',
    400,
    {
      error: {
        message: "Invalid value for 'temperature': must be <= 2.",
        type: 'invalid_request_error',
        param: 'temperature',
        code: 'invalid_value',
      },
    },
    'invalid-request',
    false,
  ],
];

describe('errorFromHttp maps real provider failures onto kinds', () => {
  it.each(cases)('%s (%s HTTP %i) -> %s', (_label, provider, status, body, kind, retryable) => {
    const error = failure(provider, status, body);
    expect(error).toBeInstanceOf(TrialogueError);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
    expect(error).toMatchObject({ provider, status, phase: 'request' });
    // A message for a person: who, what status, what they said.
    expect(error.message).toMatch(new RegExp(`^${provider} returned HTTP ${status}: `));
  });

  it('covers every status the brief names', () => {
    const statuses = new Set(cases.map((c) => c[2]));
    for (const status of [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503, 529])
      expect(statuses.has(status)).toBe(true);
    // Every kind an HTTP answer can mean; the others (network, stalled, aborted, parse) come from the
    // stream machinery and are covered by http-stream, timeouts and abort tests.
    const fromTransport = ['network', 'stalled', 'aborted', 'parse'];
    const kinds = new Set(cases.map((c) => c[4]));
    expect(ERROR_KINDS.filter((kind) => !fromTransport.includes(kind) && !kinds.has(kind))).toEqual([]);
  });

  it('keeps a 429 whose code says rate limit a rate limit, even when its message mentions billing (Groq)', () => {
    const error = failure('groq', 429, {
      error: {
        message:
          'Rate limit reached on tokens per minute (TPM). Please try again in 7.66s. Need more tokens? Upgrade at https://console.groq.com/settings/billing',
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    });
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 7660 });
  });

  it('says what to do next', () => {
    expect(
      failure('anthropic', 401, {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      }).message,
    ).toBe('anthropic returned HTTP 401: invalid x-api-key. Check that the API key is correct and active.');
    expect(failure('openai', 400, cases[20]![3]).message).toMatch(
      /Shorten the conversation or pick a model with a larger context window\.$/,
    );
  });

  it("keeps the provider code (a word rather than Gemini's numeric code) and the request id", () => {
    expect(failure('google', 429, geminiRetryInfo).providerCode).toBe('RESOURCE_EXHAUSTED');
    expect(failure('openai', 429, cases[12]![3]).providerCode).toBe('insufficient_quota');
    const withId = errorFromHttp({
      provider: 'openai',
      status: 500,
      headers: new Headers(),
      bodyText: '',
      requestId: 'req_9',
    });
    expect(withId).toMatchObject({
      requestId: 'req_9',
      kind: 'provider',
      message: 'openai returned HTTP 500: HTTP 500',
    });
  });

  it('the recorded Gemini 429 is a per-minute rate limit with its RetryInfo delay, not exhausted billing', () => {
    const error = failure('google', 429, geminiRetryInfo);
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 34_400 });
  });

  it('reads rate-limit headers in the OpenAI and Anthropic styles', () => {
    expect(
      rateLimitFromHeaders(
        new Headers({
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
          'x-ratelimit-reset-requests': '1m30s',
          'x-ratelimit-reset-tokens': '250ms',
        }),
      ),
    ).toEqual({ limitRequests: 500, remainingRequests: 0, resetRequestsMs: 90_000, resetTokensMs: 250 });
    const anthropic = rateLimitFromHeaders(
      new Headers({
        'anthropic-ratelimit-tokens-remaining': '10',
        'anthropic-ratelimit-tokens-reset': new Date(Date.now() + 60_000).toUTCString(),
      }),
    );
    expect(anthropic?.remainingTokens).toBe(10);
    expect(anthropic?.resetTokensMs).toBeGreaterThan(55_000);
    expect(rateLimitFromHeaders(new Headers())).toBeUndefined();
  });

  it('errorDetails finds message and code in the usual shapes', () => {
    expect(errorDetails([{ error: { code: 429, message: 'm', status: 'RESOURCE_EXHAUSTED' } }])).toEqual({
      message: 'm',
      code: 'RESOURCE_EXHAUSTED',
    });
    expect(errorDetails({ error: 'Model not loaded', type: 'not_found' })).toEqual({
      message: 'Model not loaded',
      code: 'not_found',
    });
    expect(errorDetails({ message: 'flat' })).toEqual({ message: 'flat', code: undefined });
    expect(errorDetails('text')).toEqual({});
  });
});

describe('TrialogueError', () => {
  it('retries by kind: rate-limit, overloaded and network; quota never', () => {
    expect(ERROR_KINDS.filter(isRetryableKind)).toEqual(['rate-limit', 'overloaded', 'network']);
    expect(new TrialogueError({ kind: 'quota', message: 'x', retryable: true }).retryable).toBe(true);
    expect(new TrialogueError({ kind: 'quota', message: 'x' }).retryable).toBe(false);
  });

  it('survives a JSON round trip (an SSE hop, a transcript)', () => {
    const error = new TrialogueError({
      kind: 'rate-limit',
      message: 'openai returned HTTP 429: slow down',
      provider: 'openai',
      status: 429,
      retryAfterMs: 1500,
      requestId: 'req_1',
      phase: 'request',
      providerCode: 'rate_limit_exceeded',
      rateLimit: { remainingRequests: 0 },
    });
    const back = TrialogueError.fromJSON(JSON.parse(JSON.stringify(error)));
    expect(back).toBeInstanceOf(TrialogueError);
    expect(back.toJSON()).toEqual(error.toJSON());
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: 'TrialogueError',
      kind: 'rate-limit',
      retryable: true,
    });
  });

  it('fromJSON never throws on a malformed form (an SSE hop, an old file)', () => {
    const odd = TrialogueError.fromJSON({ kind: 'martian', message: 42 } as never);
    expect(odd).toMatchObject({ kind: 'provider', message: 'An error without a message.' });
    expect(
      TrialogueError.fromJSON({ kind: 'quota', message: `key ${'sk-proj-abcdefghijklmnop0123'} spent` })
        .message,
    ).toBe('key [redacted] spent');
  });

  it('with() changes fields and keeps the rest', () => {
    const error = new TrialogueError({
      kind: 'network',
      message: 'cut',
      provider: 'groq',
      cause: new TypeError('terminated'),
    });
    const moved = error.with({ phase: 'stream', requestId: 'r' });
    expect(moved).toMatchObject({
      kind: 'network',
      message: 'cut',
      provider: 'groq',
      phase: 'stream',
      requestId: 'r',
    });
    expect(String(moved.cause)).toBe('TypeError: terminated');
  });

  it('is() recognises an error from another copy of the package by name', () => {
    const foreign = Object.assign(new Error('x'), { name: 'TrialogueError', kind: 'auth' });
    expect(TrialogueError.is(foreign)).toBe(true);
    expect(TrialogueError.is(new Error('x'))).toBe(false);
    expect(TrialogueError.is(null)).toBe(false);
  });
});

describe('requestJson', () => {
  it('returns the parsed body of a 2xx', async () => {
    const { fetch } = fakeFetch((call) => call.reply(200, { data: [{ id: 'gpt-4.1-mini' }] }));
    expect(await requestJson({ provider: 'openai', url: 'https://api.fake.test/v1/models', fetch })).toEqual({
      data: [{ id: 'gpt-4.1-mini' }],
    });
  });

  it('throws the same mapped error as streams for a non-2xx', async () => {
    const { fetch } = fakeFetch((call) =>
      call.reply(
        401,
        { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
        { 'request-id': 'req_a' },
      ),
    );
    await expect(
      requestJson({
        provider: 'anthropic',
        url: 'https://api.fake.test/v1/models',
        fetch,
        requestIdHeader: 'request-id',
      }),
    ).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
      requestId: 'req_a',
    });
  });

  it('an abort ends the wait even when the fetch ignores its signal (headers or body)', async () => {
    const silent = fakeFetch(undefined, { honourSignal: false });
    const controller = new AbortController();
    const pending = requestJson({
      provider: 'openai',
      url: 'https://api.fake.test/',
      fetch: silent.fetch,
      signal: controller.signal,
    });
    await silent.waitForCalls(1);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', provider: 'openai' });

    const trickle = fakeFetch(
      (call) => {
        call.respond(200, { 'content-type': 'application/json' });
        call.body.push('{"data": [');
      },
      { honourSignal: false },
    );
    const second = new AbortController();
    const reading = requestJson({
      provider: 'openai',
      url: 'https://api.fake.test/',
      fetch: trickle.fetch,
      signal: second.signal,
    });
    await trickle.waitForCalls(1);
    second.abort();
    await expect(reading).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('throws network, aborted and parse errors', async () => {
    const down = fakeFetch((call) =>
      call.fail(new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })),
    );
    await expect(
      requestJson({ provider: 'ollama', url: 'http://127.0.0.1:1/api/tags', fetch: down.fetch }),
    ).rejects.toMatchObject({
      kind: 'network',
      message: expect.stringContaining('ECONNREFUSED'),
    });
    const controller = new AbortController();
    controller.abort();
    const aborted = fakeFetch();
    await expect(
      requestJson({
        provider: 'openai',
        url: 'https://api.fake.test/',
        fetch: aborted.fetch,
        signal: controller.signal,
      }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    const html = fakeFetch((call) =>
      call.reply(200, '<html>captive portal</html>', { 'content-type': 'text/html' }),
    );
    await expect(
      requestJson({ provider: 'openai', url: 'https://api.fake.test/', fetch: html.fetch }),
    ).rejects.toMatchObject({ kind: 'parse' });
  });
});
