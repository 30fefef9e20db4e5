// @vitest-environment happy-dom
import {
  browserSessionKeyStore,
  DEFAULT_PBKDF2_ITERATIONS,
  encryptedKeyStore,
  TrialogueError,
} from '@trialogue/core';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CANARY } from './support/canary.js';

// Few iterations keep the tests fast; the default is checked on its own below.
const iterations = 1000;

function storedValues(storage: Storage): string[] {
  const values: string[] = [];
  for (let i = 0; i < storage.length; i++)
    values.push(`${storage.key(i)}=${storage.getItem(storage.key(i)!)}`);
  return values;
}

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});
afterEach(() => vi.restoreAllMocks());

describe('encryptedKeyStore', () => {
  it('round-trips keys through localStorage and a new store with the same passphrase', async () => {
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await keys.set('openai', CANARY);
    await keys.set('anthropic', 'sk-ant-second-key-000000000001');
    expect(await keys.get('openai')).toBe(CANARY);

    const later = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    expect(await later.get('openai')).toBe(CANARY);
    expect(await later.get('anthropic')).toBe('sk-ant-second-key-000000000001');
    expect(await later.get('groq')).toBeUndefined();
  });

  it('never writes the plain key, only versioned AES-GCM records', async () => {
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await keys.set('openai', CANARY);
    await keys.set('openai', CANARY); // a second write of the same key
    await keys.set('google', 'AIzaSyCanary000000000000000000000000');

    const values = storedValues(localStorage);
    expect(values).toHaveLength(2);
    for (const value of values) {
      expect(value).not.toContain(CANARY);
      expect(value).not.toContain('canary');
      expect(value).not.toContain('AIzaSyCanary');
      expect(value).not.toContain(btoa(CANARY));
    }
    const record = JSON.parse(localStorage.getItem('trialogue.encrypted-key.openai')!);
    expect(Object.keys(record).sort()).toEqual(['ct', 'iv', 'salt', 'v']);
    expect(record.v).toBe(1);
    expect(atob(record.salt)).toHaveLength(16);
    expect(atob(record.iv)).toHaveLength(12);
    // One salt per store, a fresh IV per write.
    const google = JSON.parse(localStorage.getItem('trialogue.encrypted-key.google')!);
    expect(google.salt).toBe(record.salt);
    expect(google.iv).not.toBe(record.iv);
    expect(sessionStorage.length).toBe(0);
  });

  it('uses one salt even for concurrent first writes', async () => {
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await Promise.all([keys.set('openai', CANARY), keys.set('groq', 'gsk_000000000000000000001')]);
    const salts = ['openai', 'groq'].map(
      (id) => JSON.parse(localStorage.getItem(`trialogue.encrypted-key.${id}`)!).salt,
    );
    expect(salts[0]).toBe(salts[1]);
  });

  it('lists providers without the passphrase', async () => {
    await encryptedKeyStore({ passphrase: 'correct horse battery', iterations }).set(
      'groq',
      'gsk_000000000000000000001',
    );
    // Not a phrase the error messages use: a remembered secret's 12-character runs are masked anywhere.
    const locked = encryptedKeyStore({ passphrase: 'some other phrase 42', iterations });
    expect(await locked.list()).toEqual(['groq']);
  });

  it('rejects a wrong passphrase with a clear auth error', async () => {
    await encryptedKeyStore({ passphrase: 'correct horse battery', iterations }).set('openai', CANARY);
    const wrong = encryptedKeyStore({ passphrase: 'incorrect horse', iterations });
    const error = await wrong.get('openai').catch((e: unknown) => e as TrialogueError);
    expect(TrialogueError.is(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'auth',
      code: 'wrong-passphrase',
      provider: 'openai',
      retryable: false,
    });
    expect((error as TrialogueError).message).toMatch(/passphrase is wrong/);
    expect(JSON.stringify(error)).not.toContain(CANARY);
  });

  it('refuses to add a key under a different passphrase than the stored ones', async () => {
    await encryptedKeyStore({ passphrase: 'correct horse battery', iterations }).set('openai', CANARY);
    const wrong = encryptedKeyStore({ passphrase: 'incorrect horse', iterations });
    await expect(wrong.set('groq', 'gsk_000000000000000000001')).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    expect(localStorage.getItem('trialogue.encrypted-key.groq')).toBeNull();
  });

  it('binds each record to its provider, so records cannot be swapped', async () => {
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await keys.set('openai', CANARY);
    localStorage.setItem(
      'trialogue.encrypted-key.groq',
      localStorage.getItem('trialogue.encrypted-key.openai')!,
    );
    await expect(keys.get('groq')).rejects.toMatchObject({ code: 'wrong-passphrase' });
  });

  it('explains a record it cannot read', async () => {
    localStorage.setItem('trialogue.encrypted-key.openai', JSON.stringify({ v: 2, data: 'x' }));
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await expect(keys.get('openai')).rejects.toThrow(/format version 2; this version reads 1/);
  });

  it('checks key shape before encrypting and needs a passphrase', async () => {
    const keys = encryptedKeyStore({ passphrase: 'correct horse battery', iterations });
    await expect(keys.set('openai', `${CANARY}\n`)).rejects.toMatchObject({ code: 'invalid-key' });
    expect(localStorage.length).toBe(0);
    expect(() => encryptedKeyStore({ passphrase: '' })).toThrow(/needs a passphrase/);
  });

  it('derives its key with PBKDF2-SHA-256 and 600 000 iterations by default', async () => {
    const subtle = globalThis.crypto.subtle;
    const original = subtle.deriveKey.bind(subtle);
    const derive = vi
      .spyOn(subtle, 'deriveKey')
      .mockImplementation((algorithm, ...rest) =>
        original({ ...(algorithm as Pbkdf2Params), iterations: 1 }, ...rest),
      );
    await encryptedKeyStore({ passphrase: 'correct horse battery' }).set('openai', CANARY);
    expect(DEFAULT_PBKDF2_ITERATIONS).toBe(600_000);
    expect(derive.mock.calls[0]![0]).toMatchObject({ name: 'PBKDF2', hash: 'SHA-256', iterations: 600_000 });
    expect(derive.mock.calls[0]![2]).toMatchObject({ name: 'AES-GCM', length: 256 });
  });
});

describe('browserSessionKeyStore in a browser', () => {
  it('uses sessionStorage and indexedDB by default, never localStorage, and stores no plain key', async () => {
    // happy-dom has no IndexedDB: fake-indexeddb stands in for the browser's (see keys-session.test.ts).
    vi.stubGlobal('indexedDB', new IDBFactory());
    try {
      const keys = browserSessionKeyStore();
      await keys.set('openai', CANARY);
      expect(storedValues(sessionStorage)).toHaveLength(2);
      expect(storedValues(sessionStorage).join('\n')).not.toContain(CANARY);
      expect(JSON.parse(sessionStorage.getItem('trialogue.key.openai')!)).toMatchObject({ v: 1 });
      expect(localStorage.length).toBe(0);
      expect(await browserSessionKeyStore().get('openai')).toBe(CANARY);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
