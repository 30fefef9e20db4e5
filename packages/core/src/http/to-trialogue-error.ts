import { describeError } from '../errors/redact.js';
import { TrialogueError } from '../errors/trialogue-error.js';

/**
 * Wraps anything thrown into a {@link TrialogueError} (kind `provider`, message redacted); a
 * TrialogueError passes through unchanged.
 *
 * @example
 * ```ts
 * toTrialogueError(new Error('boom'), 'openai').kind; // 'provider'
 * ```
 */
export function toTrialogueError(
  error: unknown,
  provider?: string,
  phase: 'request' | 'stream' = 'request',
): TrialogueError {
  if (TrialogueError.is(error)) return error as TrialogueError;
  return new TrialogueError({
    kind: 'provider',
    provider,
    phase,
    message: describeError(error),
    cause: error,
    retryable: false,
  });
}
