import {
  type ErrorKind,
  isRetryableKind,
  kindFromStatus,
  retryAfterFromText,
  TrialogueError,
} from '@trialogue/core';

/**
 * An error the provider reported inside a 200 stream (an `error` event or chunk), as a
 * {@link TrialogueError}. `kind` comes from the provider's error type; `status` (when the
 * provider puts an HTTP-like code in the event) is the fallback.
 */
export function streamError(
  provider: string,
  details: { kind?: ErrorKind; status?: number; message?: string; code?: string },
): TrialogueError {
  const kind = details.kind ?? (details.status ? kindFromStatus(details.status) : 'provider');
  const text = details.message ?? 'no details';
  return new TrialogueError({
    kind,
    provider,
    phase: 'stream',
    providerCode: details.code,
    retryAfterMs: retryAfterFromText(text),
    // A server error reported in-stream is as transient as an HTTP 5xx.
    retryable:
      kind === 'quota'
        ? false
        : isRetryableKind(kind) || (kind === 'provider' && (details.status ?? 500) >= 500),
    message: `${provider} reported an error in the stream${details.code ? ` (${details.code})` : ''}: ${text}`,
  });
}
