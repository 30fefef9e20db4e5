import { TrialogueError } from '../errors/trialogue-error.js';
import { parseSealedRecord, seal, unseal, webCrypto } from './aes-gcm.js';
import { guardKeyStore, type KeyStore } from './key-store.js';
import { globalIndexedDB, tabKeys } from './tab-keys.js';
import { type KeyValueStorage, providersUnder, resolveStorage } from './web-storage.js';

/** Options of {@link browserSessionKeyStore}. */
export interface BrowserSessionKeyStoreOptions {
  /** Default `globalThis.sessionStorage`. */
  storage?: KeyValueStorage;
  /**
   * Prefix of the storage item names; default `trialogue.key.` (items are `<prefix><provider>`,
   * and the item named just `<prefix>` holds the tab id).
   */
  prefix?: string;
  /** Where the tab's encryption key is kept; default `globalThis.indexedDB`. */
  indexedDB?: IDBFactory;
  /** Other tabs' encryption keys unused for this many days are removed; default 7. */
  forgetTabsAfterDays?: number;
}

/** Runs the stores' operations one at a time, so a write and a forget in one page never interleave. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(operation: () => Promise<T>): Promise<T> {
  const result = queue.then(operation);
  queue = result.catch(() => undefined);
  return result;
}

const TAB_ID = /^[0-9a-f-]{36}$/;

/**
 * Keys for this tab only: they survive a reload and end with the tab. The default browser store.
 *
 * Each key is sealed with AES-GCM 256 (a random 12-byte IV per write, the provider id bound as
 * additional data) and only the sealed record `{"v":1,"iv":…,"ct":…}` goes into `sessionStorage`,
 * under `trialogue.key.<provider>`. The AES key is a non-extractable `CryptoKey` generated for the
 * tab and kept in IndexedDB (database `trialogue-keys`) under a random tab id, itself kept in
 * `sessionStorage`: page script can use it but never read its bytes, and the plain API key is in no
 * storage. Forgetting the tab's last key removes its `CryptoKey`; opening the database removes the
 * keys of tabs unused for `forgetTabsAfterDays` (default 7).
 *
 * What this protects against: a dump of the browser's storage (a copied profile, a disk image, a
 * backup, a DevTools or extension export of `sessionStorage`), tools and extensions that read
 * storage, and the key lingering on disk in plain text after the tab is gone. What it does not
 * protect against: script running in the page (an XSS, a compromised dependency, an extension
 * injecting script): it can call `get()` like the app does. Nothing in the browser can.
 *
 * A record that cannot be opened (the tab id or its `CryptoKey` gone, changed or foreign data) reads
 * as no key, and is removed. A duplicated tab shares the tab id: forgetting every key in one of the
 * two leaves the other's keys unreadable.
 *
 * Throws `invalid-request` errors a caller can act on: code `no-storage` when there is no
 * `sessionStorage` or IndexedDB (not a browser, storage blocked; from a call when IndexedDB fails
 * to open), code `no-webcrypto` without `crypto.subtle` (a page on plain http:// other than
 * localhost). There is no silent fallback to memory, which would lose keys on reload; use
 * `memoryKeyStore()` for that on purpose.
 *
 * @example
 * ```ts
 * const keys = browserSessionKeyStore();
 * await keys.set('openai', input.value); // sessionStorage holds only ciphertext
 * await keys.get('openai'); // the key, also after a reload of this tab
 * ```
 */
export function browserSessionKeyStore(options: BrowserSessionKeyStoreOptions = {}): KeyStore {
  const name = 'browserSessionKeyStore';
  const storage = resolveStorage(options.storage, 'sessionStorage', name);
  webCrypto(name, 'memoryKeyStore() (keys end with the page)');
  const factory = options.indexedDB ?? globalIndexedDB();
  if (!factory) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'no-storage',
      retryable: false,
      message: `${name} needs IndexedDB to keep this tab's encryption key, which is not available here (not a browser, or storage is blocked). Pass an indexedDB factory, or use memoryKeyStore() or envKeyStore().`,
    });
  }
  const prefix = options.prefix ?? 'trialogue.key.';
  const days = options.forgetTabsAfterDays ?? 7;
  if (!(days > 0)) throw new RangeError('forgetTabsAfterDays must be a positive number of days.');

  const tabIdItem = prefix;
  const readTabId = (): string | undefined => {
    const id = storage.getItem(tabIdItem);
    return id && TAB_ID.test(id) ? id : undefined;
  };
  const keys = tabKeys(factory, days * 24 * 60 * 60 * 1000, readTabId);

  /** The provider's key, or undefined (and the item removed) when its record cannot be opened. */
  const open = async (provider: string, tabKey: CryptoKey | undefined): Promise<string | undefined> => {
    const raw = storage.getItem(prefix + provider);
    if (raw == null) return undefined;
    const { record } = parseSealedRecord(raw);
    if (tabKey && record) {
      try {
        return await unseal(tabKey, provider, record);
      } catch {
        // Sealed with another key, or changed: fall through to "no key".
      }
    }
    storage.removeItem(prefix + provider);
    return undefined;
  };
  const tabKey = async (): Promise<CryptoKey | undefined> => {
    const id = readTabId();
    return id ? keys.find(id) : undefined;
  };

  return guardKeyStore({
    get: (provider) =>
      oneAtATime(async () => {
        if (storage.getItem(prefix + provider) == null) return undefined;
        return open(provider, await tabKey());
      }),
    set: (provider, key) =>
      oneAtATime(async () => {
        let id = readTabId();
        if (!id) {
          id = globalThis.crypto.randomUUID();
          storage.setItem(tabIdItem, id);
        }
        const record = await seal(await keys.findOrCreate(id), provider, key);
        storage.setItem(prefix + provider, JSON.stringify(record));
      }),
    delete: (provider) =>
      oneAtATime(async () => {
        storage.removeItem(prefix + provider);
        if (providersUnder(storage, prefix).length > 0) return;
        // The tab's last key is gone: so are its tab id and its CryptoKey.
        const id = readTabId();
        storage.removeItem(tabIdItem);
        if (id) await keys.remove(id);
      }),
    list: () =>
      oneAtATime(async () => {
        const providers = providersUnder(storage, prefix);
        if (providers.length === 0) return [];
        const key = await tabKey();
        const readable: string[] = [];
        for (const provider of providers)
          if ((await open(provider, key)) !== undefined) readable.push(provider);
        return readable;
      }),
  });
}
