import { describeError } from '../errors/redact.js';
import { TrialogueError, type TrialogueErrorInit } from '../errors/trialogue-error.js';

/**
 * Waits for `promise`, or rejects with `signal.reason` as soon as `signal` aborts, whichever comes
 * first. A custom `fetch` may ignore its signal; this makes an abort end the wait anyway. A late
 * rejection of `promise` is swallowed.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  promise.catch(() => {});
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The error for an aborted signal: its reason when that is a {@link TrialogueError} (a timeout), else `aborted`. */
export function abortError(signal: AbortSignal, provider: string): TrialogueError {
  const reason: unknown = signal.reason;
  if (TrialogueError.is(reason)) return reason;
  return new TrialogueError({
    kind: 'aborted',
    provider,
    message: `The call to ${provider} was aborted.`,
    retryable: false,
  });
}

/** The error for a request that could not reach the server, or a body cut mid-stream. */
export function networkError(
  provider: string,
  cause: unknown,
  phase: 'request' | 'stream' = 'request',
  more?: Partial<TrialogueErrorInit>,
): TrialogueError {
  return new TrialogueError({
    kind: 'network',
    provider,
    phase,
    cause,
    message:
      phase === 'request'
        ? `Could not reach ${provider}: ${describeError(cause)}. Check the network and the base URL.`
        : `The connection to ${provider} broke mid-stream: ${describeError(cause)}.`,
    ...more,
  });
}
