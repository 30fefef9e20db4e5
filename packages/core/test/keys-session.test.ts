/**
 * browserSessionKeyStore: only ciphertext in sessionStorage, the tab's AES key a non-extractable
 * CryptoKey in IndexedDB. Each `mapStorage()` plays one tab's sessionStorage; each `IDBFactory`
 * one browser profile's IndexedDB (fake-indexeddb, which keeps a CryptoKey by structured clone as
 * browsers do). The same checks run in Chromium in web-components' key-store-sealed test.
 */
import { browserSessionKeyStore, type KeyValueStorage, TrialogueError } from '@trialogue/core';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CANARY } from './support/canary.js';
import { mapStorage } from './support/map-storage.js';

const DAY = 24 * 60 * 60 * 1000;

/** Every record of the tabs' key database, as [tab id, record]. */
async function tabKeyRecords(factory: IDBFactory): Promise<[string, { key: CryptoKey; lastUsed: number }][]> {
  const db = await opened(factory);
  try {
    const store = db.transaction('tab-keys').objectStore('tab-keys');
    const [keys, values] = await Promise.all([settled(store.getAllKeys()), settled(store.getAll())]);
    return keys.map((key, i) => [String(key), values[i]]);
  } finally {
    db.close();
  }
}

async function recordOf(factory: IDBFactory, tabId: string): Promise<{ key: CryptoKey; lastUsed: number }> {
  const found = (await tabKeyRecords(factory)).find(([id]) => id === tabId);
  if (!found) throw new Error(`no key record for tab ${tabId}`);
  return found[1];
}

async function putTabKeyRecord(factory: IDBFactory, tabId: string, record: unknown): Promise<void> {
  const db = await opened(factory);
  try {
    await settled(db.transaction('tab-keys', 'readwrite').objectStore('tab-keys').put(record, tabId));
  } finally {
    db.close();
  }
}

function opened(factory: IDBFactory): Promise<IDBDatabase> {
  return settled(factory.open('trialogue-keys'));
}

function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Everything a storage dump would show: names and values, and each CryptoKey's visible fields. */
async function dump(storage: KeyValueStorage, factory: IDBFactory): Promise<string> {
  const items: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const name = storage.key(i)!;
    items.push(`${name}=${storage.getItem(name)}`);
  }
  const records = (await tabKeyRecords(factory)).map(([id, { key, lastUsed }]) =>
    JSON.stringify({ id, lastUsed, key: { ...key, algorithm: key.algorithm, usages: key.usages } }),
  );
  return [...items, ...records].join('\n');
}

function tab(factory = new IDBFactory(), storage = mapStorage()) {
  return { storage, factory, keys: browserSessionKeyStore({ storage, indexedDB: factory }) };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('browserSessionKeyStore', () => {
  it('keeps only ciphertext in sessionStorage and a non-extractable key in IndexedDB', async () => {
    const { storage, factory, keys } = tab();
    storage.setItem('unrelated', 'x');
    await keys.set('openai', CANARY);
    await keys.set('openai', CANARY);
    await keys.set('groq', 'gsk_session0000000000000001');

    const everything = await dump(storage, factory);
    expect(everything).not.toContain(CANARY);
    expect(everything).not.toContain('canary');
    expect(everything).not.toContain(btoa(CANARY));
    expect(everything).not.toContain('gsk_session');

    const record = JSON.parse(storage.getItem('trialogue.key.openai')!);
    expect(Object.keys(record).sort()).toEqual(['ct', 'iv', 'v']);
    expect(record.v).toBe(1);
    expect(atob(record.iv)).toHaveLength(12);
    expect(JSON.parse(storage.getItem('trialogue.key.groq')!).iv).not.toBe(record.iv);
    const tabId = storage.getItem('trialogue.key.');
    expect(tabId).toMatch(/^[0-9a-f-]{36}$/);

    const records = await tabKeyRecords(factory);
    expect(records.map(([id]) => id)).toEqual([tabId]);
    const { key } = await recordOf(factory, tabId!);
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();

    expect(await keys.get('openai')).toBe(CANARY);
    expect(await keys.list()).toEqual(['openai', 'groq']);
    expect(storage.getItem('unrelated')).toBe('x');
  });

  it('gives the key back after a reload (a new store over the same tab)', async () => {
    const { storage, factory, keys } = tab();
    await keys.set('openai', CANARY);
    const reloaded = browserSessionKeyStore({ storage, indexedDB: factory });
    expect(await reloaded.get('openai')).toBe(CANARY);
    expect(await reloaded.list()).toEqual(['openai']);
    expect(await reloaded.get('anthropic')).toBeUndefined();
  });

  it("cannot be read from another tab, not even with the first tab's record copied over", async () => {
    const first = tab();
    await first.keys.set('openai', CANARY);
    const other = tab(first.factory);
    expect(await other.keys.get('openai')).toBeUndefined();
    expect(await other.keys.list()).toEqual([]);

    // The other tab has a key of its own; the copied record does not open with it.
    await other.keys.set('groq', 'gsk_other_tab_000000000001');
    other.storage.setItem('trialogue.key.openai', first.storage.getItem('trialogue.key.openai')!);
    expect(await other.keys.get('openai')).toBeUndefined();
    expect(await other.keys.list()).toEqual(['groq']);
    expect(await first.keys.get('openai')).toBe(CANARY);
    expect(await first.keys.get('groq')).toBeUndefined();
  });

  it("forgetting the tab's last key removes its tab id and its CryptoKey", async () => {
    const { storage, factory, keys } = tab();
    await keys.set('openai', CANARY);
    await keys.set('groq', 'gsk_session0000000000000001');
    await keys.delete('openai');
    expect(await keys.get('openai')).toBeUndefined();
    expect(await keys.list()).toEqual(['groq']);
    expect(await tabKeyRecords(factory)).toHaveLength(1);

    await keys.delete('groq');
    expect(await keys.list()).toEqual([]);
    expect(storage.items.size).toBe(0);
    expect(await tabKeyRecords(factory)).toEqual([]);

    // Deleting what is not there opens nothing and fails nothing; a later key gets a new CryptoKey.
    await keys.delete('mistral');
    await keys.set('mistral', 'mistral-key-0000000000001');
    expect(await keys.get('mistral')).toBe('mistral-key-0000000000001');
    expect(await tabKeyRecords(factory)).toHaveLength(1);
  });

  it('reads a changed, foreign or swapped record as no key, without throwing, and removes it', async () => {
    const { storage, keys } = tab();
    await keys.set('openai', CANARY);
    await keys.set('anthropic', 'sk-ant-session-00000000001');
    const record = JSON.parse(storage.getItem('trialogue.key.openai')!);

    const flipped = atob(record.ct);
    const changed = String.fromCharCode(flipped.charCodeAt(0) ^ 1) + flipped.slice(1);
    const bad: Record<string, string> = {
      'changed ciphertext': JSON.stringify({ ...record, ct: btoa(changed) }),
      'another IV': JSON.stringify({ ...record, iv: btoa('0'.repeat(12)) }),
      'not base64': JSON.stringify({ ...record, ct: '%%%' }),
      'not JSON': '{"v":1,',
      'a plain key': CANARY,
      'a later format': JSON.stringify({ ...record, v: 2 }),
      'JSON null': 'null',
      "anthropic's record under openai": storage.getItem('trialogue.key.anthropic')!,
    };
    for (const [what, value] of Object.entries(bad)) {
      storage.setItem('trialogue.key.openai', value);
      expect(await keys.get('openai'), what).toBeUndefined();
      expect(storage.getItem('trialogue.key.openai'), what).toBeNull();
    }
    storage.setItem('trialogue.key.openai', bad['not JSON']!);
    expect(await keys.list()).toEqual(['anthropic']);
    expect(await keys.get('anthropic')).toBe('sk-ant-session-00000000001');
  });

  it('sessionStorage cleared while IndexedDB keeps the key: no key, and a new key works', async () => {
    const { storage, factory, keys } = tab();
    await keys.set('openai', CANARY);
    storage.items.clear();
    expect(await keys.get('openai')).toBeUndefined();
    expect(await keys.list()).toEqual([]);
    await keys.delete('openai');

    // Only the tab id lost: the records stay but cannot be opened.
    await keys.set('openai', CANARY);
    storage.removeItem('trialogue.key.');
    expect(await keys.get('openai')).toBeUndefined();
    expect(await keys.list()).toEqual([]);

    await keys.set('groq', 'gsk_session0000000000000001');
    expect(await browserSessionKeyStore({ storage, indexedDB: factory }).get('groq')).toBe(
      'gsk_session0000000000000001',
    );
  });

  it('IndexedDB cleared while sessionStorage keeps the records: no key, and a new key works', async () => {
    const { storage, factory, keys } = tab();
    await keys.set('openai', CANARY);
    await putTabKeyRecord(factory, storage.getItem('trialogue.key.')!, {
      key: 'not a CryptoKey',
      lastUsed: Date.now(),
    });
    expect(await keys.get('openai')).toBeUndefined();

    await keys.set('openai', CANARY);
    const db = await opened(factory);
    await settled(db.transaction('tab-keys', 'readwrite').objectStore('tab-keys').clear());
    db.close();
    expect(await keys.list()).toEqual([]);
    expect(await keys.get('openai')).toBeUndefined();

    await keys.set('openai', CANARY);
    expect(await keys.get('openai')).toBe(CANARY);
  });

  it('agrees on one CryptoKey when the first two writes of a tab race', async () => {
    const { storage, factory } = tab();
    const a = browserSessionKeyStore({ storage, indexedDB: factory });
    const b = browserSessionKeyStore({ storage, indexedDB: factory });
    await Promise.all([a.set('openai', CANARY), b.set('groq', 'gsk_session0000000000000001')]);
    const reloaded = browserSessionKeyStore({ storage, indexedDB: factory });
    expect(await reloaded.get('openai')).toBe(CANARY);
    expect(await reloaded.get('groq')).toBe('gsk_session0000000000000001');
    expect(await tabKeyRecords(factory)).toHaveLength(1);
  });

  it('removes the keys of tabs unused for a week when a tab opens the database, and keeps its own', async () => {
    const factory = new IDBFactory();
    const idle = tab(factory);
    const recent = tab(factory);
    await idle.keys.set('openai', CANARY);
    await recent.keys.set('openai', 'sk-recent-tab-0000000000001');
    const idleId = idle.storage.getItem('trialogue.key.')!;
    const recentId = recent.storage.getItem('trialogue.key.')!;
    await putTabKeyRecord(factory, idleId, {
      ...(await recordOf(factory, idleId)),
      lastUsed: Date.now() - 8 * DAY,
    });
    await putTabKeyRecord(factory, recentId, {
      ...(await recordOf(factory, recentId)),
      lastUsed: Date.now() - 6 * DAY,
    });

    // The idle tab comes back after eight days: its own key is not purged, and is marked used.
    const back = browserSessionKeyStore({ storage: idle.storage, indexedDB: factory });
    expect(await back.get('openai')).toBe(CANARY);
    const touched = await recordOf(factory, idleId);
    expect(Date.now() - touched.lastUsed).toBeLessThan(60_000);

    await putTabKeyRecord(factory, idleId, { ...touched, lastUsed: Date.now() - 8 * DAY });
    await putTabKeyRecord(factory, 'not-a-tab', 'garbage');
    const newcomer = tab(factory);
    await newcomer.keys.set('groq', 'gsk_session0000000000000001');
    const left = (await tabKeyRecords(factory)).map(([id]) => id);
    expect(left).toContain(recentId);
    expect(left).toContain(newcomer.storage.getItem('trialogue.key.'));
    expect(left).not.toContain(idleId);
    expect(left).not.toContain('not-a-tab');
    expect(
      await browserSessionKeyStore({ storage: idle.storage, indexedDB: factory }).get('openai'),
    ).toBeUndefined();

    // The age is an option.
    const strict = browserSessionKeyStore({
      storage: mapStorage(),
      indexedDB: factory,
      forgetTabsAfterDays: 5,
    });
    await strict.set('openai', CANARY);
    expect((await tabKeyRecords(factory)).map(([id]) => id)).not.toContain(recentId);
    expect(() =>
      browserSessionKeyStore({ storage: mapStorage(), indexedDB: factory, forgetTabsAfterDays: 0 }),
    ).toThrow(RangeError);
  });

  it('honours a custom prefix, the tab id under the bare prefix', async () => {
    const storage = mapStorage();
    const keys = browserSessionKeyStore({ storage, prefix: 'app/', indexedDB: new IDBFactory() });
    await keys.set('groq', 'gsk_0000000000000000000001');
    expect([...storage.items.keys()].sort()).toEqual(['app/', 'app/groq']);
    expect(await keys.list()).toEqual(['groq']);
  });
});

describe('browserSessionKeyStore without what it needs', () => {
  it('has no IndexedDB in Node: a typed no-storage error at creation', () => {
    expect(globalThis.indexedDB).toBeUndefined();
    let error: unknown;
    try {
      browserSessionKeyStore({ storage: mapStorage() });
    } catch (caught) {
      error = caught;
    }
    expect(TrialogueError.is(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'no-storage', retryable: false });
    expect((error as Error).message).toMatch(/IndexedDB.*memoryKeyStore\(\)/);
  });

  it('has no crypto.subtle (a plain http:// page): a typed no-webcrypto error at creation', () => {
    vi.stubGlobal('crypto', { getRandomValues: crypto.getRandomValues.bind(crypto) });
    expect(() => browserSessionKeyStore({ storage: mapStorage(), indexedDB: new IDBFactory() })).toThrow(
      expect.objectContaining({ kind: 'invalid-request', code: 'no-webcrypto' }),
    );
    expect(() => browserSessionKeyStore({ storage: mapStorage(), indexedDB: new IDBFactory() })).toThrow(
      /https:\/\/ or localhost.*memoryKeyStore\(\)/,
    );
  });

  it('cannot open IndexedDB (blocked storage): each call rejects with a typed no-storage error, never the key', async () => {
    const factory = new IDBFactory();
    vi.spyOn(factory, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const keys = browserSessionKeyStore({ storage: mapStorage(), indexedDB: factory });
    const failure = await keys.set('openai', CANARY).catch((error: unknown) => error);
    expect(TrialogueError.is(failure)).toBe(true);
    expect(failure).toMatchObject({ kind: 'invalid-request', code: 'no-storage' });
    expect((failure as Error).message).toMatch(/could not use IndexedDB \(SecurityError\)/);
    expect(
      `${(failure as Error).message} ${(failure as Error).stack} ${JSON.stringify(failure)}`,
    ).not.toContain(CANARY);
    // Nothing half-written: no record without a key to open it.
    expect(await keys.list()).toEqual([]);
  });
});
