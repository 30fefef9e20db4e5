import { assertKeyShape, rememberSecret, TrialogueError } from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { configKeyStore } from '../config/config-file.js';
import { configFile } from '../config/paths.js';
import { loadProviders, type Providers } from '../config/providers.js';
import { readSecret } from '../config/secret-input.js';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { table } from '../render/table.js';

export const keysOptions: OptionSpec[] = [];

/** `trialogue keys [list|check|set|delete]`. */
export async function keys(context: Context): Promise<number> {
  const [action = 'list', ...rest] = context.args.positionals;
  const providers = await loadProviders(context);
  switch (action) {
    case 'list':
      return listKeys(context, providers);
    case 'check':
      return checkKeys(context, providers, rest);
    case 'set':
      return setKey(context, providers, rest[0]);
    case 'delete':
    case 'remove':
      return deleteKey(context, providers, rest[0]);
    default:
      throw new CliError(
        `Unknown keys action "${action}". Use: trialogue keys [list|check|set <provider>|delete <provider>].`,
      );
  }
}

async function listKeys(context: Context, providers: Providers): Promise<number> {
  const rows: string[][] = [];
  for (const id of providers.ids) {
    const source = await providers.keySource(id);
    const needed = providers.requiresKey(id);
    if (context.json)
      context.emit({ type: 'key', provider: id, hasKey: source !== undefined, source, requiresKey: needed });
    rows.push([
      id,
      source
        ? context.style.green('set')
        : needed
          ? context.style.dim('missing')
          : context.style.dim('not needed'),
      source ?? '',
    ]);
  }
  if (!context.json) {
    context.out(table(['PROVIDER', 'KEY', 'FROM'], rows, context.width()));
    context.out(
      `\n${context.style.dim(context.fit(`Keys are read from the environment first, then ${configFile(context.io.env)}.`))}\n`,
    );
  }
  return ExitCode.ok;
}

async function checkKeys(context: Context, providers: Providers, only: string[]): Promise<number> {
  for (const id of only)
    if (!providers.ids.includes(id))
      throw new CliError(`Unknown provider "${id}". Known: ${providers.ids.join(', ')}.`);
  const candidates = only.length > 0 ? only : providers.ids;
  const withKey: string[] = [];
  for (const id of candidates)
    if ((await providers.keySource(id)) !== undefined || only.includes(id)) withKey.push(id);
  if (withKey.length === 0) {
    throw new CliError(
      'No keys to check. Set one first, e.g. export OPENAI_API_KEY=... or trialogue keys set openai.',
    );
  }
  let failures = 0;
  const checks = await Promise.all(
    withKey.map(async (id) => {
      try {
        const provider = await providers.provider(id);
        return { id, check: await provider.validateKey({ signal: anySignal(context.signal, 20_000) }) };
      } catch (error) {
        const failure = TrialogueError.is(error)
          ? error
          : new TrialogueError({
              kind: 'auth',
              provider: id,
              retryable: false,
              message: (error as Error).message,
            });
        return { id, check: { ok: false as const, provider: id, error: failure } };
      }
    }),
  );
  const rows: string[][] = [];
  for (const { id, check } of checks) {
    if (check.ok) {
      rows.push([
        id,
        context.style.green('valid'),
        check.models !== undefined ? `${check.models} models` : '',
      ]);
      if (context.json) context.emit({ type: 'key-check', provider: id, ok: true, models: check.models });
      continue;
    }
    const { error } = check;
    const rateLimited = error.kind === 'rate-limit';
    if (!rateLimited) failures++;
    const status = rateLimited
      ? context.style.yellow('rate-limited')
      : context.style.red(error.kind === 'auth' ? 'invalid' : error.kind);
    rows.push([id, status, error.message]);
    if (context.json) context.emit({ type: 'key-check', provider: id, ok: false, rateLimited, error });
  }
  if (!context.json) context.out(table(['PROVIDER', 'STATUS', 'DETAIL'], rows, context.width()));
  return failures > 0 ? ExitCode.modelFailed : ExitCode.ok;
}

async function setKey(context: Context, providers: Providers, id: string | undefined): Promise<number> {
  if (!id) throw new CliError('Which provider? e.g. trialogue keys set openai');
  if (!providers.ids.includes(id))
    throw new CliError(`Unknown provider "${id}". Known: ${providers.ids.join(', ')}.`);
  const key = await readSecret(context.io, `Paste your ${id} API key (input hidden), then Enter: `);
  if (!key) throw new CliError('No key entered; nothing stored.');
  rememberSecret(key);
  try {
    assertKeyShape(id, key);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  await configKeyStore(context.io.env).set(id, key);
  const path = configFile(context.io.env);
  if (context.json) context.emit({ type: 'key-set', provider: id, path });
  else
    context.err(
      `${context.fit(`Stored the ${id} key in ${path} (readable only by you). Check it with: trialogue keys check ${id}`)}\n`,
    );
  return ExitCode.ok;
}

async function deleteKey(context: Context, providers: Providers, id: string | undefined): Promise<number> {
  if (!id) throw new CliError('Which provider? e.g. trialogue keys delete openai');
  if (!providers.ids.includes(id))
    throw new CliError(`Unknown provider "${id}". Known: ${providers.ids.join(', ')}.`);
  await configKeyStore(context.io.env).delete(id);
  const source = await providers.keySource(id);
  if (context.json) context.emit({ type: 'key-deleted', provider: id, stillFrom: source });
  else {
    context.err(`${context.fit(`Removed the ${id} key from ${configFile(context.io.env)}.`)}\n`);
    if (source)
      context.err(
        `${context.fit(`A key for ${id} is still set in the ${source.replace(/^env /, 'environment variable ')}.`)}\n`,
      );
  }
  return ExitCode.ok;
}

/** A signal aborted by Ctrl-C or after `ms`. */
export function anySignal(signal: AbortSignal, ms: number): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(ms)]);
}
