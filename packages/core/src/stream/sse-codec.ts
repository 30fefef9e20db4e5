import { createParser } from 'eventsource-parser';
import { TrialogueError } from '../errors/trialogue-error.js';
import { oneByOne } from '../http/one-by-one.js';
import { toTrialogueError } from '../http/to-trialogue-error.js';
import { isTerminal, type StreamEvent } from './events.js';
import { isStreamEventType, StreamProgress } from './progress.js';

/**
 * One stream event as a server-sent event: `event: <type>\ndata: <json>\n\n`. Errors are written
 * with their `toJSON()` (already redacted). JSON escapes newlines, so `data` is always one line.
 *
 * @example
 * ```ts
 * encodeEvent({ type: 'text-delta', text: 'Hi' }); // 'event: text-delta\ndata: {"type":"text-delta","text":"Hi"}\n\n'
 * ```
 */
export function encodeEvent(event: StreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * Encodes a stream of events as a `text/event-stream` body, for a server that relays a model to a
 * browser. Cancelling the body (the client went away) ends the model's stream, which releases its
 * connection. A source that throws before its terminal event ends with an `error` event.
 *
 * @example
 * ```ts
 * // In any fetch-style server (Hono, Deno, Bun, Workers, Next route handlers):
 * return new Response(encodeEventStream(model.stream(request)), { headers: { 'content-type': 'text/event-stream' } });
 * ```
 */
export function encodeEventStream(events: AsyncIterable<StreamEvent>): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<StreamEvent> | undefined;
  const progress = new StreamProgress();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= events[Symbol.asyncIterator]();
      try {
        const next = await iterator.next();
        if (next.done) return controller.close();
        progress.observe(next.value);
        controller.enqueue(encoder.encode(encodeEvent(next.value)));
        if (isTerminal(next.value)) {
          controller.close();
          Promise.resolve(iterator.return?.()).catch(() => {});
        }
      } catch (error) {
        const failed = progress.errorEvent(
          toTrialogueError(error, progress.provider, progress.hasTokens ? 'stream' : 'request'),
        );
        controller.enqueue(encoder.encode(encodeEvent(failed)));
        controller.close();
      }
    },
    async cancel() {
      await Promise.resolve(iterator?.return?.()).catch(() => {});
    },
  });
}

/**
 * Decodes a body written by {@link encodeEventStream} back into stream events, reviving errors as
 * {@link TrialogueError}s. Like a model stream, it never throws and always ends with one terminal
 * event: a body cut before its terminal event ends with a `network` error (code
 * `incomplete-stream`) keeping the text so far; a line that is not an event ends with a `parse` error.
 * Unknown event types are skipped, so a newer server can add some.
 *
 * @example
 * ```ts
 * const response = await fetch('/api/chat', { method: 'POST', body });
 * for await (const event of decodeEventStream(response.body!)) render(event);
 * ```
 */
export function decodeEventStream(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<StreamEvent, void> {
  return oneByOne(decodeBatches(body));
}

/** The decoded events of each read of `body`, one batch per read. */
async function* decodeBatches(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncGenerator<readonly StreamEvent[], void> {
  const progress = new StreamProgress();
  let terminal = false;
  let failure: TrialogueError | undefined;
  const pending: StreamEvent[] = [];
  const incomplete = (message: string) =>
    new TrialogueError({
      kind: 'network',
      provider: progress.provider,
      phase: progress.hasTokens ? 'stream' : 'request',
      code: 'incomplete-stream',
      message,
      retryable: !progress.hasTokens,
    });

  const onEvent = (message: { data: string }) => {
    if (terminal || failure) return;
    let event: StreamEvent;
    try {
      event = revive(JSON.parse(message.data));
    } catch (error) {
      failure = new TrialogueError({
        kind: 'parse',
        provider: progress.provider,
        phase: 'stream',
        code: 'invalid-event',
        retryable: false,
        message: `The relayed stream sent an event that could not be read: ${(error as Error).message}`,
      });
      return;
    }
    if (!isStreamEventType(event.type)) return;
    progress.observe(event);
    if (isTerminal(event)) terminal = true;
    pending.push(event);
  };
  const parser = createParser({ onEvent });

  const iterable: AsyncIterable<Uint8Array> =
    Symbol.asyncIterator in body
      ? (body as AsyncIterable<Uint8Array>)
      : readerIterable(body as ReadableStream<Uint8Array>);
  const iterator = iterable[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  try {
    while (!terminal && !failure) {
      let chunk: IteratorResult<Uint8Array>;
      try {
        chunk = await iterator.next();
      } catch (error) {
        failure = incomplete(`The relayed stream broke: ${(error as Error)?.message ?? String(error)}.`);
        break;
      }
      if (chunk.done) {
        // A last event without its closing blank line still counts.
        parser.feed(`${decoder.decode()}\n\n`);
        break;
      }
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      if (pending.length) {
        yield pending;
        pending.length = 0;
      }
    }
    if (failure) pending.push(progress.errorEvent(failure));
    else if (!terminal)
      pending.push(
        progress.errorEvent(incomplete('The relayed stream ended before the answer was complete.')),
      );
    if (pending.length) yield pending;
  } finally {
    // Release the connection once a terminal event arrived or the consumer left.
    await Promise.resolve(iterator.return?.()).catch(() => {});
  }
}

/** Rebuilds the error objects of an event parsed from JSON. */
function revive(data: unknown): StreamEvent {
  const event = data as StreamEvent;
  if (!event || typeof event !== 'object' || typeof event.type !== 'string')
    throw new Error('not an event object');
  if (
    (event.type === 'error' || event.type === 'retry') &&
    event.error &&
    !(event.error instanceof TrialogueError)
  ) {
    return { ...event, error: TrialogueError.fromJSON(event.error) };
  }
  return event;
}

function readerIterable(body: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const reader = body.getReader();
      return {
        next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
        async return() {
          await reader.cancel().catch(() => {});
          return { done: true, value: undefined };
        },
      };
    },
  };
}
