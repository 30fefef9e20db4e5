import { parseDuration, retryAfterFromHeaders, retryAfterMs } from './retry-after.js';
import { type ErrorKind, type RateLimitSnapshot, TrialogueError } from './trialogue-error.js';

/** A failing HTTP response, read into memory, as the mapping functions see it. */
export interface HttpFailure {
  provider: string;
  status: number;
  headers: Headers;
  /** The raw body text (already read). */
  bodyText: string;
  /** The body parsed as JSON, when it was JSON. */
  body?: unknown;
  requestId?: string;
}

/**
 * Parses rate-limit headers in the `x-ratelimit-*` (OpenAI, Groq) and `anthropic-ratelimit-*` styles.
 *
 * @example
 * ```ts
 * rateLimitFromHeaders(new Headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '20s' }));
 * // { remainingRequests: 0, resetRequestsMs: 20000 }
 * ```
 */
export function rateLimitFromHeaders(headers: Headers): RateLimitSnapshot | undefined {
  const num = (name: string) => {
    const v = headers.get(name);
    return v != null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  // Seconds, a date, or a duration such as "1m30s" / "250ms".
  const reset = (name: string) => {
    const v = headers.get(name);
    return v ? (retryAfterFromHeaders({ 'retry-after': v }) ?? parseDuration(v)) : undefined;
  };
  const snapshot: Record<string, number> = {};
  // OpenAI/Groq: x-ratelimit-{limit,remaining,reset}-{requests,tokens}; Anthropic: anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}.
  for (const unit of ['requests', 'tokens']) {
    for (const part of ['limit', 'remaining', 'reset']) {
      const read = part === 'reset' ? reset : num;
      const value = read(`x-ratelimit-${part}-${unit}`) ?? read(`anthropic-ratelimit-${unit}-${part}`);
      const Unit = unit === 'requests' ? 'Requests' : 'Tokens';
      if (value !== undefined) snapshot[part === 'reset' ? `reset${Unit}Ms` : `${part}${Unit}`] = value;
    }
  }
  return Object.keys(snapshot).length ? (snapshot as RateLimitSnapshot) : undefined;
}

/**
 * The default kind for an HTTP status, before the body refines it (see {@link errorFromHttp}).
 *
 * @example
 * ```ts
 * kindFromStatus(429); // 'rate-limit'
 * kindFromStatus(529); // 'overloaded'
 * ```
 */
export function kindFromStatus(status: number): ErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'quota';
  if (status === 403) return 'permission';
  if (status === 404) return 'not-found';
  if (status === 408) return 'timeout';
  if (status === 413) return 'context-length';
  if (status === 429) return 'rate-limit';
  if (status === 529 || status === 503 || status === 502) return 'overloaded';
  if (status >= 500) return 'provider';
  return 'invalid-request';
}

const contextPattern =
  /context[_ ]length|context window|maximum context|too many tokens|prompt is too long|token limit|exceeds the maximum|input is too long|reduce the length/i;
const rateLimitCodePattern = /^(rate_limit_exceeded|rate_limit_error|rate_limit|requests|tokens)$/i;
const quotaPattern =
  /insufficient[_ ]quota|exceeded your current quota|billing|credit balance|out of credits|payment required/i;
// Gemini answers a bad key with HTTP 400 (INVALID_ARGUMENT / API_KEY_INVALID), not 401.
const badKeyPattern = /API_KEY_INVALID|API key not valid|invalid api[ _-]?key/i;
const filterPattern = /content[_ ]?(policy|filter|management)|safety|flagged/i;

/**
 * Finds the provider's error message and code in the usual body shapes.
 *
 * @example
 * ```ts
 * errorDetails({ error: { type: 'overloaded_error', message: 'Overloaded' } });
 * // { message: 'Overloaded', code: 'overloaded_error' }
 * ```
 */
export function errorDetails(body: unknown): { message?: string; code?: string } {
  const b = body as { error?: unknown; message?: unknown; type?: unknown; code?: unknown } | null | undefined;
  if (!b || typeof b !== 'object') return {};
  const e = (Array.isArray(b) ? b[0]?.error : b.error) as
    | { message?: unknown; type?: unknown; code?: unknown; status?: unknown }
    | string
    | undefined;
  if (typeof e === 'string') return { message: e, code: typeof b.type === 'string' ? b.type : undefined };
  const message =
    typeof e?.message === 'string' ? e.message : typeof b.message === 'string' ? b.message : undefined;
  // Prefer a word (`insufficient_quota`, `RESOURCE_EXHAUSTED`) over Gemini's numeric `code`.
  const candidates = [e?.code, e?.type, e?.status, b.code, b.type];
  const codeValue =
    candidates.find((c) => typeof c === 'string' && c !== '') ?? candidates.find((c) => c != null);
  return { message, code: codeValue != null ? String(codeValue) : undefined };
}

const advice: Partial<Record<ErrorKind, string>> = {
  auth: 'Check that the API key is correct and active.',
  permission: 'The key is valid but not allowed to use this model or endpoint.',
  quota: 'The account is out of credit or quota; add billing or use another key.',
  'rate-limit': 'Too many requests; slow down or wait before retrying.',
  overloaded: 'The provider is overloaded; try again shortly.',
  'not-found': 'Check the model id and base URL.',
  'context-length': 'Shorten the conversation or pick a model with a larger context window.',
  'content-filter': 'The provider refused the content.',
};

/**
 * Maps a failing HTTP response onto a {@link TrialogueError}, from its status, body and headers.
 * Providers refine the result for their own quirks.
 *
 * @example
 * ```ts
 * const error = errorFromHttp({ provider: 'openai', status: 429, headers: new Headers({ 'retry-after': '2' }), bodyText: '' });
 * error.kind; // 'rate-limit'
 * error.retryAfterMs; // 2000
 * ```
 */
export function errorFromHttp(failure: HttpFailure): TrialogueError {
  const { provider, status, headers, bodyText } = failure;
  const details = errorDetails(failure.body);
  const providerMessage = details.message ?? (bodyText.trim().slice(0, 300) || `HTTP ${status}`);
  let kind = kindFromStatus(status);
  const haystack = `${details.code ?? ''} ${providerMessage}`;
  const retry = retryAfterMs({ headers, body: failure.body, text: providerMessage });
  if (status === 429 && details.code !== undefined && rateLimitCodePattern.test(details.code)) {
    // The provider's own code says "rate limit": its message may still mention billing (Groq ends
    // its rate-limit messages with an upgrade link), which must not turn a wait into "out of quota".
    kind = 'rate-limit';
  } else if (
    quotaPattern.test(haystack) &&
    (status === 429 || status === 402 || status === 403 || status === 400)
  ) {
    // "Quota" text with a delay to wait is a per-minute limit (Gemini's free tier says "You exceeded
    // your current quota" with a RetryInfo): a rate limit. Billing exhaustion comes without one,
    // or says so with `insufficient_quota`.
    const perMinute =
      status === 429 && retry !== undefined && !/insufficient[_ ]quota|billing|credit/i.test(haystack);
    kind = perMinute ? 'rate-limit' : 'quota';
  } else if (status === 400 && (badKeyPattern.test(haystack) || badKeyPattern.test(bodyText))) {
    kind = 'auth';
  } else if (status === 400 || status === 413 || status === 422) {
    if (contextPattern.test(haystack)) kind = 'context-length';
    else if (filterPattern.test(haystack) && status === 400) kind = 'content-filter';
  }
  const tip = advice[kind];
  return new TrialogueError({
    kind,
    provider,
    status,
    message: `${provider} returned HTTP ${status}: ${providerMessage}${tip ? `${/[.!?]\s*$/.test(providerMessage) ? '' : '.'} ${tip}` : ''}`,
    retryAfterMs: retry,
    requestId: failure.requestId,
    providerCode: details.code,
    rateLimit: rateLimitFromHeaders(headers),
    phase: 'request',
    retryable: kind === 'quota' ? false : kind === 'provider' ? status >= 500 : undefined,
  });
}
