import type { ChatRequest } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { anthropic } from '../src/anthropic/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const claude = (fetch: typeof globalThis.fetch) =>
  anthropic({ apiKey: CANARY, fetch }).model('claude-sonnet-4-5');
const noRetry: ChatRequest = { ...hello, retry: { maxRetries: 0 } };
const overloadedEvent = JSON.stringify({
  type: 'error',
  error: { type: 'overloaded_error', message: 'Overloaded' },
});
const messageStart = fixtureLines('anthropic', 'anthropic-text')[0]!;

async function httpError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) {
  const fetch = replayFetch({
    status,
    body: JSON.stringify({ type: 'error', error: { type, message } }),
    headers,
  });
  const end = terminal(await collect(claude(fetch).stream(noRetry)));
  if (end.type !== 'error') throw new Error('expected an error');
  return end.error;
}

describe('Anthropic streams', () => {
  it('an overloaded_error event after HTTP 200 is overloaded and retryable', async () => {
    const fetch = replayFetch({ body: frame('anthropic', [messageStart, overloadedEvent]) });
    const end = terminal(await collect(claude(fetch).stream(noRetry)));
    expect(end).toMatchObject({
      type: 'error',
      error: {
        kind: 'overloaded',
        retryable: true,
        phase: 'stream',
        providerCode: 'overloaded_error',
        provider: 'anthropic',
      },
    });
  });

  it('retries an overloaded_error event that came before any token, then streams the recorded answer', async () => {
    const fetch = replayFetch(
      { body: frame('anthropic', [messageStart, overloadedEvent]) },
      { body: frame('anthropic', fixtureLines('anthropic', 'anthropic-text')) },
    );
    const events = await collect(
      claude(fetch).stream({ ...hello, retry: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 1 } }),
    );
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(terminal(events)).toMatchObject({
      type: 'finish',
      reason: 'stop',
      text: expect.stringMatching(/^Hello! I'm doing well/),
    });
    expect(fetch.requests).toHaveLength(2);
  });

  it('an error event after text is not retried and keeps the partial text', async () => {
    const lines = fixtureLines('anthropic', 'anthropic-text');
    const fetch = replayFetch({ body: frame('anthropic', [...lines.slice(0, 5), overloadedEvent]) });
    const events = await collect(
      claude(fetch).stream({ ...hello, retry: { maxRetries: 2, initialDelayMs: 1 } }),
    );
    expect(terminal(events)).toMatchObject({
      type: 'error',
      text: 'Hello! I',
      error: { kind: 'overloaded' },
    });
    expect(fetch.requests).toHaveLength(1);
  });

  it('thinking streams as reasoning, unless reasoning text is not wanted', async () => {
    const body = frame('anthropic', fixtureLines('anthropic', 'anthropic-clear-thinking.1'));
    const shown = terminal(await collect(claude(replayFetch({ body })).stream(hello)));
    expect(shown).toMatchObject({
      reasoning: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    });
    const hidden = await collect(
      claude(replayFetch({ body })).stream({
        ...hello,
        reasoning: { budgetTokens: 1024, includeText: false },
      }),
    );
    expect(hidden.some((e) => e.type === 'reasoning-delta')).toBe(false);
    expect(terminal(hidden)).toMatchObject({ type: 'finish', text: '925 ÷ 5 = 185' });
  });

  it('keeps text that arrives already in content_block_start', async () => {
    const body = frame('anthropic', [
      messageStart,
      JSON.stringify({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'text', text: 'Sure' },
      }),
      JSON.stringify({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: ', here.' },
      }),
      JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: 'stop_sequence' },
        usage: { output_tokens: 3 },
      }),
      JSON.stringify({ type: 'message_stop' }),
    ]);
    const end = terminal(await collect(claude(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'finish',
      text: 'Sure, here.',
      reason: 'stop',
      providerReason: 'stop_sequence',
    });
  });

  it('counts cache reads and writes into input tokens, and reports cache reads as cached', async () => {
    const body = frame('anthropic', [
      JSON.stringify({
        type: 'message_start',
        message: {
          usage: {
            input_tokens: 10,
            cache_read_input_tokens: 1000,
            cache_creation_input_tokens: 200,
            output_tokens: 1,
          },
        },
      }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
      JSON.stringify({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens' },
        usage: { output_tokens: 40 },
      }),
      JSON.stringify({ type: 'message_stop' }),
    ]);
    const end = terminal(await collect(claude(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'finish',
      reason: 'length',
      providerReason: 'max_tokens',
      usage: { inputTokens: 1210, cachedInputTokens: 1000, outputTokens: 40, totalTokens: 1250 },
    });
  });
});

describe('Anthropic error mapping', () => {
  it('401 authentication_error is auth', async () => {
    expect(await httpError(401, 'authentication_error', 'invalid x-api-key')).toMatchObject({
      kind: 'auth',
      retryable: false,
    });
  });

  it('400 "credit balance is too low" is quota, never retried', async () => {
    const error = await httpError(
      400,
      'invalid_request_error',
      'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
    );
    expect(error).toMatchObject({ kind: 'quota', retryable: false });
  });

  it('529 overloaded_error is overloaded', async () => {
    expect(await httpError(529, 'overloaded_error', 'Overloaded')).toMatchObject({
      kind: 'overloaded',
      retryable: true,
    });
  });

  it('413 request_too_large and a too-long prompt are context-length', async () => {
    expect(
      await httpError(413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.'),
    ).toMatchObject({
      kind: 'context-length',
    });
    expect(
      await httpError(400, 'invalid_request_error', 'prompt is too long: 215000 tokens > 200000 maximum'),
    ).toMatchObject({
      kind: 'context-length',
    });
  });

  it('429 rate_limit_error carries retry-after, the request id and the anthropic-ratelimit snapshot', async () => {
    const error = await httpError(
      429,
      'rate_limit_error',
      'Number of request tokens has exceeded your per-minute rate limit',
      {
        'retry-after': '12',
        'request-id': 'req_011CAbc',
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
        'anthropic-ratelimit-tokens-limit': '40000',
        'anthropic-ratelimit-tokens-remaining': '0',
      },
    );
    expect(error).toMatchObject({
      kind: 'rate-limit',
      retryAfterMs: 12_000,
      requestId: 'req_011CAbc',
      rateLimit: { limitRequests: 50, remainingRequests: 0, limitTokens: 40000, remainingTokens: 0 },
    });
  });

  it('404 not_found_error is not-found; 403 permission_error is permission', async () => {
    expect(await httpError(404, 'not_found_error', 'model: claude-9')).toMatchObject({ kind: 'not-found' });
    expect(
      await httpError(
        403,
        'permission_error',
        'Your API key does not have permission to use the specified resource.',
      ),
    ).toMatchObject({
      kind: 'permission',
    });
  });
});

describe('Anthropic models and key check', () => {
  it('lists models from GET /models with x-api-key and anthropic-version', async () => {
    const fetch = replayFetch({
      body: JSON.stringify({
        data: [
          {
            type: 'model',
            id: 'claude-sonnet-4-5-20250929',
            display_name: 'Claude Sonnet 4.5',
            created_at: '2025-09-29T00:00:00Z',
          },
        ],
        has_more: false,
      }),
    });
    const provider = anthropic({ apiKey: CANARY, fetch });
    expect(await provider.listModels()).toEqual([
      {
        id: 'claude-sonnet-4-5-20250929',
        provider: 'anthropic',
        label: 'Claude Sonnet 4.5',
        createdAt: '2025-09-29T00:00:00Z',
      },
    ]);
    expect(fetch.requests[0]).toMatchObject({
      method: 'GET',
      url: 'https://api.anthropic.com/v1/models?limit=1000',
      headers: { 'x-api-key': CANARY, 'anthropic-version': '2023-06-01' },
    });
    await expect(provider.validateKey()).resolves.toEqual({ ok: true, provider: 'anthropic', models: 1 });
  });
});
