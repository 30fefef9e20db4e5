/**
 * Key redaction, built into every error and log line this project writes.
 *
 * Two nets: every key that passes through a key store or a provider factory is remembered and
 * replaced wherever it appears, and anything shaped like a well-known provider key is masked even
 * when it was never seen.
 */

// Each remembered secret, and every form of it to mask (as is, and URL-encoded for query strings
// and logged URLs), computed once.
const known = new Map<string, readonly string[]>();

// Shapes of real provider keys and auth headers. Kept broad on purpose: a false positive costs a
// few masked characters, a false negative leaks a secret.
const keyShapes =
  /\b(?:sk-(?:ant-|proj-|or-v1-|or-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,}|gsk_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}|r8_[A-Za-z0-9]{20,}|fw_[A-Za-z0-9]{16,}|csk-[A-Za-z0-9]{16,})/g;
const authHeader =
  /\b(Bearer|Basic|Authorization|x-api-key|x-goog-api-key|api[-_]?key|key)(["']?\s*[:=]\s*["']?|\s+)([A-Za-z0-9._~+/=-]{12,})/gi;
// What follows a bare "Bearer" or "key" is only a secret when it does not read like a word: the
// redaction also runs over model answers ("the key responsibilities", "the Bearer authentication
// scheme") that must come through intact.
const notAWord = /[0-9._~+/=-]/;

function maskAuthValue(match: string, name: string, separator: string, value: string): string {
  const lower = name.toLowerCase();
  const assigned = /[:=]/.test(separator);
  let secret: boolean;
  if (lower === 'key') secret = assigned && notAWord.test(value);
  else if (lower === 'bearer' || lower === 'basic') secret = notAWord.test(value);
  else secret = assigned || notAWord.test(value);
  return secret ? `${name}${separator}${REDACTED}` : match;
}

/** The text that replaces a secret. */
export const REDACTED = '[redacted]';

/**
 * Remembers a secret so that every later error message, stack and log line masks it.
 * Secrets shorter than 8 characters are not remembered (masking them would garble ordinary text).
 *
 * @example
 * ```ts
 * rememberSecret('my-gateway-token-123'); // key stores and provider factories do this for you
 * redact('auth failed for my-gateway-token-123'); // 'auth failed for [redacted]'
 * ```
 */
export function rememberSecret(secret: string | undefined | null): void {
  if (!secret || secret.length < 8 || known.has(secret)) return;
  const encoded = encodeURIComponent(secret);
  known.set(secret, encoded === secret ? [secret] : [secret, encoded]);
}

/**
 * Masks remembered secrets and anything shaped like a provider key in `text`.
 *
 * @example
 * ```ts
 * redact('key sk-proj-abcdefghijklmnopqrstuvwxyz leaked'); // 'key [redacted] leaked'
 * ```
 */
export function redact(text: string): string {
  let out = text;
  for (const forms of known.values()) {
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  out = out.replace(keyShapes, REDACTED);
  out = out.replace(authHeader, maskAuthValue);
  return out;
}

/**
 * Deeply redacts every string inside a JSON-like value (for logs and exports).
 *
 * @example
 * ```ts
 * redactDeep({ headers: { authorization: 'Bearer my-gateway-token-123' } });
 * // { headers: { authorization: 'Bearer [redacted]' } }
 * ```
 */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map(redactDeep) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v);
    return out as T;
  }
  return value;
}

/** A redacted one-line description of anything thrown, with the message of its cause (fetch puts the real reason there). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    return redact(`${error.message}${detail}`);
  }
  return redact(String(error));
}
