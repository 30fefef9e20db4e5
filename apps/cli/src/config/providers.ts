import {
  type ChatModel,
  envKeyStore,
  envVarsFor,
  type KeyStore,
  type ModelCatalogue,
  type ModelPrice,
  type Provider,
  type ProviderSettings,
  type Registry,
  redact,
  TrialogueError,
} from '@trialogue/core';
import { allProviders, catalogue, createRegistry } from '@trialogue/providers';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { type ConfigData, configKeyStore, readConfig } from './config-file.js';
import { configFile } from './paths.js';

/** Where keys, base URLs and prices come from for one run. */
export interface Providers {
  keys: KeyStore;
  registry: Registry;
  catalogue: ModelCatalogue;
  /** Provider ids the CLI knows. */
  ids: readonly string[];
  /** Settings per provider (base URLs), without keys. */
  settings: Record<string, Omit<ProviderSettings, 'apiKey'>>;
  /** Resolves a `provider:model` reference, with the CLI's help when the key is missing. */
  resolve(ref: string): Promise<ChatModel>;
  provider(id: string): Promise<Provider>;
  /** Price of a model from the catalogue. */
  priceOf(model: Pick<ChatModel, 'provider' | 'modelId'>): ModelPrice | undefined;
  /** Where a provider's key comes from: an environment variable, the config file, or nowhere. */
  keySource(id: string): Promise<string | undefined>;
  requiresKey(id: string): boolean;
}

/** The first model the CLI picks for a provider when no `-m` is given. */
export const DEFAULT_MODELS: Record<string, string> = {
  openai: 'gpt-4.1-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
  groq: 'llama-3.3-70b-versatile',
  openrouter: 'meta-llama/llama-3.3-70b-instruct:free',
  mistral: 'mistral-small-latest',
  deepseek: 'deepseek-chat',
  xai: 'grok-3-mini',
  cerebras: 'llama-3.3-70b',
  together: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  fireworks: 'accounts/fireworks/models/llama-v3p3-70b-instruct',
};

/** `TRIALOGUE_BASE_URL_OPENAI`, `TRIALOGUE_BASE_URL_OPENROUTER`... */
export function baseUrlVar(id: string): string {
  return `TRIALOGUE_BASE_URL_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The Ollama server root (`TRIALOGUE_OLLAMA_URL`, default http://127.0.0.1:11434). */
export function ollamaRoot(env: Record<string, string | undefined>): string {
  return (env.TRIALOGUE_OLLAMA_URL || 'http://127.0.0.1:11434').replace(/\/+$/, '');
}

/**
 * Builds the providers of a run: keys from the environment first, then the config file; base URLs
 * from the config file, then `TRIALOGUE_BASE_URL_<ID>`, then `--base-url id=url` (last wins).
 */
export async function loadProviders(context: Context): Promise<Providers> {
  const { env } = context.io;
  let config: ConfigData;
  try {
    config = await readConfig(env);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  const fileKeys = configKeyStore(env);
  const keys = envKeyStore({ env, fallback: fileKeys, providers: allProviders.map((p) => p.id) });
  const ids = allProviders.map((factory) => factory.id);
  const settings: Record<string, Omit<ProviderSettings, 'apiKey'>> = {};
  const setBase = (id: string, url: string, from: string) => {
    if (!ids.includes(id))
      throw new CliError(`${from} names an unknown provider "${id}". Known: ${ids.join(', ')}.`);
    try {
      new URL(url);
    } catch {
      throw new CliError(`${from} has an invalid URL for ${id}: "${url}".`);
    }
    settings[id] = { ...settings[id], baseURL: url };
  };
  for (const [id, url] of Object.entries(config.baseURLs ?? {})) setBase(id, url, configFile(env));
  if (env.TRIALOGUE_OLLAMA_URL) settings.ollama = { baseURL: `${ollamaRoot(env)}/v1` };
  for (const id of ids) {
    const value = env[baseUrlVar(id)];
    if (value) setBase(id, value, baseUrlVar(id));
  }
  for (const flag of (context.args.options['base-url'] as string[] | undefined) ?? []) {
    const eq = flag.indexOf('=');
    if (eq < 1) throw new CliError(`--base-url takes provider=url (got "${flag}").`);
    setBase(flag.slice(0, eq).trim(), flag.slice(eq + 1).trim(), '--base-url');
  }
  if (context.verbose) {
    const fetchWithLog = verboseFetch(context);
    for (const id of ids) settings[id] = { ...settings[id], fetch: fetchWithLog };
  }

  const registry = createRegistry({ keys, settings });
  const factories = new Map(allProviders.map((factory) => [factory.id, factory]));
  const requiresKey = (id: string) => factories.get(id)?.requiresKey ?? true;

  const explain = (error: unknown): never => {
    if (TrialogueError.is(error) && error.code === 'missing-key' && error.provider) {
      throw new CliError(missingKeyHelp(error.provider));
    }
    if (TrialogueError.is(error)) throw new CliError(error.message);
    throw error;
  };

  return {
    keys,
    registry,
    catalogue,
    ids,
    settings,
    requiresKey,
    resolve: (ref) => registry.resolve(ref).catch(explain),
    provider: (id) => registry.provider(id).catch(explain),
    priceOf: (model) => catalogue.find(model.provider, model.modelId)?.price,
    async keySource(id) {
      for (const name of envVarsFor(id)) if (env[name]?.trim()) return `env ${name}`;
      if (await fileKeys.get(id)) return `config ${configFile(env)}`;
      return undefined;
    },
  };
}

/** The exact steps to add a key for a provider. */
export function missingKeyHelp(provider: string): string {
  const variable = envVarsFor(provider)[0];
  return `No API key for ${provider}. Set ${variable} in the environment, or store one with \`trialogue keys set ${provider}\`.`;
}

/** A fetch that logs each request's method, URL and status on stderr, with headers redacted. */
function verboseFetch(context: Context): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const headers = new Headers(init?.headers);
    const shown = [...headers.keys()].map((name) =>
      /authorization|api-key|x-goog-api-key|x-api-key/i.test(name)
        ? `${name}: [redacted]`
        : `${name}: ${headers.get(name)}`,
    );
    context.debug(`→ ${method} ${redact(url)} {${shown.join(', ')}}`);
    const started = Date.now();
    try {
      const response = await fetch(input, init);
      const requestId =
        response.headers.get('x-request-id') ??
        response.headers.get('request-id') ??
        response.headers.get('cf-ray');
      context.debug(
        `← ${response.status} ${redact(url)} in ${Date.now() - started} ms${requestId ? ` (request id ${requestId})` : ''}`,
      );
      return response;
    } catch (error) {
      context.debug(`✗ ${method} ${redact(url)}: ${redact((error as Error).message)}`);
      throw error;
    }
  };
}

/**
 * The models to use when no `-m` is given: a default model of each provider with a key (up to
 * three), else the local Ollama's models when it answers, else a usage error saying how to add a key.
 */
export async function defaultModelRefs(context: Context, providers: Providers): Promise<string[]> {
  const withKeys = await providers.keys.list();
  const refs = Object.keys(DEFAULT_MODELS)
    .filter((id) => withKeys.includes(id))
    .map((id) => `${id}:${DEFAULT_MODELS[id]}`)
    .slice(0, 3);
  if (refs.length > 0) return refs;
  const local = await probeOllama(context, providers);
  if (local.length > 0) {
    context.debug(`no keys found; using the local Ollama (${local.join(', ')})`);
    return local.slice(0, 2).map((id) => `ollama:${id}`);
  }
  throw new CliError(
    [
      'No API key found and no local Ollama answered.',
      'Add a key in one of these ways:',
      '  export OPENAI_API_KEY=...        (or ANTHROPIC_API_KEY, GEMINI_API_KEY, GROQ_API_KEY, OPENROUTER_API_KEY, ...)',
      '  trialogue keys set openai        (stores it in your config file, mode 0600)',
      `Or start Ollama (${ollamaRoot(context.io.env)}) and pull a model: ollama pull llama3.2`,
      'Then name models with -m provider:model, e.g. -m openai:gpt-4.1-mini.',
    ].join('\n'),
    ExitCode.usage,
  );
}

/** Model ids of a local Ollama, or none when it does not answer within a second. */
async function probeOllama(context: Context, providers: Providers): Promise<string[]> {
  const base = providers.settings.ollama?.baseURL ?? `${ollamaRoot(context.io.env)}/v1`;
  try {
    const response = await fetch(`${base.replace(/\/+$/, '')}/models`, { signal: AbortSignal.timeout(1000) });
    if (!response.ok) return [];
    const body = (await response.json()) as { data?: { id?: string }[] };
    return (body.data ?? []).map((model) => model.id).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
