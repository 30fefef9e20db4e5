import { errorFromHttp, type HttpFailure } from '../errors/http.js';
import { describeError } from '../errors/redact.js';
import { TrialogueError } from '../errors/trialogue-error.js';
import { type ChatModel, defineChatModel } from '../models/chat-model.js';
import type { ChatRequest, RetryOptions } from '../request/types.js';
import { validateRequest } from '../request/validate.js';
import type { FinishReason, StreamEvent, Timings } from '../stream/events.js';
import { createSseParser } from '../stream/sse-parser.js';
import type { Usage } from '../usage/usage.js';
import type { SseMessage } from '../stream/sse-parser.js';
import { abortable, abortError } from './abortable.js';

export type { SseMessage } from '../stream/sse-parser.js';

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

const defaults: Required<RetryOptions> = {
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * The backoff before attempt `attempt + 1` (1-based `attempt` just failed), with jitter, honouring
 * retry-after; undefined when the server asks for a wait above `maxRetryAfterMs` (then no retry).
 *
 * @example
 * ```ts
 * const retry = { maxRetries: 2, initialDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };
 * backoffDelay(2, networkError, retry); // between 500 and 1000 ms
 * backoffDelay(1, rateLimitWithRetryAfter7s, retry); // 7000
 * ```
 */
export function backoffDelay(
  attempt: number,
  error: TrialogueError,
  retry: Required<RetryOptions>,
  random: () => number = Math.random,
): number | undefined {
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= retry.maxRetryAfterMs ? error.retryAfterMs : undefined;
  }
  const exponential = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1));
  // "Equal jitter": at least half the delay, so retries never stampede at zero.
  return Math.round(exponential / 2 + random() * (exponential / 2));
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
  return oneByOne(streamBatches(spec, request));
}

/**
 * Hands out the events of `batches` one at a time (for core's own streams; not exported from the
 * package): a buffered event costs one resolved promise,
 * and the generator only runs again once its last batch is used up (one generator hop per network
 * read, not per token). `return()` and `throw()` go straight to the generator, so stopping early
 * closes the attempt and its connection at once, exactly as the generator alone would.
 */
export function oneByOne(
  batches: AsyncGenerator<readonly StreamEvent[], void>,
): AsyncGenerator<StreamEvent, void> {
  let batch: readonly StreamEvent[] = [];
  let index = 0;
  // Bumped by return()/throw(): a batch still on its way then is not buffered.
  let epoch = 0;
  // next() calls not settled yet, the last of them, and how to count one off.
  let inFlight = 0;
  let last: Promise<IteratorResult<StreamEvent, void>> | undefined;
  const settled = () => {
    inFlight--;
  };
  // A batch the generator yielded: its first event now, the rest buffered.
  const serve = (step: IteratorResult<readonly StreamEvent[], void>): IteratorResult<StreamEvent, void> => {
    if (step.done) return step;
    batch = step.value;
    index = 1;
    return { value: step.value[0]!, done: false };
  };
  const take = (): Promise<IteratorResult<StreamEvent, void>> | IteratorResult<StreamEvent, void> => {
    if (index < batch.length) return { value: batch[index++]!, done: false };
    const at = epoch;
    return batches.next().then((step) =>
      // Stopped meanwhile: this pull still gets its event, later ones come from the generator.
      at !== epoch && !step.done ? { value: step.value[0]!, done: false } : serve(step),
    );
  };
  const drop = () => {
    epoch++;
    batch = [];
    index = 0;
  };
  const events: AsyncGenerator<StreamEvent, void> = {
    next() {
      if (inFlight === 0 && index < batch.length)
        return Promise.resolve({ value: batch[index++]!, done: false });
      // A pull is due, or one is under way: queue behind it so events keep their order.
      const result = inFlight === 0 ? Promise.resolve(take()) : last!.then(take, take);
      inFlight++;
      last = result;
      result.then(settled, settled);
      return result;
    },
    return(value) {
      drop();
      return batches.return(value).then(serve);
    },
    // Thrown in at the generator's yield: it still ends with one terminal event.
    throw(error) {
      drop();
      return batches.throw(error).then(serve);
    },
    [Symbol.asyncIterator]: () => events,
  };
  return events;
}

/** The call as batches of events (the events of one network read each); see {@link oneByOne}. */
async function* streamBatches(
  spec: HttpModelSpec,
  request: ChatRequest,
): AsyncGenerator<readonly StreamEvent[], void> {
  const startedAt = Date.now();
  const { provider, modelId } = spec;
  let text = '';
  let reasoning = '';
  let usage: Usage | undefined;
  let firstTokenAt: number | undefined;

  const timings = (): Timings => {
    const t: Timings = { totalMs: Date.now() - startedAt };
    if (firstTokenAt !== undefined) t.timeToFirstTokenMs = firstTokenAt - startedAt;
    return t;
  };
  // Set when the terminal event is built, so a late throw never adds a second one.
  let terminated = false;
  const failed = (error: TrialogueError): StreamEvent => {
    terminated = true;
    const event: StreamEvent = { type: 'error', error, text, timings: timings() };
    if (reasoning) event.reasoning = reasoning;
    if (usage) event.usage = usage;
    return event;
  };

  try {
    validateRequest(request, provider);
  } catch (error) {
    yield [failed(toTrialogueError(error, provider, 'request'))];
    return;
  }

  const retry = { ...defaults, ...stripUndefined(request.retry ?? {}) };
  const timeouts = request.timeouts ?? {};
  const fetchImpl = spec.fetch ?? globalThis.fetch;
  const mapHttpError = spec.mapHttpError ?? errorFromHttp;

  // One controller for the whole call: the caller's signal and the total timeout both end it.
  const call = new AbortController();
  const onCallerAbort = () =>
    call.abort(
      new TrialogueError({
        kind: 'aborted',
        provider,
        message: `The call to ${provider} was aborted.`,
        retryable: false,
      }),
    );
  if (request.signal?.aborted) onCallerAbort();
  else request.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const totalTimer =
    timeouts.totalMs !== undefined
      ? setTimeout(
          () =>
            call.abort(
              new TrialogueError({
                kind: 'timeout',
                provider,
                code: 'total-timeout',
                message: `${provider} did not finish within ${timeouts.totalMs} ms (total timeout).`,
              }),
            ),
          timeouts.totalMs,
        )
      : undefined;

  try {
    for (let attempt = 1; ; attempt++) {
      if (call.signal.aborted) {
        // Aborted before the attempt: no request goes out.
        yield [failed(abortError(call.signal, provider))];
        return;
      }
      // The attempt's batches (one per network read) pass through whole; a consumer that stops
      // early returns or throws into the attempt first, which closes it and its connection.
      const outcome = yield* attemptOnce();
      if (outcome === 'done') return;
      const error = outcome;
      const canRetry =
        error.retryable && firstTokenAt === undefined && attempt <= retry.maxRetries && !call.signal.aborted;
      const delayMs = canRetry ? backoffDelay(attempt, error, retry) : undefined;
      if (delayMs === undefined) {
        yield [failed(error)];
        return;
      }
      yield [{ type: 'retry', attempt: attempt + 1, delayMs, error }];
      await sleep(delayMs, call.signal);
    }
  } catch (error) {
    // A provider's prepare/createMapper/mapHttpError threw: still end with one terminal event.
    if (!terminated)
      yield [failed(toTrialogueError(error, provider, firstTokenAt === undefined ? 'request' : 'stream'))];
  } finally {
    if (totalTimer !== undefined) clearTimeout(totalTimer);
    request.signal?.removeEventListener('abort', onCallerAbort);
    if (!call.signal.aborted) call.abort();
  }

  /** Runs one attempt; yields its events; returns 'done' after a terminal event, or the error to retry on. */
  async function* attemptOnce(): AsyncGenerator<StreamEvent[], 'done' | TrialogueError> {
    const controller = new AbortController();
    const onCallAbort = () => controller.abort(call.signal.reason);
    if (call.signal.aborted) onCallAbort();
    else call.signal.addEventListener('abort', onCallAbort, { once: true });
    const armed: ReturnType<typeof setTimeout>[] = [];
    const arm = (ms: number | undefined, make: () => TrialogueError) => {
      if (ms === undefined) return undefined;
      const timer = setTimeout(() => controller.abort(make()), ms);
      armed.push(timer);
      return timer;
    };
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let body: ReadableStream<Uint8Array> | null = null;
    let phase: 'request' | 'stream' = 'request';
    // Whatever aborts the attempt (caller, timeout, consumer leaving) releases the connection at
    // once, even with a custom fetch that ignores its signal: the pending read ends, the body is
    // cancelled, and the wait for headers gives up (see abortable()).
    const onAttemptAbort = () => {
      if (reader) reader.cancel(controller.signal.reason).catch(noop);
      else if (body && !body.locked) body.cancel(controller.signal.reason).catch(noop);
    };
    controller.signal.addEventListener('abort', onAttemptAbort, { once: true });

    try {
      const firstByteTimer = arm(
        timeouts.firstByteMs,
        () =>
          new TrialogueError({
            kind: 'timeout',
            provider,
            code: 'first-byte-timeout',
            message: `${provider} sent no response within ${timeouts.firstByteMs} ms (first-byte timeout).`,
          }),
      );
      const firstTokenTimer = arm(
        timeouts.firstTokenMs,
        () =>
          new TrialogueError({
            kind: 'timeout',
            provider,
            code: 'first-token-timeout',
            phase,
            message: `${provider} sent no token within ${timeouts.firstTokenMs} ms (first-token timeout).`,
          }),
      );

      let prepared: { url: string; init: RequestInit };
      try {
        prepared = spec.prepare(request);
      } catch (error) {
        // A bug or a bad option on our side, not the network: never retried.
        throw toTrialogueError(error, provider, 'request');
      }
      let response: Response;
      try {
        response = await abortable(
          fetchImpl(prepared.url, { ...prepared.init, signal: controller.signal }),
          controller.signal,
        );
      } catch (error) {
        return failureOf(error, controller.signal, 'request');
      }
      if (firstByteTimer !== undefined) clearTimeout(firstByteTimer);
      body = response.body;
      if (controller.signal.aborted) onAttemptAbort();
      const requestId = (spec.requestIdHeader && response.headers.get(spec.requestIdHeader)) || undefined;

      if (!response.ok) {
        let bodyText = '';
        if (response.body) {
          // Read through our own reader, so an abort can cancel it (see onAttemptAbort).
          reader = response.body.getReader();
          const decoder = new TextDecoder();
          try {
            for (;;) {
              const chunk = await reader.read();
              if (chunk.done || controller.signal.aborted) break;
              bodyText += decoder.decode(chunk.value, streamDecode);
              if (bodyText.length > MAX_ERROR_BODY_CHARS) break;
            }
          } catch {
            // Unreadable: the status is enough to classify the error.
          }
          if (controller.signal.aborted) return failureOf(undefined, controller.signal, 'request', requestId);
        }
        let parsed: unknown;
        try {
          parsed = bodyText ? JSON.parse(bodyText) : undefined;
        } catch {
          parsed = undefined;
        }
        return mapHttpError({
          provider,
          status: response.status,
          headers: response.headers,
          bodyText,
          body: parsed,
          requestId,
        });
      }
      if (!response.body) {
        return new TrialogueError({
          kind: 'provider',
          provider,
          message: `${provider} answered with an empty body.`,
          requestId,
        });
      }

      yield [
        requestId ? { type: 'start', provider, modelId, requestId } : { type: 'start', provider, modelId },
      ];
      phase = 'stream';

      // The sink collects this chunk's events; they are yielded after each read.
      const pending: StreamEvent[] = [];
      let finishReason: FinishReason | undefined;
      let providerReason: string | undefined;
      let ended = false;
      let streamError: TrialogueError | undefined;
      const firstToken = () => {
        firstTokenAt = Date.now();
        if (firstTokenTimer !== undefined) clearTimeout(firstTokenTimer);
      };
      // Deltas of one kind that arrive in the same network read become one event: the caller sees
      // the same text at the same moment, with one event (and one render) instead of dozens.
      const append = (type: 'text-delta' | 'reasoning-delta', delta: string) => {
        const last = pending[pending.length - 1];
        if (last?.type === type) last.text += delta;
        else pending.push({ type, text: delta });
      };
      const sink: StreamSink = {
        text(delta) {
          if (!delta) return;
          if (firstTokenAt === undefined) firstToken();
          text += delta;
          append('text-delta', delta);
        },
        reasoning(delta) {
          if (!delta) return;
          if (firstTokenAt === undefined) firstToken();
          reasoning += delta;
          append('reasoning-delta', delta);
        },
        usage(next) {
          usage = next;
          pending.push({ type: 'usage', usage: next });
        },
        finish(reason, raw) {
          finishReason = reason;
          providerReason = raw;
        },
        fail(error) {
          streamError ??= error;
          ended = true;
        },
        done() {
          ended = true;
        },
      };
      const mapper = spec.createMapper(request);
      let parseError: TrialogueError | undefined;
      const unreadable = (error: unknown) =>
        new TrialogueError({
          kind: 'parse',
          provider,
          phase: 'stream',
          requestId,
          message: `${provider} sent a stream event that could not be read: ${describeError(error)}`,
          retryable: false,
        });
      const parser = createSseParser((message: SseMessage) => {
        if (ended || parseError) return;
        try {
          mapper.onMessage(message, sink);
        } catch (error) {
          parseError = unreadable(error);
        }
      });

      // Idle watchdog: re-armed lazily so the hot path only stores a timestamp. It measures how long
      // a read has been waiting, so a consumer that is slow to pull never looks like a silent server.
      let waitingSince = Date.now();
      let reading = false;
      const idleMs = timeouts.idleMs;
      let idleTimer: ReturnType<typeof setTimeout> | undefined;
      const idleError = () =>
        new TrialogueError({
          kind: 'stalled',
          provider,
          phase: 'stream',
          requestId,
          code: 'idle-timeout',
          message: `${provider} went silent for ${idleMs} ms mid-stream (idle timeout).`,
        });
      const watch = () => {
        const wait = reading ? waitingSince + idleMs! - Date.now() : idleMs!;
        if (wait <= 0) controller.abort(idleError());
        else idleTimer = setTimeout(watch, wait);
      };
      if (idleMs !== undefined) idleTimer = setTimeout(watch, idleMs);

      reader = response.body.getReader();
      const decoder = new TextDecoder();
      try {
        while (!ended && !parseError) {
          let chunk: ReadableStreamReadResult<Uint8Array>;
          waitingSince = Date.now();
          reading = true;
          try {
            chunk = await reader.read();
          } catch (error) {
            // Cut after the provider said why the answer ended (only usage or the end marker were
            // still to come): the answer is complete, so it finishes.
            if (finishReason !== undefined && !controller.signal.aborted) break;
            return failureOf(error, controller.signal, 'stream', requestId);
          }
          reading = false;
          if (chunk.done) {
            // A cancelled reader also reads as done: that is an abort, not the end of the answer.
            if (controller.signal.aborted)
              return failureOf(undefined, controller.signal, 'stream', requestId);
            parser.feed(decoder.decode());
            parser.end();
            if (!ended && !parseError && mapper.onEnd) {
              try {
                mapper.onEnd(sink);
              } catch (error) {
                parseError = unreadable(error);
              }
            }
            break;
          }
          parser.feed(decoder.decode(chunk.value, streamDecode));
          if (pending.length) {
            // The caller reads the whole batch before it resumes us, so one array serves every chunk.
            yield pending;
            pending.length = 0;
          }
        }
      } finally {
        if (idleTimer !== undefined) clearTimeout(idleTimer);
      }
      if (pending.length) {
        yield pending;
        pending.length = 0;
      }

      if (parseError) {
        yield [failed(parseError)];
        return 'done';
      }
      if (streamError) {
        const error = streamError.with({ phase: 'stream', requestId: streamError.requestId ?? requestId });
        // Errors sent after HTTP 200 but before any token are retried like HTTP errors.
        if (firstTokenAt === undefined) return error;
        yield [failed(error)];
        return 'done';
      }
      if (finishReason === undefined && !ended) {
        const incomplete = new TrialogueError({
          kind: 'network',
          provider,
          phase: 'stream',
          requestId,
          code: 'incomplete-stream',
          message: `The connection to ${provider} closed before the answer was complete.`,
          retryable: firstTokenAt === undefined,
        });
        // Nothing shown yet: retried like any network failure.
        if (firstTokenAt === undefined) return incomplete;
        yield [failed(incomplete)];
        return 'done';
      }
      terminated = true;
      const finish: StreamEvent = {
        type: 'finish',
        reason: finishReason ?? 'other',
        text,
        timings: timings(),
      };
      if (providerReason !== undefined) finish.providerReason = providerReason;
      if (reasoning) finish.reasoning = reasoning;
      if (usage) finish.usage = usage;
      yield [finish];
      return 'done';
    } finally {
      for (const timer of armed) clearTimeout(timer);
      call.signal.removeEventListener('abort', onCallAbort);
      controller.signal.removeEventListener('abort', onAttemptAbort);
      // Release the connection at once, whatever ended the attempt (including a consumer that
      // stopped iterating).
      if (reader) reader.cancel().catch(noop);
      else if (body && !body.locked) body.cancel().catch(noop);
      if (!controller.signal.aborted) controller.abort();
    }

    function failureOf(
      error: unknown,
      signal: AbortSignal,
      at: 'request' | 'stream',
      requestId?: string,
    ): TrialogueError {
      if (signal.aborted) return abortError(signal, provider).with({ phase: at, requestId });
      return new TrialogueError({
        kind: 'network',
        provider,
        phase: at,
        requestId,
        message:
          at === 'request'
            ? `Could not reach ${provider}: ${describeError(error)}. Check the network and the base URL.`
            : `The connection to ${provider} broke mid-stream: ${describeError(error)}.`,
        cause: error,
        retryable: firstTokenAt === undefined,
      });
    }
  }
}

const streamDecode: TextDecodeOptions = { stream: true };
/** Error bodies beyond this are cut (an HTML error page from a proxy can be large). */
const MAX_ERROR_BODY_CHARS = 64 * 1024;
const noop = () => {};

/**
 * Wraps anything thrown into a {@link TrialogueError} (kind `provider`, message redacted); a
 * TrialogueError passes through unchanged.
 *
 * @example
 * ```ts
 * toTrialogueError(new Error('boom'), 'openai').kind; // 'provider'
 * ```
 */
export function toTrialogueError(
  error: unknown,
  provider?: string,
  phase: 'request' | 'stream' = 'request',
): TrialogueError {
  if (TrialogueError.is(error)) return error as TrialogueError;
  return new TrialogueError({
    kind: 'provider',
    provider,
    phase,
    message: describeError(error),
    cause: error,
    retryable: false,
  });
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] !== undefined) out[key] = value[key];
  return out;
}

/**
 * Waits `ms`, or less when `signal` aborts; resolves false when aborted.
 *
 * @example
 * ```ts
 * if (!(await sleep(1_000, signal))) return; // aborted while waiting
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
