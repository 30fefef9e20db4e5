import { rememberSecret } from '../errors/redact.js';
import { assertKeyShape } from './key-shape.js';
import { guardKeyStore, type KeyStore } from './key-store.js';

/**
 * A key store held in memory only: gone when the page or process ends. The safest default.
 *
 * @example
 * ```ts
 * const keys = memoryKeyStore({ openai: 'sk-...' });
 * await keys.set('anthropic', 'sk-ant-...');
 * await keys.list(); // ['openai', 'anthropic']
 * ```
 */
export function memoryKeyStore(initial: Record<string, string> = {}): KeyStore {
  const keys = new Map<string, string>();
  for (const [provider, key] of Object.entries(initial)) {
    assertKeyShape(provider, key);
    rememberSecret(key);
    keys.set(provider, key);
  }
  return guardKeyStore({
    get: async (provider) => keys.get(provider),
    async set(provider, key) {
      keys.set(provider, key);
    },
    async delete(provider) {
      keys.delete(provider);
    },
    async list() {
      return [...keys.keys()];
    },
  });
}
