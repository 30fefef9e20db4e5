/**
 * Where API keys live. Every implementation is async so browser stores (WebCrypto) fit the same shape.
 * Implementations: memory, environment (Node), browser session storage, encrypted persistent storage.
 */
export interface KeyStore {
  /** The key for a provider id, or undefined. */
  get(provider: string): Promise<string | undefined>;
  /** Stores a key after checking its shape. */
  set(provider: string, key: string): Promise<void>;
  delete(provider: string): Promise<void>;
  /** Provider ids that have a key (never the keys). */
  list(): Promise<string[]>;
}
