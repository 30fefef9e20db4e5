import { type CatalogueEntry, formatCost, type ModelInfo } from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { loadProviders } from '../config/providers.js';
import { CliError, type Context, messageOf } from '../context.js';
import { ExitCode } from '../io.js';
import { table } from '../render/table.js';
import { anySignal } from './keys.js';

export const modelsOptions: OptionSpec[] = [
  { name: 'all', short: 'a', type: 'boolean', description: 'Every provider, not only those with a key.' },
];

interface Row {
  provider: string;
  modelId: string;
  entry?: CatalogueEntry;
  listed: boolean;
}

/**
 * `trialogue models [provider]`: the catalogue (prices, context, free tier) merged with the
 * provider's own list when a key is available.
 */
export async function models(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const [only] = context.args.positionals;
  if (only && !providers.ids.includes(only)) {
    throw new CliError(`Unknown provider "${only}". Known: ${providers.ids.join(', ')}.`);
  }
  const withKeys = new Set(await providers.keys.list());
  const chosen = only
    ? [only]
    : providers.ids.filter(
        (id) => context.args.options.all === true || withKeys.has(id) || !providers.requiresKey(id),
      );
  let failed = false;
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const id of chosen) {
    const fromCatalogue = providers.catalogue.entries.filter((entry) => entry.provider === id);
    let listed: ModelInfo[] = [];
    const local = !providers.requiresKey(id);
    // A local server (Ollama, LM Studio) not asked for by name is shown only when it answers:
    // its catalogue rows would say models are on offer when nothing is running.
    const onlyIfRunning = local && only !== id && context.args.options.all !== true;
    const canList = withKeys.has(id) || local;
    if (canList) {
      try {
        listed = await (await providers.provider(id)).listModels({
          signal: anySignal(context.signal, local ? 3000 : 15_000),
        });
      } catch (error) {
        if (onlyIfRunning) {
          context.debug(`${id}: not running (${messageOf(error)})`);
          continue;
        }
        const message = messageOf(error);
        if (providers.requiresKey(id) || only === id) {
          failed = true;
          notes.push(`${id}: could not list models: ${message}`);
        }
        if (context.json) context.emit({ type: 'list-error', provider: id, error });
      }
    } else if (providers.requiresKey(id)) {
      notes.push(`${id}: no key, showing the catalogue only (trialogue keys set ${id}).`);
    }
    const seen = new Set<string>();
    for (const info of listed) {
      seen.add(info.id);
      rows.push({
        provider: id,
        modelId: info.id,
        entry: providers.catalogue.find(id, info.id),
        listed: true,
      });
    }
    for (const entry of fromCatalogue) {
      if (!seen.has(entry.modelId)) rows.push({ provider: id, modelId: entry.modelId, entry, listed: false });
    }
  }

  if (context.json) {
    for (const row of rows) {
      context.emit({
        type: 'model',
        provider: row.provider,
        modelId: row.modelId,
        available: row.listed,
        contextWindow: row.entry?.contextWindow,
        price: row.entry?.price,
        freeTier: row.entry?.freeTier,
        checkedAt: row.entry?.checkedAt,
      });
    }
  } else {
    const { style } = context;
    const cells = rows.map((row) => [
      `${row.provider}:${row.modelId}`,
      row.entry?.contextWindow ? contextSize(row.entry.contextWindow) : '',
      row.entry?.price ? perMillion(row.entry.price.inputPerMillion) : '',
      row.entry?.price ? perMillion(row.entry.price.outputPerMillion) : '',
      row.entry?.freeTier ? style.green('free tier') : '',
      row.listed ? 'listed' : style.dim('catalogue'),
    ]);
    if (cells.length > 0)
      context.out(table(['MODEL', 'CONTEXT', 'IN $/M', 'OUT $/M', 'FREE', 'SOURCE'], cells, context.width()));
    else
      context.out(
        `${context.fit('No providers to show. Add a key (trialogue keys set <provider>) or pass --all.')}\n`,
      );
    const dates = rows
      .map((row) => row.entry?.checkedAt)
      .filter((d): d is string => !!d)
      .sort();
    if (dates.length > 0)
      context.out(
        `\n${style.dim(context.fit(`Prices in US dollars per million tokens, checked ${dates.at(-1)}; they change.`))}\n`,
      );
    for (const note of notes) context.err(`${context.fit(note)}\n`);
  }
  return failed ? ExitCode.modelFailed : ExitCode.ok;
}

function perMillion(value: number): string {
  return value === 0 ? '$0' : formatCost(value).replace('<$0.0001', '$0.0001');
}

function contextSize(tokens: number): string {
  return tokens >= 1_000_000 ? `${Math.round(tokens / 100_000) / 10}M` : `${Math.round(tokens / 1000)}k`;
}
