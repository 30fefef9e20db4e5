/**
 * The IndexedDB half of {@link browserSessionKeyStore}: one non-extractable AES-GCM key per tab,
 * stored as a `CryptoKey` (IndexedDB keeps it by structured clone; script can use it, never export
 * it). Database `trialogue-keys`, object store `tab-keys`, records `{ key, lastUsed }` under the tab
 * id. Written on the raw IndexedDB API: core takes no dependency for these few requests.
 */
import { TrialogueError } from '../errors/trialogue-error.js';

/** The database and object store holding the tabs' keys. */
export const TAB_KEYS_DATABASE = 'trialogue-keys';
export const TAB_KEYS_STORE = 'tab-keys';

/** A tab's key is marked used again at most this often (a write per read would be wasted). */
const TOUCH_EVERY_MS = 60 * 60 * 1000;

interface TabKeyRecord {
  key: CryptoKey;
  /** When a store of that tab last used the key (ms since the epoch). */
  lastUsed: number;
}

/** The tabs' keys: find one, find or create one, remove one. */
export interface TabKeys {
  find(tabId: string): Promise<CryptoKey | undefined>;
  findOrCreate(tabId: string): Promise<CryptoKey>;
  remove(tabId: string): Promise<void>;
}

/**
 * The tabs' keys in `factory`'s database. The database is opened on first use; opening it removes
 * the keys of other tabs not used for `forgetAfterMs` (a tab closed without forgetting its keys, or
 * whose `sessionStorage` was cleared, leaves its key behind until then).
 */
export function tabKeys(
  factory: IDBFactory,
  forgetAfterMs: number,
  currentTab: () => string | undefined,
): TabKeys {
  let opened: Promise<IDBDatabase> | undefined;
  const database = () => {
    opened ??= open(factory, forgetAfterMs, currentTab()).then(
      (db) => {
        // Another page upgrading or deleting the database asks us to let go.
        db.onversionchange = () => {
          db.close();
          opened = undefined;
        };
        return db;
      },
      (error: unknown) => {
        opened = undefined;
        throw error;
      },
    );
    return opened;
  };
  /** One transaction with one request; resolves with its result once the transaction is committed. */
  const run = async <T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>) => {
    try {
      const transaction = (await database()).transaction(TAB_KEYS_STORE, mode);
      const request = work(transaction.objectStore(TAB_KEYS_STORE));
      await finished(transaction);
      return request.result;
    } catch (error) {
      throw storageError(error);
    }
  };

  const find = async (tabId: string) => {
    const record: unknown = await run('readonly', (store) => store.get(tabId));
    if (!isTabKeyRecord(record)) return undefined;
    if (Date.now() - record.lastUsed > TOUCH_EVERY_MS) {
      await run('readwrite', (store) => store.put({ ...record, lastUsed: Date.now() }, tabId));
    }
    return record.key;
  };

  return {
    find,
    async findOrCreate(tabId) {
      const found = await find(tabId);
      if (found) return found;
      const candidate = await globalThis.crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
        'encrypt',
        'decrypt',
      ]);
      // Read and write in one transaction, so two first writes of a tab agree on one key.
      let chosen = candidate;
      await run('readwrite', (store) => {
        const read = store.get(tabId);
        read.onsuccess = () => {
          const record: unknown = read.result;
          if (isTabKeyRecord(record)) chosen = record.key;
          else store.put({ key: candidate, lastUsed: Date.now() } satisfies TabKeyRecord, tabId);
        };
        return read;
      });
      return chosen;
    },
    async remove(tabId) {
      await run('readwrite', (store) => store.delete(tabId));
    },
  };
}

function isTabKeyRecord(value: unknown): value is TabKeyRecord {
  const record = value as Partial<TabKeyRecord> | undefined;
  return (
    typeof record?.lastUsed === 'number' &&
    typeof record.key === 'object' &&
    record.key !== null &&
    record.key.type === 'secret'
  );
}

async function open(factory: IDBFactory, forgetAfterMs: number, currentTab: string | undefined) {
  const request = factory.open(TAB_KEYS_DATABASE, 1);
  request.onupgradeneeded = () => {
    if (!request.result.objectStoreNames.contains(TAB_KEYS_STORE)) {
      request.result.createObjectStore(TAB_KEYS_STORE);
    }
  };
  const db = await settle(request);
  // Housekeeping: keys of tabs not seen for a while (and records that are not ours) go.
  const transaction = db.transaction(TAB_KEYS_STORE, 'readwrite');
  const cutoff = Date.now() - forgetAfterMs;
  const cursor = transaction.objectStore(TAB_KEYS_STORE).openCursor();
  cursor.onsuccess = () => {
    const at = cursor.result;
    if (!at) return;
    const record: unknown = at.value;
    if (at.key !== currentTab && !(isTabKeyRecord(record) && record.lastUsed >= cutoff)) at.delete();
    at.continue();
  };
  await finished(transaction);
  return db;
}

function settle<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.addEventListener('success', () => resolve(request.result));
    request.addEventListener('error', () => reject(request.error));
  });
}

function finished(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () =>
      reject(transaction.error ?? new Error('The IndexedDB transaction was aborted.'));
  });
}

/** Any IndexedDB failure, as the typed error users can act on. */
function storageError(error: unknown): TrialogueError {
  if (TrialogueError.is(error)) return error;
  const reason = error instanceof Error && error.name ? ` (${error.name})` : '';
  return new TrialogueError({
    kind: 'invalid-request',
    code: 'no-storage',
    retryable: false,
    message: `browserSessionKeyStore could not use IndexedDB${reason}, where it keeps this tab's encryption key: storage may be blocked or full (private browsing, site settings). Allow site data for this page, or use memoryKeyStore() (keys end with the page).`,
    cause: error,
  });
}

/** `globalThis.indexedDB`, or undefined when there is none or access to it throws (blocked storage). */
export function globalIndexedDB(): IDBFactory | undefined {
  try {
    return (globalThis as { indexedDB?: IDBFactory }).indexedDB ?? undefined;
  } catch {
    return undefined;
  }
}
