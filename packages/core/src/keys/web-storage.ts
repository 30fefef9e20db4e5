import { TrialogueError } from '../errors/trialogue-error.js';

/** The part of the Web Storage API (`sessionStorage`, `localStorage`) the browser key stores use. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The given storage, else `globalThis[name]`, else a clear error (Node, workers, blocked storage). */
export function resolveStorage(
  storage: KeyValueStorage | undefined,
  name: 'sessionStorage' | 'localStorage',
  store: string,
): KeyValueStorage {
  if (storage) return storage;
  let found: KeyValueStorage | undefined;
  try {
    found = (globalThis as Record<string, unknown>)[name] as KeyValueStorage | undefined;
  } catch {
    // Some browsers throw on access when storage is blocked (privacy settings, sandboxed iframes).
  }
  if (!found) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'no-storage',
      retryable: false,
      message: `${store} needs ${name}, which is not available here (not a browser, or storage is blocked). Pass a storage object, or use memoryKeyStore() or envKeyStore().`,
    });
  }
  return found;
}

/** Provider ids stored under `prefix`, in storage order. */
export function providersUnder(storage: KeyValueStorage, prefix: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const name = storage.key(i);
    if (name?.startsWith(prefix) && name.length > prefix.length) ids.push(name.slice(prefix.length));
  }
  return ids;
}
