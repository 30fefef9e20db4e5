import { type HttpFailure, type TrialogueError, errorDetails, errorFromHttp } from '@trialogue/core';

/**
 * Core's HTTP mapping plus what the Chat Completions family adds: a 400 whose code says the
 * content was filtered is `content-filter`, not a malformed request.
 */
export function chatHttpError(failure: HttpFailure): TrialogueError {
  const error = errorFromHttp(failure);
  if (failure.status === 400) {
    const { code } = errorDetails(failure.body);
    if (code === 'content_filter' || code === 'content_policy_violation') {
      return error.with({ kind: 'content-filter', retryable: false });
    }
  }
  return error;
}
