import { type StreamEvent, TrialogueError } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { collect, errorOf, hello, terminalOf } from './support/fake-fetch.js';

const texts = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));

describe('scriptedModel', () => {
  it('streams a fixed reply word by word and finishes with the full text and estimated usage', async () => {
    const model = scriptedModel({ reply: 'Hello there, friend.' });
    const events = await collect(model.stream(hello()));
    expect(events[0]).toEqual({ type: 'start', provider: 'scripted', modelId: 'scripted' });
    expect(texts(events)).toEqual(['Hello ', 'there, ', 'friend.']);
    expect(terminalOf(events)).toMatchObject({
      type: 'finish',
      reason: 'stop',
      text: 'Hello there, friend.',
      usage: { outputTokens: 5 },
    });
  });

  it('uses explicit chunks, chunkSize, reasoning, usage and a finish reason', async () => {
    const chunks = await collect(scriptedModel({ reply: { chunks: ['a', 'bc', 'd'] } }).stream(hello()));
    expect(texts(chunks)).toEqual(['a', 'bc', 'd']);
    const sized = await collect(scriptedModel({ reply: { text: 'abcdefg', chunkSize: 3 } }).stream(hello()));
    expect(texts(sized)).toEqual(['abc', 'def', 'g']);
    const rich = await collect(
      scriptedModel({
        reply: {
          text: 'ok',
          reasoning: 'hmm',
          usage: { inputTokens: 1, outputTokens: 2, totalTokens: 3 },
          finishReason: 'length',
        },
      }).stream(hello()),
    );
    expect(rich.map((e) => e.type)).toEqual(['start', 'reasoning-delta', 'text-delta', 'usage', 'finish']);
    expect(terminalOf(rich)).toMatchObject({ reason: 'length', reasoning: 'hmm', usage: { totalTokens: 3 } });
  });

  it('records every request and computes replies from the request and call index', async () => {
    const model = scriptedModel({
      modelId: 'echo',
      reply: (req, call) => `#${call}: ${req.messages.at(-1)?.content}`,
    });
    expect((await model.generate(hello())).text).toBe('#0: Hello');
    expect((await model.generate({ messages: [{ role: 'user', content: 'again' }] })).text).toBe('#1: again');
    expect(model.calls.map((c) => c.messages.at(-1)?.content)).toEqual(['Hello', 'again']);
  });

  it('fails after N chunks, keeping the partial text', async () => {
    const model = scriptedModel({
      provider: 'anthropic',
      reply: {
        chunks: ['one ', 'two ', 'three'],
        fail: { afterChunks: 2, error: { kind: 'overloaded', message: 'Overloaded' } },
      },
    });
    const events = await collect(model.stream(hello()));
    const error = errorOf(events);
    expect(error.text).toBe('one two ');
    expect(error.error).toBeInstanceOf(TrialogueError);
    expect(error.error).toMatchObject({ kind: 'overloaded', provider: 'anthropic', phase: 'stream' });
    const rejected = await model.generate(hello()).catch((e) => e);
    expect(rejected).toMatchObject({ kind: 'overloaded', partialText: 'one two ' });
  });

  it('fails before any token with afterChunks 0', async () => {
    const error = errorOf(
      await collect(
        scriptedModel({
          reply: { text: 'never', fail: { afterChunks: 0, error: { kind: 'rate-limit', message: 'slow' } } },
        }).stream(hello()),
      ),
    );
    expect(error).toMatchObject({ text: '', error: { kind: 'rate-limit', phase: 'request' } });
  });

  it('honours abort mid-stream, keeping the partial text', async () => {
    const controller = new AbortController();
    const model = scriptedModel({ reply: { chunks: ['a', 'b', 'c', 'd'], delayMs: 5 } });
    const events: StreamEvent[] = [];
    for await (const event of model.stream(hello({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'text-delta' && event.text === 'b') controller.abort();
    }
    expect(errorOf(events)).toMatchObject({ text: 'ab', error: { kind: 'aborted', phase: 'stream' } });
  });

  it('honours an abort before the start and during the first-token delay', async () => {
    const before = new AbortController();
    before.abort();
    expect(
      errorOf(await collect(scriptedModel({ reply: 'x' }).stream(hello({ signal: before.signal })))).error
        .kind,
    ).toBe('aborted');
    const during = new AbortController();
    const slow = scriptedModel({ reply: { text: 'x', firstTokenDelayMs: 60_000 } });
    const pending = collect(slow.stream(hello({ signal: during.signal })));
    setTimeout(() => during.abort(), 5);
    expect(errorOf(await pending)).toMatchObject({ text: '', error: { kind: 'aborted' } });
  });

  it('validates requests like a real provider', async () => {
    const model = scriptedModel({ reply: 'x' });
    const events = await collect(model.stream({ messages: [] }));
    expect(errorOf(events).error).toMatchObject({ kind: 'invalid-request', provider: 'scripted' });
    expect(model.calls).toHaveLength(0);
  });
});
