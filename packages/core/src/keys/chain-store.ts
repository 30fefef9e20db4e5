import type { KeyStore } from './key-store.js';

/**
 * Several key stores read as one: `get` returns the first store's key that has one, `list` the
 * union, `set` writes to the first store, `delete` removes the key from every store (so a deleted
 * key cannot reappear from a later store).
 *
 * @example
 * ```ts
 * // The CLI: environment variables first, then the user's config file.
 * const keys = chainKeyStores(envKeyStore(), configFileStore);
 * ```
 */
export function chainKeyStores(...stores: KeyStore[]): KeyStore {
  const [first] = stores;
  if (!first) throw new TypeError('chainKeyStores needs at least one key store.');
  return {
    async get(provider) {
      for (const store of stores) {
        const key = await store.get(provider);
        if (key) return key;
      }
      return undefined;
    },
    set: (provider, key) => first.set(provider, key),
    async delete(provider) {
      for (const store of stores) await store.delete(provider);
    },
    async list() {
      const ids = new Set<string>();
      for (const store of stores) for (const id of await store.list()) ids.add(id);
      return [...ids];
    },
  };
}
