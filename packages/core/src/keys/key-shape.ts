import { TrialogueError } from '../errors/trialogue-error.js';

/** Longest key accepted. Real keys are under 300 characters; this leaves room for JWT-style tokens. */
export const MAX_KEY_LENGTH = 4096;

/**
 * Checks that a key looks like a key: not empty, no white space or control characters (a pasted
 * newline is the usual culprit), not absurdly long. Throws an `auth` {@link TrialogueError} with
 * code `invalid-key` whose message never includes the key.
 *
 * @example
 * ```ts
 * assertKeyShape('openai', 'sk-abc\n'); // throws: "The openai key contains white space or a control character ..."
 * ```
 */
export function assertKeyShape(provider: string, key: unknown): asserts key is string {
  const fail = (why: string) => {
    throw new TrialogueError({
      kind: 'auth',
      provider,
      code: 'invalid-key',
      retryable: false,
      message: `The ${provider} key ${why}`,
    });
  };
  if (typeof key !== 'string') fail('is not a string.');
  const k = key as string;
  if (k.length === 0) fail("is empty. Paste the key from the provider's dashboard.");
  if (/[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2028\u2029\ufeff]/.test(k)) {
    fail(
      'contains white space or a control character (often a pasted newline). Paste it again without them.',
    );
  }
  if (k.length > MAX_KEY_LENGTH)
    fail(`is ${k.length} characters long, more than any real key. Paste only the key.`);
}
