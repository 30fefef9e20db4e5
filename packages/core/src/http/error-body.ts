import { errorDetails, type HttpFailure } from '../errors/http.js';
import type { TrialogueError } from '../errors/trialogue-error.js';

/** Error bodies beyond this are cut (an HTML error page from a proxy can be large). */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

const noop = () => {};

/**
 * Reads an error body as text, at most about {@link MAX_ERROR_BODY_CHARS} characters; the rest is
 * never read (the body is cancelled). An abort of `signal` cancels the read at once, even with a
 * fetch that ignores its signal. An unreadable body reads as what arrived before the failure.
 */
export async function readErrorBody(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal | undefined,
  started?: Started,
): Promise<string> {
  if (!body && !started) return '';
  const reader = started?.reader ?? body!.getReader();
  const cancel = () => reader.cancel().catch(noop);
  signal?.addEventListener('abort', cancel, { once: true });
  const decoder = new TextDecoder();
  let text = started ? decoder.decode(started.first, { stream: true }) : '';
  try {
    while (text.length <= MAX_ERROR_BODY_CHARS) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } catch {
    // Unreadable: the status is enough to classify the error.
  }
  signal?.removeEventListener('abort', cancel);
  cancel();
  return text;
}

/** A body whose reading has begun: its reader and the first chunk it gave. */
export interface Started {
  reader: ReadableStreamDefaultReader<Uint8Array>;
  first: Uint8Array;
}

/** A response that failed, its body read by {@link readErrorBody}, as the error mappings take it. */
export async function readFailure(
  response: Response,
  provider: string,
  requestId: string | undefined,
  signal: AbortSignal | undefined,
  started?: Started,
): Promise<HttpFailure> {
  const bodyText = await readErrorBody(response.body, signal, started);
  const { status, headers } = response;
  return { provider, status, headers, bodyText, body: parseJsonBody(bodyText), requestId };
}

/** Parses a body as JSON, or undefined when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** True for a response that says its body is JSON (not an event stream). */
export function isJsonResponse(response: Response): boolean {
  const type = response.headers.get('content-type') ?? '';
  return /json/i.test(type) && !/event-stream/i.test(type);
}

/** True when the first bytes of a body open a JSON object or array (white space skipped). */
export function opensJson(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x7b || byte === 0x5b) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

// The HTTP status each word of the usual error codes and types stands for, first match wins:
// `invalid_api_key` 401, `model_not_found` 404, `RESOURCE_EXHAUSTED` 429, `overloaded_error` 503.
const statusOfWord: [RegExp, number][] = [
  [/auth|key/i, 401],
  [/permission/i, 403],
  [/not_?found/i, 404],
  [/rate|exhausted|quota/i, 429],
  [/overload|unavailable/i, 503],
  [/invalid/i, 400],
];

/**
 * The HTTP status an error body stands for, when it came with HTTP 200 (a proxy or gateway that
 * wraps the upstream failure): from the error's code or type (a word, or an HTTP-like number),
 * else 500. Undefined when the body is not an error.
 */
export function statusOfErrorBody(body: unknown): number | undefined {
  const error = ((Array.isArray(body) ? body[0] : body) as { error?: unknown } | null)?.error;
  if (error == null) return undefined;
  const code = errorDetails(body).code ?? '';
  const status = Number(code);
  return status >= 400 && status < 600
    ? status
    : (statusOfWord.find(([word]) => word.test(code))?.[1] ?? 500);
}

/**
 * The error a JSON body sent with HTTP 200 reports (a proxy's way to fail): mapped by the provider's
 * own HTTP error mapping as the status the body stands for, then told as what it was ("returned HTTP
 * 200 with an error body"). Undefined when the body holds no error.
 */
export function errorOfOkBody(
  failure: HttpFailure,
  map: (failure: HttpFailure) => TrialogueError,
): TrialogueError | undefined {
  const status = statusOfErrorBody(failure.body);
  if (status === undefined) return undefined;
  const error = map({ ...failure, status });
  return error.with({
    status: 200,
    code: error.code ?? 'error-body',
    message: error.message.replace(`HTTP ${status}`, 'HTTP 200 with an error body'),
  });
}
