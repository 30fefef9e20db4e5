import { rememberSecret } from '../errors/redact.js';
import { assertKeyShape } from './key-shape.js';

/**
 * Where API keys live. Every implementation is async so browser stores (WebCrypto) fit the same shape.
 * Implementations: memory, environment (Node), browser session storage, encrypted persistent storage.
 */
export interface KeyStore {
  /** The key for a provider id, or undefined. */
  get(provider: string): Promise<string | undefined>;
  /** Stores a key after checking its shape. */
  set(provider: string, key: string): Promise<void>;
  delete(provider: string): Promise<void>;
  /** Provider ids that have a key (never the keys). */
  list(): Promise<string[]>;
}

/**
 * Wraps a store so it keeps the two rules every key store follows: a key is shape-checked
 * ({@link assertKeyShape}) before it is stored, and every key read or stored is remembered for
 * redaction. Each built-in store is built on it; use it for your own (a config file, a keychain).
 *
 * @example
 * ```ts
 * const fileStore = guardKeyStore({
 *   get: async (provider) => (await readConfig()).keys[provider],
 *   set: async (provider, key) => writeConfig({ ...(await readConfig()), keys: { [provider]: key } }),
 *   delete: async (provider) => removeKey(provider),
 *   list: async () => Object.keys((await readConfig()).keys),
 * });
 * ```
 */
export function guardKeyStore(store: KeyStore): KeyStore {
  return {
    async get(provider) {
      const key = await store.get(provider);
      rememberSecret(key);
      return key;
    },
    async set(provider, key) {
      assertKeyShape(provider, key);
      rememberSecret(key);
      await store.set(provider, key);
    },
    delete: (provider) => store.delete(provider),
    list: () => store.list(),
  };
}
