import { invalidRequest, TrialogueError } from '../errors/trialogue-error.js';
import { toTrialogueError } from '../http/sse-request.js';
import type { ChatModel } from '../models/chat-model.js';
import type { ChatRequest } from '../request/types.js';
import type { StreamEvent, TerminalEvent } from '../stream/events.js';
import { isStreamEventType, StreamProgress } from '../stream/progress.js';

/** The models of a fan-out: by key, or as a list of `{ key, model }` (for repeated models). */
export type FanOutModels<K extends string = string> =
  | Record<K, ChatModel>
  | ReadonlyArray<{ key: K; model: ChatModel }>;

/** One event of one stream, tagged with the stream's key. */
export interface FanOutEvent<K extends string = string> {
  key: K;
  event: StreamEvent;
}

/** Options of {@link fanOut}. */
export interface FanOutOptions<K extends string = string> {
  /**
   * Adjusts the request per stream (per-model `providerOptions`, a persona's system prompt). Its
   * `signal` is replaced by the stream's own, which follows the fan-out request's signal.
   */
  requestFor?: (key: K, model: ChatModel) => ChatRequest;
}

/**
 * Several streams running at once. Iterate it (once) for `{ key, event }` in arrival order; await
 * `results` for every key's terminal event, whether or not you iterate.
 */
export interface FanOut<K extends string = string> extends AsyncIterable<FanOutEvent<K>> {
  /** The keys, in the order given. */
  readonly keys: readonly K[];
  /**
   * Stops one stream, or every stream still running. A stopped stream ends at once with its own
   * `aborted` error event keeping its partial text; the others go on. Stopping a finished stream does nothing.
   */
  stop(key?: K): void;
  /** Every key's terminal event (`finish` or `error`); never rejects. */
  readonly results: Promise<Record<K, TerminalEvent>>;
}

/**
 * Sends one request to several models at once.
 *
 * Every stream gets its own AbortController, linked to `request.signal`. One stream's failure never
 * disturbs the others, even a model whose `stream()` throws, ends without a terminal event, or
 * yields something that is not an event: that stream alone ends with an `error` event. Every key
 * gets exactly one terminal event. Leaving the loop early (`break`) stops the streams still running.
 *
 * @example
 * ```ts
 * const run = fanOut({ gpt: openaiModel, claude: anthropicModel }, { messages: [{ role: 'user', content: 'Hi' }] });
 * for await (const { key, event } of run) if (event.type === 'text-delta') show(key, event.text);
 * const results = await run.results; // { gpt: FinishEvent | ErrorEvent, claude: ... }
 * ```
 */
export function fanOut<K extends string>(
  models: FanOutModels<K>,
  request: ChatRequest,
  options: FanOutOptions<K> = {},
): FanOut<K> {
  const entries: Array<{ key: K; model: ChatModel }> = Array.isArray(models)
    ? [...(models as ReadonlyArray<{ key: K; model: ChatModel }>)]
    : Object.entries(models as Record<K, ChatModel>).map(([key, model]) => ({
        key: key as K,
        model: model as ChatModel,
      }));
  const keys = entries.map((e) => e.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate !== undefined) {
    throw invalidRequest(
      `fanOut got the key "${duplicate}" twice. Give each stream its own key.`,
      'duplicate-key',
    );
  }

  // Arrival-order queue shared by every stream, drained by the one consumer.
  const queue: FanOutEvent<K>[] = [];
  let head = 0;
  let wake: (() => void) | undefined;
  let running = entries.length;
  const terminals = {} as Record<K, TerminalEvent>;
  let settle!: (value: Record<K, TerminalEvent>) => void;
  const results = new Promise<Record<K, TerminalEvent>>((resolve) => {
    settle = resolve;
  });

  const push = (item: FanOutEvent<K>) => {
    queue.push(item);
    wake?.();
  };
  const streams = new Map(entries.map(({ key, model }) => [key, startStream(key, model)]));

  function startStream(key: K, model: ChatModel) {
    const controller = new AbortController();
    const progress = new StreamProgress();
    let iterator: AsyncIterator<StreamEvent> | undefined;
    let ended = false;

    const end = (terminal: TerminalEvent) => {
      if (ended) return;
      ended = true;
      terminals[key] = terminal;
      push({ key, event: terminal });
      running--;
      if (running === 0) {
        request.signal?.removeEventListener('abort', stopAll);
        settle(orderedResults());
      }
      // Let the model release its connection; a model that ignores this is simply left behind.
      if (iterator?.return)
        Promise.resolve()
          .then(() => iterator?.return?.())
          .catch(() => {});
    };
    const fail = (error: TrialogueError) => end(progress.errorEvent(error));
    const onEvent = (event: StreamEvent) => {
      if (event.type === 'finish') return end(event);
      if (event.type === 'error') {
        return end(
          TrialogueError.is(event.error)
            ? event
            : { ...event, error: toTrialogueError(event.error, model.provider, 'stream') },
        );
      }
      progress.observe(event);
      push({ key, event });
    };

    const pump = async () => {
      try {
        iterator = model
          .stream({ ...(options.requestFor?.(key, model) ?? request), signal: controller.signal })
          [Symbol.asyncIterator]();
        while (!ended) {
          const next = await iterator.next();
          if (ended) return;
          if (next.done) {
            fail(
              new TrialogueError({
                kind: 'provider',
                provider: model.provider,
                code: 'no-terminal-event',
                phase: progress.hasTokens ? 'stream' : 'request',
                retryable: false,
                message: `The ${model.provider}:${model.modelId} stream ended without a finish or error event.`,
              }),
            );
            return;
          }
          const event = next.value as StreamEvent | null | undefined;
          if (!isEvent(event)) {
            fail(
              new TrialogueError({
                kind: 'parse',
                provider: model.provider,
                code: 'invalid-event',
                phase: 'stream',
                retryable: false,
                message: `The ${model.provider}:${model.modelId} stream yielded something that is not a stream event.`,
              }),
            );
            return;
          }
          onEvent(event);
        }
      } catch (error) {
        if (!ended) fail(toTrialogueError(error, model.provider, progress.hasTokens ? 'stream' : 'request'));
      }
    };

    const stop = () => {
      if (ended) return;
      const error = new TrialogueError({
        kind: 'aborted',
        provider: model.provider,
        phase: progress.hasTokens ? 'stream' : 'request',
        retryable: false,
        message: `The call to ${model.provider}:${model.modelId} was stopped.`,
      });
      controller.abort(error);
      fail(error);
    };
    return { pump, stop };
  }

  function orderedResults(): Record<K, TerminalEvent> {
    const out = {} as Record<K, TerminalEvent>;
    for (const key of keys) out[key] = terminals[key];
    return out;
  }

  function stopAll() {
    for (const stream of streams.values()) stream.stop();
  }

  if (entries.length === 0) settle(orderedResults());
  else if (request.signal?.aborted) stopAll();
  else {
    request.signal?.addEventListener('abort', stopAll, { once: true });
    for (const stream of streams.values()) void stream.pump();
  }

  let iterated = false;
  return {
    keys,
    results,
    stop(key) {
      if (key === undefined) return stopAll();
      const stream = streams.get(key);
      if (!stream)
        throw invalidRequest(`fanOut has no stream "${key}". Its keys: ${keys.join(', ')}.`, 'unknown-key');
      stream.stop();
    },
    [Symbol.asyncIterator](): AsyncIterator<FanOutEvent<K>> {
      if (iterated) throw new TypeError('A fanOut can be iterated once; use `results` for a second look.');
      iterated = true;
      return {
        async next() {
          while (head >= queue.length) {
            if (running === 0) return { done: true, value: undefined };
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
            wake = undefined;
          }
          const value = queue[head]!;
          queue[head++] = undefined as unknown as FanOutEvent<K>;
          if (head > 1024 && head * 2 > queue.length) {
            queue.splice(0, head);
            head = 0;
          }
          return { done: false, value };
        },
        async return() {
          stopAll();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

function isEvent(event: StreamEvent | null | undefined): event is StreamEvent {
  if (!event || typeof event !== 'object' || !isStreamEventType(event.type)) return false;
  if (event.type === 'text-delta' || event.type === 'reasoning-delta') return typeof event.text === 'string';
  return true;
}
