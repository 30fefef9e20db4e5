import { describe, expect, it } from 'vitest';
import { groq } from '../src/groq/index.js';
import {
  CANARY,
  collect,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const llama = (fetch: typeof globalThis.fetch) =>
  groq({ apiKey: CANARY, fetch }).model('llama-3.3-70b-versatile');

describe('Groq', () => {
  it('a 429 "Please try again in 7.66s" carries retryAfterMs and is retryable', async () => {
    const fetch = replayFetch({
      status: 429,
      body: JSON.stringify({
        error: {
          message:
            'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01` service tier `on_demand` on tokens per minute (TPM): Limit 12000, Used 11500, Requested 1200. Please try again in 7.66s. Need more tokens? Upgrade to Dev Tier today at https://console.groq.com/settings/billing',
          type: 'tokens',
          code: 'rate_limit_exceeded',
        },
      }),
      headers: {
        'x-ratelimit-limit-tokens': '12000',
        'x-ratelimit-remaining-tokens': '0',
        'x-ratelimit-reset-tokens': '7.66s',
      },
    });
    const end = terminal(await collect(llama(fetch).stream({ ...hello, retry: { maxRetries: 0 } })));
    expect(end.type === 'error' && end.error.message).toMatch(
      /Please try again in 7\.66s\..*Too many requests/s,
    );
    expect(end).toMatchObject({
      type: 'error',
      error: {
        kind: 'rate-limit',
        retryable: true,
        retryAfterMs: 7660,
        rateLimit: { limitTokens: 12000, remainingTokens: 0, resetTokensMs: 7660 },
      },
    });
  });

  it('498 flex capacity exceeded is overloaded', async () => {
    const fetch = replayFetch({
      status: 498,
      body: JSON.stringify({ error: { message: 'Flex tier capacity exceeded', type: 'capacity_exceeded' } }),
    });
    const end = terminal(await collect(llama(fetch).stream({ ...hello, retry: { maxRetries: 0 } })));
    expect(end).toMatchObject({ type: 'error', error: { kind: 'overloaded', retryable: true } });
  });

  it('reads usage from x_groq.usage when the chunk has no top-level usage', async () => {
    const lines = fixtureLines('groq', 'groq-text').map((line) => {
      const chunk = JSON.parse(line) as Record<string, unknown>;
      delete chunk.usage;
      return JSON.stringify(chunk);
    });
    const end = terminal(await collect(llama(replayFetch({ body: frame('groq', lines) })).stream(hello)));
    expect(end).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 45, outputTokens: 662, totalTokens: 707 },
    });
  });

  it('hides delta.reasoning when reasoning text is not wanted', async () => {
    const body = frame('groq', fixtureLines('groq', 'groq-reasoning'));
    const events = await collect(
      groq({ apiKey: CANARY, fetch: replayFetch({ body }) })
        .model('qwen/qwen3-32b')
        .stream({ ...hello, reasoning: { includeText: false } }),
    );
    expect(events.some((e) => e.type === 'reasoning-delta')).toBe(false);
    expect(terminal(events)).toMatchObject({ type: 'finish', usage: { reasoningTokens: 963 } });
  });

  it('lists models with their context windows', async () => {
    const fetch = replayFetch({
      body: JSON.stringify({
        object: 'list',
        data: [
          {
            id: 'llama-3.3-70b-versatile',
            object: 'model',
            created: 1733447754,
            owned_by: 'Meta',
            active: true,
            context_window: 131072,
          },
        ],
      }),
    });
    expect(await groq({ apiKey: CANARY, fetch }).listModels()).toEqual([
      {
        id: 'llama-3.3-70b-versatile',
        provider: 'groq',
        ownedBy: 'Meta',
        contextWindow: 131072,
        createdAt: new Date(1733447754000).toISOString(),
      },
    ]);
    expect(fetch.requests[0]!.url).toBe('https://api.groq.com/openai/v1/models');
  });
});
