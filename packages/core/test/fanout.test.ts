import {
  type ChatModel,
  defineChatModel,
  type FanOut,
  type FanOutEvent,
  fanOut,
  type StreamEvent,
  TrialogueError,
} from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const request = { messages: [{ role: 'user' as const, content: 'Which is better, tabs or spaces?' }] };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Iterates a fan-out to the end while fake time runs. `onEvent` may stop streams. */
async function drain<K extends string>(run: FanOut<K>, onEvent?: (item: FanOutEvent<K>) => void) {
  const items: FanOutEvent<K>[] = [];
  const done = (async () => {
    for await (const item of run) {
      items.push(item);
      onEvent?.(item);
    }
  })();
  await vi.runAllTimersAsync();
  await done;
  return items;
}

const texts = (items: FanOutEvent[]) =>
  items
    .filter((i) => i.event.type === 'text-delta')
    .map((i) => `${i.key}:${(i.event as { text: string }).text.trim()}`);

/** A model that ignores its abort signal and never ends on its own. */
const hanging = (): ChatModel =>
  defineChatModel({
    provider: 'hang',
    modelId: 'forever',
    async *stream() {
      yield { type: 'start', provider: 'hang', modelId: 'forever' };
      yield { type: 'text-delta', text: 'partial ' };
      await new Promise(() => {});
    },
  });

describe('fanOut', () => {
  it('interleaves events in arrival order', async () => {
    const a = scriptedModel({
      modelId: 'a',
      reply: { chunks: ['a1 ', 'a2 ', 'a3'], firstTokenDelayMs: 10, delayMs: 20 },
    });
    const b = scriptedModel({
      modelId: 'b',
      reply: { chunks: ['b1 ', 'b2 ', 'b3'], firstTokenDelayMs: 15, delayMs: 20 },
    });
    const items = await drain(fanOut({ a, b }, request));
    expect(texts(items)).toEqual(['a:a1', 'b:b1', 'a:a2', 'b:b2', 'a:a3', 'b:b3']);
    expect(items.filter((i) => i.event.type === 'finish').map((i) => i.key)).toEqual(['a', 'b']);
  });

  it('starts every stream at once, with the same request', async () => {
    const a = scriptedModel({ reply: 'A' });
    const b = scriptedModel({ reply: 'B' });
    const run = fanOut({ a, b }, request);
    await Promise.resolve();
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
    expect(b.calls[0]!.messages).toEqual(request.messages);
    await drain(run);
  });

  it('gives results without iterating, one terminal event per key in the given order', async () => {
    const run = fanOut(
      [
        { key: 'slow', model: scriptedModel({ reply: { text: 'late answer', firstTokenDelayMs: 50 } }) },
        { key: 'fast', model: scriptedModel({ reply: 'early answer' }) },
      ],
      request,
    );
    await vi.runAllTimersAsync();
    const results = await run.results;
    expect(Object.keys(results)).toEqual(['slow', 'fast']);
    expect(results.slow).toMatchObject({ type: 'finish', text: 'late answer' });
    expect(results.fast).toMatchObject({ type: 'finish', text: 'early answer' });
  });

  it('keeps the other streams going when one fails mid-answer', async () => {
    const failing = scriptedModel({
      provider: 'flaky',
      reply: {
        chunks: ['half ', 'an ', 'answer'],
        delayMs: 5,
        fail: { afterChunks: 2, error: { kind: 'overloaded', message: 'Overloaded.' } },
      },
    });
    const healthy = scriptedModel({ reply: { chunks: ['a ', 'full ', 'answer ', 'here'], delayMs: 5 } });
    const run = fanOut({ failing, healthy }, request);
    const items = await drain(run);
    const results = await run.results;
    expect(results.failing).toMatchObject({ type: 'error', text: 'half an ' });
    expect((results.failing as { error: TrialogueError }).error.kind).toBe('overloaded');
    expect(results.healthy).toMatchObject({ type: 'finish', text: 'a full answer here' });
    expect(items.filter((i) => i.key === 'healthy' && i.event.type === 'text-delta')).toHaveLength(4);
  });

  it('isolates a model whose stream() throws, yields garbage or ends without a terminal event', async () => {
    const throwing = defineChatModel({
      provider: 'bad',
      modelId: 'throws',
      stream() {
        throw new Error('stream() exploded');
      },
    });
    const garbage = defineChatModel({
      provider: 'bad',
      modelId: 'garbage',
      async *stream() {
        yield { type: 'text-delta', text: 'ok ' } as StreamEvent;
        yield { nonsense: true } as unknown as StreamEvent;
      },
    });
    const silent = defineChatModel({
      provider: 'bad',
      modelId: 'silent',
      async *stream() {
        yield { type: 'text-delta', text: 'then nothing' };
      },
    });
    const good = scriptedModel({ reply: { text: 'fine thanks', delayMs: 5 } });
    const run = fanOut({ throwing, garbage, silent, good }, request);
    const items = await drain(run);
    const results = await run.results;

    expect(results.throwing.type).toBe('error');
    expect((results.throwing as { error: TrialogueError }).error.message).toContain('stream() exploded');
    expect(results.garbage).toMatchObject({ type: 'error', text: 'ok ' });
    expect((results.garbage as { error: TrialogueError }).error).toMatchObject({
      kind: 'parse',
      code: 'invalid-event',
    });
    expect(results.silent).toMatchObject({ type: 'error', text: 'then nothing' });
    expect((results.silent as { error: TrialogueError }).error.code).toBe('no-terminal-event');
    expect(results.good).toMatchObject({ type: 'finish', text: 'fine thanks' });
    for (const key of ['throwing', 'garbage', 'silent', 'good']) {
      expect(
        items.filter((i) => i.key === key && (i.event.type === 'finish' || i.event.type === 'error')),
      ).toHaveLength(1);
    }
    expect(items.some((i) => !('type' in i.event))).toBe(false);
  });

  it('stops one stream: it ends with its own aborted error and partial text, the others go on', async () => {
    const slow = scriptedModel({ reply: { chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 100 } });
    const other = scriptedModel({ reply: { chunks: ['x ', 'y ', 'z'], delayMs: 100 } });
    const run = fanOut({ slow, other }, request);
    const items = await drain(run, (item) => {
      if (item.key === 'slow' && item.event.type === 'text-delta' && item.event.text === 'two ')
        run.stop('slow');
    });
    const results = await run.results;
    expect(results.slow).toMatchObject({ type: 'error', text: 'one two ' });
    expect((results.slow as { error: TrialogueError }).error).toMatchObject({
      kind: 'aborted',
      phase: 'stream',
    });
    expect(results.other).toMatchObject({ type: 'finish', text: 'x y z' });
    expect(items.filter((i) => i.key === 'slow' && i.event.type === 'text-delta')).toHaveLength(2);
    // The model saw its signal abort, so it released its work.
    expect(slow.calls[0]!.signal?.aborted).toBe(true);
    expect(other.calls[0]!.signal?.aborted).toBe(false);
  });

  it('stop() ends every stream, even a model that ignores its signal', async () => {
    const run = fanOut(
      { a: hanging(), b: scriptedModel({ reply: { text: 'never finished', firstTokenDelayMs: 1000 } }) },
      request,
    );
    const items = await drain(run, (item) => {
      if (item.key === 'a' && item.event.type === 'text-delta') run.stop();
    });
    const results = await run.results;
    expect(results.a).toMatchObject({ type: 'error', text: 'partial ' });
    expect(results.b).toMatchObject({ type: 'error', text: '' });
    expect([
      (results.a as { error: TrialogueError }).error.kind,
      (results.b as { error: TrialogueError }).error.kind,
    ]).toEqual(['aborted', 'aborted']);
    expect(items.filter((i) => i.event.type === 'error')).toHaveLength(2);
    run.stop('a'); // stopping a finished stream does nothing
    expect(() => run.stop('nope' as 'a')).toThrow(/no stream "nope"/);
  });

  it("aborting the request's signal stops every stream", async () => {
    const controller = new AbortController();
    const run = fanOut({ a: hanging(), b: hanging() }, { ...request, signal: controller.signal });
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    const results = await run.results;
    expect(results.a.type).toBe('error');
    expect(results.b.type).toBe('error');
    expect((results.b as { error: TrialogueError }).error.kind).toBe('aborted');
  });

  it('leaving the loop early stops the streams still running', async () => {
    const a = scriptedModel({ reply: { chunks: ['1 ', '2 ', '3'], delayMs: 10 } });
    const run = fanOut({ a }, request);
    for await (const item of run) if (item.event.type === 'text-delta') break;
    const results = await run.results;
    expect(results.a).toMatchObject({ type: 'error', text: '1 ' });
  });

  it('rejects duplicate keys and handles no models', async () => {
    const model = scriptedModel({ reply: 'hi' });
    expect(() =>
      fanOut(
        [
          { key: 'x', model },
          { key: 'x', model },
        ],
        request,
      ),
    ).toThrow(/"x" twice/);
    const empty = fanOut({}, request);
    expect(await empty.results).toEqual({});
    expect(await drain(empty)).toEqual([]);
  });

  it('lets each stream get its own request', async () => {
    const a = scriptedModel({ reply: 'A' });
    const b = scriptedModel({ reply: 'B' });
    await drain(
      fanOut({ a, b }, request, { requestFor: (key) => ({ ...request, system: `You are ${key}.` }) }),
    );
    expect(a.calls[0]!.system).toBe('You are a.');
    expect(b.calls[0]!.system).toBe('You are b.');
  });

  it('turns a non-TrialogueError in an error event into one', async () => {
    const odd = defineChatModel({
      provider: 'odd',
      modelId: 'odd',
      async *stream() {
        yield {
          type: 'error',
          error: new Error('plain error') as TrialogueError,
          text: '',
          timings: { totalMs: 1 },
        };
      },
    });
    const results = await fanOut({ odd }, request).results;
    expect(TrialogueError.is((results.odd as { error: unknown }).error)).toBe(true);
    expect((results.odd as { error: TrialogueError }).error.message).toContain('plain error');
  });
});
