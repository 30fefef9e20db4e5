/**
 * Error responses as each provider really sends them: status, headers and body shape (OpenAI's
 * `{ error: { message, type, param, code } }`, Anthropic's `{ type: 'error', error: { type, message } }`,
 * Google's `{ error: { code, message, status, details } }`, OpenRouter's `{ error: { code, message } }`),
 * plus the error events some wires send after HTTP 200.
 */
import type { FakeScript, FakeWire } from './script.js';
import { WIRES } from './script.js';

/** A failure the fake can answer with. */
export type FakeErrorKind =
  | 'auth'
  | 'missing-key'
  | 'permission'
  | 'not-found'
  | 'rate-limit'
  | 'quota'
  | 'payment-required'
  | 'server'
  | 'unavailable'
  | 'overloaded'
  | 'bad-request'
  | 'key-in-url';

/** Options of {@link errorBody} and {@link fakeError}: what the error response carries besides its kind. */
export interface FakeErrorOptions {
  /** `retry-after` in seconds, for `rate-limit` and `overloaded` (default 0 for rate limits: tests stay fast). */
  retryAfterSeconds?: number;
  /** The key the request carried, masked into OpenAI's "Incorrect API key" message as OpenAI does. */
  key?: string;
  /** The model the request named, for not-found messages. */
  model?: string;
  /** Override the provider's message. */
  message?: string;
}

/** OpenAI masks the key it rejects: first three and last four characters. */
function maskKey(key: string): string {
  return key.length > 8
    ? `${key.slice(0, 3)}${'*'.repeat(Math.min(40, key.length - 7))}${key.slice(-4)}`
    : '***';
}

type Shape = 'openai' | 'anthropic' | 'google' | 'openrouter';

const shapeOf = (wire: FakeWire): Shape =>
  wire === 'openrouter'
    ? 'openrouter'
    : WIRES[wire].family === 'openai'
      ? 'openai'
      : (WIRES[wire].family as Shape);

interface ErrorSpec {
  status: number;
  /** OpenAI-style `type`/`code`, Anthropic `error.type`, Google `status`. */
  openai: { type: string; code: string | null; message: string };
  anthropic: { type: string; message: string };
  google: { status: string; message: string; details?: object[] };
  /** Google answers a bad key with 400, not 401. */
  googleStatus?: number;
}

function specFor(kind: FakeErrorKind, wire: FakeWire, options: FakeErrorOptions): ErrorSpec {
  const model = options.model ?? WIRES[wire].defaultModel;
  const keyInfo = (reason: string) => ({
    '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
    reason,
    domain: 'googleapis.com',
    metadata: { service: 'generativelanguage.googleapis.com' },
  });
  switch (kind) {
    case 'auth':
      return {
        status: 401,
        openai: {
          type: 'invalid_request_error',
          code: 'invalid_api_key',
          message:
            wire === 'groq'
              ? 'Invalid API Key'
              : `Incorrect API key provided: ${maskKey(options.key ?? '')}. You can find your API key at https://platform.openai.com/account/api-keys.`,
        },
        anthropic: { type: 'authentication_error', message: 'invalid x-api-key' },
        google: {
          status: 'INVALID_ARGUMENT',
          message: 'API key not valid. Please pass a valid API key.',
          details: [keyInfo('API_KEY_INVALID')],
        },
        googleStatus: 400,
      };
    case 'missing-key':
      return {
        status: 401,
        openai: {
          type: 'invalid_request_error',
          code: null,
          message:
            "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
        },
        anthropic: { type: 'authentication_error', message: 'x-api-key header is required' },
        google: {
          status: 'PERMISSION_DENIED',
          message:
            "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        },
        googleStatus: 403,
      };
    case 'key-in-url':
      return {
        status: 400,
        openai: {
          type: 'invalid_request_error',
          code: null,
          message: 'API keys are not accepted in the URL; send them in a header.',
        },
        anthropic: {
          type: 'invalid_request_error',
          message: 'API keys are not accepted in the URL; send them in a header.',
        },
        google: {
          status: 'INVALID_ARGUMENT',
          message: 'API keys are not accepted in the URL by this server; use the x-goog-api-key header.',
        },
      };
    case 'permission':
      return {
        status: 403,
        openai: {
          type: 'request_forbidden',
          code: 'unsupported_country_region_territory',
          message: 'Country, region, or territory not supported',
        },
        anthropic: {
          type: 'permission_error',
          message: 'Your API key does not have permission to use the specified resource.',
        },
        google: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
      };
    case 'not-found':
      return {
        status: 404,
        openai: {
          type: 'invalid_request_error',
          code: 'model_not_found',
          message: `The model \`${model}\` does not exist or you do not have access to it.`,
        },
        anthropic: { type: 'not_found_error', message: `model: ${model}` },
        google: {
          status: 'NOT_FOUND',
          message: `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
        },
      };
    case 'rate-limit':
      return {
        status: 429,
        openai: {
          type: 'requests',
          code: 'rate_limit_exceeded',
          message: `Rate limit reached for ${model} in organization org-FAKE on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in ${options.retryAfterSeconds ?? 0}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        },
        anthropic: {
          type: 'rate_limit_error',
          message:
            'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
        },
        google: {
          status: 'RESOURCE_EXHAUSTED',
          message: 'You exceeded your current quota, please check your plan.',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
              violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
            },
            {
              '@type': 'type.googleapis.com/google.rpc.RetryInfo',
              retryDelay: `${options.retryAfterSeconds ?? 0}s`,
            },
          ],
        },
      };
    case 'quota':
      return {
        status: 429,
        openai: {
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message:
            'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
        },
        anthropic: {
          type: 'invalid_request_error',
          message:
            'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
        },
        google: {
          status: 'RESOURCE_EXHAUSTED',
          message: 'You exceeded your current quota, please check your plan and billing details.',
        },
      };
    case 'payment-required':
      return {
        status: 402,
        openai: {
          type: 'insufficient_quota',
          code: 'insufficient_quota',
          message: 'Insufficient credits. Add more using https://openrouter.ai/settings/credits',
        },
        anthropic: {
          type: 'billing_error',
          message: 'Your credit balance is too low to access the Anthropic API.',
        },
        google: {
          status: 'FAILED_PRECONDITION',
          message:
            'Gemini API free tier is not available in your country. Please enable billing on your project in Google AI Studio.',
        },
        // Gemini never answers 402; billing trouble is a 400 FAILED_PRECONDITION.
        googleStatus: 400,
      };
    case 'server':
      return {
        status: 500,
        openai: {
          type: 'server_error',
          code: null,
          message: 'The server had an error while processing your request. Sorry about that!',
        },
        anthropic: { type: 'api_error', message: 'Internal server error' },
        google: {
          status: 'INTERNAL',
          message:
            'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
        },
      };
    case 'unavailable':
    case 'overloaded':
      return {
        // 529 is Anthropic's own "overloaded"; everyone else says it with a 503.
        status: kind === 'overloaded' && wire === 'anthropic' ? 529 : 503,
        openai: {
          type: 'server_error',
          code: null,
          message: 'The engine is currently overloaded, please try again later.',
        },
        anthropic:
          kind === 'overloaded'
            ? { type: 'overloaded_error', message: 'Overloaded' }
            : { type: 'api_error', message: 'Service unavailable' },
        google: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
      };
    case 'bad-request':
      return {
        status: 400,
        openai: { type: 'invalid_request_error', code: null, message: options.message ?? 'Invalid request.' },
        anthropic: { type: 'invalid_request_error', message: options.message ?? 'Invalid request.' },
        google: {
          status: 'INVALID_ARGUMENT',
          message: options.message ?? 'Request contains an invalid argument.',
        },
      };
  }
}

/** The JSON body a provider sends for this failure. */
export function errorBody(
  wire: FakeWire,
  kind: FakeErrorKind,
  options: FakeErrorOptions = {},
): { status: number; body: object } {
  const spec = specFor(kind, wire, options);
  const shape = shapeOf(wire);
  if (shape === 'anthropic') {
    const error = { ...spec.anthropic, ...(options.message ? { message: options.message } : {}) };
    return { status: spec.status, body: { type: 'error', error, request_id: 'req_011CFAKE' } };
  }
  if (shape === 'google') {
    const status = spec.googleStatus ?? spec.status;
    const error: Record<string, unknown> = {
      code: status,
      message: options.message ?? spec.google.message,
      status: spec.google.status,
    };
    if (spec.google.details) error.details = spec.google.details;
    return { status, body: { error } };
  }
  if (shape === 'openrouter') {
    const message =
      kind === 'auth'
        ? 'User not found.'
        : kind === 'missing-key'
          ? 'No auth credentials found'
          : spec.openai.message;
    return {
      status: spec.status,
      body: { error: { message: options.message ?? message, code: spec.status } },
    };
  }
  const { type, code, message } = spec.openai;
  return {
    status: spec.status,
    body: { error: { message: options.message ?? message, type, param: null, code } },
  };
}

/**
 * A script that answers with the provider's real error response for `kind`.
 *
 * @example
 * ```ts
 * server.enqueue(fakeError('anthropic', 'overloaded'));              // 529 overloaded_error
 * server.enqueue(fakeError('openai', 'rate-limit', { retryAfterSeconds: 1 }));
 * ```
 */
export function fakeError(wire: FakeWire, kind: FakeErrorKind, options: FakeErrorOptions = {}): FakeScript {
  const { status, body } = errorBody(wire, kind, options);
  const headers: Record<string, string> = {};
  if (kind === 'rate-limit') {
    headers['retry-after'] = String(options.retryAfterSeconds ?? 0);
    if (wire === 'anthropic') {
      headers['anthropic-ratelimit-requests-limit'] = '50';
      headers['anthropic-ratelimit-requests-remaining'] = '0';
    } else if (WIRES[wire].family === 'openai') {
      headers['x-ratelimit-limit-requests'] = '3';
      headers['x-ratelimit-remaining-requests'] = '0';
      headers['x-ratelimit-reset-requests'] = `${options.retryAfterSeconds ?? 0}s`;
    }
  }
  if (kind === 'overloaded' && options.retryAfterSeconds !== undefined)
    headers['retry-after'] = String(options.retryAfterSeconds);
  return { status, headers, body };
}

/**
 * The error a wire sends as an event after HTTP 200, as the `data:` payloads of its frames.
 * Anthropic: `event: error` with `overloaded_error`. Responses: `error` then `response.failed`
 * with `insufficient_quota` (as recorded). OpenRouter: a chunk with a top-level `error` and
 * `finish_reason: "error"`. Other Chat Completions servers and Gemini: an `{ error }` data line.
 */
export function streamErrorPayloads(wire: FakeWire): { event?: string; payload: object }[] {
  const family = WIRES[wire].family;
  if (family === 'anthropic') {
    return [
      {
        event: 'error',
        payload: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      },
    ];
  }
  if (family === 'google') return [{ payload: errorBody(wire, 'overloaded').body }];
  if (wire === 'openai-responses') {
    const error = {
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message:
        'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
      param: null,
    };
    return [
      { event: 'error', payload: { type: 'error', error } },
      {
        event: 'response.failed',
        payload: {
          type: 'response.failed',
          response: {
            id: 'resp_FAKE',
            object: 'response',
            status: 'failed',
            error: { code: error.code, message: error.message },
            output: [],
            usage: null,
          },
        },
      },
    ];
  }
  if (wire === 'openrouter') {
    // OpenRouter: a chunk with a top-level `error` and `finish_reason: "error"`.
    return [
      {
        payload: {
          id: 'gen-FAKE',
          object: 'chat.completion.chunk',
          created: Math.floor(Date.now() / 1000),
          model: 'openai/gpt-4o-mini',
          provider: 'OpenAI',
          error: { code: 502, message: 'Provider returned error' },
          choices: [{ index: 0, delta: { content: '' }, finish_reason: 'error' }],
        },
      },
    ];
  }
  return [{ payload: errorBody(wire, 'server').body }];
}
