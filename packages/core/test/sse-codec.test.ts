import {
  decodeEventStream,
  encodeEvent,
  encodeEventStream,
  makeUsage,
  type StreamEvent,
  TrialogueError,
} from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { CANARY } from './support/canary.js';

const rateLimit = new TrialogueError({
  kind: 'rate-limit',
  provider: 'openai',
  status: 429,
  retryAfterMs: 1200,
  requestId: 'req_1',
  providerCode: 'rate_limit_exceeded',
  rateLimit: { remainingRequests: 0, resetRequestsMs: 1200 },
  message: 'openai returned HTTP 429: Rate limit reached.',
});
const usage = makeUsage({ inputTokens: 40, outputTokens: 25, reasoningTokens: 10, cachedInputTokens: 8 });

/** A full stream with every kind of event, ending in `last`. */
const fullStream = (last: StreamEvent): StreamEvent[] => [
  { type: 'start', provider: 'openai', modelId: 'gpt-4.1-mini' },
  { type: 'retry', attempt: 2, delayMs: 1200, error: rateLimit },
  { type: 'start', provider: 'openai', modelId: 'gpt-4.1-mini', requestId: 'req_2' },
  { type: 'reasoning-delta', text: 'Weighing "tabs"\nagainst spaces… 🤔' },
  { type: 'text-delta', text: 'Spaces.\n\n' },
  { type: 'text-delta', text: 'data: not an event\n\nevent: fake\n' },
  { type: 'usage', usage },
  last,
];
const finish: StreamEvent = {
  type: 'finish',
  reason: 'stop',
  providerReason: 'stop',
  text: 'Spaces.\n\ndata: not an event\n\nevent: fake\n',
  reasoning: 'Weighing "tabs"\nagainst spaces… 🤔',
  usage,
  timings: { totalMs: 950, timeToFirstTokenMs: 310 },
};
const failure: StreamEvent = {
  type: 'error',
  error: new TrialogueError({
    kind: 'stalled',
    provider: 'openai',
    phase: 'stream',
    code: 'idle-timeout',
    message: 'openai went silent.',
  }),
  text: 'Spaces.\n\ndata: not an event\n\nevent: fake\n',
  usage,
  timings: { totalMs: 5000, timeToFirstTokenMs: 310 },
};

async function* from<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
const collect = async <T>(stream: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of stream) out.push(item);
  return out;
};
/** The encoded bytes, cut into chunks of `size` bytes (splitting lines and UTF-8 characters). */
async function rechunk(body: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array[]> {
  const bytes = new Uint8Array(await new Response(body).arrayBuffer());
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
  return chunks;
}
/** Events compared as data, errors included (by their JSON). */
const asData = (events: StreamEvent[]) => JSON.parse(JSON.stringify(events));

describe('SSE codec', () => {
  it('encodes one event as an SSE message with a one-line JSON data field', () => {
    expect(encodeEvent({ type: 'text-delta', text: 'a\nb' })).toBe(
      'event: text-delta\ndata: {"type":"text-delta","text":"a\\nb"}\n\n',
    );
    const encoded = encodeEvent(failure);
    expect(encoded.startsWith('event: error\ndata: {')).toBe(true);
    expect(encoded).toContain('"kind":"stalled"');
    expect(encoded).toContain('"name":"TrialogueError"');
  });

  it('round-trips a full stream (retry, reasoning, usage, finish) to equal events', async () => {
    const events = fullStream(finish);
    const decoded = await collect(decodeEventStream(encodeEventStream(from(events))));
    expect(asData(decoded)).toEqual(asData(events));
    expect(decoded).toEqual(events);
    const retry = decoded[1] as { error: TrialogueError };
    expect(retry.error).toBeInstanceOf(TrialogueError);
    expect(retry.error).toMatchObject({
      kind: 'rate-limit',
      status: 429,
      retryAfterMs: 1200,
      retryable: true,
      rateLimit: { remainingRequests: 0 },
    });
  });

  it('round-trips a stream that ends in an error, reviving a TrialogueError', async () => {
    const events = fullStream(failure);
    const decoded = await collect(decodeEventStream(encodeEventStream(from(events))));
    expect(asData(decoded)).toEqual(asData(events));
    const last = decoded.at(-1) as { error: TrialogueError };
    expect(last.error).toBeInstanceOf(TrialogueError);
    expect(last.error).toMatchObject({
      kind: 'stalled',
      code: 'idle-timeout',
      phase: 'stream',
      message: 'openai went silent.',
    });
  });

  it('decodes bodies cut at any byte, through a fetch Response, and from an async iterable', async () => {
    const events = fullStream(finish);
    for (const size of [1, 3, 7, 64]) {
      const chunks = await rechunk(encodeEventStream(from(events)), size);
      expect(asData(await collect(decodeEventStream(from(chunks))))).toEqual(asData(events));
    }
    const response = new Response(encodeEventStream(from(events)), {
      headers: { 'content-type': 'text/event-stream' },
    });
    expect(asData(await collect(decodeEventStream(response.body!)))).toEqual(asData(events));
  });

  it('relays a live model stream', async () => {
    const model = scriptedModel({
      provider: 'openai',
      modelId: 'gpt-4.1-mini',
      reply: { text: 'Relayed answer here.', reasoning: 'hmm' },
    });
    const direct = await collect(model.stream({ messages: [{ role: 'user', content: 'hi' }] }));
    const relayed = await collect(decodeEventStream(encodeEventStream(from(direct))));
    expect(relayed).toEqual(direct);
  });

  it('ends a stream cut before its terminal event with a network error keeping the text so far', async () => {
    const cut = fullStream(finish).slice(0, -1);
    const decoded = await collect(decodeEventStream(encodeEventStream(from(cut))));
    expect(asData(decoded.slice(0, -1))).toEqual(asData(cut));
    const last = decoded.at(-1)!;
    expect(last).toMatchObject({
      type: 'error',
      text: 'Spaces.\n\ndata: not an event\n\nevent: fake\n',
      reasoning: 'Weighing "tabs"\nagainst spaces… 🤔',
      usage,
    });
    expect((last as { error: TrialogueError }).error).toMatchObject({
      kind: 'network',
      code: 'incomplete-stream',
      provider: 'openai',
      phase: 'stream',
    });
  });

  it('ends with a network error when the body breaks, and a parse error on a bad data line', async () => {
    async function* breaking() {
      yield new TextEncoder().encode(encodeEvent({ type: 'text-delta', text: 'half' }));
      throw new Error('socket hang up');
    }
    const broken = await collect(decodeEventStream(breaking()));
    expect(broken.at(-1)).toMatchObject({ type: 'error', text: 'half' });
    expect((broken.at(-1) as { error: TrialogueError }).error.message).toContain('socket hang up');

    const garbage = new TextEncoder().encode(
      'event: text-delta\ndata: {"type":"text-delta","text":"ok"}\n\ndata: {oops\n\n',
    );
    const parsed = await collect(decodeEventStream(from([garbage])));
    expect(parsed.at(-1)).toMatchObject({ type: 'error', text: 'ok' });
    expect((parsed.at(-1) as { error: TrialogueError }).error.kind).toBe('parse');
  });

  it('skips event types it does not know and ignores anything after the terminal event', async () => {
    const body =
      'event: future\ndata: {"type":"future","x":1}\n\n' +
      encodeEvent({ type: 'text-delta', text: 'ok' }) +
      encodeEvent({ ...finish, text: 'ok' }) +
      encodeEvent({ type: 'text-delta', text: 'late' });
    const decoded = await collect(decodeEventStream(from([new TextEncoder().encode(body)])));
    expect(decoded.map((e) => e.type)).toEqual(['text-delta', 'finish']);
  });

  it('ends with an error event when the source throws, and never leaks a key', async () => {
    async function* throwing(): AsyncGenerator<StreamEvent> {
      yield { type: 'text-delta', text: 'so far' };
      throw new Error(`upstream failed with key ${CANARY}`);
    }
    const text = await new Response(encodeEventStream(throwing())).text();
    expect(text).not.toContain(CANARY);
    const decoded = await collect(decodeEventStream(from([new TextEncoder().encode(text)])));
    expect(decoded.at(-1)).toMatchObject({ type: 'error', text: 'so far' });
    expect((decoded.at(-1) as { error: TrialogueError }).error.message).toContain('[redacted]');
  });

  it('stops the source when the client cancels the body', async () => {
    let closed = false;
    async function* endless(): AsyncGenerator<StreamEvent> {
      try {
        for (;;) yield { type: 'text-delta', text: 'x' };
      } finally {
        closed = true;
      }
    }
    const reader = encodeEventStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    expect(closed).toBe(true);
  });

  it('cancels the body when the reader stops between two events of one chunk', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const events = ['a', 'b', 'c'].map((text) => encodeEvent({ type: 'text-delta', text }));
        controller.enqueue(new TextEncoder().encode(events.join('')));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    for await (const event of decodeEventStream(body)) {
      if (event.type === 'text-delta') seen.push(event.text);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['a', 'b']);
    expect(cancelled).toBe(true);
  });
});
