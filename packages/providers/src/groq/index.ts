/**
 * Groq: the OpenAI Chat Completions format, with `x_groq.usage` and `delta.reasoning`.
 * @packageDocumentation
 */
import { errorFromHttp, type HttpFailure, type Provider, type TrialogueError } from '@trialogue/core';
import type { ChatDialect } from '../openai-format/chat-body.js';
import { bearerAuth, chatProvider } from '../openai-format/provider.js';
import { defineFactory } from '../provider/define-provider.js';
import { effortOf, showsReasoning } from '../wire/reasoning.js';

export type { ChatDialect } from '../openai-format/chat-body.js';

/**
 * Groq's dialect. Usage arrives in `x_groq.usage` without asking. Reasoning is requested parsed
 * (so it streams as `delta.reasoning`, not `<think>` tags in the text); `reasoning_effort` is only
 * sent to gpt-oss models, the ones that take low/medium/high.
 */
export const groqDialect: ChatDialect = {
  names: true,
  streamUsage: false,
  maxTokensField: 'max_completion_tokens',
  reasoning(request, body, modelId) {
    body.reasoning_format = showsReasoning(request.reasoning) ? 'parsed' : 'hidden';
    const effort = effortOf(request.reasoning);
    if (effort && /gpt-oss/.test(modelId)) body.reasoning_effort = effort === 'minimal' ? 'low' : effort;
  },
};

/**
 * Groq's refinement: 498 "capacity exceeded" on the flex tier is an overload. (Its 429 messages end
 * with an upgrade link to the billing page; core lets the `rate_limit_exceeded` code win over that.)
 */
export function groqHttpError(failure: HttpFailure): TrialogueError {
  const mapped = errorFromHttp(failure);
  return failure.status === 498 ? mapped.with({ kind: 'overloaded', retryable: true }) : mapped;
}

/**
 * Groq. The key travels only in `Authorization: Bearer`. Works from browsers.
 *
 * @example
 * ```ts
 * import { groq } from '@trialogue/providers/groq';
 * const llama = groq({ apiKey: process.env.GROQ_API_KEY }).model('llama-3.3-70b-versatile');
 * ```
 */
export const groq = /* @__PURE__ */ defineFactory<Provider>('groq', true, (settings) =>
  chatProvider(
    'groq',
    settings,
    { ...bearerAuth('https://api.groq.com/openai/v1'), mapHttpError: groqHttpError },
    groqDialect,
  ),
);
