import { TrialogueError } from '../errors/trialogue-error.js';
import type { ErrorEvent, FinishEvent, FinishReason, StreamEvent } from '../stream/events.js';
import { AnswerSoFar } from '../stream/progress.js';

/**
 * What one call has produced so far, across its attempts (text, reasoning, usage, the first token's
 * time), and the one terminal event built from it. Once a terminal event is built, `terminated` is
 * set, so a late throw never adds a second one.
 */
export class CallProgress extends AnswerSoFar {
  terminated = false;

  /** Notes the first text or reasoning token (the sink calls it once). */
  tokenArrived(): void {
    this.firstTokenAt = Date.now();
  }

  override errorEvent(error: TrialogueError): ErrorEvent {
    this.terminated = true;
    return super.errorEvent(error);
  }

  finishEvent(reason: FinishReason, providerReason: string | undefined): FinishEvent {
    this.terminated = true;
    const finish: FinishEvent = { type: 'finish', reason, text: this.text, timings: this.timings() };
    if (providerReason !== undefined) finish.providerReason = providerReason;
    if (this.reasoning) finish.reasoning = this.reasoning;
    if (this.usage) finish.usage = this.usage;
    return finish;
  }
}

/** How the body of one attempt ended, as the body reader saw it. */
export interface BodyOutcome {
  /** Why the answer ended, when the provider said so. */
  finishReason: FinishReason | undefined;
  providerReason: string | undefined;
  /** The provider's end marker arrived (or the stream failed). */
  ended: boolean;
  /** An error the provider reported inside the stream. */
  streamError: TrialogueError | undefined;
  /** An event the mapper could not read. */
  parseError: TrialogueError | undefined;
}

/**
 * The end of an attempt whose body was read: the terminal event, or the error to retry on. Errors
 * before any token (an error event right after HTTP 200, a body that closed early) are retried like
 * HTTP errors; after a token, every error is terminal (the text shown is never repeated).
 */
export function endOfBody(
  outcome: BodyOutcome,
  progress: CallProgress,
  provider: string,
  requestId: string | undefined,
): StreamEvent | TrialogueError {
  if (outcome.parseError) return progress.errorEvent(outcome.parseError);
  if (outcome.streamError) {
    const error = outcome.streamError.with({
      phase: 'stream',
      requestId: outcome.streamError.requestId ?? requestId,
    });
    return progress.hasTokens ? progress.errorEvent(error) : error;
  }
  if (outcome.finishReason === undefined && !outcome.ended) {
    const incomplete = new TrialogueError({
      kind: 'network',
      provider,
      phase: 'stream',
      requestId,
      code: 'incomplete-stream',
      message: `The connection to ${provider} closed before the answer was complete.`,
      retryable: !progress.hasTokens,
    });
    return progress.hasTokens ? progress.errorEvent(incomplete) : incomplete;
  }
  return progress.finishEvent(outcome.finishReason ?? 'other', outcome.providerReason);
}
