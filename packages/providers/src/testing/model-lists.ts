/**
 * Model-list and key-info bodies in each provider's real response shape.
 */
import type { FakeWire } from './script.js';

/** Model ids each wire lists by default. */
export const DEFAULT_MODELS: Record<FakeWire, string[]> = {
  openai: ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-nano'],
  'openai-responses': ['gpt-4.1-nano', 'gpt-4o-mini', 'gpt-5-nano'],
  anthropic: ['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'],
  google: ['gemini-2.5-flash', 'gemini-2.5-pro'],
  groq: ['llama-3.3-70b-versatile', 'qwen/qwen3-32b'],
  'openai-compatible': ['deepseek-chat', 'deepseek-reasoner'],
  openrouter: ['openai/gpt-4o-mini', 'meta-llama/llama-3.3-70b-instruct:free'],
  ollama: ['llama3.2:latest', 'qwen3:8b'],
};

const created = 1_735_689_600; // 2025-01-01, fixed so lists compare equal across runs

/** `GET …/models` as the provider answers it. */
export function modelListBody(wire: FakeWire, ids: string[] = DEFAULT_MODELS[wire]): object {
  switch (wire) {
    case 'anthropic':
      return {
        data: ids.map((id) => ({
          type: 'model',
          id,
          display_name: displayName(id),
          created_at: '2025-09-29T00:00:00Z',
        })),
        has_more: false,
        first_id: ids[0] ?? null,
        last_id: ids[ids.length - 1] ?? null,
      };
    case 'google':
      return {
        models: ids.map((id) => ({
          name: `models/${id}`,
          version: '001',
          displayName: displayName(id),
          description: `Fake ${displayName(id)}`,
          inputTokenLimit: 1_048_576,
          outputTokenLimit: 65_536,
          supportedGenerationMethods: ['generateContent', 'countTokens', 'streamGenerateContent'],
          thinking: true,
        })),
      };
    case 'groq':
      return {
        object: 'list',
        data: ids.map((id) => ({
          id,
          object: 'model',
          created,
          owned_by: id.includes('/') ? id.split('/')[0] : 'Meta',
          active: true,
          context_window: 131_072,
          public_apps: null,
          max_completion_tokens: 32_768,
        })),
      };
    case 'openrouter':
      return {
        data: ids.map((id) => ({
          id,
          canonical_slug: id,
          name: displayName(id),
          created,
          description: `Fake ${displayName(id)}`,
          context_length: 131_072,
          architecture: {
            modality: 'text->text',
            input_modalities: ['text'],
            output_modalities: ['text'],
            tokenizer: 'Other',
          },
          pricing: id.endsWith(':free')
            ? { prompt: '0', completion: '0', request: '0', image: '0' }
            : { prompt: '0.00000015', completion: '0.0000006', request: '0', image: '0' },
          top_provider: { context_length: 131_072, max_completion_tokens: 16_384, is_moderated: false },
          supported_parameters: ['max_tokens', 'temperature', 'top_p', 'stop', 'reasoning'],
        })),
      };
    case 'ollama':
      return {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'library' })),
      };
    default:
      return {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created, owned_by: 'system' })),
      };
  }
}

/** `GET …/models/{id}` (one model) in the same shape as one list entry. */
export function modelBody(wire: FakeWire, id: string): object {
  const list = modelListBody(wire, [id]) as { data?: object[]; models?: object[] };
  return (list.data ?? list.models ?? [])[0] ?? {};
}

/** OpenRouter's `GET /key`: the key's label, limits and usage. */
export function openRouterKeyBody(): object {
  return {
    data: {
      label: 'sk-or-v1-fak...KEY',
      limit: null,
      usage: 0,
      usage_daily: 0,
      usage_weekly: 0,
      usage_monthly: 0,
      is_free_tier: true,
      is_provisioning_key: false,
      limit_remaining: null,
      limit_reset: null,
      rate_limit: { requests: 20, interval: '10s' },
    },
  };
}

function displayName(id: string): string {
  return (id.split('/').pop() ?? id)
    .split(/[-:]/)
    .map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : word))
    .join(' ');
}
