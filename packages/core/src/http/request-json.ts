import { errorFromHttp, type HttpFailure } from '../errors/http.js';
import { TrialogueError } from '../errors/trialogue-error.js';
import { abortable, abortError, networkError } from './abortable.js';
import { errorOfOkBody, parseJsonBody, readFailure } from './error-body.js';
import { fetchSameOrigin } from './redirects.js';

/**
 * A plain JSON request for the non-streaming endpoints (model lists, key checks), with the same
 * error mapping as streams. Throws a {@link TrialogueError}. An abort of `signal` ends the wait at
 * once, even with a `fetch` that ignores its signal. Like streams, it follows no redirect to
 * another origin (see `fetchSameOrigin`), and reads at most 64 KiB of an error body.
 *
 * @example
 * ```ts
 * const list = await requestJson<{ data: { id: string }[] }>({
 *   provider: 'openai',
 *   url: 'https://api.openai.com/v1/models',
 *   init: { headers: { authorization: `Bearer ${apiKey}` } },
 * });
 * ```
 */
export async function requestJson<T = unknown>(options: {
  provider: string;
  url: string;
  init?: RequestInit;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  mapHttpError?: (failure: HttpFailure) => TrialogueError;
  requestIdHeader?: string;
}): Promise<T> {
  const { provider } = options;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await abortable(
      fetchSameOrigin(fetchImpl, options.url, { ...options.init, signal: options.signal }, provider),
      options.signal,
    );
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal, provider);
    // A refused redirect: reported as it is.
    if (TrialogueError.is(error)) throw error;
    throw networkError(provider, error);
  }
  const requestId = (options.requestIdHeader && response.headers.get(options.requestIdHeader)) || undefined;
  if (!response.ok) {
    const failed = await readFailure(response, provider, requestId, options.signal);
    if (options.signal?.aborted) throw abortError(options.signal, provider);
    throw (options.mapHttpError ?? errorFromHttp)(failed);
  }
  let bodyText = '';
  try {
    bodyText = await abortable(response.text(), options.signal);
  } catch {
    if (options.signal?.aborted) throw abortError(options.signal, provider);
  }
  const body = parseJsonBody(bodyText);
  // A proxy's HTTP 200 with an error body is the error it reports, not an answer.
  const failed = errorOfOkBody(
    { provider, status: response.status, headers: response.headers, bodyText, body, requestId },
    options.mapHttpError ?? errorFromHttp,
  );
  if (failed) throw failed;
  if (body === undefined) {
    throw new TrialogueError({
      kind: 'parse',
      provider,
      requestId,
      message: `${provider} answered with a body that is not JSON.`,
    });
  }
  return body as T;
}
