import { describe, expect, it } from 'vitest';
import { consume, delta, errorOf, fakeFetch, flush, hello, run } from './support/fake-fetch.js';

describe('abort via request.signal', () => {
  it.each([
    ['a fetch that honours its signal (like undici)', true],
    ['a custom fetch that ignores its signal', false],
  ])(
    'mid-stream, with %s: stops the read at once and ends with aborted + the partial text',
    async (_label, honourSignal) => {
      const { fetch, calls } = fakeFetch((call) => call.respond(), { honourSignal });
      const controller = new AbortController();
      const { events, done } = consume(run(fetch, hello({ signal: controller.signal })));
      await flush();
      calls[0]!.body.push(delta('So far '));
      calls[0]!.body.push(delta('so good'));
      await flush();

      controller.abort();
      const ended = await done;

      const error = errorOf(ended);
      expect(error.error).toMatchObject({
        kind: 'aborted',
        phase: 'stream',
        retryable: false,
        provider: 'fake',
      });
      expect(error.error.message).toBe('The call to fake was aborted.');
      expect(error.text).toBe('So far so good');
      expect(calls[0]!.signal.aborted).toBe(true);
      // The body is released: cancelled by our reader, or errored by a fetch that honours abort.
      expect(calls[0]!.body.finished).toBe(true);
      if (!honourSignal) expect(calls[0]!.body.cancelled).toBe(true);
      expect(calls).toHaveLength(1);
      // Nothing arrives after the terminal event.
      calls[0]!.body.push(delta('late'));
      await flush();
      expect(events.at(-1)).toBe(error);
    },
  );

  it('before start: one aborted error and no request at all', async () => {
    const { fetch, calls } = fakeFetch();
    const controller = new AbortController();
    controller.abort();
    const ended = await consume(run(fetch, hello({ signal: controller.signal }))).done;
    expect(ended).toHaveLength(1);
    expect(errorOf(ended).error).toMatchObject({ kind: 'aborted', phase: 'request' });
    expect(calls).toHaveLength(0);
  });

  it('while waiting for headers from a fetch that ignores its signal: ends at once', async () => {
    const { fetch, calls } = fakeFetch(undefined, { honourSignal: false });
    const controller = new AbortController();
    const { done } = consume(run(fetch, hello({ signal: controller.signal })));
    await flush();
    expect(calls).toHaveLength(1);
    controller.abort();
    expect(errorOf(await done).error).toMatchObject({ kind: 'aborted', phase: 'request' });
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('during a backoff sleep: ends promptly instead of waiting the delay', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.reply(429, { error: { message: 'slow down' } }, { 'retry-after': '50' }),
    );
    const controller = new AbortController();
    const { events, done } = consume(run(fetch, hello({ signal: controller.signal })));
    for (let i = 0; i < 50 && !events.some((e) => e.type === 'retry'); i++) await flush();
    expect(events.map((e) => e.type)).toEqual(['retry']);
    const before = Date.now();
    controller.abort();
    const ended = await done;
    // Real timers: ending promptly means well under the 50 s the server asked for.
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(errorOf(ended).error.kind).toBe('aborted');
    expect(calls).toHaveLength(1);
  });

  it('while reading a stalled error body: ends at once', async () => {
    const { fetch, calls } = fakeFetch(
      (call) => {
        call.respond(500, { 'content-type': 'application/json' });
        call.body.push('{"error": {"message": "half a bo');
      },
      { honourSignal: false },
    );
    const controller = new AbortController();
    const { done } = consume(run(fetch, hello({ signal: controller.signal })));
    await flush(30);
    controller.abort();
    expect(errorOf(await done).error.kind).toBe('aborted');
    expect(calls[0]!.body.finished).toBe(true);
  });

  it('after the finish: changes nothing', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('done')).push('data: [DONE]\n\n').end();
    });
    const controller = new AbortController();
    const ended = await consume(run(fetch, hello({ signal: controller.signal }))).done;
    controller.abort();
    expect(ended.at(-1)).toMatchObject({ type: 'finish', text: 'done' });
  });
});
