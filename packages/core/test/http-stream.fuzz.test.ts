/**
 * Random fault sequences (seeded, so a failure replays) against the stream contract: exactly one
 * terminal event, always last; no throw; the terminal text is every delta joined; no retry after a
 * token; retries bounded by maxRetries.
 */
import type { StreamEvent } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { DONE, delta, errorEvent, type FakeCall, fakeFetch, hello, run, stop } from './support/fake-fetch.js';
import { prng } from './support/prng.js';

function scenario(seed: number) {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const maxRetries = pick([0, 1, 2, 3]);
  const abortAfterEvents = random() < 0.25 ? pick([0, 1, 2, 3, 5]) : undefined;
  const honourSignal = random() < 0.5;

  const answerCall = (call: FakeCall) => {
    const kind = pick(['stream', 'stream', 'stream', 'status', 'network'] as const);
    if (kind === 'network') return call.fail(new TypeError('fetch failed'));
    if (kind === 'status') {
      const [status, body, headers] = pick([
        [
          429,
          { error: { message: 'Rate limit reached', code: 'rate_limit_exceeded' } },
          { 'retry-after-ms': '1' },
        ],
        [429, { error: { message: 'quota', code: 'insufficient_quota' } }, {}],
        [500, { error: { message: 'oops' } }, {}],
        [529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, {}],
        [401, { error: { message: 'bad key' } }, {}],
        [400, { error: { message: 'prompt is too long' } }, {}],
      ] as const);
      return call.reply(status, body, headers);
    }
    call.respond();
    const steps = Math.floor(random() * 8);
    const wire: string[] = [];
    let end: 'end' | 'cut' | 'hang' = 'end';
    for (let i = 0; i < steps; i++) {
      const step = pick([
        'delta',
        'delta',
        'delta',
        'ping',
        'event-ping',
        'malformed',
        'error',
        'stop',
        'done',
        'cut',
      ] as const);
      if (step === 'delta') wire.push(delta(pick(['a', 'bc', ' ', 'Grüße', '🌍', 'x y'])));
      else if (step === 'ping') wire.push(': ping\n\n');
      else if (step === 'event-ping') wire.push('event: ping\ndata: {"type":"ping"}\n\n');
      else if (step === 'malformed') wire.push('data: {"choices": [\n\n');
      else if (step === 'error')
        wire.push(errorEvent(pick(['overloaded_error', 'insufficient_quota', 'api_error']), 'failed'));
      else if (step === 'stop') wire.push(stop);
      else if (step === 'done') wire.push(DONE);
      else {
        end = 'cut';
        break;
      }
    }
    if (end === 'end' && random() < 0.1) end = 'hang';
    // Deliver in random slices so SSE lines and UTF-8 sequences split anywhere.
    const bytes = new TextEncoder().encode(wire.join(''));
    const decoder = new TextDecoder();
    let offset = 0;
    const deliver = () => {
      if (offset >= bytes.length) {
        if (end === 'end') call.body.end();
        else if (end === 'cut') call.body.cut();
        // 'hang': the body stays open; the idle timeout (or an abort) ends it.
        return;
      }
      const size = 1 + Math.floor(random() * 40);
      call.body.push(decoder.decode(bytes.slice(offset, offset + size), { stream: true }));
      offset += size;
      setTimeout(deliver, 0);
    };
    setTimeout(deliver, 0);
  };

  return { maxRetries, abortAfterEvents, honourSignal, answerCall };
}

describe('the stream contract under random faults', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => i + 1);

  it.each(seeds)('seed %i', async (seed) => {
    const { maxRetries, abortAfterEvents, honourSignal, answerCall } = scenario(seed);
    const { fetch, calls } = fakeFetch(answerCall, { honourSignal });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    const stream = run(
      fetch,
      hello({
        signal: controller.signal,
        retry: { maxRetries, initialDelayMs: 1, maxDelayMs: 2 },
        timeouts: { idleMs: 300 },
      }),
    );
    for await (const event of stream) {
      events.push(event);
      if (abortAfterEvents !== undefined && events.length > abortAfterEvents) controller.abort();
    }

    const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
    expect(terminals).toHaveLength(1);
    const terminal = terminals[0]!;
    expect(events.at(-1)).toBe(terminal);
    if (terminal.type !== 'finish' && terminal.type !== 'error') throw new Error('unreachable');

    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(terminal.text).toBe(deltas.join(''));

    const firstDelta = events.findIndex((e) => e.type === 'text-delta');
    const retries = events.filter((e) => e.type === 'retry');
    if (firstDelta >= 0) expect(events.slice(firstDelta).some((e) => e.type === 'retry')).toBe(false);
    expect(calls.length).toBeLessThanOrEqual(maxRetries + 1);
    // Each retry event announces one more fetch, unless an abort came during its sleep.
    const aborted = terminal.type === 'error' && terminal.error.kind === 'aborted';
    expect(retries.length === calls.length - 1 || (aborted && retries.length === calls.length)).toBe(true);
    if (aborted) expect(controller.signal.aborted).toBe(true);
    if (terminal.type === 'error') {
      expect(terminal.error.message.length).toBeGreaterThan(0);
      expect(() => JSON.stringify(terminal)).not.toThrow();
    }
    // Every body was released one way or another.
    for (const call of calls)
      if (call.body.cancelled === false && !call.body.finished) expect(call.signal.aborted).toBe(true);
  });
});
