import { redact } from './redact.js';

/** What went wrong, in terms a caller can act on. */
export type ErrorKind =
  | 'auth'
  | 'permission'
  | 'quota'
  | 'rate-limit'
  | 'overloaded'
  | 'invalid-request'
  | 'not-found'
  | 'context-length'
  | 'content-filter'
  | 'network'
  | 'timeout'
  | 'stalled'
  | 'aborted'
  | 'parse'
  | 'provider';

/** Every {@link ErrorKind}, in a stable order. */
export const ERROR_KINDS: readonly ErrorKind[] = [
  'auth',
  'permission',
  'quota',
  'rate-limit',
  'overloaded',
  'invalid-request',
  'not-found',
  'context-length',
  'content-filter',
  'network',
  'timeout',
  'stalled',
  'aborted',
  'parse',
  'provider',
];

const retryableKinds = new Set<ErrorKind>(['rate-limit', 'overloaded', 'network']);

/**
 * Whether errors of this kind are retried by default (before the first token).
 *
 * @example
 * ```ts
 * isRetryableKind('rate-limit'); // true
 * isRetryableKind('quota'); // false: exhausted billing never comes back by waiting
 * ```
 */
export function isRetryableKind(kind: ErrorKind): boolean {
  return retryableKinds.has(kind);
}

/** Rate-limit headers seen on the failing response, when the provider sends them. */
export interface RateLimitSnapshot {
  limitRequests?: number;
  remainingRequests?: number;
  resetRequestsMs?: number;
  limitTokens?: number;
  remainingTokens?: number;
  resetTokensMs?: number;
}

/** Fields of a {@link TrialogueError}, as passed to its constructor and produced by `toJSON()`. */
export interface TrialogueErrorInit {
  kind: ErrorKind;
  message: string;
  provider?: string;
  status?: number;
  retryable?: boolean;
  retryAfterMs?: number;
  requestId?: string;
  /** `request`: before any byte of the response body; `stream`: after. */
  phase?: 'request' | 'stream';
  /** Finer machine-readable reason, such as `unknown-provider`, `malformed-model-ref`, `invalid-key`. */
  code?: string;
  /** The provider's own error type or code, such as `insufficient_quota`. */
  providerCode?: string;
  rateLimit?: RateLimitSnapshot;
  cause?: unknown;
}

/** A plain JSON form of a {@link TrialogueError}. */
export interface TrialogueErrorJSON extends Omit<TrialogueErrorInit, 'cause'> {
  name: 'TrialogueError';
  retryable: boolean;
  phase: 'request' | 'stream';
}

/**
 * The one error type of Trialogue. Its message is written for a person; `kind` is for code.
 * Keys never appear in its message, stack or JSON: every string is redacted on the way in.
 *
 * @example
 * ```ts
 * try { await model.generate({ messages: [{ role: 'user', content: 'hi' }] }); }
 * catch (e) { if (e instanceof TrialogueError && e.kind === 'rate-limit') console.log(e.retryAfterMs); }
 * ```
 */
/** The fields `toJSON()` writes only when set, in order. */
const OPTIONAL_FIELDS = [
  'provider',
  'status',
  'retryAfterMs',
  'requestId',
  'code',
  'providerCode',
  'rateLimit',
] as const;

export class TrialogueError extends Error {
  override readonly name = 'TrialogueError';
  readonly kind: ErrorKind;
  readonly provider: string | undefined;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly requestId: string | undefined;
  readonly phase: 'request' | 'stream';
  readonly code: string | undefined;
  readonly providerCode: string | undefined;
  readonly rateLimit: RateLimitSnapshot | undefined;

  constructor(init: TrialogueErrorInit) {
    // Redact before Error captures the stack, whose first line repeats the message.
    super(redact(init.message));
    this.kind = init.kind;
    this.provider = init.provider;
    this.status = init.status;
    this.retryable = init.retryable ?? (init.kind === 'quota' ? false : isRetryableKind(init.kind));
    this.retryAfterMs = init.retryAfterMs;
    // Provider-supplied strings may echo what was sent: redact them too.
    this.requestId = init.requestId === undefined ? undefined : redact(init.requestId);
    this.phase = init.phase ?? 'request';
    this.code = init.code;
    this.providerCode = init.providerCode === undefined ? undefined : redact(init.providerCode);
    this.rateLimit = init.rateLimit;
    if (init.cause !== undefined) {
      // Keep the cause's text, never the object: it may hold a Request with headers.
      const c = init.cause;
      const text = c instanceof Error ? `${c.name}: ${c.message}` : String(c);
      Object.defineProperty(this, 'cause', { value: redact(text), enumerable: false, writable: true });
    }
    if (this.stack) this.stack = redact(this.stack);
  }

  /** A copy with some fields changed (the message and kind stay redacted). */
  with(changes: Partial<TrialogueErrorInit>): TrialogueError {
    return new TrialogueError({ ...this.toJSON(), cause: this.cause, ...changes });
  }

  toJSON(): TrialogueErrorJSON {
    const json: TrialogueErrorJSON = {
      name: 'TrialogueError',
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      phase: this.phase,
    };
    for (const field of OPTIONAL_FIELDS)
      if (this[field] !== undefined) (json as unknown as Record<string, unknown>)[field] = this[field];
    return json;
  }

  /** Rebuilds an error from its JSON form (after an SSE hop or from a transcript). */
  static fromJSON(json: TrialogueErrorInit): TrialogueError {
    // The JSON may come from the network or an old file: never let a bad field throw here.
    const kind = ERROR_KINDS.includes(json?.kind) ? json.kind : 'provider';
    const message = typeof json?.message === 'string' ? json.message : 'An error without a message.';
    return new TrialogueError({ ...json, kind, message });
  }

  /** True for a {@link TrialogueError}, also across bundle copies of this package. */
  static is(value: unknown): value is TrialogueError {
    return value instanceof TrialogueError || (value as { name?: unknown } | null)?.name === 'TrialogueError';
  }
}

/**
 * Shorthand for an `invalid-request` error raised before any network call.
 *
 * @example
 * ```ts
 * throw invalidRequest('temperature must be between 0 and 2.', 'bad-temperature', 'openai');
 * ```
 */
export function invalidRequest(message: string, code: string, provider?: string): TrialogueError {
  return new TrialogueError({ kind: 'invalid-request', message, code, provider, retryable: false });
}
