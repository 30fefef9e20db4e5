/**
 * Every provider against every fault the fake server can inject: the right error kind, the partial
 * text kept, and retried or not as core's rules say (retries only before the first token, never on
 * quota). Request counts come from what the server saw.
 */

import {
  type FakeErrorKind,
  type FakeProviderServer,
  type FakeWire,
  fakeError,
  startFakeProviderServer,
} from '@trialogue/providers/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson, fixturesDir } from './support/server-helpers.js';
import { byWire, eventsOf, quickRequest, terminal, WIRES_UNDER_TEST } from './support/server-providers.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer({ fixturesDir });
});
afterAll(() => server.close());
afterEach(() => server.reset());

const KEY: Record<FakeWire, string | undefined> = {
  openai: 'sk-test-0123456789',
  'openai-responses': 'sk-test-0123456789',
  anthropic: 'sk-ant-test-0123456789',
  google: 'AIzaTest0123456789',
  groq: 'gsk_test0123456789',
  'openai-compatible': 'sk-test-0123456789',
  openrouter: 'sk-or-v1-test0123456789',
  ollama: undefined,
};

/** Events each wire sends before its first text delta, for a scripted answer without reasoning. */
const PREAMBLE: Record<FakeWire, number> = {
  openai: 1, // role chunk
  'openai-responses': 4, // created, in_progress, output_item.added, content_part.added
  anthropic: 3, // message_start, content_block_start, ping
  google: 0,
  groq: 1,
  'openai-compatible': 1,
  openrouter: 1,
  ollama: 1,
};

const ANSWER = 'alpha beta gamma delta epsilon';
const generations = () => server.requests.filter((r) => r.route === 'generate').length;

async function run(wire: FakeWire, extra: Parameters<typeof quickRequest>[0] = {}) {
  const model = byWire(wire).model(server, KEY[wire]);
  const events = await eventsOf(model.stream(quickRequest(extra)));
  return { events, end: terminal(events), retries: events.filter((e) => e.type === 'retry').length };
}

describe.each(WIRES_UNDER_TEST.map((w) => w.wire))('%s', (wire) => {
  it('streams a scripted answer to a finish with the full text and usage', async () => {
    server.enqueue({ text: ANSWER, usage: { input: 11, output: 5 } });
    const { end } = await run(wire);
    expect(end).toMatchObject({ type: 'finish', reason: 'stop', text: ANSWER });
    expect(end.usage).toMatchObject({ inputTokens: 11, outputTokens: 5 });
  });

  it('reads CRLF framing and SSE comments like plain LF events', async () => {
    server.enqueue({ text: ANSWER, crlf: true, comments: true });
    const { end } = await run(wire);
    expect(end).toMatchObject({ type: 'finish', text: ANSWER });
  });

  it('reports a length cut-off as finish reason "length"', async () => {
    server.enqueue({ text: ANSWER, finishReason: 'length' });
    const { end } = await run(wire);
    expect(end).toMatchObject({ type: 'finish', reason: 'length', text: ANSWER });
  });

  describe('HTTP errors before the stream', () => {
    it('retries a 429 with retry-after 0, then succeeds', async () => {
      server.enqueue(fakeError(wire, 'rate-limit', { retryAfterSeconds: 0 }), { text: ANSWER });
      const { events, end } = await run(wire);
      expect(end).toMatchObject({ type: 'finish', text: ANSWER });
      const retry = events.find((e) => e.type === 'retry');
      expect(retry).toMatchObject({ attempt: 2, delayMs: 0 });
      expect(retry?.type === 'retry' && retry.error.kind).toBe('rate-limit');
      expect(generations()).toBe(2);
    });

    it('gives up on a 429 after maxRetries, as a rate-limit error', async () => {
      const limited = fakeError(wire, 'rate-limit', { retryAfterSeconds: 0 });
      server.enqueue(limited, limited, limited);
      const { end, retries } = await run(wire);
      expect(end.type === 'error' && end.error.kind).toBe('rate-limit');
      expect(end.type === 'error' && end.error.status).toBe(429);
      expect(retries).toBe(2);
      expect(generations()).toBe(3);
    });

    it('does not wait for a retry-after beyond maxRetryAfterMs', async () => {
      server.enqueue(fakeError(wire, 'rate-limit', { retryAfterSeconds: 120 }));
      const { end, retries } = await run(wire, { retry: { maxRetryAfterMs: 1_000 } });
      expect(end.type === 'error' && end.error.kind).toBe('rate-limit');
      expect(end.type === 'error' && end.error.retryAfterMs).toBe(120_000);
      expect(retries).toBe(0);
    });

    // Gemini bills nothing through 429 (its RESOURCE_EXHAUSTED is a per-minute or per-day limit) and
    // never sends 402: its billing trouble is a FAILED_PRECONDITION, which the provider calls `permission`.
    const billing: [FakeErrorKind, string][] =
      wire === 'google'
        ? [['payment-required', 'permission']]
        : [
            ['quota', 'quota'],
            ['payment-required', 'quota'],
          ];
    const notRetried: [FakeErrorKind, string][] = [
      ...billing,
      ['auth', 'auth'],
      ['permission', 'permission'],
      ['not-found', 'not-found'],
    ];
    it.each(notRetried)('a %s answer is a %s error and is not retried', async (fault, kind) => {
      server.enqueue(fakeError(wire, fault), { text: 'must not be used' });
      const { end, retries } = await run(wire);
      expect(end.type).toBe('error');
      expect(end.type === 'error' && end.error.kind).toBe(kind);
      expect(end.type === 'error' && end.error.retryable).toBe(false);
      expect(end.type === 'error' && end.error.provider).toBe(byWire(wire).providerId);
      expect(retries).toBe(0);
      expect(generations()).toBe(1);
    });

    const retried: [FakeErrorKind, string][] = [
      ['server', 'provider'],
      ['unavailable', 'overloaded'],
      ['overloaded', 'overloaded'],
    ];
    it.each(retried)('a %s answer (%s) is retried, then succeeds', async (fault) => {
      server.enqueue(fakeError(wire, fault), { text: ANSWER });
      const { end, retries } = await run(wire);
      expect(end).toMatchObject({ type: 'finish', text: ANSWER });
      expect(retries).toBe(1);
      expect(generations()).toBe(2);
    });

    it.each(retried)(
      'a %s answer that persists ends as a %s error after the retries',
      async (fault, kind) => {
        const failure = fakeError(wire, fault);
        server.enqueue(failure, failure, failure);
        const { end } = await run(wire);
        expect(end.type === 'error' && end.error.kind).toBe(kind);
        expect(generations()).toBe(3);
      },
    );
  });

  describe('faults after HTTP 200', () => {
    it('an error event mid-stream ends in an error that keeps the partial text, not retried', async () => {
      server.enqueue({ text: ANSWER, errorEventAfter: PREAMBLE[wire] + 2 }, { text: 'must not be used' });
      const { end, retries } = await run(wire);
      expect(end.type).toBe('error');
      expect(end.text).toBe('alpha beta');
      // The default error events: Anthropic overloaded_error, Gemini UNAVAILABLE, OpenRouter a 502
      // upstream failure, Responses insufficient_quota, other Chat Completions servers server_error.
      const expected: Record<FakeWire, string> = {
        anthropic: 'overloaded',
        google: 'overloaded',
        openrouter: 'overloaded',
        'openai-responses': 'quota',
        openai: 'provider',
        groq: 'provider',
        'openai-compatible': 'provider',
        ollama: 'provider',
      };
      expect(end.type === 'error' && end.error.kind).toBe(expected[wire]);
      expect(end.type === 'error' && end.error.phase).toBe('stream');
      expect(retries).toBe(0);
      expect(generations()).toBe(1);
    });

    it('an error event before any token is retried when its kind is retryable', async () => {
      server.enqueue({ text: ANSWER, errorEventAfter: PREAMBLE[wire] }, { text: ANSWER });
      const { end, retries } = await run(wire);
      if (wire === 'openai-responses') {
        // insufficient_quota: never retried.
        expect(end.type === 'error' && end.error.kind).toBe('quota');
        expect(retries).toBe(0);
        expect(generations()).toBe(1);
      } else {
        expect(end).toMatchObject({ type: 'finish', text: ANSWER });
        expect(retries).toBe(1);
        expect(generations()).toBe(2);
      }
    });

    it('a connection cut mid-stream is a network error that keeps the partial text, not retried', async () => {
      server.enqueue({ text: ANSWER, cutAfter: PREAMBLE[wire] + 3 }, { text: 'must not be used' });
      const { end, retries } = await run(wire);
      expect(end.type === 'error' && end.error.kind).toBe('network');
      expect(end.text).toBe('alpha beta gamma');
      expect(retries).toBe(0);
      expect(generations()).toBe(1);
    });

    it('an empty 200 body is an incomplete stream, retried before any token', async () => {
      server.enqueue({ status: 200, body: '' }, { text: ANSWER });
      const { events, end } = await run(wire);
      expect(end).toMatchObject({ type: 'finish', text: ANSWER });
      const retry = events.find((e) => e.type === 'retry');
      expect(retry?.type === 'retry' && retry.error.kind).toBe('network');
      expect(generations()).toBe(2);
    });

    it('a connection cut before any token is retried', async () => {
      server.enqueue({ text: ANSWER, cutAfter: 0 }, { text: ANSWER });
      const { end, retries } = await run(wire);
      expect(end).toMatchObject({ type: 'finish', text: ANSWER });
      expect(retries).toBe(1);
      expect(generations()).toBe(2);
    });

    it('a malformed line mid-stream is a parse error that keeps the partial text', async () => {
      server.enqueue({ text: ANSWER, malformedAfter: PREAMBLE[wire] + 1 });
      const { end, retries } = await run(wire);
      expect(end.type === 'error' && end.error.kind).toBe('parse');
      expect(end.text).toBe('alpha');
      expect(retries).toBe(0);
    });

    it('a stall mid-stream trips the idle timeout as "stalled", keeping the partial text', async () => {
      server.enqueue({ text: ANSWER, stallAfter: PREAMBLE[wire] + 2 });
      const { end } = await run(wire, { timeouts: { idleMs: 800 } });
      expect(end.type === 'error' && end.error.kind).toBe('stalled');
      expect(end.text).toBe('alpha beta');
      await server.waitForClose();
    });

    it('a stall before the first token trips the first-token timeout', async () => {
      server.enqueue({ text: ANSWER, stallAfter: PREAMBLE[wire] }, { text: 'must not be used' });
      const { end } = await run(wire, { timeouts: { firstTokenMs: 300 }, retry: { maxRetries: 0 } });
      expect(end.type === 'error' && end.error.kind).toBe('timeout');
      expect(end.text).toBe('');
      await server.waitForClose();
    });
  });
});

describe('recorded errors', () => {
  it('Gemini: 429 RESOURCE_EXHAUSTED without RetryInfo stays a retryable rate-limit', async () => {
    server.enqueue(fakeError('google', 'quota'), { text: ANSWER });
    const { events, end } = await run('google');
    expect(end).toMatchObject({ type: 'finish', text: ANSWER });
    const retry = events.find((e) => e.type === 'retry');
    expect(retry?.type === 'retry' && retry.error.kind).toBe('rate-limit');
  });

  it('Gemini: the recorded 429 with RetryInfo is a rate-limit with retryAfterMs from retryDelay', async () => {
    server.enqueue({ status: 429, body: fixtureJson('google/google-429-retry-info.json') as object });
    const { end, retries } = await run('google', { retry: { maxRetryAfterMs: 1_000 } });
    expect(end.type === 'error' && end.error.kind).toBe('rate-limit');
    expect(end.type === 'error' && end.error.retryAfterMs).toBe(34_400);
    expect(retries).toBe(0);
  });

  it('OpenAI Responses: the recorded insufficient_quota error event is a quota error, never retried', async () => {
    server.enqueue({ fixture: 'openai-responses/openai-error.1' }, { text: 'must not be used' });
    const { end, retries } = await run('openai-responses');
    expect(end.type === 'error' && end.error.kind).toBe('quota');
    expect(retries).toBe(0);
    expect(generations()).toBe(1);
  });

  it('OpenAI: insufficient_quota on a 429 is quota, not a rate limit, and is not retried', async () => {
    server.enqueue(fakeError('openai', 'quota'), { text: 'must not be used' });
    const { end } = await run('openai');
    expect(end.type === 'error' && end.error).toMatchObject({ kind: 'quota', status: 429, retryable: false });
    expect(generations()).toBe(1);
  });

  it('Anthropic: 529 overloaded_error is retried with backoff and succeeds', async () => {
    server.enqueue(fakeError('anthropic', 'overloaded'), { fixture: 'anthropic/anthropic-text' });
    const { end } = await run('anthropic');
    expect(end.type).toBe('finish');
    expect(end.text).toContain('Hello! I');
    expect(generations()).toBe(2);
  });
});
