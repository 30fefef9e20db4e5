/**
 * runHttpStream as an async iterator driven by hand (next/return/throw), the way for-await,
 * encodeEventStream and fan-out drive it: lazy start, events in order from one network read,
 * early stops that release the connection at once.
 */
import type { StreamEvent } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { DONE, delta, fakeFetch, flush, reasoningDelta, run, stop } from './support/fake-fetch.js';

const types = (results: IteratorResult<StreamEvent, void>[]) =>
  results.map((result) => (result.done ? 'done' : result.value.type));

describe('runHttpStream driven by hand', () => {
  it('does nothing before the first next(): no request goes out', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('a') + stop + DONE);
      call.body.end();
    });
    const stream = run(fetch);
    await flush();
    expect(calls).toHaveLength(0);
    expect(await stream.next()).toMatchObject({ done: false, value: { type: 'start' } });
    expect(calls).toHaveLength(1);
  });

  it('answers next() calls made without waiting in order, from one network read', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('a') + reasoningDelta('r') + delta('b') + stop + DONE);
      call.body.end();
    });
    const stream = run(fetch);
    const results = await Promise.all(Array.from({ length: 7 }, () => stream.next()));
    expect(types(results)).toEqual([
      'start',
      'text-delta',
      'reasoning-delta',
      'text-delta',
      'finish',
      'done',
      'done',
    ]);
    expect(
      results.map((result) => (!result.done && 'text' in result.value ? result.value.text : '')),
    ).toEqual(['', 'a', 'r', 'b', 'ab', '', '']);
  });

  it('merges deltas of one kind that arrive in one network read into one event, and keeps reads apart', async () => {
    const { fetch } = fakeFetch(async (call) => {
      call.respond();
      call.body.push(delta('Hel') + delta('lo') + reasoningDelta('hm') + reasoningDelta('m') + delta(', '));
      await flush();
      call.body.push(delta('wor') + delta('ld') + stop + DONE);
      call.body.end();
    });
    const events: StreamEvent[] = [];
    for await (const event of run(fetch)) events.push(event);
    expect(events.filter((e) => e.type === 'text-delta' || e.type === 'reasoning-delta')).toEqual([
      { type: 'text-delta', text: 'Hello' },
      { type: 'reasoning-delta', text: 'hmm' },
      { type: 'text-delta', text: ', ' },
      { type: 'text-delta', text: 'world' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', text: 'Hello, world', reasoning: 'hmm' });
  });

  it('return() between two events of one read cancels the body at once; the rest is never served', async () => {
    const { fetch, calls } = fakeFetch(
      (call) => {
        call.respond();
        call.body.push(delta('one ') + reasoningDelta('two ') + delta('three '));
      },
      { honourSignal: false },
    );
    const stream = run(fetch);
    expect((await stream.next()).value).toMatchObject({ type: 'start' });
    expect((await stream.next()).value).toEqual({ type: 'text-delta', text: 'one ' });
    expect(await stream.return(undefined)).toEqual({ done: true, value: undefined });
    expect(calls[0]!.body.cancelled).toBe(true);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('throw() mid-stream ends with one error event, cancels the body, and then the stream is done', async () => {
    const { fetch, calls } = fakeFetch(
      (call) => {
        call.respond();
        call.body.push(delta('one ') + reasoningDelta('two '));
      },
      { honourSignal: false },
    );
    const stream = run(fetch);
    await stream.next();
    expect((await stream.next()).value).toEqual({ type: 'text-delta', text: 'one ' });
    const thrown = await stream.throw(new Error('the consumer gave up'));
    expect(thrown.done).toBe(false);
    expect(thrown.value).toMatchObject({
      type: 'error',
      error: { kind: 'provider', provider: 'fake', phase: 'stream', message: 'the consumer gave up' },
    });
    expect(calls[0]!.body.cancelled).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('throw() before the first next() rejects with that error and sends nothing', async () => {
    const { fetch, calls } = fakeFetch();
    const stream = run(fetch);
    const error = new Error('never mind');
    await expect(stream.throw(error)).rejects.toBe(error);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(calls).toHaveLength(0);
  });

  it('is its own async iterator, so for-await can resume it after a break-free partial read', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('x') + reasoningDelta('r') + delta('y') + stop + DONE);
      call.body.end();
    });
    const stream = run(fetch);
    expect(stream[Symbol.asyncIterator]()).toBe(stream);
    await stream.next();
    const rest: string[] = [];
    for await (const event of stream) rest.push('text' in event ? event.text : event.type);
    expect(rest).toEqual(['x', 'r', 'y', 'xy']);
  });
});
