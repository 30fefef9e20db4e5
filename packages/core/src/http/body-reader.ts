import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describeError } from '../errors/redact.js';
import { TrialogueError } from '../errors/trialogue-error.js';
import type { StreamEvent } from '../stream/events.js';
import type { AnswerSoFar } from '../stream/progress.js';
import type { StreamMapper, StreamSink } from './sse-request.js';
import type { BodyOutcome } from './terminal.js';
import type { AttemptTimers } from './timers.js';

/** What {@link readEventStream} needs from the attempt it runs in. */
export interface BodyReading {
  /** The body's reader (the attempt holds it, to cancel it on abort). */
  reader: ReadableStreamDefaultReader<Uint8Array>;
  /** A first chunk already read from it, when the attempt had to look at the body first. */
  first: Uint8Array | undefined;
  mapper: StreamMapper;
  progress: AnswerSoFar;
  timers: AttemptTimers;
  /** The attempt's signal: a read that ends after it aborted is an abort, not the end. */
  signal: AbortSignal;
  provider: string;
  requestId: string | undefined;
  /** The error for a read that failed (or ended by abort). */
  failure(error: unknown): TrialogueError;
}

const streamDecode: TextDecodeOptions = { stream: true };

/**
 * Most bytes of one stream line held without a line end: 1 MiB. Real events are a few hundred
 * bytes; a server that sends one endless line would otherwise grow the parser's buffer until the
 * process dies. Past it the stream fails (kind `parse`, code `line-too-long`), keeping the text so
 * far, and the connection is released.
 */
export const MAX_SSE_LINE_BYTES = 1024 * 1024;

/** Bytes after the last line end (LF or CR) of `bytes`, or all of them plus `before` when it has none. */
function bytesAfterLineEnd(bytes: Uint8Array, before: number): number {
  // From the end: a chunk usually ends with its line end, so this stops at once.
  let i = bytes.length - 1;
  while (i >= 0 && bytes[i] !== 10 && bytes[i] !== 13) i--;
  return i < 0 ? before + bytes.length : bytes.length - 1 - i;
}

/**
 * Reads a `text/event-stream` body: bytes through a streaming `TextDecoder` into
 * `eventsource-parser`, each message to the provider's mapper, whose sink calls become events.
 * Yields the events of each network read as one batch, deltas of one kind merged into one event
 * (the caller sees the same text at the same moment, with one event and one render instead of
 * dozens). Returns how the body ended, or the error of a read that failed.
 */
export async function* readEventStream(
  reading: BodyReading,
): AsyncGenerator<StreamEvent[], BodyOutcome | TrialogueError> {
  const { progress, timers, signal, provider, requestId } = reading;
  // The sink collects this read's events; they are yielded after each read.
  const pending: StreamEvent[] = [];
  const outcome: BodyOutcome = { ended: false };
  const firstToken = () => {
    progress.tokenArrived();
    timers.firstToken();
  };
  // The deltas of the last pending event, joined when the read's events go out. Joining once
  // makes one flat string; `+=` per token would build a rope of thousands of small pieces that all
  // live as long as the answer, which the garbage collector pays for on every pass (measured: GC
  // 12 % of the client's CPU with `+=`, against 5 % for the bare parse loop).
  let parts: string[] | undefined;
  const append = (type: 'text-delta' | 'reasoning-delta', delta: string) => {
    if (parts && pending[pending.length - 1]!.type === type) parts.push(delta);
    else {
      join();
      parts = [delta];
      pending.push({ type, text: '' });
    }
  };
  const join = () => {
    if (parts) (pending[pending.length - 1] as { text: string }).text = parts.join('');
    parts = undefined;
  };
  // The answer so far grows by whole merged deltas, once per read, not once per token.
  const flush = () => {
    join();
    for (const event of pending) {
      if (event.type === 'text-delta') progress.text += event.text;
      else if (event.type === 'reasoning-delta') progress.reasoning += event.text;
    }
    return pending;
  };
  const sink: StreamSink = {
    text(delta) {
      if (!delta) return;
      if (!progress.hasTokens) firstToken();
      append('text-delta', delta);
    },
    reasoning(delta) {
      if (!delta) return;
      if (!progress.hasTokens) firstToken();
      append('reasoning-delta', delta);
    },
    usage(next) {
      join();
      progress.usage = next;
      pending.push({ type: 'usage', usage: next });
    },
    finish(reason, raw) {
      outcome.finishReason = reason;
      outcome.providerReason = raw;
    },
    fail(error) {
      outcome.streamError ??= error;
      outcome.ended = true;
    },
    done() {
      outcome.ended = true;
    },
  };
  const { mapper } = reading;
  const streamUnreadable = (message: string, code?: string) =>
    new TrialogueError({
      kind: 'parse',
      provider,
      phase: 'stream',
      requestId,
      code,
      message,
      retryable: false,
    });
  const unreadable = (error: unknown) =>
    streamUnreadable(`${provider} sent a stream event that could not be read: ${describeError(error)}`);
  const parser = createParser({
    onEvent(message: EventSourceMessage) {
      if (outcome.ended || outcome.parseError) return;
      try {
        mapper.onMessage(message, sink);
      } catch (error) {
        outcome.parseError = unreadable(error);
      }
    },
  });

  timers.watchIdle(requestId);
  const { reader } = reading;
  // Bytes of the line being read, not yet ended by LF or CR (bounded by MAX_SSE_LINE_BYTES).
  let unended = 0;
  let first = reading.first;
  const decoder = new TextDecoder();
  try {
    while (!outcome.ended && !outcome.parseError) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      timers.reading(true);
      try {
        chunk = first ? { done: false, value: first } : await reader.read();
        first = undefined;
      } catch (error) {
        // Cut after the provider said why the answer ended (only usage or the end marker were
        // still to come): the answer is complete, so it finishes.
        if (outcome.finishReason !== undefined && !signal.aborted) break;
        return reading.failure(error);
      }
      timers.reading(false);
      if (chunk.done) {
        // A cancelled reader also reads as done: that is an abort, not the end of the answer.
        if (signal.aborted) return reading.failure(undefined);
        // A last event without its closing blank line still counts.
        parser.feed(`${decoder.decode()}\n\n`);
        if (!outcome.ended && !outcome.parseError && mapper.onEnd) {
          try {
            mapper.onEnd(sink);
          } catch (error) {
            outcome.parseError = unreadable(error);
          }
        }
        break;
      }
      parser.feed(decoder.decode(chunk.value, streamDecode));
      unended = bytesAfterLineEnd(chunk.value, unended);
      if (unended > MAX_SSE_LINE_BYTES && !outcome.parseError) {
        outcome.parseError = streamUnreadable(
          `${provider} sent a stream line over 1 MiB long; the stream was stopped to bound memory.`,
          'line-too-long',
        );
      }
      if (pending.length) {
        // The caller reads the whole batch before it resumes us, so one array serves every read.
        yield flush();
        pending.length = 0;
      }
    }
  } finally {
    // Nothing is awaited any more: no timer may fire now.
    timers.dispose();
  }
  if (pending.length) {
    yield flush();
    pending.length = 0;
  }
  return outcome;
}
