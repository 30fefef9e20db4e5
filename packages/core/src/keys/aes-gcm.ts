/**
 * The AES-GCM sealing both encrypting key stores use (the passphrase store and the session store):
 * a random 12-byte IV per write, the provider id bound as additional data, records as versioned
 * JSON with every binary field in base64.
 */
import { TrialogueError } from '../errors/trialogue-error.js';

/** A sealed key as stored: format version, IV and ciphertext (base64). Stores may add fields. */
export interface SealedRecord {
  v: 1;
  iv: string;
  ct: string;
}

export const encoder = /* @__PURE__ */ new TextEncoder();

/**
 * WebCrypto, or an `invalid-request` error (code `no-webcrypto`) naming the store and what to do:
 * browsers offer `crypto.subtle` only in secure contexts (https:// or localhost).
 */
export function webCrypto(store: string, instead: string): Crypto {
  const c = globalThis.crypto;
  if (!c?.subtle) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'no-webcrypto',
      retryable: false,
      message: `${store} needs WebCrypto (crypto.subtle), which browsers offer only on https:// or localhost pages. Serve the page over https, or use ${instead}.`,
    });
  }
  return c;
}

/** Encrypts `text` under `key` with a fresh random IV; `provider` is bound as additional data. */
export async function seal(key: CryptoKey, provider: string, text: string): Promise<SealedRecord> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const ct = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(provider) },
    key,
    encoder.encode(text),
  );
  return { v: 1, iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
}

/**
 * Decrypts a sealed record. Rejects (with WebCrypto's or `atob`'s own error) when the key is not the
 * one it was sealed with, the provider differs, or the record was changed.
 */
export async function unseal(key: CryptoKey, provider: string, record: SealedRecord): Promise<string> {
  const plain = await globalThis.crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(record.iv), additionalData: encoder.encode(provider) },
    key,
    fromBase64(record.ct),
  );
  return new TextDecoder().decode(plain);
}

/**
 * Reads a stored item: the record when it is JSON of format version 1 with `iv`, `ct` and each of
 * `fields` as strings; otherwise `{ version }` (whatever `v` held) so a caller can say why.
 */
export function parseSealedRecord<Field extends string = never>(
  raw: string,
  fields: readonly Field[] = [],
): { record: SealedRecord & Record<Field, string> } | { record?: undefined; version: unknown } {
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (value && typeof value === 'object') parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  if (parsed?.v !== 1 || ![...fields, 'iv', 'ct'].every((name) => typeof parsed[name] === 'string')) {
    return { version: parsed?.v };
  }
  return { record: parsed as unknown as SealedRecord & Record<Field, string> };
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]!);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
