/**
 * Anthropic: the Messages API with streaming, extended thinking and the browser opt-in.
 * @packageDocumentation
 */
import type { ModelInfo, Provider, ProviderSettings } from '@trialogue/core';
import {
  checkedHttpModel,
  defineFactory,
  listingProvider,
  providerContext,
} from '../provider/define-provider.js';
import { showsReasoning } from '../wire/reasoning.js';
import { messagesBody, messagesMapper } from './messages.js';

export {
  anthropicFinish,
  DEFAULT_MAX_TOKENS,
  messagesBody,
  messagesMapper,
} from './messages.js';

/** Settings of {@link anthropic}. */
export interface AnthropicSettings extends ProviderSettings {
  /**
   * Call Anthropic straight from a browser page. Sends `anthropic-dangerous-direct-browser-access: true`,
   * which Anthropic requires for CORS. The key is then visible to the page's scripts: only opt in
   * when the key is the user's own (BYOK), never a key you ship.
   */
  dangerouslyAllowBrowser?: boolean;
}

/** The API version this mapping speaks. */
export const ANTHROPIC_VERSION = '2023-06-01';

/**
 * Anthropic. The key travels only in `x-api-key`.
 *
 * @example
 * ```ts
 * import { anthropic } from '@trialogue/providers/anthropic';
 * const claude = anthropic({ apiKey: process.env.ANTHROPIC_API_KEY }).model('claude-sonnet-4-5');
 * const { text } = await claude.generate({ messages: [{ role: 'user', content: 'Hello' }], reasoning: { budgetTokens: 2048 } });
 * ```
 */
export const anthropic = /* @__PURE__ */ defineFactory<Provider, AnthropicSettings>(
  'anthropic',
  true,
  (settings) => {
    const context = providerContext('anthropic', settings, {
      defaultBaseURL: 'https://api.anthropic.com/v1',
      requiresKey: true,
      authHeaders: (apiKey) => ({ 'x-api-key': apiKey }),
      fixedHeaders: {
        'anthropic-version': ANTHROPIC_VERSION,
        ...(settings.dangerouslyAllowBrowser ? { 'anthropic-dangerous-direct-browser-access': 'true' } : {}),
      },
      requestIdHeader: 'request-id',
    });
    return listingProvider<Provider>(
      context,
      (modelId) =>
        checkedHttpModel(context, {
          modelId,
          prepare: (request) => context.post('/messages', messagesBody(modelId, request)),
          createMapper: (request) => messagesMapper(context.id, showsReasoning(request.reasoning)),
        }),
      async (options) => {
        const answer = await context.getJson<{
          data?: { id: string; display_name?: string; created_at?: string }[];
        }>('/models?limit=1000', options);
        return (answer.data ?? []).map((m) => {
          const info: ModelInfo = { id: m.id, provider: context.id };
          if (m.display_name) info.label = m.display_name;
          if (m.created_at) info.createdAt = m.created_at;
          return info;
        });
      },
    );
  },
);
