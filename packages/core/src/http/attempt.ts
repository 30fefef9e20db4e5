import type { HttpFailure } from '../errors/http.js';
import { TrialogueError } from '../errors/trialogue-error.js';
import type { ChatRequest } from '../request/types.js';
import type { StreamEvent } from '../stream/events.js';
import type { AnswerSoFar } from '../stream/progress.js';
import { abortable, abortError, networkError } from './abortable.js';
import { readEventStream } from './body-reader.js';
import { errorOfOkBody, isJsonResponse, opensJson, readFailure } from './error-body.js';
import { fetchSameOrigin } from './redirects.js';
import type { HttpModelSpec } from './sse-request.js';
import { endOfBody } from './terminal.js';
import { attemptTimers } from './timers.js';
import { toTrialogueError } from './to-trialogue-error.js';

/** What one attempt needs from the call it belongs to. */
export interface AttemptContext {
  spec: HttpModelSpec;
  request: ChatRequest;
  progress: AnswerSoFar;
  /** The call's signal (caller abort, total timeout): it ends the attempt too. */
  callSignal: AbortSignal;
  fetch: typeof fetch;
  mapHttpError: (failure: HttpFailure) => TrialogueError;
}

const noop = () => {};

/**
 * One HTTP request of a call, from `prepare` to the end of its body. Yields its events (the
 * `start` event, then one batch per network read, then the terminal event when the attempt ends
 * the call); returns `'done'` after a terminal event, or the error to retry on. Whatever ends it
 * (its own timers, the call's signal, a consumer that stops iterating) releases the connection at
 * once, even with a custom fetch that ignores its signal.
 */
export async function* runAttempt(
  context: AttemptContext,
): AsyncGenerator<StreamEvent[], 'done' | TrialogueError> {
  const { spec, request, progress, callSignal } = context;
  const { provider, modelId } = spec;
  const controller = new AbortController();
  const signal = controller.signal;
  const onCallAbort = () => controller.abort(callSignal.reason);
  if (callSignal.aborted) onCallAbort();
  else callSignal.addEventListener('abort', onCallAbort, { once: true });
  let phase: 'request' | 'stream' = 'request';
  const timers = attemptTimers(controller, provider, request.timeouts ?? {}, () => phase);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let body: ReadableStream<Uint8Array> | null = null;
  // The pending read ends, the body is cancelled, and the wait for headers gives up (abortable()).
  const onAttemptAbort = () => {
    if (reader) reader.cancel(signal.reason).catch(noop);
    else if (body && !body.locked) body.cancel(signal.reason).catch(noop);
  };
  signal.addEventListener('abort', onAttemptAbort, { once: true });
  let requestId: string | undefined;
  const failure = (error: unknown): TrialogueError => {
    if (signal.aborted) return abortError(signal, provider).with({ phase, requestId });
    return networkError(provider, error, phase, { requestId, retryable: !progress.hasTokens });
  };

  try {
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
        fetchSameOrigin(context.fetch, prepared.url, { ...prepared.init, signal }, provider),
        signal,
      );
    } catch (error) {
      // A refused redirect is an answer, not a network failure: reported as it is, never retried.
      if (TrialogueError.is(error) && !signal.aborted) return error;
      return failure(error);
    }
    timers.responded();
    body = response.body;
    if (signal.aborted) onAttemptAbort();
    requestId = (spec.requestIdHeader && response.headers.get(spec.requestIdHeader)) || undefined;

    if (!response.ok) {
      const failed = await readFailure(response, provider, requestId, signal);
      if (signal.aborted) return failure(undefined);
      return context.mapHttpError(failed);
    }
    if (!response.body) {
      return new TrialogueError({
        kind: 'provider',
        provider,
        message: `${provider} answered with an empty body.`,
        requestId,
      });
    }
    reader = response.body.getReader();
    // HTTP 200 labelled JSON where a stream was asked for, and the body opens a JSON object: a
    // proxy's way to report an error (kind from the body), or no stream at all; neither is a
    // connection closed early. A stream mislabelled as JSON (it opens with `data:`) still streams.
    let first: Uint8Array | undefined;
    if (isJsonResponse(response)) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        return failure(error);
      }
      if (signal.aborted) return failure(undefined);
      first = chunk.value;
      if (first && opensJson(first)) {
        const failed = await readFailure(response, provider, requestId, signal, { reader, first });
        if (signal.aborted) return failure(undefined);
        return (
          errorOfOkBody(failed, context.mapHttpError) ??
          new TrialogueError({
            kind: 'provider',
            provider,
            requestId,
            code: 'not-a-stream',
            message: `${provider} answered with JSON, not an event stream: check the base URL.`,
            retryable: false,
          })
        );
      }
    }

    yield [
      requestId ? { type: 'start', provider, modelId, requestId } : { type: 'start', provider, modelId },
    ];
    phase = 'stream';

    const outcome = yield* readEventStream({
      reader,
      first,
      mapper: spec.createMapper(request),
      progress,
      timers,
      signal,
      provider,
      requestId,
      failure,
    });
    if (outcome instanceof TrialogueError) return outcome;
    const end = endOfBody(outcome, progress, provider, requestId);
    if (end instanceof TrialogueError) return end;
    yield [end];
    return 'done';
  } finally {
    timers.dispose();
    callSignal.removeEventListener('abort', onCallAbort);
    signal.removeEventListener('abort', onAttemptAbort);
    // Release the connection at once, whatever ended the attempt (including a consumer that
    // stopped iterating).
    if (reader) reader.cancel().catch(noop);
    else if (body && !body.locked) body.cancel().catch(noop);
    if (!signal.aborted) controller.abort();
  }
}
