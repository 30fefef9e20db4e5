import { TrialogueError } from '../errors/trialogue-error.js';

/** Same-origin redirects followed before giving up (fetch's own limit is 20; a loop needs fewer). */
export const MAX_REDIRECTS = 5;

/**
 * `fetch` that never lets a request leave the origin it was made for. Requests carry API keys in
 * headers, and `fetch` re-sends every header but `Authorization` to wherever a redirect points
 * (`x-api-key`, `x-goog-api-key`, a caller's own key header). So redirects are handled by hand
 * (`redirect: 'manual'`): one to the same origin is followed (at most {@link MAX_REDIRECTS}, with
 * fetch's own method rules: 303, and 301/302 after a POST, continue as a GET without body); one to
 * another origin is refused with a `provider` error (code `cross-origin-redirect`) before anything
 * is sent there. A browser hides where a redirect points (an `opaqueredirect` response), so there
 * every redirect is refused (code `redirect-not-followed`); more than {@link MAX_REDIRECTS} give
 * `too-many-redirects`. None is retried.
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
  let { method = 'GET', body } = init;
  let origin: string | undefined;
  for (let target = url, redirects = 0; ; redirects++) {
    const response = await fetchImpl(target, { ...init, method, body, redirect: 'manual' });
    const { status } = response;
    const location = status > 300 && status < 309 ? response.headers.get('location') : null;
    const opaque = response.type === 'opaqueredirect';
    if (location === null && !opaque) return response;
    response.body?.cancel().catch(() => {});
    // The absolute address: a browser accepts a base URL relative to the page.
    const here = new URL(response.url || target, globalThis.location?.href);
    origin ??= here.origin;
    let next: URL | undefined;
    try {
      next = opaque ? undefined : new URL(location!, here);
    } catch {}
    const code = !next
      ? 'redirect-not-followed'
      : next.origin !== origin
        ? 'cross-origin-redirect'
        : redirects < MAX_REDIRECTS
          ? undefined
          : 'too-many-redirects';
    if (code)
      throw new TrialogueError({
        kind: 'provider',
        provider,
        status: status || undefined,
        code,
        retryable: false,
        message: `${provider} answered with a redirect${next ? ` to ${next.origin}` : ''}, not followed: keys never leave ${origin}, and at most ${MAX_REDIRECTS} redirects are followed. Set the base URL to the final address.`,
      });
    if (status === 303 ? method !== 'HEAD' : status < 303 && method === 'POST') {
      method = 'GET';
      body = undefined;
    }
    target = next!.href;
  }
}
