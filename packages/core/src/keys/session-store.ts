import { guardKeyStore, type KeyStore } from './key-store.js';
import { type KeyValueStorage, providersUnder, resolveStorage } from './web-storage.js';

/** Options of {@link browserSessionKeyStore}. */
export interface BrowserSessionKeyStoreOptions {
  /** Default `globalThis.sessionStorage`. */
  storage?: KeyValueStorage;
  /** Prefix of the storage item names; default `trialogue.key.` (items are `<prefix><provider>`). */
  prefix?: string;
}

/**
 * Keys in the browser's `sessionStorage`: they survive a reload but end with the tab. The default
 * browser store; keys are stored as plain text, as any page script could read them from memory anyway.
 * Throws a clear `invalid-request` error (code `no-storage`) when there is no storage.
 *
 * @example
 * ```ts
 * const keys = browserSessionKeyStore();
 * await keys.set('openai', input.value);
 * ```
 */
export function browserSessionKeyStore(options: BrowserSessionKeyStoreOptions = {}): KeyStore {
  const storage = resolveStorage(options.storage, 'sessionStorage', 'browserSessionKeyStore');
  const prefix = options.prefix ?? 'trialogue.key.';
  return guardKeyStore({
    get: async (provider) => storage.getItem(prefix + provider) ?? undefined,
    async set(provider, key) {
      storage.setItem(prefix + provider, key);
    },
    async delete(provider) {
      storage.removeItem(prefix + provider);
    },
    async list() {
      return providersUnder(storage, prefix);
    },
  });
}
