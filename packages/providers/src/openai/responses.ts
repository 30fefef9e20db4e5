import type { ChatModel, ChatRequest, FinishReason, StreamMapper } from '@trialogue/core';
import { invalidRequest, makeUsage } from '@trialogue/core';
import { kindOfCode } from '../openai-format/error-codes.js';
import { checkedHttpModel, type ProviderContext } from '../provider/define-provider.js';
import { put, speakerText, systemPrompt, turns, withProviderOptions } from '../wire/conversation.js';
import { effortOf, showsReasoning } from '../wire/reasoning.js';
import { streamError } from '../wire/stream-error.js';
import { takesReasoningEffort } from './reasoning-models.js';

/** The Responses API request body. */
export function responsesBody(modelId: string, request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: modelId,
    input: turns(request).map((m) => ({ role: m.role, content: speakerText(m) })),
    stream: true,
    // BYOK: do not keep the user's conversation on OpenAI's side unless asked (providerOptions.openai.store).
    store: false,
  };
  put(body, 'instructions', systemPrompt(request));
  put(body, 'max_output_tokens', request.maxOutputTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  const effort = takesReasoningEffort(modelId) ? effortOf(request.reasoning) : undefined;
  if (effort) body.reasoning = showsReasoning(request.reasoning) ? { effort, summary: 'auto' } : { effort };
  return withProviderOptions(body, request, 'openai');
}

interface ResponsesUsage {
  input_tokens?: number;
  output_tokens?: number;
  input_tokens_details?: { cached_tokens?: number } | null;
  output_tokens_details?: { reasoning_tokens?: number } | null;
}

interface ResponsesEvent {
  type: string;
  delta?: string;
  item_id?: string;
  content_index?: number;
  summary_index?: number;
  code?: string;
  message?: string;
  error?: { type?: string; code?: string; message?: string } | null;
  response?: {
    status?: string;
    usage?: ResponsesUsage | null;
    incomplete_details?: { reason?: string } | null;
    error?: { code?: string; message?: string } | null;
    output?: { type?: string }[];
  };
}

/**
 * Maps a Responses stream: `output_text` deltas to text (separate message items joined by a blank
 * line), reasoning summaries and reasoning text to reasoning, `response.completed` /
 * `response.incomplete` to finish and usage, `error` and `response.failed` to a stream error.
 */
export function responsesMapper(provider: string, showReasoning: boolean): StreamMapper {
  const textSeparator = partSeparator();
  const reasoningSeparator = partSeparator();
  let refused = false;
  const fail = (error: { type?: string; code?: string; message?: string } | null | undefined) => {
    const code = error?.code ?? error?.type;
    return streamError(provider, {
      kind: kindOfCode(code) ?? 'provider',
      message: error?.message,
      code,
    });
  };
  return {
    onMessage({ data }, sink) {
      const event = JSON.parse(data) as ResponsesEvent;
      switch (event.type) {
        case 'response.output_text.delta':
        case 'response.refusal.delta': {
          if (!event.delta) return;
          if (event.type === 'response.refusal.delta') refused = true;
          return sink.text(textSeparator(event.item_id, event.content_index) + event.delta);
        }
        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta': {
          if (!event.delta || !showReasoning) return;
          const index = event.summary_index ?? event.content_index;
          return sink.reasoning(reasoningSeparator(event.item_id, index) + event.delta);
        }
        case 'response.completed':
        case 'response.incomplete': {
          const response = event.response ?? {};
          if (response.usage) sink.usage(responsesUsage(response.usage));
          const why = response.incomplete_details?.reason;
          let reason: FinishReason = 'stop';
          if (refused) reason = 'refusal';
          else if (why === 'max_output_tokens') reason = 'length';
          else if (why === 'content_filter') reason = 'content-filter';
          else if (why || response.output?.some((item) => item.type === 'function_call')) reason = 'other';
          sink.finish(reason, why ?? response.status ?? event.type);
          return sink.done();
        }
        case 'error':
          return sink.fail(fail(event.error ?? { code: event.code, message: event.message }));
        case 'response.failed':
          return sink.fail(fail(event.response?.error));
      }
    },
  };
}

/**
 * The separator before a delta: a blank line when it opens another part (item id or index) after
 * an earlier one, else nothing. Compares the two fields as they are: a key built per delta (a
 * template string of the ~50-character item id) cost more than the bare loop's whole per-event work.
 */
function partSeparator(): (item: string | undefined, index: number | undefined) => string {
  let lastItem: string | undefined;
  let lastIndex: number | undefined;
  let wrote = false;
  return (item, index) => {
    const separator = wrote && (item !== lastItem || index !== lastIndex) ? '\n\n' : '';
    lastItem = item;
    lastIndex = index;
    wrote = true;
    return separator;
  };
}

function responsesUsage(u: ResponsesUsage) {
  return makeUsage({
    inputTokens: u.input_tokens,
    outputTokens: u.output_tokens,
    reasoningTokens: u.output_tokens_details?.reasoning_tokens,
    cachedInputTokens: u.input_tokens_details?.cached_tokens,
  });
}

/** A model on the Responses API (`POST {baseURL}/responses`). */
export function responsesModel(context: ProviderContext, modelId: string): ChatModel {
  return checkedHttpModel(
    context,
    {
      modelId,
      prepare: (request) => context.post('/responses', responsesBody(modelId, request)),
      createMapper: (request) => responsesMapper(context.id, showsReasoning(request.reasoning)),
    },
    (request) =>
      request.stopSequences?.length
        ? invalidRequest(
            'The OpenAI Responses API has no stop sequences. Remove stopSequences or use openai.model() (Chat Completions).',
            'unsupported-option',
            context.id,
          )
        : undefined,
  );
}
