/**
 * A fake `fetch` whose responses the test drives chunk by chunk, and a tiny OpenAI-chat-like
 * mapper, so the streaming machine is tested without a real provider or a network.
 */
import { fileURLToPath } from 'node:url';
import {
  type ChatRequest,
  type HttpModelSpec,
  makeUsage,
  runHttpStream,
  type StreamEvent,
  type StreamMapper,
  TrialogueError,
} from '@trialogue/core';
import { afterEach, beforeEach, vi } from 'vitest';

export { CANARY } from './canary.js';

/** `<repoRoot>/fixtures/` (this file is `packages/core/test/support/`). */
export const fixturesDir = fileURLToPath(new URL('../../../../fixtures/', import.meta.url));

/** A response body the test feeds by hand. Records whether the reader cancelled it. */
export class ControlledBody {
  readonly stream: ReadableStream<Uint8Array>;
  cancelled = false;
  cancelReason: unknown;
  /** Set once the body was closed, cut or cancelled. */
  finished = false;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private readonly encoder = new TextEncoder();

  constructor() {
    this.stream = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.controller = controller;
      },
      cancel: (reason) => {
        this.cancelled = true;
        this.cancelReason = reason;
        this.finished = true;
      },
    });
  }

  /** Sends raw text (SSE lines, comments, anything). */
  push(text: string): this {
    if (!this.finished) this.controller.enqueue(this.encoder.encode(text));
    return this;
  }

  /** Ends the body cleanly. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.controller.close();
  }

  /** Cuts the connection, as undici does when the socket closes mid-body. */
  cut(error: unknown = new TypeError('terminated')): void {
    if (this.finished) return;
    this.finished = true;
    this.controller.error(error);
  }
}

/** One call the fake fetch received. Nothing is answered until the test (or the script) says so. */
export interface FakeCall {
  url: string;
  init: RequestInit;
  signal: AbortSignal;
  body: ControlledBody;
  /** Resolves the fetch with a streaming response over `body`. */
  respond(status?: number, headers?: Record<string, string>): void;
  /** Resolves the fetch with a complete (non-streaming) body. */
  reply(status: number, body: string | object, headers?: Record<string, string>): void;
  /** Rejects the fetch, as a DNS or connection failure does. */
  fail(error: unknown): void;
}

export interface FakeFetchOptions {
  /**
   * Like undici: an aborted signal rejects the pending fetch and errors the body. Default true.
   * False models a custom fetch that ignores its signal, to prove the machine does not need it.
   */
  honourSignal?: boolean;
}

/** A fake fetch; `script` answers each call (0-based index), or the test answers `calls[i]` later. */
export function fakeFetch(script?: (call: FakeCall, index: number) => void, options: FakeFetchOptions = {}) {
  const honourSignal = options.honourSignal ?? true;
  const calls: FakeCall[] = [];
  const waiters: (() => void)[] = [];

  const fetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? new AbortController().signal;
      const body = new ControlledBody();
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        fn();
      };
      const call: FakeCall = {
        url: String(input instanceof Request ? input.url : input),
        init,
        signal,
        body,
        respond: (status = 200, headers = { 'content-type': 'text/event-stream' }) =>
          settle(() => resolve(new Response(body.stream, { status, headers }))),
        reply: (status, content, headers = { 'content-type': 'application/json' }) =>
          settle(() =>
            resolve(
              new Response(typeof content === 'string' ? content : JSON.stringify(content), {
                status,
                headers,
              }),
            ),
          ),
        fail: (error) => settle(() => reject(error)),
      };
      if (honourSignal) {
        const onAbort = () => {
          const reason = signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
          call.fail(reason);
          body.cut(reason);
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
      calls.push(call);
      for (const wake of waiters.splice(0)) wake();
      script?.(call, calls.length - 1);
    });

  return {
    fetch: fetch as typeof globalThis.fetch,
    calls,
    /** Resolves when at least `count` calls were made. */
    async waitForCalls(count: number): Promise<FakeCall> {
      while (calls.length < count) await new Promise<void>((wake) => waiters.push(wake));
      return calls[count - 1]!;
    },
  };
}

// --- SSE text in the OpenAI Chat Completions shape ---

export const sse = (data: string) => `data: ${data}\n\n`;
export const delta = (content: string) =>
  sse(JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] }));
export const reasoningDelta = (reasoning: string) =>
  sse(JSON.stringify({ choices: [{ index: 0, delta: { reasoning }, finish_reason: null }] }));
export const stop = sse(JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
export const usageChunk = (input: number, output: number) =>
  sse(JSON.stringify({ choices: [], usage: { prompt_tokens: input, completion_tokens: output } }));
export const DONE = 'data: [DONE]\n\n';
/** An error sent as an event after HTTP 200 (`type` picks the kind, like Anthropic's `overloaded_error`). */
export const errorEvent = (type: string, message: string) =>
  sse(JSON.stringify({ error: { type, message } }));

/** A tiny OpenAI-chat-like mapper: deltas, finish_reason, usage, `[DONE]`, in-stream errors. */
export function chatMapper(): StreamMapper {
  return {
    onMessage(message, sink) {
      if (message.data === '[DONE]') return sink.done();
      if (message.event === 'ping') return;
      const json = JSON.parse(message.data);
      if (json.error) {
        const type = String(json.error.type);
        const kind =
          type === 'insufficient_quota' ? 'quota' : type === 'overloaded_error' ? 'overloaded' : 'provider';
        return sink.fail(
          new TrialogueError({
            kind,
            provider: 'fake',
            providerCode: type,
            message: `fake: ${json.error.message}`,
          }),
        );
      }
      const choice = json.choices?.[0];
      if (choice?.delta?.reasoning) sink.reasoning(choice.delta.reasoning);
      if (choice?.delta?.content) sink.text(choice.delta.content);
      if (choice?.finish_reason) sink.finish('stop', choice.finish_reason);
      if (json.usage)
        sink.usage(
          makeUsage({ inputTokens: json.usage.prompt_tokens, outputTokens: json.usage.completion_tokens }),
        );
    },
  };
}

export const URL_BASE = 'https://api.fake.test/v1/chat/completions';

/** A provider spec over the given fetch with {@link chatMapper}. */
export function fakeSpec(
  fetch: typeof globalThis.fetch,
  overrides: Partial<HttpModelSpec> = {},
): HttpModelSpec {
  return {
    provider: 'fake',
    modelId: 'fake-model',
    fetch,
    prepare: (request) => ({
      url: URL_BASE,
      init: {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ messages: request.messages }),
      },
    }),
    createMapper: () => chatMapper(),
    requestIdHeader: 'x-request-id',
    ...overrides,
  };
}

export const hello = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [{ role: 'user', content: 'Hello' }],
  ...extra,
});

/** Collects every event of a stream. */
export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/**
 * Starts consuming a stream in the background, so a test can drive the fake body and fake timers
 * while it runs. `events` fills up as they arrive.
 */
export function consume(stream: AsyncIterable<StreamEvent>) {
  const events: StreamEvent[] = [];
  const done = (async () => {
    for await (const event of stream) events.push(event);
    return events;
  })();
  return { events, done };
}

/** Runs the machine with {@link fakeSpec}. */
export function run(
  fetch: typeof globalThis.fetch,
  request: ChatRequest = hello(),
  overrides: Partial<HttpModelSpec> = {},
) {
  return runHttpStream(fakeSpec(fetch, overrides), request);
}

/** The one terminal event, asserting it is last and alone. */
export function terminalOf(events: StreamEvent[]) {
  const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
  if (terminals.length !== 1) throw new Error(`expected exactly one terminal event, got ${terminals.length}`);
  if (events.at(-1) !== terminals[0]) throw new Error('the terminal event is not last');
  return terminals[0]!;
}

/** The terminal `error` event, asserting there is exactly one and it is last. */
export function errorOf(events: StreamEvent[]) {
  const terminal = terminalOf(events);
  if (terminal.type !== 'error') throw new Error(`expected an error, got finish (${terminal.reason})`);
  return terminal;
}

/** Lets pending promise callbacks (stream reads, parsing) run. */
export async function flush(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => queueMicrotask(resolve));
}

/** Fake timers (and `Date`) for every test of the calling file. */
export function useFakeTimersPerTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
