import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpChatModel, type StreamEvent, TrialogueError } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import {
  collect,
  consume,
  DONE,
  delta,
  errorOf,
  fakeFetch,
  fakeSpec,
  fixturesDir,
  flush,
  hello,
  reasoningDelta,
  run,
  stop,
  terminalOf,
  usageChunk,
} from './support/fake-fetch.js';

const recorded = readFileSync(
  join(fixturesDir, 'provider-streams/openai-chat/openai-text.chunks.txt'),
  'utf8',
)
  .split('\n')
  .filter(Boolean);

const texts = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));

describe('runHttpStream: the happy path', () => {
  it('streams a recorded OpenAI stream into deltas, usage and one finish with the full text', async () => {
    const expected = recorded.map((line) => JSON.parse(line).choices?.[0]?.delta?.content ?? '').join('');
    const { fetch, calls } = fakeFetch((call) => {
      call.respond(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_123' });
      for (const line of recorded) call.body.push(`data: ${line}\n\n`);
      call.body.push(DONE).end();
    });

    const events = await collect(run(fetch));

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://api.fake.test/v1/chat/completions');
    expect(events[0]).toEqual({
      type: 'start',
      provider: 'fake',
      modelId: 'fake-model',
      requestId: 'req_123',
    });
    expect(texts(events).join('')).toBe(expected);
    expect(expected.length).toBeGreaterThan(20);
    const finish = terminalOf(events);
    expect(finish).toMatchObject({ type: 'finish', reason: 'stop', providerReason: 'stop', text: expected });
    expect(finish.usage?.inputTokens).toBeGreaterThan(0);
    expect(finish.timings.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  });

  it('reassembles events and multi-byte characters split across arbitrary chunk boundaries', async () => {
    const wire = `${reasoningDelta('thinking…')}${delta('Grüße ')}${delta('🌍!')}${stop}${usageChunk(5, 3)}${DONE}`;
    const bytes = new TextEncoder().encode(wire);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // 3-byte slices cut through UTF-8 sequences and SSE lines alike.
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    const fetch = (async () => new Response(body, { status: 200 })) as typeof globalThis.fetch;

    const events = await collect(run(fetch));

    expect(texts(events).join('')).toBe('Grüße 🌍!');
    expect(events.filter((e) => e.type === 'reasoning-delta')).toEqual([
      { type: 'reasoning-delta', text: 'thinking…' },
    ]);
    expect(events.filter((e) => e.type === 'usage')).toHaveLength(1);
    expect(terminalOf(events)).toMatchObject({
      type: 'finish',
      reason: 'stop',
      text: 'Grüße 🌍!',
      reasoning: 'thinking…',
      usage: { inputTokens: 5, outputTokens: 3 },
    });
  });

  it('reads on after finish_reason so usage that follows it is kept', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('Hi')).push(stop).push(usageChunk(10, 1)).push(DONE).end();
    });
    const finish = terminalOf(await collect(run(fetch)));
    expect(finish).toMatchObject({
      type: 'finish',
      usage: { inputTokens: 10, outputTokens: 1, totalTokens: 11 },
    });
  });

  it('ends a body that closes without [DONE] but after a finish reason (Gemini-style) with finish', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('Done.')).push(stop).end();
    });
    expect(terminalOf(await collect(run(fetch)))).toMatchObject({ type: 'finish', text: 'Done.' });
  });

  it('a cut after the finish reason (before usage and [DONE]) still finishes: the answer is complete', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('All')).push(delta(' here.')).push(stop);
      setTimeout(() => call.body.cut(), 0);
    });
    const events = await collect(run(fetch));
    expect(terminalOf(events)).toMatchObject({ type: 'finish', reason: 'stop', text: 'All here.' });
    expect(calls).toHaveLength(1);
  });

  it('lets a mapper finish the stream in onEnd', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('tail')).end();
    });
    const events = await collect(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage: (m, sink) => sink.text(JSON.parse(m.data).choices[0].delta.content),
          onEnd: (sink) => sink.finish('length', 'MAX_TOKENS'),
        }),
      }),
    );
    expect(terminalOf(events)).toMatchObject({
      type: 'finish',
      reason: 'length',
      providerReason: 'MAX_TOKENS',
      text: 'tail',
    });
  });

  it('httpChatModel().generate() collects the same stream', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('Hello')).push(delta(' there')).push(stop).push(DONE).end();
    });
    const model = httpChatModel(fakeSpec(fetch));
    expect(model.provider).toBe('fake');
    const result = await model.generate(hello());
    expect(result.text).toBe('Hello there');
    expect(result.finishReason).toBe('stop');
  });
});

describe('runHttpStream: exactly one terminal event, always last, never a throw', () => {
  it('a body cut mid-stream ends with a network error carrying the partial text, fetched once', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('Half an ')).push(delta('answer'));
      setTimeout(() => call.body.cut(), 0);
    });
    const events = await collect(run(fetch));
    const error = errorOf(events);
    expect(error.error.kind).toBe('network');
    expect(error.error.phase).toBe('stream');
    expect(error.error.message).toMatch(/broke mid-stream: terminated/);
    expect(error.text).toBe('Half an answer');
    expect(calls).toHaveLength(1);
  });

  it('a malformed JSON line ends with a parse error, keeping the text before it', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body
        .push(delta('Good '))
        .push('data: {"choices": [{"delta": {"content": "bro\n\n')
        .push(delta('never seen'))
        .end();
    });
    const events = await collect(run(fetch));
    const error = errorOf(events);
    expect(error.error).toMatchObject({ kind: 'parse', phase: 'stream', retryable: false, provider: 'fake' });
    expect(error.error.message).toMatch(/fake sent a stream event that could not be read/);
    expect(error.text).toBe('Good ');
    expect(texts(events)).toEqual(['Good ']);
  });

  it('an empty 200 body ends with an incomplete-stream network error after its retries', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body.end();
    });
    const events = await collect(
      run(fetch, hello({ retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 } })),
    );
    const error = errorOf(events);
    expect(error.error).toMatchObject({ kind: 'network', code: 'incomplete-stream' });
    expect(error.text).toBe('');
    expect(calls).toHaveLength(2);
  });

  it('a mapper that throws in onMessage ends with a parse error, not a throw', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('a')).push(delta('b')).end();
    });
    let seen = 0;
    const events = await collect(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage(message, sink) {
            if (++seen === 2) throw new RangeError('mapper bug');
            sink.text(JSON.parse(message.data).choices[0].delta.content);
          },
        }),
      }),
    );
    const error = errorOf(events);
    expect(error.error.kind).toBe('parse');
    expect(error.error.message).toContain('mapper bug');
    expect(error.text).toBe('a');
  });

  it('a mapper that throws in onEnd ends with a parse error', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('x')).end();
    });
    const events = await collect(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage: (m, sink) => sink.text(JSON.parse(m.data).choices[0].delta.content),
          onEnd: () => {
            throw new Error('onEnd bug');
          },
        }),
      }),
    );
    expect(errorOf(events)).toMatchObject({ text: 'x', error: { kind: 'parse' } });
  });

  it.each([
    [
      'prepare',
      {
        prepare: () => {
          throw new Error('bad option');
        },
      },
    ],
    [
      'createMapper',
      {
        createMapper: () => {
          throw new Error('bad mapper');
        },
      },
    ],
    [
      'mapHttpError',
      {
        mapHttpError: () => {
          throw new Error('bad error mapping');
        },
      },
    ],
  ])('a provider whose %s throws still ends with one error event, not retried', async (name, overrides) => {
    const { fetch, calls } = fakeFetch((call) => {
      if (name === 'mapHttpError') return call.reply(500, { error: { message: 'boom' } });
      call.respond();
      call.body.push(delta('never read')).end();
    });
    const events = await collect(
      run(fetch, hello({ retry: { initialDelayMs: 0, maxDelayMs: 0 } }), overrides),
    );
    const error = errorOf(events);
    expect(error.error).toBeInstanceOf(TrialogueError);
    expect(error.error).toMatchObject({ kind: 'provider', retryable: false });
    expect(error.error.message).toMatch(/^bad /);
    expect(calls.length).toBeLessThanOrEqual(1);
    expect(events.some((e) => e.type === 'retry')).toBe(false);
  });

  it('a stream error event after HTTP 200 and after a token ends with that error and the partial text', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond();
      call.body
        .push(delta('Par'))
        .push('data: {"error":{"type":"overloaded_error","message":"Overloaded"}}\n\n')
        .end();
    });
    const events = await collect(run(fetch));
    expect(errorOf(events)).toMatchObject({ text: 'Par', error: { kind: 'overloaded', phase: 'stream' } });
    expect(calls).toHaveLength(1);
  });

  it('a consumer that breaks out of for-await cancels the body and aborts the fetch', async () => {
    const { fetch, calls } = fakeFetch(
      (call) => {
        call.respond();
        call.body.push(delta('one ')).push(delta('two '));
      },
      { honourSignal: false },
    );
    const seen: StreamEvent[] = [];
    for await (const event of run(fetch)) {
      seen.push(event);
      if (event.type === 'text-delta') break;
    }
    await flush();
    expect(seen.map((e) => e.type)).toEqual(['start', 'text-delta']);
    expect(calls[0]!.body.cancelled).toBe(true);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('an invalid request ends with one invalid-request error and no fetch', async () => {
    const { fetch, calls } = fakeFetch();
    const events = await collect(run(fetch, { messages: [] }));
    expect(events).toHaveLength(1);
    expect(errorOf(events).error).toMatchObject({
      kind: 'invalid-request',
      provider: 'fake',
      phase: 'request',
    });
    expect(calls).toHaveLength(0);
  });

  it('keeps deltas in order while the body trickles in', async () => {
    const { fetch, calls } = fakeFetch((call) => call.respond());
    const { events, done } = consume(run(fetch));
    const call = await fetchCall(calls);
    call.body.push(delta('a'));
    await flush();
    expect(texts(events)).toEqual(['a']);
    call.body.push(delta('b')).push(': keep-alive comment\n\n').push(delta('c'));
    await flush();
    expect(texts(events)).toEqual(['a', 'b', 'c']);
    call.body.push(stop).push(DONE);
    await done;
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'abc' });
  });
});

async function fetchCall<T>(calls: T[]): Promise<T> {
  for (let i = 0; i < 50 && calls.length === 0; i++) await flush();
  return calls[0]!;
}
