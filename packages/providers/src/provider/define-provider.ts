import {
  assertKeyShape,
  assertModelId,
  type ChatModel,
  type ChatRequest,
  defineChatModel,
  type HttpFailure,
  type HttpModelSpec,
  invalidRequest,
  type KeyCheck,
  type ModelInfo,
  type Provider,
  type ProviderFactory,
  type ProviderSettings,
  rememberSecret,
  requestJson,
  runHttpStream,
  type StreamEvent,
  TrialogueError,
} from '@trialogue/core';

/**
 * What every provider shares: its id, where it lives, its key and how the key travels.
 * Built once per factory call by {@link providerContext}.
 */
export interface ProviderContext {
  readonly id: string;
  /** The base URL without a trailing slash. */
  readonly baseURL: string;
  readonly fetch: typeof fetch | undefined;
  /**
   * Why calls cannot be made (no key where one is required, a key that cannot be a key, a base URL
   * or header that fetch would refuse), or undefined. Raised on use, before any network call, never
   * at construction.
   */
  readonly setupError: TrialogueError | undefined;
  /** The provider's HTTP error mapping (core's default when absent). */
  readonly mapHttpError: ((failure: HttpFailure) => TrialogueError) | undefined;
  readonly requestIdHeader: string | undefined;
  /** Headers for every request: the caller's extras, then the auth header(s) (which win). */
  headers(extra?: Record<string, string>): Record<string, string>;
  /** The fetch arguments of a streaming JSON POST to a path under the base URL. */
  post(path: string, body: unknown): { url: string; init: RequestInit };
  /** A JSON GET against a path under the base URL (model lists, key checks). Throws a TrialogueError. */
  getJson<T>(path: string, options?: { signal?: AbortSignal }): Promise<T>;
}

/** How a provider authenticates. */
export interface ProviderAuth {
  /** Where calls go when the caller gives no base URL. */
  defaultBaseURL: string;
  /** Whether calls need a key. */
  requiresKey: boolean;
  /** The auth headers for a key. Keys only ever travel in headers, never in a URL. */
  authHeaders(apiKey: string): Record<string, string>;
  /** Extra fixed headers (such as `anthropic-version`). */
  fixedHeaders?: Record<string, string>;
  mapHttpError?: (failure: HttpFailure) => TrialogueError;
  requestIdHeader?: string;
}

/** Header names whose values are credentials (`api-key`, `x-proxy-token`, `authorization`; not `x-max-tokens`). */
const secretHeader = /^(proxy-)?authorization$|^cookie$|(^|[-_])(api[-_]?key|key|token|secret|auth)([-_]|$)/i;

/**
 * Remembers credentials in the caller's own headers (Azure's `api-key`, a proxy's token), so an
 * error body that echoes one is redacted; reports headers fetch would refuse (naming, not showing).
 */
function headersProblem(id: string, extra: ProviderSettings['headers']): TrialogueError | undefined {
  let entries: [string, string][];
  try {
    entries = [...new Headers(extra)];
  } catch {
    return invalidRequest(
      `The headers given to ${id} hold a name or value fetch refuses (a newline or a character outside Latin-1). Check the headers option.`,
      'invalid-header',
      id,
    );
  }
  for (const [name, value] of entries) {
    const secret = value.replace(/^(Bearer|Basic)\s+/i, '');
    // Short values (a version, a flag) are settings, not secrets: masking them would garble errors.
    if (secretHeader.test(name) && secret.length >= 16) rememberSecret(secret);
  }
  return undefined;
}

/** A base URL fetch would refuse or that would send the request somewhere odd, caught before any call. */
function baseURLProblem(id: string, baseURL: string): TrialogueError | undefined {
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return invalidRequest(
      `The ${id} base URL "${baseURL}" is not a URL. Write it in full, such as https://api.example.com/v1.`,
      'invalid-base-url',
      id,
    );
  }
  if (url.username || url.password) {
    rememberSecret(decodeURIComponent(url.password));
    rememberSecret(url.password);
    return invalidRequest(
      `The ${id} base URL carries a user name or password (user:password@host), which fetch refuses and which would leak into logs. Pass credentials in headers instead.`,
      'invalid-base-url',
      id,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return invalidRequest(
      `The ${id} base URL must start with https:// or http://, not ${url.protocol}//.`,
      'invalid-base-url',
      id,
    );
  }
  return undefined;
}

/** Resolves settings into a {@link ProviderContext}: remembers the key for redaction, checks its shape. */
export function providerContext(id: string, settings: ProviderSettings, auth: ProviderAuth): ProviderContext {
  const apiKey = settings.apiKey === '' ? undefined : settings.apiKey;
  rememberSecret(apiKey);
  let keyError: TrialogueError | undefined;
  if (apiKey === undefined) {
    if (auth.requiresKey) {
      keyError = new TrialogueError({
        kind: 'auth',
        provider: id,
        code: 'missing-key',
        retryable: false,
        message: `No API key for ${id}. Pass { apiKey } to the ${id} provider (or add one to the key store) and try again.`,
      });
    }
  } else {
    try {
      assertKeyShape(id, apiKey);
    } catch (error) {
      keyError = error as TrialogueError;
    }
  }
  const baseURL = (settings.baseURL ?? auth.defaultBaseURL).replace(/\/+$/, '');
  const setupError = headersProblem(id, settings.headers) ?? baseURLProblem(id, baseURL) ?? keyError;
  // Header names are case-insensitive: set() replaces a caller's `Authorization` instead of joining it.
  const headers = (extra?: Record<string, string>): Record<string, string> => {
    const merged = new Headers(settings.headers);
    const layers = [
      extra,
      auth.fixedHeaders,
      apiKey !== undefined && !keyError ? auth.authHeaders(apiKey) : undefined,
    ];
    for (const layer of layers)
      for (const [name, value] of Object.entries(layer ?? {})) merged.set(name, value);
    return Object.fromEntries(merged);
  };
  return {
    id,
    baseURL,
    fetch: settings.fetch,
    setupError,
    mapHttpError: auth.mapHttpError,
    requestIdHeader: auth.requestIdHeader,
    headers,
    post: (path, body) => ({
      url: `${baseURL}${path}`,
      init: {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', accept: 'text/event-stream' }),
        body: JSON.stringify(body),
      },
    }),
    getJson<T>(path: string, options: { signal?: AbortSignal } = {}) {
      if (setupError) return Promise.reject(setupError);
      return requestJson<T>({
        provider: id,
        url: `${baseURL}${path}`,
        init: { method: 'GET', headers: headers({ accept: 'application/json' }) },
        fetch: settings.fetch,
        signal: options.signal,
        mapHttpError: auth.mapHttpError,
        requestIdHeader: auth.requestIdHeader,
      });
    },
  };
}

/** A stream that is nothing but one terminal error: bad input, caught before any network call. */
async function* failedStream(error: TrialogueError): AsyncGenerator<StreamEvent> {
  yield { type: 'error', error, text: '', timings: { totalMs: 0 } };
}

/**
 * A chat model over core's HTTP streaming machine that first checks the key, the model id and
 * `precheck` (request features this wire cannot express), failing with a terminal error before any
 * fetch.
 */
export function checkedHttpModel(
  context: ProviderContext,
  spec: Omit<HttpModelSpec, 'provider' | 'fetch' | 'mapHttpError' | 'requestIdHeader'>,
  precheck?: (request: ChatRequest) => TrialogueError | undefined,
): ChatModel {
  const full: HttpModelSpec = {
    ...spec,
    provider: context.id,
    fetch: context.fetch,
    mapHttpError: context.mapHttpError,
    requestIdHeader: context.requestIdHeader,
  };
  let modelError: TrialogueError | undefined;
  try {
    assertModelId(context.id, spec.modelId);
  } catch (error) {
    modelError = error as TrialogueError;
  }
  return defineChatModel({
    provider: context.id,
    modelId: spec.modelId,
    stream(request) {
      let problem = context.setupError ?? modelError;
      try {
        problem ??= precheck?.(request);
      } catch {
        // A malformed request: core's validation reports it properly.
      }
      return problem ? failedStream(problem) : runHttpStream(full, request);
    },
  });
}

/**
 * A key check from a cheap authenticated GET: an answer about the key (rejected: auth, permission;
 * exhausted: rate-limit, quota) is `{ ok: false }`; any other failure (network, outage) throws,
 * since it says nothing about the key.
 */
export async function checkKeyWith(
  context: ProviderContext,
  probe: (options: { signal?: AbortSignal }) => Promise<number | undefined>,
  options: { signal?: AbortSignal } = {},
): Promise<KeyCheck> {
  if (context.setupError) throw context.setupError;
  try {
    const models = await probe(options);
    return models === undefined
      ? { ok: true, provider: context.id }
      : { ok: true, provider: context.id, models };
  } catch (error) {
    const aboutTheKey = ['auth', 'permission', 'rate-limit', 'quota'];
    if (TrialogueError.is(error) && aboutTheKey.includes(error.kind)) {
      return { ok: false, provider: context.id, error };
    }
    throw error;
  }
}

/** A provider whose key check is "can I list the models?". */
export function listingProvider<P extends Provider>(
  context: ProviderContext,
  model: (modelId: string) => ChatModel,
  listModels: (options?: { signal?: AbortSignal }) => Promise<ModelInfo[]>,
  extra?: Omit<P, keyof Provider>,
): P {
  return {
    id: context.id,
    model,
    listModels,
    validateKey: (options) => checkKeyWith(context, async (o) => (await listModels(o)).length, options),
    ...extra,
  } as P;
}

/** Attaches the id and key requirement a registry reads to a factory function. */
export function defineFactory<P extends Provider, S extends ProviderSettings = ProviderSettings>(
  id: string,
  requiresKey: boolean,
  make: (settings: S) => P,
): ((settings?: S) => P) & ProviderFactory {
  const factory = (settings: S = {} as S) => make(settings);
  return Object.assign(factory, { id, requiresKey }) as ((settings?: S) => P) & ProviderFactory;
}
