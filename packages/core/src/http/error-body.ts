import type { HttpFailure } from '../errors/http.js';
import type { TrialogueError } from '../errors/trialogue-error.js';

/** Error bodies beyond this are cut (an HTML error page from a proxy can be large). */
export const MAX_ERROR_BODY_CHARS = 64 * 1024;

const noop = () => {};

/**
 * Reads an error body as text, at most about {@link MAX_ERROR_BODY_CHARS} characters; the rest is
 * never read (the body is cancelled). An unreadable body reads as what arrived before the failure.
 * `track` receives the reader, so whoever aborts the request can cancel the pending read.
 */
export async function readErrorBody(
  body: ReadableStream<Uint8Array> | null,
  signal: AbortSignal | undefined,
  track?: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<string> {
  if (!body) return '';
  const reader = body.getReader();
  track?.(reader);
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done || signal?.aborted) break;
      text += decoder.decode(chunk.value, { stream: true });
      if (text.length > MAX_ERROR_BODY_CHARS) break;
    }
  } catch {
    // Unreadable: the status is enough to classify the error.
  }
  reader.cancel().catch(noop);
  return text;
}

/** A response that failed, its body read by {@link readErrorBody}, as the error mappings take it. */
export async function readFailure(
  response: Response,
  provider: string,
  requestId: string | undefined,
  signal: AbortSignal | undefined,
  track?: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<HttpFailure> {
  const bodyText = await readErrorBody(response.body, signal, track);
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

// What the usual error bodies call each kind of failure, as the HTTP status that means the same.
const statusOfCode: Record<string, number> = {
  authentication_error: 401,
  invalid_api_key: 401,
  unauthenticated: 401,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  not_found: 404,
  model_not_found: 404,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  resource_exhausted: 429,
  insufficient_quota: 429,
  overloaded_error: 529,
  unavailable: 503,
  invalid_request_error: 400,
  invalid_argument: 400,
  api_error: 500,
  server_error: 500,
  internal: 500,
};

/**
 * The HTTP status an error body stands for, when it came with HTTP 200 (a proxy or gateway that
 * wraps the upstream failure): an HTTP-like numeric `code` or `status` in the body, else the
 * error's type or code word (`rate_limit_error`, `RESOURCE_EXHAUSTED`), else 500. Undefined when
 * the body is not an error.
 */
export function statusOfErrorBody(body: unknown): number | undefined {
  const b = (Array.isArray(body) ? body[0] : body) as Record<string, unknown> | null | undefined;
  if (!b || typeof b !== 'object' || b.error === undefined || b.error === null) return undefined;
  const e = (typeof b.error === 'object' ? b.error : {}) as Record<string, unknown>;
  for (const value of [e.code, e.status, b.status, b.code]) {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isInteger(n) && n >= 400 && n <= 599) return n;
  }
  // The specific word first: OpenAI's `code` (`model_not_found`) refines its `type` (`invalid_request_error`).
  for (const value of [e.code, e.type, e.status, b.code, b.type]) {
    const status = typeof value === 'string' ? statusOfCode[value.toLowerCase()] : undefined;
    if (status !== undefined) return status;
  }
  return 500;
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
