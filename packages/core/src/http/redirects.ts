import { TrialogueError } from '../errors/trialogue-error.js';

/** Same-origin redirects followed before giving up (fetch's own limit is 20; a loop needs fewer). */
export const MAX_REDIRECTS = 5;

const noop = () => {};

/**
 * `fetch` that never lets a request leave the origin it was made for. Requests carry API keys in
 * headers, and `fetch` re-sends every header but `Authorization` to wherever a redirect points
 * (`x-api-key`, `x-goog-api-key`, a caller's own key header). So redirects are handled by hand
 * (`redirect: 'manual'`): one to the same origin is followed (at most {@link MAX_REDIRECTS}, with
 * fetch's own method rules: 303, and 301/302 after a POST, continue as a GET without body); one to
 * another origin is refused with a `provider` error (code `cross-origin-redirect`), before anything
 * is sent there. A browser hides where a redirect points (an `opaqueredirect` response), so there
 * every redirect is refused (code `redirect-not-followed`).
 *
 * @example
 * ```ts
 * const response = await fetchSameOrigin(fetch, 'https://api.openai.com/v1/models', { headers }, 'openai');
 * ```
 */
export async function fetchSameOrigin(
  fetchImpl: typeof fetch,
  url: string,
  init: RequestInit,
  provider: string,
): Promise<Response> {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    // Not a URL: fetch itself says so, in its own words.
    return fetchImpl(url, { ...init, redirect: 'manual' });
  }
  let target = url;
  let method = init.method ?? 'GET';
  let body = init.body;
  for (let redirects = 0; ; redirects++) {
    const response = await fetchImpl(target, { ...init, method, body, redirect: 'manual' });
    if (response.type === 'opaqueredirect') {
      throw redirectError(
        provider,
        'redirect-not-followed',
        `${provider} answered with a redirect, which the browser does not let Trialogue inspect, so it was not followed and the API key went nowhere else. Set the base URL to the address that answers without a redirect.`,
      );
    }
    const location = isRedirect(response.status) ? response.headers.get('location') : null;
    if (location === null) return response;
    response.body?.cancel().catch(noop);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw redirectError(
        provider,
        'cross-origin-redirect',
        `${provider} answered with a redirect to an address that is not a URL; it was not followed.`,
        response.status,
      );
    }
    if (next.origin !== origin) {
      throw redirectError(
        provider,
        'cross-origin-redirect',
        `${provider} redirected the request from ${origin} to another origin (${next.origin}); Trialogue does not follow it, so the API key is never sent there. Set the base URL to the address that answers, if you trust it.`,
        response.status,
      );
    }
    if (redirects >= MAX_REDIRECTS) {
      throw redirectError(
        provider,
        'too-many-redirects',
        `${provider} redirected the request more than ${MAX_REDIRECTS} times; check the base URL.`,
        response.status,
      );
    }
    if (response.status === 303 ? method !== 'HEAD' : response.status <= 302 && method === 'POST') {
      method = 'GET';
      body = undefined;
    }
    target = next.href;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function redirectError(provider: string, code: string, message: string, status?: number): TrialogueError {
  return new TrialogueError({ kind: 'provider', provider, status, code, message, retryable: false });
}
