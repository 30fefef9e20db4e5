/**
 * The key manager's state, without a DOM: which store holds the keys (this tab, or this device
 * encrypted), which providers have one, what each check said, and the local servers' addresses.
 * The element renders it; tests can drive it alone.
 *
 * The plain key passes through `save()` into the store and nowhere else: it is never kept on this
 * object, never put in a status, a notice or a listener's argument.
 */
import {
  browserSessionKeyStore,
  encryptedKeyStore,
  type KeyStore,
  type ProviderFactory,
  TrialogueError,
} from '@trialogue/core';
import { allProviders } from '@trialogue/providers';

/** Where keys are kept. */
export type KeyStorageMode = 'session' | 'encrypted';

/** What the last check of a provider's key said. */
export type KeyCheckState =
  | { state: 'checking' }
  | { state: 'valid'; models?: number }
  | { state: 'invalid'; kind: string; message: string; status?: number };

/** Options of {@link KeyVault}. */
export interface KeyVaultOptions {
  /** The store for "this tab only"; default core's `browserSessionKeyStore()`. */
  sessionStore?: () => KeyStore;
  /** Storage for the encrypted store; default `localStorage`. */
  deviceStorage?: Storage;
  /** PBKDF2 iterations of the encrypted store (default core's 600 000). */
  iterations?: number;
  /** Base URLs per provider id (a proxy, a local server, the fake server in tests). */
  baseURLs?: Record<string, string>;
  /** Provider factories by id; default every provider of `@trialogue/providers`. */
  factories?: readonly ProviderFactory[];
}

/** The item remembering the storage choice (not a secret: only "encrypted"). */
export const STORAGE_CHOICE_ITEM = 'trialogue.key-storage';

/** Holds the key stores and the providers' states. */
export class KeyVault {
  mode: KeyStorageMode = 'session';
  /** Provider ids with a key in the active store (or saved encrypted while locked). */
  saved: string[] = [];
  /** Whether the encrypted store has been unlocked with a passphrase. */
  unlocked = false;
  readonly checks = new Map<string, KeyCheckState>();
  readonly baseURLs: Record<string, string>;
  private session: KeyStore | undefined;
  private encrypted: KeyStore | undefined;
  private readonly factories: Map<string, ProviderFactory>;
  private readonly listeners = new Set<() => void>();

  /**
   * One key store that always reads the active store, so a chat or a registry given it once keeps
   * working when the user switches storage. While the device store is locked it has no keys.
   */
  readonly keyStore: KeyStore = {
    get: async (provider) => (await this.active())?.get(provider),
    set: async (provider, key) => this.save(provider, key),
    delete: async (provider) => this.forget(provider),
    list: async () => (await this.active())?.list() ?? [],
  };

  constructor(private readonly options: KeyVaultOptions = {}) {
    this.baseURLs = { ...options.baseURLs };
    this.factories = new Map((options.factories ?? allProviders).map((f) => [f.id, f]));
    if (readChoice(options.deviceStorage) === 'encrypted') this.mode = 'encrypted';
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private sessionStore(): KeyStore {
    this.session ??= (this.options.sessionStore ?? (() => browserSessionKeyStore()))();
    return this.session;
  }

  /** The store keys are read from and written to now; undefined while the device store is locked. */
  private async active(): Promise<KeyStore | undefined> {
    return this.mode === 'session' ? this.sessionStore() : this.encrypted;
  }

  /** Re-reads which providers have a key. */
  async refresh(): Promise<void> {
    if (this.mode === 'session') this.saved = await this.sessionStore().list();
    else this.saved = await this.lockedStore().list();
    this.changed();
  }

  /** The device store without a passphrase: it can list, not read. */
  private lockedStore(): KeyStore {
    return this.encrypted ?? encryptedKeyStore({ passphrase: 'list-only', storage: this.deviceStorage() });
  }

  private deviceStorage(): Storage {
    return this.options.deviceStorage ?? globalThis.localStorage;
  }

  /** Switches to keys for this tab only. Keys saved on the device stay there, locked. */
  async keepForTab(): Promise<void> {
    this.mode = 'session';
    this.encrypted = undefined;
    this.checks.clear();
    this.unlocked = false;
    writeChoice(this.options.deviceStorage, 'session');
    await this.refresh();
  }

  /** Chooses the encrypted device store; it stays locked until {@link unlock}. */
  async keepOnDevice(): Promise<void> {
    this.mode = 'encrypted';
    this.checks.clear();
    writeChoice(this.options.deviceStorage, 'encrypted');
    await this.refresh();
  }

  /**
   * Opens the device store with a passphrase (a wrong one is an `auth` error, code
   * `wrong-passphrase`), then moves any keys saved for this tab into it, so a key lives in one place.
   */
  async unlock(passphrase: string): Promise<void> {
    const store = encryptedKeyStore({
      passphrase,
      storage: this.deviceStorage(),
      ...(this.options.iterations ? { iterations: this.options.iterations } : {}),
    });
    // Reading one saved key proves the passphrase before anything is written with it.
    const [first] = await store.list();
    if (first) await store.get(first);
    const session = this.sessionStore();
    for (const provider of await session.list()) {
      const key = await session.get(provider);
      if (key) await store.set(provider, key);
      await session.delete(provider);
    }
    this.encrypted = store;
    this.mode = 'encrypted';
    this.checks.clear();
    this.unlocked = true;
    writeChoice(this.options.deviceStorage, 'encrypted');
    await this.refresh();
  }

  /** Forgets the passphrase (the saved keys stay, encrypted). */
  async lock(): Promise<void> {
    this.encrypted = undefined;
    this.unlocked = false;
    await this.refresh();
  }

  /** Stores a key (shape-checked first; the store throws a readable `auth` error). */
  async save(provider: string, key: string): Promise<void> {
    const store = await this.active();
    if (!store) throw lockedError(provider);
    this.checks.delete(provider);
    await store.set(provider, key);
    await this.refresh();
  }

  /** Forgets one provider's key, from both stores. */
  async forget(provider: string): Promise<void> {
    await this.sessionStore().delete(provider);
    await this.lockedStore().delete(provider);
    this.checks.delete(provider);
    await this.refresh();
  }

  /** Forgets every key, from both stores. */
  async forgetAll(): Promise<void> {
    for (const store of [this.sessionStore(), this.lockedStore()])
      for (const provider of await store.list()) await store.delete(provider);
    this.checks.clear();
    await this.refresh();
  }

  /** Sets a provider's base URL (a local server's address); empty means the provider's default. */
  setBaseURL(provider: string, url: string): void {
    if (url.trim()) this.baseURLs[provider] = url.trim();
    else delete this.baseURLs[provider];
    this.checks.delete(provider);
    this.changed();
  }

  /**
   * Checks a provider's saved key (or a local server) with the provider's `validateKey`: its key or
   * model-list endpoint, never a paid generation. The request goes only to that provider's origin.
   */
  async check(provider: string, signal?: AbortSignal): Promise<KeyCheckState> {
    const factory = this.factories.get(provider);
    if (!factory) throw new TypeError(`Unknown provider "${provider}".`);
    this.checks.set(provider, { state: 'checking' });
    this.changed();
    let result: KeyCheckState;
    try {
      const store = await this.active();
      const apiKey = await store?.get(provider);
      if (factory.requiresKey && !apiKey) throw store ? missingError(provider) : lockedError(provider);
      const settings: Record<string, unknown> = { apiKey, dangerouslyAllowBrowser: true };
      if (this.baseURLs[provider]) settings.baseURL = this.baseURLs[provider];
      const answer = await factory(settings).validateKey({ signal });
      result = answer.ok
        ? { state: 'valid', ...(answer.models ? { models: answer.models } : {}) }
        : invalid(answer.error);
    } catch (error) {
      result = invalid(error);
    }
    this.checks.set(provider, result);
    this.changed();
    return result;
  }
}

function invalid(error: unknown): KeyCheckState {
  const message = withoutKeyEcho(error instanceof Error ? error.message : String(error));
  if (TrialogueError.is(error)) return { state: 'invalid', kind: error.kind, message, status: error.status };
  return { state: 'invalid', kind: 'provider', message };
}

/**
 * Providers echo a refused key masked (`sk-****************RONG`); core's redaction leaves such a
 * mask alone, but its visible ends are still part of the key, so the element shows none of it.
 */
export function withoutKeyEcho(message: string): string {
  return message.replace(/\S*\*{4,}\S*/g, '(key hidden)');
}

function keyError(provider: string, code: string, message: string): TrialogueError {
  return new TrialogueError({ kind: 'auth', provider, code, retryable: false, message });
}

const lockedError = (provider: string) =>
  keyError(provider, 'locked', 'The keys saved on this device are locked. Enter the passphrase first.');

const missingError = (provider: string) =>
  keyError(provider, 'missing-key', `No ${provider} key saved yet. Paste one and press Save.`);

function readChoice(storage: Storage | undefined): string | null {
  try {
    return (storage ?? globalThis.localStorage)?.getItem(STORAGE_CHOICE_ITEM) ?? null;
  } catch {
    return null;
  }
}

function writeChoice(storage: Storage | undefined, mode: KeyStorageMode): void {
  try {
    const target = storage ?? globalThis.localStorage;
    if (mode === 'session') target?.removeItem(STORAGE_CHOICE_ITEM);
    else target?.setItem(STORAGE_CHOICE_ITEM, mode);
  } catch {
    // Storage blocked: the choice lasts as long as the page.
  }
}
