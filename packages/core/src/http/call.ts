import { errorFromHttp } from '../errors/http.js';
import type { TrialogueError } from '../errors/trialogue-error.js';
import type { ChatRequest, RetryOptions } from '../request/types.js';
import { validateRequest } from '../request/validate.js';
import type { StreamEvent } from '../stream/events.js';
import { AnswerSoFar } from '../stream/progress.js';
import { abortError } from './abortable.js';
import { runAttempt } from './attempt.js';
import type { HttpModelSpec } from './sse-request.js';
import { callSignal, sleep } from './timers.js';
import { toTrialogueError } from './to-trialogue-error.js';

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
 * One call as batches of events (the events of one network read each; see `oneByOne`): the
 * request is validated, then attempts run until one ends the call, with a `retry` event and a
 * backoff between them. Retries happen only before the first token, only for retryable errors,
 * at most `maxRetries` times. The caller's signal and the total timeout end the whole call. Always
 * ends with exactly one terminal event, even when a provider's `prepare`, `createMapper` or
 * `mapHttpError` throws.
 */
export async function* streamCall(
  spec: HttpModelSpec,
  request: ChatRequest,
): AsyncGenerator<readonly StreamEvent[], void> {
  const { provider } = spec;
  const progress = new AnswerSoFar();
  try {
    validateRequest(request, provider);
  } catch (error) {
    yield [progress.errorEvent(toTrialogueError(error, provider, 'request'))];
    return;
  }

  // Options left undefined keep their defaults.
  const retry: Required<RetryOptions> = {
    ...defaults,
    ...Object.fromEntries(Object.entries(request.retry ?? {}).filter(([, value]) => value !== undefined)),
  };
  const call = callSignal(provider, request.signal, request.timeouts?.totalMs);
  const context = {
    spec,
    request,
    progress,
    callSignal: call.signal,
    fetch: spec.fetch ?? globalThis.fetch,
    mapHttpError: spec.mapHttpError ?? errorFromHttp,
  };
  try {
    for (let attempt = 1; ; attempt++) {
      if (call.signal.aborted) {
        // Aborted before the attempt: no request goes out.
        yield [progress.errorEvent(abortError(call.signal, provider))];
        return;
      }
      // The attempt's batches pass through whole; a consumer that stops early returns or throws
      // into the attempt first, which closes it and its connection.
      const outcome = yield* runAttempt(context);
      if (outcome === 'done') return;
      const error = outcome;
      const canRetry =
        error.retryable && !progress.hasTokens && attempt <= retry.maxRetries && !call.signal.aborted;
      const delayMs = canRetry ? backoffDelay(attempt, error, retry) : undefined;
      if (delayMs === undefined) {
        yield [progress.errorEvent(error)];
        return;
      }
      yield [{ type: 'retry', attempt: attempt + 1, delayMs, error }];
      await sleep(delayMs, call.signal);
    }
  } catch (error) {
    // A provider's prepare/createMapper/mapHttpError threw: still end with one terminal event.
    if (!progress.terminated)
      yield [
        progress.errorEvent(toTrialogueError(error, provider, progress.hasTokens ? 'stream' : 'request')),
      ];
  } finally {
    call.dispose();
  }
}
