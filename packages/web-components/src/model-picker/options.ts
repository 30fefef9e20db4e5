/**
 * The picker's list, without a DOM: catalogue entries and listed models merged into options with
 * their marks (price, context window, free tier, key missing), and the search over them.
 */
import type { CatalogueEntry, ModelCatalogue, ModelInfo } from '@trialogue/core';
import { localProviderIds, providerLabel } from '../key-manager/providers.js';

/**
 * Providers that need no key by default: the offline `sample` provider (see
 * `@trialogue/providers/sample`). Servers on this machine (Ollama, LM Studio) are keyless too.
 */
export const DEFAULT_KEYLESS: ReadonlySet<string> = new Set(['sample']);

/** One model the picker offers. */
export interface ModelOption {
  /** `provider:modelId`, the reference a registry resolves. */
  ref: string;
  provider: string;
  modelId: string;
  label: string;
  contextWindow?: number;
  /** US dollars per million tokens. */
  price?: { input: number; output: number };
  freeTier: boolean;
  /** Served on this machine: never needs a key. */
  local: boolean;
  /** The provider needs a key and the key store has none (never for a keyless or local provider). */
  keyMissing: boolean;
  /** Came from the provider's model list (the user's account), not only the catalogue. */
  listed: boolean;
}

/**
 * Catalogue entries first (in catalogue order), then listed models the catalogue does not hold
 * under the same id, with the price of the catalogued model they are a dated variant of.
 */
export function buildModelOptions(
  catalogue: ModelCatalogue,
  listed: readonly ModelInfo[],
  keyed: ReadonlySet<string>,
  keyless: ReadonlySet<string> = DEFAULT_KEYLESS,
): ModelOption[] {
  const options = new Map<string, ModelOption>();
  const listedRefs = new Set(listed.map((m) => `${m.provider}:${m.id}`));
  const add = (provider: string, modelId: string, entry: CatalogueEntry | undefined, info?: ModelInfo) => {
    const ref = `${provider}:${modelId}`;
    if (options.has(ref)) return;
    const local = localProviderIds.has(provider);
    const price = entry?.price;
    const contextWindow = info?.contextWindow ?? entry?.contextWindow;
    options.set(ref, {
      ref,
      provider,
      modelId,
      label: (entry?.modelId === modelId ? entry.label : info?.label) ?? entry?.label ?? modelId,
      ...(contextWindow ? { contextWindow } : {}),
      ...(price ? { price: { input: price.inputPerMillion, output: price.outputPerMillion } } : {}),
      freeTier:
        Boolean(entry?.freeTier) || local || (price?.inputPerMillion === 0 && price.outputPerMillion === 0),
      local,
      keyMissing: !local && !keyless.has(provider) && !keyed.has(provider),
      listed: listedRefs.has(ref),
    });
  };
  for (const entry of catalogue.entries) add(entry.provider, entry.modelId, entry);
  for (const info of listed) add(info.provider, info.id, catalogue.find(info.provider, info.id), info);
  return [...options.values()];
}

/**
 * Options matching every word of the query, in any of: label, model id, provider id or name, and
 * the words "free", "local" or "listed" for those marks.
 */
export function filterModelOptions(options: readonly ModelOption[], query: string): ModelOption[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...options];
  return options.filter((option) => {
    const haystack = [
      option.label,
      option.modelId,
      option.provider,
      providerLabel(option.provider),
      option.freeTier ? 'free' : '',
      option.local ? 'local' : '',
      option.listed ? 'listed' : '',
    ]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

/** `$0.40`, `$15`, `$0.075`: per-million prices as people read them. */
export function formatPrice(dollars: number): string {
  const [whole, fraction] = String(Number(dollars.toFixed(3))).split('.');
  return fraction ? `$${whole}.${fraction.padEnd(2, '0')}` : `$${whole}`;
}

/** `1M`, `200K`, `131K`: a context window in tokens. */
export function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}
