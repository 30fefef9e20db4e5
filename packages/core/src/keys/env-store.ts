import { chainKeyStores } from './chain-store.js';
import { guardKeyStore, type KeyStore } from './key-store.js';

/**
 * The environment variables each provider's key is read from, in order of preference.
 * Other provider ids use `<ID>_API_KEY` (see {@link envVarsFor}).
 */
export const ENV_KEY_NAMES: Readonly<Record<string, readonly string[]>> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY'],
  groq: ['GROQ_API_KEY'],
  openrouter: ['OPENROUTER_API_KEY'],
  deepseek: ['DEEPSEEK_API_KEY'],
  mistral: ['MISTRAL_API_KEY'],
  xai: ['XAI_API_KEY'],
  together: ['TOGETHER_API_KEY'],
  fireworks: ['FIREWORKS_API_KEY'],
  cerebras: ['CEREBRAS_API_KEY'],
};

/**
 * The environment variables holding a provider's key, most preferred first.
 *
 * @example
 * ```ts
 * envVarsFor('google'); // ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_GENERATIVE_AI_API_KEY']
 * envVarsFor('my-gateway'); // ['MY_GATEWAY_API_KEY']
 * ```
 */
export function envVarsFor(provider: string): readonly string[] {
  return ENV_KEY_NAMES[provider] ?? [`${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`];
}

/** Options of {@link envKeyStore}. */
export interface EnvKeyStoreOptions {
  /** The variables to read; default `process.env` (read at each call, never at import). */
  env?: Record<string, string | undefined>;
  /** Provider ids `list()` reports besides those of {@link ENV_KEY_NAMES}. */
  providers?: readonly string[];
  /**
   * Where to look when the environment has no key (a config file store, say). `get` falls back to
   * it and `list` includes its providers; `set` and `delete` still act on the environment only.
   */
  fallback?: KeyStore;
}

/**
 * Keys from environment variables (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY` or
 * `GOOGLE_API_KEY`, ...). Empty variables count as absent.
 *
 * `set` and `delete` change only the `env` object the store reads (by default this process's
 * `process.env`); they never touch a shell profile or a `.env` file, and other processes never see
 * them. `list()` reports the providers of {@link ENV_KEY_NAMES} (plus `providers`) with a key set.
 *
 * @example
 * ```ts
 * const keys = envKeyStore();
 * await keys.get('google'); // GEMINI_API_KEY, else GOOGLE_API_KEY
 * ```
 */
export function envKeyStore(options: EnvKeyStoreOptions = {}): KeyStore {
  const env = (): Record<string, string | undefined> =>
    options.env ??
    (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ??
    {};
  const read = (provider: string) => {
    const vars = env();
    for (const name of envVarsFor(provider)) {
      const value = vars[name];
      if (value) return value;
    }
    return undefined;
  };
  const store = guardKeyStore({
    async get(provider) {
      // Trim the trailing newline `export X=$(cat file)` and .env loaders sometimes leave.
      return read(provider)?.trim() || undefined;
    },
    async set(provider, key) {
      const vars = env();
      const [first, ...others] = envVarsFor(provider);
      // The first variable wins on read, so the others are cleared to avoid a stale fallback.
      for (const name of others) delete vars[name];
      vars[first!] = key;
    },
    async delete(provider) {
      const vars = env();
      for (const name of envVarsFor(provider)) delete vars[name];
    },
    async list() {
      const ids = new Set([...Object.keys(ENV_KEY_NAMES), ...(options.providers ?? [])]);
      return [...ids].filter((id) => read(id)?.trim());
    },
  });
  if (!options.fallback) return store;
  const chained = chainKeyStores(store, options.fallback);
  return { ...chained, set: store.set, delete: store.delete };
}
