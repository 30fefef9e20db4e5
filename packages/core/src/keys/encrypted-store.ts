import { rememberSecret } from '../errors/redact.js';
import { TrialogueError } from '../errors/trialogue-error.js';
import {
  encoder,
  fromBase64,
  parseSealedRecord,
  type SealedRecord,
  seal,
  toBase64,
  unseal,
  webCrypto,
} from './aes-gcm.js';
import { guardKeyStore, type KeyStore } from './key-store.js';
import { type KeyValueStorage, providersUnder, resolveStorage } from './web-storage.js';

/** Options of {@link encryptedKeyStore}. */
export interface EncryptedKeyStoreOptions {
  /** The user's passphrase. Never stored. */
  passphrase: string;
  /** Default `globalThis.localStorage`. */
  storage?: KeyValueStorage;
  /** PBKDF2-SHA-256 iterations; default 600 000 (OWASP 2023). Lower it only in tests. */
  iterations?: number;
  /** Prefix of the storage item names; default `trialogue.encrypted-key.` (items are `<prefix><provider>`). */
  prefix?: string;
}

/** One stored key: versioned JSON, every field base64. */
interface EncryptedRecord extends SealedRecord {
  salt: string;
}

/** The default PBKDF2 iteration count. */
export const DEFAULT_PBKDF2_ITERATIONS = 600_000;

/**
 * Keys kept across browser sessions, encrypted with a passphrase. Opt-in only: offer it when the
 * user asks to remember keys; {@link browserSessionKeyStore} is the default.
 *
 * AES-GCM 256 with a key derived by PBKDF2-SHA-256 from the passphrase and a random 16-byte salt
 * (one per store, kept in every record), a random 12-byte IV per write, and the provider id bound as
 * additional data so records cannot be swapped between providers. Each item holds
 * `{"v":1,"salt":…,"iv":…,"ct":…}`; the plain key is never written. Provider ids are in the item
 * names, so `list()` needs no passphrase. A wrong passphrase is an `auth` error with code
 * `wrong-passphrase`, raised by `get` and by a `set` that would mix two passphrases in one store.
 * Uses WebCrypto only (browsers in a secure context, Node >= 20).
 *
 * @example
 * ```ts
 * const keys = encryptedKeyStore({ passphrase: await askUser() });
 * await keys.set('anthropic', 'sk-ant-...');
 * await keys.get('anthropic'); // decrypted, or throws "wrong passphrase"
 * ```
 */
export function encryptedKeyStore(options: EncryptedKeyStoreOptions): KeyStore {
  const { passphrase } = options;
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'empty-passphrase',
      retryable: false,
      message: 'encryptedKeyStore needs a passphrase to encrypt the keys. Ask the user for one.',
    });
  }
  rememberSecret(passphrase);
  const storage = resolveStorage(options.storage, 'localStorage', 'encryptedKeyStore');
  const prefix = options.prefix ?? 'trialogue.encrypted-key.';
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  // Derivation is slow on purpose, so each salt's key is derived once per store.
  const derived = new Map<string, Promise<CryptoKey>>();
  let verified = false;

  const keyFor = (salt: string) => {
    let key = derived.get(salt);
    if (!key) {
      key = deriveKey(passphrase, fromBase64(salt), iterations);
      derived.set(salt, key);
    }
    return key;
  };

  const read = (provider: string): EncryptedRecord | undefined => {
    const raw = storage.getItem(prefix + provider);
    if (raw == null) return undefined;
    const parsed = parseSealedRecord(raw, ['salt']);
    if (!parsed.record) {
      const version =
        parsed.version === undefined
          ? ''
          : ` (format version ${String(parsed.version)}; this version reads 1)`;
      throw new TrialogueError({
        kind: 'invalid-request',
        provider,
        code: 'unreadable-key-record',
        retryable: false,
        message: `The stored ${provider} key is not in a format this version can read${version}. Delete it and add the key again.`,
      });
    }
    return parsed.record;
  };

  const decrypt = async (provider: string, record: EncryptedRecord): Promise<string> => {
    try {
      const plain = await unseal(await keyFor(record.salt), provider, record);
      verified = true;
      return plain;
    } catch (error) {
      if (TrialogueError.is(error)) throw error;
      throw new TrialogueError({
        kind: 'auth',
        provider,
        code: 'wrong-passphrase',
        retryable: false,
        message: `Could not unlock the stored ${provider} key: the passphrase is wrong (or the stored data was changed). Enter the passphrase used when the key was saved, or delete the saved keys and add them again.`,
      });
    }
  };

  /** The store's salt: the one already in use, or a new random one. */
  const findSalt = async (): Promise<string> => {
    for (const id of providersUnder(storage, prefix)) {
      const record = read(id);
      if (!record) continue;
      // Never mix passphrases in one store: prove this one opens what is already there.
      if (!verified) await decrypt(id, record);
      return record.salt;
    }
    return toBase64(crypto().getRandomValues(new Uint8Array(16)));
  };
  // Shared by concurrent writes, so two first `set`s cannot pick two salts.
  let salt: Promise<string> | undefined;
  const storeSalt = (): Promise<string> => {
    salt ??= findSalt().catch((error: unknown) => {
      salt = undefined;
      throw error;
    });
    return salt;
  };

  return guardKeyStore({
    async get(provider) {
      const record = read(provider);
      if (!record) return undefined;
      return decrypt(provider, record);
    },
    async set(provider, key) {
      const recordSalt = await storeSalt();
      const sealed = await seal(await keyFor(recordSalt), provider, key);
      const record: EncryptedRecord = { ...sealed, salt: recordSalt };
      storage.setItem(prefix + provider, JSON.stringify(record));
    },
    async delete(provider) {
      storage.removeItem(prefix + provider);
    },
    async list() {
      return providersUnder(storage, prefix);
    },
  });
}

const crypto = () => webCrypto('encryptedKeyStore', 'browserSessionKeyStore() (keys kept for this tab only)');
const subtle = () => crypto().subtle;

async function deriveKey(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<CryptoKey> {
  const base = await subtle().importKey('raw', encoder.encode(passphrase), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}
