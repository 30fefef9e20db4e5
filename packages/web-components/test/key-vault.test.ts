import { browserSessionKeyStore } from '@trialogue/core';
import { type FakeProviderServer, startFakeProviderServer } from '@trialogue/providers/testing';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyVault, STORAGE_CHOICE_ITEM, withoutKeyEcho } from '../src/key-manager/vault.js';

const canary = 'sk-canary-VAULT-0a1b2c3d4e5f6a7b8c9dCANARY';

/** A Web Storage over a Map, for Node. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, String(v)),
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

const contents = (storage: Storage) =>
  JSON.stringify(
    Array.from({ length: storage.length }, (_, i) => [storage.key(i), storage.getItem(storage.key(i)!)]),
  );

describe('KeyVault (the key manager without a DOM)', () => {
  let fake: FakeProviderServer;
  beforeAll(async () => {
    fake = await startFakeProviderServer({ validKeys: [canary] });
  });
  afterAll(() => fake.close());

  const vaultWith = (tab = memoryStorage(), device = memoryStorage()) => {
    const vault = new KeyVault({
      // Node has no IndexedDB, where the store keeps the tab's AES key: fake-indexeddb stands in.
      sessionStore: () => browserSessionKeyStore({ storage: tab, indexedDB: new IDBFactory() }),
      deviceStorage: device,
      iterations: 1000,
      baseURLs: { openai: fake.baseURL('openai'), groq: fake.baseURL('groq') },
    });
    return { vault, tab, device };
  };

  it('keeps keys for this tab, checks them on their own provider, forgets them', async () => {
    const { vault, tab, device } = vaultWith();
    await vault.save('openai', canary);
    expect(vault.saved).toEqual(['openai']);
    expect(await vault.keyStore.get('openai')).toBe(canary);
    fake.reset();
    expect(await vault.check('openai')).toEqual({ state: 'valid', models: 3 });
    expect(fake.requests.map((r) => [r.wire, r.route])).toEqual([['openai', 'models']]);
    expect(contents(device)).not.toContain(canary);
    await vault.forget('openai');
    expect(vault.saved).toEqual([]);
    expect(contents(tab)).not.toContain(canary);
  });

  it('says why a check failed, with no trace of the key', async () => {
    const { vault } = vaultWith();
    const wrong = 'gsk-wrong-VAULT-000000000000000000000WRONG';
    await vault.save('groq', wrong);
    const result = await vault.check('groq');
    expect(result).toMatchObject({ state: 'invalid', kind: 'auth', status: 401 });
    expect(JSON.stringify(result)).not.toContain('WRONG');
    const missing = await vault.check('anthropic');
    expect(missing).toMatchObject({ state: 'invalid', kind: 'auth' });
    expect(withoutKeyEcho('Incorrect API key provided: sk-****************RONG. See docs.')).toBe(
      'Incorrect API key provided: (key hidden) See docs.',
    );
  });

  it('moves keys into the encrypted device store on unlock, and needs the passphrase again after a reload', async () => {
    const tab = memoryStorage();
    const device = memoryStorage();
    const { vault } = vaultWith(tab, device);
    await vault.save('openai', canary);
    await vault.keepOnDevice();
    expect(device.getItem(STORAGE_CHOICE_ITEM)).toBe('encrypted');
    expect(await vault.keyStore.get('openai')).toBeUndefined(); // locked
    await vault.unlock('a long passphrase');
    expect(contents(tab)).not.toContain(canary);
    expect(contents(device)).toContain('trialogue.encrypted-key.openai');
    expect(contents(device)).not.toContain(canary);
    expect(await vault.keyStore.get('openai')).toBe(canary);

    const reloaded = vaultWith(memoryStorage(), device).vault;
    expect(reloaded.mode).toBe('encrypted');
    await reloaded.refresh();
    expect(reloaded.saved).toEqual(['openai']);
    expect(reloaded.unlocked).toBe(false);
    await expect(reloaded.save('groq', canary)).rejects.toThrow(/locked/);
    await expect(reloaded.unlock('not it')).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await reloaded.unlock('a long passphrase');
    expect(await reloaded.keyStore.get('openai')).toBe(canary);

    await reloaded.forgetAll();
    expect(contents(device)).not.toContain('trialogue.encrypted-key.');
    await reloaded.keepForTab();
    expect(device.getItem(STORAGE_CHOICE_ITEM)).toBeNull();
  });

  it('refuses a key with white space before storing anything', async () => {
    const { vault, tab } = vaultWith();
    await expect(vault.save('openai', `${canary}\n`)).rejects.toThrow(/white space/);
    expect(tab.length).toBe(0);
  });
});
