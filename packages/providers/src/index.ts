/**
 * @trialogue/providers: OpenAI, Anthropic, Gemini, Groq and OpenAI-compatible providers over plain
 * fetch, a registry that resolves `provider:model` references, and a dated model catalogue.
 * Import a subpath (`@trialogue/providers/openai`) to bundle only one provider.
 * @packageDocumentation
 */
import {
  createRegistry as createCoreRegistry,
  type KeyStore,
  type ProviderFactory,
  type ProviderSettings,
  type Registry,
} from '@trialogue/core';
import { anthropic } from './anthropic/index.js';
import { google } from './google/index.js';
import { groq } from './groq/index.js';
import { openai } from './openai/index.js';
import { openaiCompatible, presets } from './openai-compatible/index.js';

export { ANTHROPIC_VERSION, type AnthropicSettings, anthropic } from './anthropic/index.js';
export { catalogue, catalogueEntries, costFor } from './catalogue/index.js';
export { google } from './google/index.js';
export { groq } from './groq/index.js';
export { type OpenAIProvider, openai } from './openai/index.js';
export {
  cerebras,
  deepseek,
  fireworks,
  lmstudio,
  mistral,
  type OpenAICompatibleSettings,
  ollama,
  openaiCompatible,
  openrouter,
  presets,
  together,
  xai,
} from './openai-compatible/index.js';

/** Every provider factory, in a stable order (the registry resolves these ids). */
// Marked pure so a bundle that takes only the catalogue from this entry drops every provider.
export const allProviders: readonly ProviderFactory[] = /* @__PURE__ */ (() => [
  openai,
  anthropic,
  google,
  groq,
  ...presets,
  openaiCompatible,
])();

/**
 * A registry over every provider: resolves `openai:gpt-4.1-mini`, `anthropic:claude-sonnet-4-5`,
 * `google:gemini-2.5-flash`, `groq:llama-3.3-70b-versatile`, `openrouter:...`, `ollama:llama3.2`
 * with keys from a key store. Settings per provider id carry base URLs, headers, a fetch, and
 * provider-specific options such as Anthropic's `dangerouslyAllowBrowser`.
 *
 * @example
 * ```ts
 * import { memoryKeyStore } from '@trialogue/core';
 * const registry = createRegistry({ keys: memoryKeyStore({ openai: 'sk-...' }) });
 * const model = await registry.resolve('openai:gpt-4.1-mini');
 * ```
 */
export function createRegistry(options: {
  keys: KeyStore;
  settings?: Record<string, Omit<ProviderSettings, 'apiKey'> & Record<string, unknown>>;
}): Registry {
  return createCoreRegistry({ keys: options.keys, providers: allProviders, settings: options.settings });
}
