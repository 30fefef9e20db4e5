/**
 * OpenAI: Chat Completions (`openai(...).model(id)`) and the Responses API (`openai(...).responses(id)`).
 * @packageDocumentation
 */
import type { ChatModel, Provider } from '@trialogue/core';
import type { ChatDialect } from '../openai-format/chat-body.js';
import { bearerAuth, chatModel, listChatModels } from '../openai-format/provider.js';
import { defineFactory, listingProvider, providerContext } from '../provider/define-provider.js';
import { effortOf } from '../wire/reasoning.js';
import { takesReasoningEffort } from './reasoning-models.js';
import { responsesModel } from './responses.js';

export { responsesBody, responsesMapper } from './responses.js';

/** OpenAI's Chat Completions dialect: names, usage chunk, `max_completion_tokens`, `reasoning_effort`. */
export const openaiDialect: ChatDialect = {
  names: true,
  streamUsage: true,
  maxTokensField: 'max_completion_tokens',
  reasoning(request, body, modelId) {
    const effort = takesReasoningEffort(modelId) ? effortOf(request.reasoning) : undefined;
    if (effort) body.reasoning_effort = effort;
  },
};

/** The OpenAI provider: Chat Completions models, and Responses models through `responses()`. */
export interface OpenAIProvider extends Provider {
  /** A model on the Responses API (reasoning summaries stream as `reasoning-delta`). */
  responses(modelId: string): ChatModel;
}

/**
 * OpenAI. Keys travel only in `Authorization: Bearer`. Works from browsers (OpenAI allows CORS).
 *
 * @example
 * ```ts
 * import { openai } from '@trialogue/providers/openai';
 * const gpt = openai({ apiKey: process.env.OPENAI_API_KEY }).model('gpt-4.1-mini');
 * const { text } = await gpt.generate({ messages: [{ role: 'user', content: 'Hello' }] });
 * ```
 */
export const openai = /* @__PURE__ */ defineFactory<OpenAIProvider>('openai', true, (settings) => {
  const context = providerContext('openai', settings, bearerAuth('https://api.openai.com/v1'));
  return listingProvider<OpenAIProvider>(
    context,
    (modelId) => chatModel(context, modelId, openaiDialect),
    (options) => listChatModels(context, options),
    { responses: (modelId: string) => responsesModel(context, modelId) },
  );
});
