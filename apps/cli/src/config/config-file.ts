import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { assertKeyShape, type KeyStore, rememberSecret } from '@trialogue/core';
import { configFile } from './paths.js';

/** The user's config file (`config.json`, mode 0600). */
export interface ConfigData {
  /** Keys by provider id. Only ever written by `trialogue keys set`. */
  keys?: Record<string, string>;
  /** Base URLs by provider id. */
  baseURLs?: Record<string, string>;
}

/** Reads the config file; a missing file is an empty config, a broken one a clear error. */
export async function readConfig(env: Record<string, string | undefined>): Promise<ConfigData> {
  const path = configFile(env);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`Cannot read the config file ${path}: ${(error as Error).message}`);
  }
  try {
    const data = JSON.parse(text) as ConfigData;
    for (const key of Object.values(data.keys ?? {})) rememberSecret(key);
    return data && typeof data === 'object' ? data : {};
  } catch {
    // Never echo the file: it holds keys.
    throw new Error(`The config file ${path} is not valid JSON. Fix or delete it.`);
  }
}

/** Writes the config file atomically with mode 0600 (its directory 0700). */
export async function writeConfig(
  env: Record<string, string | undefined>,
  data: ConfigData,
): Promise<string> {
  const path = configFile(env);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  await chmod(temporary, 0o600);
  await rename(temporary, path);
  return path;
}

/** A {@link KeyStore} over the config file's `keys`. */
export function configKeyStore(env: Record<string, string | undefined>): KeyStore {
  return {
    async get(provider) {
      const key = (await readConfig(env)).keys?.[provider];
      rememberSecret(key);
      return key || undefined;
    },
    async set(provider, key) {
      assertKeyShape(provider, key);
      rememberSecret(key);
      const data = await readConfig(env);
      await writeConfig(env, { ...data, keys: { ...data.keys, [provider]: key } });
    },
    async delete(provider) {
      const data = await readConfig(env);
      if (!data.keys?.[provider]) return;
      const { [provider]: _removed, ...keys } = data.keys;
      await writeConfig(env, { ...data, keys });
    },
    async list() {
      return Object.entries((await readConfig(env)).keys ?? {})
        .filter(([, key]) => key)
        .map(([provider]) => provider);
    },
  };
}
