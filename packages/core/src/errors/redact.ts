/**
 * Key redaction, built into every error and log line this project writes.
 *
 * Two nets: every key that passes through a key store or a provider factory is remembered, and
 * it, or any run of {@link MIN_SECRET_RUN} or more of its characters (a server's cut echo such as
 * "sk-proj-abc...xyz", a gateway token, a caller's own header), is masked wherever it appears; and
 * anything shaped like a well-known provider key is masked even when it was never seen.
 */

/**
 * Runs of this many consecutive characters of a remembered secret, or more, are masked. Shorter
 * pieces are left: a few characters of a key (`sk-abc`, `...xyz`) give nothing away, and masking
 * them would garble ordinary text.
 */
export const MIN_SECRET_RUN = 12;

// Each remembered secret, and every form of it to mask (as is, and URL-encoded for query strings
// and logged URLs), computed once.
const known = new Map<string, readonly string[]>();
// Forms shorter than a run: masked whole, by search.
const shortForms: string[] = [];
// Every MIN_SECRET_RUN-character piece of every longer form, and a rolling hash of each: one pass
// over a text finds every run, however many secrets are remembered (no search per secret).
const pieces = new Set<string>();
const pieceHashes = new Set<number>();

const HASH_BASE = 31;
// HASH_BASE ** (MIN_SECRET_RUN - 1), modulo 2 ** 32: the weight of the character leaving the window.
let leavingWeight = 1;
for (let i = 1; i < MIN_SECRET_RUN; i++) leavingWeight = Math.imul(leavingWeight, HASH_BASE);
// Kept within V8's small integers so the Set lookups stay cheap.
const HASH_MASK = 0x3fffffff;

function hashAt(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + MIN_SECRET_RUN; i++)
    hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

function indexPieces(form: string): void {
  for (let i = 0; i + MIN_SECRET_RUN <= form.length; i++) {
    pieces.add(form.slice(i, i + MIN_SECRET_RUN));
    pieceHashes.add(hashAt(form, i) & HASH_MASK);
  }
}

/** Replaces every run of `MIN_SECRET_RUN` or more characters of a remembered secret (overlapping runs merge). */
function maskPieces(text: string): string {
  const last = text.length - MIN_SECRET_RUN;
  if (pieces.size === 0 || last < 0) return text;
  const parts: string[] = [];
  let copied = 0;
  let runStart = -1;
  let runEnd = -1;
  let hash = hashAt(text, 0);
  for (let i = 0; i <= last; i++) {
    if (i > 0) {
      const leaving = Math.imul(text.charCodeAt(i - 1), leavingWeight);
      hash = (Math.imul(hash - leaving, HASH_BASE) + text.charCodeAt(i + MIN_SECRET_RUN - 1)) | 0;
    }
    if (!pieceHashes.has(hash & HASH_MASK) || !pieces.has(text.slice(i, i + MIN_SECRET_RUN))) continue;
    if (i > runEnd) {
      if (runEnd >= 0) {
        parts.push(text.slice(copied, runStart), REDACTED);
        copied = runEnd;
      }
      runStart = i;
    }
    runEnd = i + MIN_SECRET_RUN;
  }
  if (runEnd < 0) return text;
  parts.push(text.slice(copied, runStart), REDACTED, text.slice(runEnd));
  return parts.join('');
}

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
  const forms = encoded === secret ? [secret] : [secret, encoded];
  known.set(secret, forms);
  for (const form of forms) {
    if (form.length < MIN_SECRET_RUN) shortForms.push(form);
    else indexPieces(form);
  }
}

/**
 * Masks remembered secrets, any run of {@link MIN_SECRET_RUN} or more of their characters, and
 * anything shaped like a provider key in `text`. Linear in the length of `text`, whatever the number
 * of remembered secrets.
 *
 * @example
 * ```ts
 * redact('key sk-proj-abcdefghijklmnopqrstuvwxyz leaked'); // 'key [redacted] leaked'
 * ```
 */
export function redact(text: string): string {
  let out = maskPieces(text);
  for (const form of shortForms) if (out.includes(form)) out = out.split(form).join(REDACTED);
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
