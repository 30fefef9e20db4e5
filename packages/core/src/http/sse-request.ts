/**
 * The streaming machine every provider uses, in named parts: this file is its face (what a
 * provider writes: {@link HttpModelSpec}, a mapper, a sink); `call.ts` runs one call and its
 * retries, `attempt.ts` one HTTP request, `redirects.ts` keeps it on its origin, `timers.ts` holds
 * the four timeouts, `body-reader.ts` turns the body into events (with `eventsource-parser`),
 * `error-body.ts` reads error bodies, `terminal.ts` builds the one terminal event, and
 * `one-by-one.ts` hands the events out.
 */
import type { HttpFailure } from '../errors/http.js';
import type { TrialogueError } from '../errors/trialogue-error.js';
import { type ChatModel, defineChatModel } from '../models/chat-model.js';
import type { ChatRequest } from '../request/types.js';
import type { FinishReason, StreamEvent } from '../stream/events.js';
import type { Usage } from '../usage/usage.js';
import { streamCall } from './call.js';
import { oneByOne } from './one-by-one.js';

export { backoffDelay } from './call.js';
export { oneByOne } from './one-by-one.js';
export { sleep } from './timers.js';
export { toTrialogueError } from './to-trialogue-error.js';

/** One server-sent event as a provider mapper sees it (as `eventsource-parser` reports it). */
export interface SseMessage {
  /** The `event:` field, when the server sent one. */
  event?: string | undefined;
  /** The `data:` field (several `data:` lines joined by `\n`). */
  data: string;
  /** The `id:` field of this event, when the server sent one. */
  id?: string | undefined;
}

/**
 * What a provider's mapper writes to. Plain method calls on the hot path: no validation, no
 * intermediate streams.
 */
export interface StreamSink {
  text(delta: string): void;
  reasoning(delta: string): void;
  /** Normalised usage; the last call wins. */
  usage(usage: Usage): void;
  /** Records why the answer ended. The stream still reads on (usage often follows). */
  finish(reason: FinishReason, providerReason?: string): void;
  /** An error reported inside the stream after HTTP 200. Ends the stream. */
  fail(error: TrialogueError): void;
  /** The provider's explicit end marker (`[DONE]`, `message_stop`). Ends the stream. */
  done(): void;
}

/** Maps one provider's server-sent events onto the sink. One mapper per attempt. */
export interface StreamMapper {
  onMessage(message: SseMessage, sink: StreamSink): void;
  /** The body ended without `done()`. Gemini streams end this way. */
  onEnd?(sink: StreamSink): void;
}

/** Everything {@link httpChatModel} needs to know about one provider's HTTP API. */
export interface HttpModelSpec {
  provider: string;
  modelId: string;
  fetch?: typeof fetch;
  /** Builds the HTTP request for a validated chat request. Called once per attempt. */
  prepare(request: ChatRequest): { url: string; init: RequestInit };
  createMapper(request: ChatRequest): StreamMapper;
  /** Maps a non-2xx response; default {@link errorFromHttp}. */
  mapHttpError?(failure: HttpFailure): TrialogueError;
  /** Response header holding the provider's request id. */
  requestIdHeader?: string;
}

/**
 * Makes a {@link ChatModel} that talks to an HTTP server-sent-events API. This is the one streaming
 * machine every provider uses: validation, fetch, SSE parsing, retries before the first token,
 * the four timeouts, abort, and exactly one terminal event.
 *
 * @example
 * ```ts
 * const model = httpChatModel({
 *   provider: 'my-llm',
 *   modelId: 'small',
 *   prepare: (request) => ({
 *     url: 'https://llm.example/v1/chat/completions',
 *     init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'small', stream: true, messages: request.messages }) },
 *   }),
 *   createMapper: () => ({
 *     onMessage(message, sink) {
 *       if (message.data === '[DONE]') return sink.done();
 *       const choice = JSON.parse(message.data).choices?.[0];
 *       if (choice?.delta?.content) sink.text(choice.delta.content);
 *       if (choice?.finish_reason) sink.finish('stop', choice.finish_reason);
 *     },
 *   }),
 * });
 * const { text } = await model.generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function httpChatModel(spec: HttpModelSpec): ChatModel {
  return defineChatModel({
    provider: spec.provider,
    modelId: spec.modelId,
    stream: (request) => runHttpStream(spec, request),
  });
}

/**
 * The stream behind {@link httpChatModel}: one call, as events. Never throws; always ends with
 * exactly one `finish` or `error` event. Nothing happens before the first `next()`; `return()`
 * (a `break` out of `for await`) closes the connection at once. It behaves as an async generator,
 * but hands out the events of each network read without a generator step per token.
 *
 * @example
 * ```ts
 * for await (const event of runHttpStream(spec, { messages, timeouts: { idleMs: 30_000 } })) {
 *   if (event.type === 'retry') console.warn(`retrying in ${event.delayMs} ms: ${event.error.message}`);
 * }
 * ```
 */
export function runHttpStream(spec: HttpModelSpec, request: ChatRequest): AsyncGenerator<StreamEvent, void> {
  return oneByOne(streamCall(spec, request));
}
