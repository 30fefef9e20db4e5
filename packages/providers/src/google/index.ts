/**
 * Google Gemini through the Generative Language API (`streamGenerateContent?alt=sse`).
 * @packageDocumentation
 */
import type { ModelInfo, Provider } from '@trialogue/core';
import {
  checkedHttpModel,
  defineFactory,
  listingProvider,
  providerContext,
} from '../provider/define-provider.js';
import { showsReasoning } from '../wire/reasoning.js';
import { geminiBody, geminiHttpError, geminiMapper } from './gemini.js';

export { geminiBody, geminiFinish, geminiHttpError, geminiMapper } from './gemini.js';

interface ListedGeminiModel {
  name: string;
  displayName?: string;
  inputTokenLimit?: number;
  supportedGenerationMethods?: string[];
}

/**
 * Google Gemini. The key travels only in the `x-goog-api-key` header, never in the URL.
 *
 * @example
 * ```ts
 * import { google } from '@trialogue/providers/google';
 * const gemini = google({ apiKey: process.env.GEMINI_API_KEY }).model('gemini-2.5-flash');
 * const { text } = await gemini.generate({ messages: [{ role: 'user', content: 'Hello' }] });
 * ```
 */
export const google = /* @__PURE__ */ defineFactory<Provider>('google', true, (settings) => {
  const context = providerContext('google', settings, {
    defaultBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    requiresKey: true,
    authHeaders: (apiKey) => ({ 'x-goog-api-key': apiKey }),
    mapHttpError: geminiHttpError,
  });
  return listingProvider<Provider>(
    context,
    (modelId) => {
      const id = modelId.replace(/^models\//, '');
      return checkedHttpModel(context, {
        modelId: id,
        prepare: (request) =>
          context.post(
            `/models/${encodeURIComponent(id)}:streamGenerateContent?alt=sse`,
            geminiBody(id, request),
          ),
        createMapper: (request) => geminiMapper(context.id, showsReasoning(request.reasoning)),
      });
    },
    async (options) => {
      const answer = await context.getJson<{ models?: ListedGeminiModel[] }>(
        '/models?pageSize=1000',
        options,
      );
      return (answer.models ?? [])
        .filter(
          (m) => !m.supportedGenerationMethods || m.supportedGenerationMethods.includes('generateContent'),
        )
        .map((m) => {
          const info: ModelInfo = { id: m.name.replace(/^models\//, ''), provider: context.id };
          if (m.displayName) info.label = m.displayName;
          if (m.inputTokenLimit) info.contextWindow = m.inputTokenLimit;
          return info;
        });
    },
  );
});
