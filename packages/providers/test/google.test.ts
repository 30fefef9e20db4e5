import type { ChatRequest } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { google } from '../src/google/index.js';
import {
  CANARY,
  collect,
  fixtureJson,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  terminal,
} from './support/replay-fixtures.js';

const gemini = (fetch: typeof globalThis.fetch) =>
  google({ apiKey: CANARY, fetch }).model('gemini-2.5-flash');
const noRetry: ChatRequest = { ...hello, retry: { maxRetries: 0 } };
const chunk = (value: object) => JSON.stringify(value);

async function httpError(status: number, body: unknown) {
  const fetch = replayFetch({ status, body: JSON.stringify(body) });
  const end = terminal(await collect(gemini(fetch).stream(noRetry)));
  if (end.type !== 'error') throw new Error('expected an error');
  return end.error;
}

describe('Gemini streams', () => {
  it('passes the running usage total on when it starts, when the answer finishes and at the end, not per chunk', async () => {
    const lines = fixtureLines('google', 'google-text');
    const manyChunks = [...lines.slice(0, -1), ...lines.slice(0, -1), ...lines.slice(0, -1), lines.at(-1)!];
    const events = await collect(gemini(replayFetch({ body: frame('google', manyChunks) })).stream(hello));
    const usages = events.filter((e) => e.type === 'usage');
    const last = JSON.parse(lines.at(-1)!).usageMetadata;
    expect(manyChunks.length).toBeGreaterThan(4);
    // The first chunk's total (the input count is known from the start), then the finishing chunk's.
    expect(usages.map((e) => e.usage.outputTokens)).toEqual([
      JSON.parse(lines[0]!).usageMetadata.candidatesTokenCount +
        JSON.parse(lines[0]!).usageMetadata.thoughtsTokenCount,
      last.candidatesTokenCount + last.thoughtsTokenCount,
    ]);
    expect(terminal(events)).toMatchObject({ type: 'finish', usage: usages.at(-1)!.usage });
  });

  it('sends a usage total that arrives after the finishing chunk when the body ends', async () => {
    const text = (t: string, extra: object = {}) =>
      chunk({ candidates: [{ content: { parts: [{ text: t }] }, ...extra }] });
    const body = frame('google', [
      text('Hi', { finishReason: 'STOP' }),
      chunk({ usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 1 } }),
    ]);
    const events = await collect(gemini(replayFetch({ body })).stream(hello));
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
    expect(terminal(events)).toMatchObject({
      type: 'finish',
      text: 'Hi',
      usage: { inputTokens: 3, outputTokens: 1 },
    });
  });

  it('thought parts stream as reasoning; usage is the last running total with thoughts in output and cached input', async () => {
    const body = frame('google', [
      chunk({
        candidates: [
          { content: { role: 'model', parts: [{ text: 'Counting the letters', thought: true }] } },
        ],
        usageMetadata: {
          promptTokenCount: 1200,
          cachedContentTokenCount: 1000,
          thoughtsTokenCount: 40,
          candidatesTokenCount: 0,
        },
      }),
      chunk({
        candidates: [{ content: { role: 'model', parts: [{ text: 'Three.' }] }, finishReason: 'STOP' }],
        usageMetadata: {
          promptTokenCount: 1200,
          cachedContentTokenCount: 1000,
          thoughtsTokenCount: 60,
          candidatesTokenCount: 2,
        },
      }),
    ]);
    const events = await collect(gemini(replayFetch({ body })).stream(hello));
    expect(events.filter((e) => e.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-delta', text: 'Counting the letters' },
    ]);
    expect(terminal(events)).toMatchObject({
      type: 'finish',
      text: 'Three.',
      reason: 'stop',
      usage: {
        inputTokens: 1200,
        cachedInputTokens: 1000,
        outputTokens: 62,
        reasoningTokens: 60,
        totalTokens: 1262,
      },
    });
  });

  it('a prompt blocked before any token (promptFeedback.blockReason) is a content-filter error, not retried', async () => {
    const body = frame('google', [
      chunk({
        promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
        usageMetadata: { promptTokenCount: 9, totalTokenCount: 9 },
      }),
    ]);
    const fetch = replayFetch({ body });
    const events = await collect(
      gemini(fetch).stream({ ...hello, retry: { maxRetries: 2, initialDelayMs: 1 } }),
    );
    expect(terminal(events)).toMatchObject({
      type: 'error',
      text: '',
      error: {
        kind: 'content-filter',
        retryable: false,
        providerCode: 'PROHIBITED_CONTENT',
        phase: 'stream',
      },
    });
    expect(fetch.requests).toHaveLength(1);
  });

  it.each([
    ['SAFETY', 'content-filter'],
    ['RECITATION', 'content-filter'],
    ['PROHIBITED_CONTENT', 'content-filter'],
    ['MAX_TOKENS', 'length'],
    ['MALFORMED_FUNCTION_CALL', 'other'],
  ] as const)('finishReason %s finishes as %s, keeping the text and the raw reason', async (raw, reason) => {
    const body = frame('google', [
      chunk({ candidates: [{ content: { parts: [{ text: 'Partial ' }] } }] }),
      chunk({ candidates: [{ content: { parts: [{ text: 'answer' }] }, finishReason: raw }] }),
    ]);
    const end = terminal(await collect(gemini(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({ type: 'finish', reason, providerReason: raw, text: 'Partial answer' });
  });

  it('a body that ends with no finishReason is an incomplete stream', async () => {
    const body = frame('google', [chunk({ candidates: [{ content: { parts: [{ text: 'Cut' }] } }] })]);
    const end = terminal(await collect(gemini(replayFetch({ body })).stream(hello)));
    expect(end).toMatchObject({
      type: 'error',
      text: 'Cut',
      error: { kind: 'network', code: 'incomplete-stream' },
    });
  });
});

describe('Gemini error mapping', () => {
  it('the recorded 429 with RetryInfo is a rate limit with retryAfterMs from retryDelay', async () => {
    const error = await httpError(429, fixtureJson('google', 'google-429-retry-info.json'));
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true, retryAfterMs: 34_400, status: 429 });
  });

  it('a 429 that says "quota" without RetryInfo is still a rate limit (Gemini bills nothing through 429)', async () => {
    const error = await httpError(429, {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
      },
    });
    expect(error).toMatchObject({ kind: 'rate-limit', retryable: true });
  });

  it('400 API_KEY_INVALID is auth', async () => {
    const error = await httpError(400, {
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
    });
    expect(error).toMatchObject({ kind: 'auth', retryable: false });
  });

  it('400 FAILED_PRECONDITION (unsupported location) is permission', async () => {
    const error = await httpError(400, {
      error: {
        code: 400,
        message: 'User location is not supported for the API use.',
        status: 'FAILED_PRECONDITION',
      },
    });
    expect(error).toMatchObject({ kind: 'permission', retryable: false });
  });

  it('503 UNAVAILABLE is overloaded; 404 NOT_FOUND is not-found; a too-long input is context-length', async () => {
    expect(
      await httpError(503, {
        error: {
          code: 503,
          message: 'The model is overloaded. Please try again later.',
          status: 'UNAVAILABLE',
        },
      }),
    ).toMatchObject({
      kind: 'overloaded',
    });
    expect(
      await httpError(404, {
        error: {
          code: 404,
          message: 'models/gemini-9 is not found for API version v1beta',
          status: 'NOT_FOUND',
        },
      }),
    ).toMatchObject({ kind: 'not-found' });
    expect(
      await httpError(400, {
        error: {
          code: 400,
          message: 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
          status: 'INVALID_ARGUMENT',
        },
      }),
    ).toMatchObject({ kind: 'context-length' });
  });
});

describe('Gemini models and key check', () => {
  it('lists generateContent models from GET /models with the key in x-goog-api-key only', async () => {
    const fetch = replayFetch({
      body: JSON.stringify({
        models: [
          {
            name: 'models/gemini-2.5-flash',
            displayName: 'Gemini 2.5 Flash',
            inputTokenLimit: 1048576,
            supportedGenerationMethods: ['generateContent', 'countTokens'],
          },
          {
            name: 'models/text-embedding-004',
            displayName: 'Text Embedding 004',
            supportedGenerationMethods: ['embedContent'],
          },
        ],
      }),
    });
    const provider = google({ apiKey: CANARY, fetch });
    expect(await provider.listModels()).toEqual([
      { id: 'gemini-2.5-flash', provider: 'google', label: 'Gemini 2.5 Flash', contextWindow: 1048576 },
    ]);
    const seen = fetch.requests[0]!;
    expect(seen.url).toBe('https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000');
    expect(seen.headers['x-goog-api-key']).toBe(CANARY);
    expect(seen.url).not.toContain(CANARY);
  });

  it('a bad key makes validateKey answer ok:false', async () => {
    const fetch = replayFetch({
      status: 400,
      body: JSON.stringify({
        error: {
          code: 400,
          message: 'API key not valid. Please pass a valid API key.',
          status: 'INVALID_ARGUMENT',
        },
      }),
    });
    expect(await google({ apiKey: CANARY, fetch }).validateKey()).toMatchObject({
      ok: false,
      provider: 'google',
      error: { kind: 'auth' },
    });
  });
});
