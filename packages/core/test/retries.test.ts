import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backoffDelay, type RetryEvent, TrialogueError } from '@trialogue/core';
import { describe, expect, it, vi } from 'vitest';
import {
  consume,
  DONE,
  delta,
  errorEvent,
  errorOf,
  type FakeCall,
  fakeFetch,
  fixturesDir,
  flush,
  hello,
  run,
  stop,
  terminalOf,
  useFakeTimersPerTest,
} from './support/fake-fetch.js';

const answer = (call: FakeCall, text = 'ok') => {
  call.respond();
  call.body.push(delta(text)).push(stop).push(DONE).end();
};
const retries = (events: { type: string }[]) => events.filter((e): e is RetryEvent => e.type === 'retry');
const rateLimited = {
  error: { message: 'Rate limit reached for gpt-4.1-mini.', type: 'requests', code: 'rate_limit_exceeded' },
};

useFakeTimersPerTest();

/** Lets the machine run up to its next timer without moving the clock. */
const settle = async () => {
  await flush(20);
  await vi.advanceTimersByTimeAsync(0);
};

describe('retries before the first token', () => {
  it('retries a 429 after exactly the retry-after delay, and not a moment before', async () => {
    const { fetch, calls } = fakeFetch((call, i) =>
      i === 0
        ? call.reply(429, rateLimited, { 'retry-after': '3', 'content-type': 'application/json' })
        : answer(call),
    );
    const { events, done } = consume(run(fetch));
    await settle();
    expect(calls).toHaveLength(1);
    const [retry] = retries(events);
    expect(retry).toMatchObject({ type: 'retry', attempt: 2, delayMs: 3000 });
    expect(retry!.error).toMatchObject({
      kind: 'rate-limit',
      status: 429,
      retryAfterMs: 3000,
      retryable: true,
    });

    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);

    await done;
    expect(events.map((e) => e.type)).toEqual(['retry', 'start', 'text-delta', 'finish']);
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'ok' });
  });

  it('never retries a quota error (insufficient_quota on a 429)', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.reply(429, {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      }),
    );
    const { events, done } = consume(run(fetch));
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(calls).toHaveLength(1);
    expect(retries(events)).toHaveLength(0);
    expect(errorOf(events).error).toMatchObject({
      kind: 'quota',
      retryable: false,
      providerCode: 'insufficient_quota',
    });
  });

  it('never retries once a token was shown: a cut mid-stream ends with the partial text after one fetch', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('Partial'));
      setTimeout(() => call.body.cut(), 10);
    });
    const { events, done } = consume(run(fetch));
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(calls).toHaveLength(1);
    expect(retries(events)).toHaveLength(0);
    expect(errorOf(events)).toMatchObject({
      text: 'Partial',
      error: { kind: 'network', phase: 'stream', retryable: false },
    });
  });

  it('does not wait for a retry-after above the cap: it returns the error at once', async () => {
    const { fetch, calls } = fakeFetch((call) => call.reply(429, rateLimited, { 'retry-after': '120' }));
    const { events, done } = consume(run(fetch, hello({ retry: { maxRetryAfterMs: 30_000 } })));
    await settle();
    await done;
    expect(calls).toHaveLength(1);
    expect(retries(events)).toHaveLength(0);
    expect(errorOf(events).error).toMatchObject({
      kind: 'rate-limit',
      retryAfterMs: 120_000,
      retryable: true,
    });
  });

  it('honours maxRetries, with one retry event per retry and the last error at the end', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.reply(503, { error: { message: 'The server is overloaded.', type: 'server_error' } }),
    );
    const { events, done } = consume(run(fetch, hello({ retry: { maxRetries: 3 } })));
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(calls).toHaveLength(4);
    expect(retries(events).map((r) => r.attempt)).toEqual([2, 3, 4]);
    expect(retries(events).every((r) => r.error.kind === 'overloaded' && r.error.status === 503)).toBe(true);
    expect(errorOf(events).error).toMatchObject({ kind: 'overloaded', status: 503 });
  });

  it('maxRetries 0 turns retries off', async () => {
    const { fetch, calls } = fakeFetch((call) => call.reply(500, { error: { message: 'internal error' } }));
    const { events, done } = consume(run(fetch, hello({ retry: { maxRetries: 0 } })));
    await settle();
    await done;
    expect(calls).toHaveLength(1);
    expect(errorOf(events).error).toMatchObject({ kind: 'provider', status: 500, retryable: true });
  });

  it('retries 5xx with exponential backoff and jitter within the documented bounds', async () => {
    const { fetch, calls } = fakeFetch((call, i) =>
      i < 3 ? call.reply([500, 502, 529][i]!, { error: { message: 'oops' } }) : answer(call, 'finally'),
    );
    const { events, done } = consume(
      run(fetch, hello({ retry: { maxRetries: 3, initialDelayMs: 1000, maxDelayMs: 3000 } })),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    await done;
    expect(calls).toHaveLength(4);
    const delays = retries(events).map((r) => r.delayMs);
    // Equal jitter: between half and all of min(maxDelay, initial * 2^(n-1)).
    const bounds = [1000, 2000, 3000];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(bounds[i]! / 2);
      expect(delay).toBeLessThanOrEqual(bounds[i]!);
    });
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'finally' });
  });

  it('waits the backoff before each retry of a network error', async () => {
    const { fetch, calls } = fakeFetch((call, i) =>
      i === 0
        ? call.fail(
            new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND api.fake.test') }),
          )
        : answer(call),
    );
    const { events, done } = consume(run(fetch, hello({ retry: { initialDelayMs: 400 } })));
    await settle();
    const [retry] = retries(events);
    expect(retry!.error).toMatchObject({ kind: 'network', phase: 'request' });
    expect(retry!.error.message).toMatch(/Could not reach fake: fetch failed \(getaddrinfo ENOTFOUND/);
    expect(retry!.delayMs).toBeGreaterThanOrEqual(200);
    expect(retry!.delayMs).toBeLessThanOrEqual(400);
    await vi.advanceTimersByTimeAsync(retry!.delayMs - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await done;
    expect(terminalOf(events).type).toBe('finish');
  });

  it('retries a retryable error event sent after HTTP 200 but before any token', async () => {
    const { fetch, calls } = fakeFetch((call, i) => {
      if (i > 0) return answer(call, 'second time');
      call.respond();
      call.body.push(errorEvent('overloaded_error', 'Overloaded')).end();
    });
    const { events, done } = consume(run(fetch));
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(calls).toHaveLength(2);
    expect(retries(events)[0]!.error).toMatchObject({ kind: 'overloaded', phase: 'stream' });
    expect(events.map((e) => e.type)).toEqual(['start', 'retry', 'start', 'text-delta', 'finish']);
  });

  it('does not retry the recorded insufficient_quota error event of the Responses API', async () => {
    const lines = readFileSync(
      join(fixturesDir, 'provider-streams/openai-responses/openai-error.1.chunks.txt'),
      'utf8',
    )
      .split('\n')
      .filter(Boolean);
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      for (const line of lines) call.body.push(`event: ${JSON.parse(line).type}\ndata: ${line}\n\n`);
      call.body.end();
    });
    const { events, done } = consume(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage(message, sink) {
            const json = JSON.parse(message.data);
            if (message.event === 'error') {
              sink.fail(
                new TrialogueError({
                  kind: json.error.code === 'insufficient_quota' ? 'quota' : 'provider',
                  provider: 'fake',
                  providerCode: json.error.code,
                  message: json.error.message,
                }),
              );
            }
          },
        }),
      }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await done;
    expect(calls).toHaveLength(1);
    expect(errorOf(events).error).toMatchObject({ kind: 'quota', retryable: false, phase: 'stream' });
  });
});

describe('backoffDelay', () => {
  const policy = { maxRetries: 5, initialDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000 };
  const error = new TrialogueError({ kind: 'overloaded', message: 'busy' });

  it('doubles from initialDelayMs up to maxDelayMs, with equal jitter', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, error, policy, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000,
    ]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, error, policy, () => 0))).toEqual([
      250, 500, 1000, 2000, 4000, 4000,
    ]);
  });

  it('uses the server-asked delay when there is one, and refuses one above the cap', () => {
    expect(backoffDelay(1, error.with({ retryAfterMs: 7500 }), policy)).toBe(7500);
    expect(backoffDelay(1, error.with({ retryAfterMs: 0 }), policy)).toBe(0);
    expect(backoffDelay(1, error.with({ retryAfterMs: 60_001 }), policy)).toBeUndefined();
  });
});
