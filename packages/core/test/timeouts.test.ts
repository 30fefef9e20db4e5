import { describe, expect, it, vi } from 'vitest';
import {
  consume,
  DONE,
  delta,
  errorOf,
  fakeFetch,
  flush,
  hello,
  run,
  stop,
  terminalOf,
  useFakeTimersPerTest,
} from './support/fake-fetch.js';

useFakeTimersPerTest();

const colonPing = ': ping\n\n';
const anthropicPing = 'event: ping\ndata: {"type": "ping"}\n\n';

describe('the four timeouts', () => {
  it.each([true, false])(
    'first byte: no response headers in time -> timeout/first-byte-timeout (fetch honours signal: %s)',
    async (honourSignal) => {
      const { fetch, calls } = fakeFetch(undefined, { honourSignal }); // never answers
      const { events, done } = consume(run(fetch, hello({ timeouts: { firstByteMs: 10_000 } })));
      await vi.advanceTimersByTimeAsync(9_999);
      expect(events).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      await done;
      const error = errorOf(events);
      expect(error.error).toMatchObject({
        kind: 'timeout',
        code: 'first-byte-timeout',
        phase: 'request',
        provider: 'fake',
      });
      expect(error.error.message).toBe('fake sent no response within 10000 ms (first-byte timeout).');
      expect(events).toHaveLength(1);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.signal.aborted).toBe(true);
    },
  );

  it('first token: pings and comments do not count as a token -> timeout/first-token-timeout', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(run(fetch, hello({ timeouts: { firstTokenMs: 5_000, idleMs: 2_000 } })));
    await flush();
    const call = calls[0]!;
    for (let second = 1; second <= 4; second++) {
      await vi.advanceTimersByTimeAsync(1_000);
      call.body.push(second % 2 ? colonPing : anthropicPing);
    }
    expect(events.map((e) => e.type)).toEqual(['start']);
    await vi.advanceTimersByTimeAsync(1_000);
    await done;
    const error = errorOf(events);
    // Not `stalled`: the pings kept the idle timer alive.
    expect(error.error).toMatchObject({ kind: 'timeout', code: 'first-token-timeout', phase: 'stream' });
    expect(error.text).toBe('');
    expect(call.signal.aborted).toBe(true);
  });

  it('idle: silence mid-stream -> stalled/idle-timeout, keeping the partial text', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(run(fetch, hello({ timeouts: { idleMs: 3_000 } })));
    await flush();
    calls[0]!.body.push(delta('Thinking about'));
    await vi.advanceTimersByTimeAsync(2_000);
    calls[0]!.body.push(delta(' it'));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await done;
    const error = errorOf(events);
    expect(error.error).toMatchObject({
      kind: 'stalled',
      code: 'idle-timeout',
      phase: 'stream',
      retryable: false,
    });
    expect(error.error.message).toBe('fake went silent for 3000 ms mid-stream (idle timeout).');
    expect(error.text).toBe('Thinking about it');
    expect(calls).toHaveLength(1);
  });

  it('idle: pings and comments keep the stream alive', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(run(fetch, hello({ timeouts: { idleMs: 2_000 } })));
    await flush();
    const call = calls[0]!;
    call.body.push(delta('Long '));
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(1_500);
      call.body.push(i % 2 ? colonPing : anthropicPing);
    }
    call.body.push(delta('answer')).push(stop).push(DONE).end();
    await done;
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'Long answer' });
  });

  it('idle: a consumer slow to pull is not mistaken for a silent server', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('one ')).push(delta('two ')).push(delta('three')).push(stop).push(DONE).end();
    });
    const iterator = run(fetch, hello({ timeouts: { idleMs: 2_000 } }))[Symbol.asyncIterator]();
    const seen: string[] = [];
    for (;;) {
      const next = iterator.next();
      const { value, done } = await next;
      if (done) break;
      seen.push(value.type === 'text-delta' ? value.text : value.type);
      // The consumer takes 5 s per event (rendering, a debate turn...), far over idleMs.
      await vi.advanceTimersByTimeAsync(5_000);
    }
    expect(seen).toEqual(['start', 'one ', 'two ', 'three', 'finish']);
  });

  it('total: the whole call, even while tokens flow -> timeout/total-timeout with the partial text', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(run(fetch, hello({ timeouts: { totalMs: 5_500, idleMs: 2_000 } })));
    await flush();
    for (let i = 0; i < 5; i++) {
      calls[0]!.body.push(delta(`${i}`));
      await vi.advanceTimersByTimeAsync(1_000);
    }
    expect(events.some((e) => e.type === 'error')).toBe(false);
    await vi.advanceTimersByTimeAsync(500);
    await done;
    const error = errorOf(events);
    expect(error.error).toMatchObject({ kind: 'timeout', code: 'total-timeout', phase: 'stream' });
    expect(error.text).toBe('01234');
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('total: covers retries and their backoff sleeps', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.reply(429, { error: { message: 'slow down' } }, { 'retry-after': '10' }),
    );
    const { events, done } = consume(run(fetch, hello({ timeouts: { totalMs: 4_000 } })));
    await vi.advanceTimersByTimeAsync(4_000);
    await done;
    expect(calls).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['retry', 'error']);
    expect(errorOf(events).error).toMatchObject({ kind: 'timeout', code: 'total-timeout' });
  });

  it('a slow but steady answer within every limit finishes', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(
      run(
        fetch,
        hello({ timeouts: { firstByteMs: 1_000, firstTokenMs: 3_000, idleMs: 2_000, totalMs: 60_000 } }),
      ),
    );
    await flush();
    await vi.advanceTimersByTimeAsync(1_500);
    calls[0]!.body.push(colonPing);
    await vi.advanceTimersByTimeAsync(1_400);
    calls[0]!.body.push(delta('slow'));
    for (let i = 0; i < 10; i++) {
      await vi.advanceTimersByTimeAsync(1_900);
      calls[0]!.body.push(delta('.'));
    }
    calls[0]!.body.push(stop).push(DONE).end();
    await done;
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'slow..........' });
  });
});

describe('the hot path', () => {
  it('arms no timer per chunk: a thousand chunks under all four timeouts cost a handful of timers', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(
      run(
        fetch,
        hello({ timeouts: { firstByteMs: 1_000, firstTokenMs: 3_000, idleMs: 2_000, totalMs: 60_000 } }),
      ),
    );
    await flush();
    for (let i = 0; i < 1000; i++) {
      calls[0]!.body.push(delta('x'));
      await flush(2);
    }
    await vi.advanceTimersByTimeAsync(1_000);
    calls[0]!.body.push(stop).push(DONE).end();
    await done;
    expect(terminalOf(events)).toMatchObject({ type: 'finish' });
    expect(events.filter((e) => e.type === 'text-delta')).toHaveLength(1000);
    expect(setTimeoutSpy.mock.calls.length).toBeLessThan(10);
    setTimeoutSpy.mockRestore();
  });
});
