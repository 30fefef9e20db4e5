import type { ChatModel, ModelInfo, Provider, ProviderSettings } from '@trialogue/core';
import {
  checkedHttpModel,
  listingProvider,
  type ProviderAuth,
  type ProviderContext,
  providerContext,
} from '../provider/define-provider.js';
import { showsReasoning } from '../wire/reasoning.js';
import { type ChatDialect, chatBody } from './chat-body.js';
import { chatMapper } from './chat-mapper.js';

/** A bearer-token auth for OpenAI-style servers; `requiresKey` false for local servers. */
export function bearerAuth(defaultBaseURL: string, requiresKey = true): ProviderAuth {
  return {
    defaultBaseURL,
    requiresKey,
    authHeaders: (apiKey) => ({ authorization: `Bearer ${apiKey}` }),
    requestIdHeader: 'x-request-id',
  };
}

/** A Chat Completions model (`POST {baseURL}/chat/completions`) in the given dialect. */
export function chatModel(context: ProviderContext, modelId: string, dialect: ChatDialect): ChatModel {
  return checkedHttpModel(context, {
    modelId,
    prepare: (request) => context.post('/chat/completions', chatBody(context.id, modelId, request, dialect)),
    createMapper: (request) => chatMapper(context.id, showsReasoning(request.reasoning)),
  });
}

interface ListedModel {
  id: string;
  owned_by?: string;
  created?: number;
  context_window?: number;
  context_length?: number;
  name?: string;
}

/** `GET {baseURL}/models` in the OpenAI list shape (Groq adds `context_window`, OpenRouter `context_length`). */
export async function listChatModels(
  context: ProviderContext,
  options?: { signal?: AbortSignal },
): Promise<ModelInfo[]> {
  const answer = await context.getJson<{ data?: ListedModel[] }>('/models', options);
  return (answer.data ?? []).map((m) => {
    const info: ModelInfo = { id: m.id, provider: context.id };
    if (m.name) info.label = m.name;
    if (m.owned_by) info.ownedBy = m.owned_by;
    const window = m.context_window ?? m.context_length;
    if (window) info.contextWindow = window;
    if (m.created) info.createdAt = new Date(m.created * 1000).toISOString();
    return info;
  });
}

/** A whole OpenAI-style provider: chat models, `/models` listing, key check by listing. */
export function chatProvider(
  id: string,
  settings: ProviderSettings,
  auth: ProviderAuth,
  dialect: ChatDialect,
  /** Replaces parts of the provider (OpenRouter checks keys through `/key`). */
  overrides?: (context: ProviderContext) => Partial<Provider>,
): Provider {
  const context = providerContext(id, settings, auth);
  const provider = listingProvider<Provider>(
    context,
    (modelId) => chatModel(context, modelId, dialect),
    (options) => listChatModels(context, options),
  );
  return overrides ? { ...provider, ...overrides(context) } : provider;
}
