import { rememberSecret } from '../errors/redact.js';
import { invalidRequest, TrialogueError } from '../errors/trialogue-error.js';
import { assertKeyShape } from '../keys/key-shape.js';
import type { KeyStore } from '../keys/key-store.js';
import type { ChatModel, Provider, ProviderFactory, ProviderSettings } from './chat-model.js';
import { parseModelRef } from './model-ref.js';

/** Options of {@link createRegistry}. */
export interface RegistryOptions {
  /** Where keys come from. */
  keys: KeyStore;
  /** The provider factories it can resolve. */
  providers: readonly ProviderFactory[];
  /** Extra settings per provider id (base URLs, headers, a fetch). */
  settings?: Record<string, Omit<ProviderSettings, 'apiKey'>>;
}

/** Resolves `provider:model` references to models, with keys from a key store. */
export interface Registry {
  /** The model for a reference. Rejects with a clear error for unknown providers, malformed refs and missing keys. */
  resolve(ref: string): Promise<ChatModel>;
  /** The provider for an id, with its key. */
  provider(id: string): Promise<Provider>;
  /** Ids of every provider the registry knows. */
  readonly providerIds: readonly string[];
}

/**
 * Builds a registry.
 *
 * @example
 * ```ts
 * const registry = createRegistry({ keys: memoryKeyStore({ openai: 'sk-...' }), providers: [openai] });
 * const model = await registry.resolve('openai:gpt-4.1-mini');
 * ```
 */
export function createRegistry(options: RegistryOptions): Registry {
  const factories = new Map(options.providers.map((factory) => [factory.id, factory]));
  const providerIds = [...factories.keys()];

  async function provider(id: string): Promise<Provider> {
    const factory = factories.get(id);
    if (!factory) {
      throw invalidRequest(
        `Unknown provider "${id}". Known providers: ${providerIds.join(', ')}.`,
        'unknown-provider',
      );
    }
    const apiKey = await options.keys.get(id);
    if (factory.requiresKey) {
      if (apiKey === undefined || apiKey === '') {
        throw new TrialogueError({
          kind: 'auth',
          provider: id,
          code: 'missing-key',
          retryable: false,
          message: `No key for ${id}. Add one to the key store and try again.`,
        });
      }
      assertKeyShape(id, apiKey);
    } else if (apiKey) {
      assertKeyShape(id, apiKey);
    }
    rememberSecret(apiKey);
    return factory({ ...options.settings?.[id], apiKey: apiKey || undefined });
  }

  return {
    providerIds,
    provider,
    async resolve(ref) {
      const parsed = parseModelRef(ref);
      return (await provider(parsed.provider)).model(parsed.modelId);
    },
  };
}
