import type { ErrorKind } from '@trialogue/core';

// OpenAI's error `code`/`type` values, as they appear in stream error events and chunks.
const kinds: Record<string, ErrorKind> = {
  insufficient_quota: 'quota',
  rate_limit_exceeded: 'rate-limit',
  server_error: 'provider',
  context_length_exceeded: 'context-length',
  invalid_prompt: 'invalid-request',
  invalid_request_error: 'invalid-request',
  content_filter: 'content-filter',
  invalid_api_key: 'auth',
  model_not_found: 'not-found',
};

/** The kind for an OpenAI-style error code or type, when it names one. */
export function kindOfCode(code: string | undefined): ErrorKind | undefined {
  return code ? kinds[code] : undefined;
}
