/**
 * Reads how long a provider asks us to wait, from every place providers put it:
 * `retry-after-ms`, `retry-after` (seconds or an HTTP date), Gemini's `RetryInfo.retryDelay`,
 * and "try again in 1m20.5s" / "retry in 350ms" text in error messages.
 */

/** Response headers, as a `Headers` object or a plain record (names in any case). */
export type HeaderSource = Headers | Record<string, string | undefined> | undefined;

function header(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const hit = Object.keys(record).find((k) => k.toLowerCase() === name);
  return hit ? record[hit] : undefined;
}

/**
 * Parses a duration such as `13s`, `1.5s`, `350ms`, `2m`, `1m30.5s`, `1h2m3s` into milliseconds.
 *
 * @example
 * ```ts
 * parseDuration('1m30.5s'); // 90500
 * parseDuration('soon'); // undefined
 * ```
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|h|m|s))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    const value = Number(match[1]);
    const unit = match[2];
    total +=
      unit === 'ms' ? value : unit === 's' ? value * 1000 : unit === 'm' ? value * 60_000 : value * 3_600_000;
  }
  return Math.round(total);
}

/**
 * Reads retry delay headers: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date.
 * `now` is for tests of the HTTP-date form.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders(new Headers({ 'retry-after': '7' })); // 7000
 * retryAfterFromHeaders(new Headers({ 'retry-after-ms': '1500', 'retry-after': '7' })); // 1500
 * ```
 */
export function retryAfterFromHeaders(headers: HeaderSource, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms)))
    return Math.max(0, Math.round(Number(ms)));
  const after = header(headers, 'retry-after');
  if (after === undefined || after.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(after.trim())) return Math.round(Number(after) * 1000);
  const date = Date.parse(after);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/**
 * Finds a `google.rpc.RetryInfo` `retryDelay` anywhere in a parsed error body.
 *
 * @example
 * ```ts
 * retryAfterFromRetryInfo({
 *   error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' }] },
 * }); // 13000
 * ```
 */
export function retryAfterFromRetryInfo(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | null)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const type = (detail as { '@type'?: unknown })?.['@type'];
    const delay = (detail as { retryDelay?: unknown })?.retryDelay;
    if (typeof type === 'string' && type.endsWith('RetryInfo') && typeof delay === 'string') {
      return parseDuration(delay);
    }
  }
  return undefined;
}

/**
 * Finds "try again in 7.5s" / "retry after 20 seconds" / "retry in 350ms" in an error message.
 *
 * @example
 * ```ts
 * retryAfterFromText('Rate limit reached. Please try again in 7.5s.'); // 7500
 * ```
 */
export function retryAfterFromText(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const compact = /(?:try again|retry) (?:in|after) ((?:\d+(?:\.\d+)?(?:ms|h|m|s))+)\b/i.exec(text);
  if (compact?.[1]) return parseDuration(compact[1]);
  const worded =
    /(?:try again|retry) (?:in|after) (\d+(?:\.\d+)?) ?(milliseconds?|seconds?|secs?|minutes?|mins?)\b/i.exec(
      text,
    );
  if (worded?.[1] && worded[2]) {
    const value = Number(worded[1]);
    const unit = worded[2].toLowerCase();
    return Math.round(
      unit.startsWith('milli') ? value : unit.startsWith('min') ? value * 60_000 : value * 1000,
    );
  }
  return undefined;
}

/**
 * The delay a provider asked for, from headers first, then a parsed body, then message text.
 *
 * @example
 * ```ts
 * retryAfterMs({ headers: { 'retry-after': '2' } }); // 2000
 * ```
 */
export function retryAfterMs(sources: {
  headers?: HeaderSource;
  body?: unknown;
  text?: string;
  now?: number;
}): number | undefined {
  return (
    retryAfterFromHeaders(sources.headers, sources.now) ??
    retryAfterFromRetryInfo(sources.body) ??
    retryAfterFromText(sources.text)
  );
}
