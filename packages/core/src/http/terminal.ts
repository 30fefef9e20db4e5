import { TrialogueError } from '../errors/trialogue-error.js';
import type { FinishReason, StreamEvent } from '../stream/events.js';
import type { AnswerSoFar } from '../stream/progress.js';

/** How the body of one attempt ended, as the body reader saw it. */
export interface BodyOutcome {
  /** Why the answer ended, when the provider said so. */
  finishReason?: FinishReason;
  providerReason?: string;
  /** The provider's end marker arrived (or the stream failed). */
  ended: boolean;
  /** An error the provider reported inside the stream. */
  streamError?: TrialogueError;
  /** An event the mapper could not read. */
  parseError?: TrialogueError;
}

/**
 * The end of an attempt whose body was read: the terminal event, or the error to retry on. Errors
 * before any token (an error event right after HTTP 200, a body that closed early) are retried like
 * HTTP errors; after a token, every error is terminal (the text shown is never repeated).
 */
export function endOfBody(
  outcome: BodyOutcome,
  progress: AnswerSoFar,
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
