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

// Every remembered secret, so each is indexed once.
const known = new Set<string>();
// Forms (as is, and URL-encoded for query strings and logged URLs) shorter than a run: masked
// whole, by search.
const shortForms: string[] = [];
// Every MIN_SECRET_RUN-character piece of every longer form, and a rolling hash of each: one pass
// over a text finds every run, however many secrets are remembered (no search per secret).
const pieces = new Set<string>();
const pieceHashes = new Set<number>();

// 31 ** MIN_SECRET_RUN, modulo 2 ** 32: the weight of the character leaving the window.
let leavingWeight = 1;
for (let i = 0; i < MIN_SECRET_RUN; i++) leavingWeight = Math.imul(leavingWeight, 31);

/** Calls `visit` with the start and the rolling hash of every MIN_SECRET_RUN-character window of `text`. */
function windows(text: string, visit: (start: number, hash: number) => void): void {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
    if (i >= MIN_SECRET_RUN)
      hash = (hash - Math.imul(text.charCodeAt(i - MIN_SECRET_RUN), leavingWeight)) | 0;
    // Kept within V8's small integers so the Set lookups stay cheap.
    if (i >= MIN_SECRET_RUN - 1) visit(i - MIN_SECRET_RUN + 1, hash & 0x3fffffff);
  }
}

/** Replaces every run of `MIN_SECRET_RUN` or more characters of a remembered secret (overlapping runs merge). */
function maskPieces(text: string): string {
  if (pieces.size === 0) return text;
  let out = '';
  let copied = 0;
  let runStart = 0;
  let runEnd = -1;
  windows(text, (start, hash) => {
    if (!pieceHashes.has(hash) || !pieces.has(text.slice(start, start + MIN_SECRET_RUN))) return;
    if (start > runEnd) {
      if (runEnd >= 0) {
        out += text.slice(copied, runStart) + REDACTED;
        copied = runEnd;
      }
      runStart = start;
    }
    runEnd = start + MIN_SECRET_RUN;
  });
  return runEnd < 0 ? text : `${out}${text.slice(copied, runStart)}${REDACTED}${text.slice(runEnd)}`;
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
  known.add(secret);
  for (const form of new Set([secret, encodeURIComponent(secret)])) {
    if (form.length < MIN_SECRET_RUN) shortForms.push(form);
    else
      windows(form, (start, hash) => {
        pieces.add(form.slice(start, start + MIN_SECRET_RUN));
        pieceHashes.add(hash);
      });
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
