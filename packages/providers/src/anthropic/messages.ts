import {
  type ChatRequest,
  type ErrorKind,
  type FinishReason,
  makeUsage,
  type StreamMapper,
} from '@trialogue/core';
import { alternating, put, systemPrompt, turns, withProviderOptions } from '../wire/conversation.js';
import { budgetOf } from '../wire/reasoning.js';
import { streamError } from '../wire/stream-error.js';

/** Anthropic requires `max_tokens`; this is the answer budget when the request sets none. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * The Messages request body. `max_tokens` is the answer budget plus the thinking budget (Anthropic
 * counts thinking inside `max_tokens` and wants the budget below it). With thinking on, temperature
 * and top_p are left out: Anthropic rejects them.
 */
export function messagesBody(modelId: string, request: ChatRequest): Record<string, unknown> {
  // Anthropic's smallest thinking budget is 1024 tokens. Claude 3 models before 3.7 cannot think:
  // they are asked without thinking rather than failing.
  const requested = /^claude-(3-(?!7)|2|instant)/.test(modelId) ? undefined : budgetOf(request.reasoning);
  const budget = requested === undefined ? undefined : Math.max(1024, requested);
  const body: Record<string, unknown> = {
    model: modelId,
    messages: alternating(turns(request), (m) => (m.role === 'assistant' ? 'assistant' : 'user')).map(
      (m) => ({
        role: m.role,
        content: m.text,
      }),
    ),
    max_tokens: (request.maxOutputTokens ?? DEFAULT_MAX_TOKENS) + (budget ?? 0),
    stream: true,
  };
  put(body, 'system', systemPrompt(request));
  if (budget !== undefined) {
    body.thinking = { type: 'enabled', budget_tokens: budget };
  } else {
    put(body, 'temperature', request.temperature);
    put(body, 'top_p', request.topP);
  }
  if (request.stopSequences?.length) body.stop_sequences = request.stopSequences;
  return withProviderOptions(body, request, 'anthropic');
}

/** Anthropic `stop_reason` onto the neutral reasons. */
export function anthropicFinish(reason: string): FinishReason {
  if (reason === 'end_turn' || reason === 'stop_sequence') return 'stop';
  if (reason === 'max_tokens' || reason === 'model_context_window_exceeded') return 'length';
  if (reason === 'refusal') return 'refusal';
  return 'other';
}

/** Anthropic error `type`s onto kinds (the same types arrive in HTTP bodies and `error` events). */
const errorKinds: Record<string, ErrorKind> = {
  invalid_request_error: 'invalid-request',
  authentication_error: 'auth',
  permission_error: 'permission',
  billing_error: 'quota',
  not_found_error: 'not-found',
  request_too_large: 'context-length',
  rate_limit_error: 'rate-limit',
  api_error: 'provider',
  overloaded_error: 'overloaded',
  timeout_error: 'timeout',
};

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

interface AnthropicEvent {
  type: string;
  message?: { usage?: AnthropicUsage };
  delta?: { type?: string; text?: string; thinking?: string; stop_reason?: string | null };
  content_block?: { type?: string; text?: string; thinking?: string };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/**
 * Maps a Messages stream. Usage counts are absolute, never added up: `message_delta` repeats or
 * updates what `message_start` said (a repeated `message_start` changes nothing). Input is
 * normalised to include cache reads and writes, as OpenAI counts it.
 *
 * @example
 * ```ts
 * // Claude behind your own gateway: core's streaming machine with this body and mapper.
 * import { httpChatModel } from '@trialogue/core';
 * import { ANTHROPIC_VERSION, messagesBody, messagesMapper } from '@trialogue/providers/anthropic';
 *
 * const claude = httpChatModel({
 *   provider: 'anthropic',
 *   modelId: 'claude-sonnet-4-5',
 *   prepare: (request) => ({
 *     url: 'https://gateway.example/anthropic/v1/messages',
 *     init: {
 *       method: 'POST',
 *       headers: { 'content-type': 'application/json', 'x-api-key': key, 'anthropic-version': ANTHROPIC_VERSION },
 *       body: JSON.stringify(messagesBody('claude-sonnet-4-5', request)),
 *     },
 *   }),
 *   createMapper: () => messagesMapper('anthropic', true),
 * });
 * ```
 */
export function messagesMapper(provider: string, showReasoning: boolean): StreamMapper {
  const counts: Required<{ [K in keyof AnthropicUsage]: number }> = {
    input_tokens: 0,
    output_tokens: 0,
    cache_read_input_tokens: 0,
    cache_creation_input_tokens: 0,
  };
  let cacheReported = false;
  const report = (u: AnthropicUsage | undefined, sink: Parameters<StreamMapper['onMessage']>[1]) => {
    if (!u) return;
    for (const key of Object.keys(counts) as (keyof AnthropicUsage)[]) {
      const value = u[key];
      if (typeof value === 'number') counts[key] = value;
    }
    if (u.cache_read_input_tokens != null) cacheReported = true;
    sink.usage(
      makeUsage({
        inputTokens:
          counts.input_tokens + counts.cache_read_input_tokens + counts.cache_creation_input_tokens,
        outputTokens: counts.output_tokens,
        cachedInputTokens: cacheReported ? counts.cache_read_input_tokens : undefined,
      }),
    );
  };
  return {
    onMessage({ data }, sink) {
      const event = JSON.parse(data) as AnthropicEvent;
      switch (event.type) {
        case 'content_block_delta': {
          const delta = event.delta;
          if (delta?.type === 'text_delta') sink.text(delta.text ?? '');
          else if (delta?.type === 'thinking_delta' && showReasoning) sink.reasoning(delta.thinking ?? '');
          // signature_delta and input_json_delta carry nothing to show.
          return;
        }
        case 'content_block_start': {
          // Blocks usually start empty, but a start may already carry text.
          const block = event.content_block;
          if (block?.type === 'text' && block.text) sink.text(block.text);
          else if (block?.type === 'thinking' && block.thinking && showReasoning)
            sink.reasoning(block.thinking);
          return;
        }
        case 'message_start':
          return report(event.message?.usage, sink);
        case 'message_delta': {
          report(event.usage, sink);
          const reason = event.delta?.stop_reason;
          if (reason) sink.finish(anthropicFinish(reason), reason);
          return;
        }
        case 'message_stop':
          return sink.done();
        case 'error': {
          const kind = errorKinds[event.error?.type ?? ''] ?? 'provider';
          const error = streamError(provider, {
            kind,
            message: event.error?.message,
            code: event.error?.type,
          });
          // api_error is Anthropic's 500: as transient as an HTTP 5xx.
          return sink.fail(kind === 'provider' ? error.with({ retryable: true }) : error);
        }
      }
    },
  };
}
