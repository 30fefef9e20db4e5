/**
 * Which models the site offers: the offline samples first (the default until a key is saved), then
 * the catalogue's models of every provider, marked when their key is missing.
 */
import {
  type CatalogueEntry,
  type ChatModel,
  createCatalogue,
  createRegistry,
  formatCost,
  type KeyStore,
  type ModelCatalogue,
  type Registry,
} from '@trialogue/core';
import { allProviders, catalogue, costFor } from '@trialogue/providers';
import {
  SAMPLE_LABEL,
  SAMPLE_MODEL_IDS,
  sample,
  sampleCatalogueEntries,
  samplePersonas,
} from '@trialogue/providers/sample';
import type { DemoSettings } from './settings.js';

export { SAMPLE_LABEL };

/** The sample models' references. */
export const SAMPLE_REFS: readonly string[] = SAMPLE_MODEL_IDS.map((id) => `sample:${id}`);

/** The providers' catalogue plus the sample models (free). */
export const demoCatalogue: ModelCatalogue = createCatalogue([
  ...catalogue.entries,
  ...sampleCatalogueEntries,
]);

/** A registry over the sample provider and every real one. */
export function demoRegistry(keys: KeyStore, settings: DemoSettings): Registry {
  return createRegistry({ keys, providers: [sample, ...allProviders], settings });
}

/** True for a sample model reference or model. */
export const isSample = (ref: string | Pick<ChatModel, 'provider'>) =>
  typeof ref === 'string' ? ref.startsWith('sample:') : ref.provider === 'sample';

/** The name a model is shown under: a sample's persona name with its label, else the catalogue label or id. */
export function displayName(ref: string): string {
  const [provider, ...rest] = ref.split(':');
  const modelId = rest.join(':');
  if (provider === 'sample') {
    const persona = samplePersonas.find((p) => p.id === modelId);
    return `${persona?.name ?? modelId} (${SAMPLE_LABEL})`;
  }
  const label = catalogue.find(provider ?? '', modelId)?.label;
  return label ? `${label} · ${provider}` : ref;
}

/** Free-tier models first, then by price (input plus output per million tokens). */
const priceRank = (e: CatalogueEntry) =>
  e.freeTier ? -1 : (e.price?.inputPerMillion ?? 99) + (e.price?.outputPerMillion ?? 99);

/**
 * The selection before the visitor picks: three sample models until a key is saved, then up to
 * three catalogue models of the providers with keys.
 */
export function defaultSelection(keyed: readonly string[]): string[] {
  // Per provider, its free-tier model if any, else its cheapest: a first question should cost little.
  const real = catalogue.entries
    .filter((e) => keyed.includes(e.provider))
    .sort((a, b) => priceRank(a) - priceRank(b));
  const perProvider = keyed
    .map((provider) => real.find((e) => e.provider === provider))
    .filter((e) => e !== undefined)
    .map((e) => `${e.provider}:${e.modelId}`);
  return perProvider.length ? perProvider.slice(0, 3) : SAMPLE_REFS.slice(0, 3);
}

/** What the debate element may choose from: the samples, then the two cheapest models of each provider with a key. */
export function debatePool(keyed: readonly string[]): string[] {
  const pool = [...SAMPLE_REFS];
  for (const provider of keyed) {
    const entries = catalogue.entries
      .filter((e) => e.provider === provider)
      .sort((a, b) => priceRank(a) - priceRank(b));
    pool.push(...entries.slice(0, 2).map((e) => `${e.provider}:${e.modelId}`));
  }
  return pool;
}

/** The cost of usage in dollars as text, or '' when the price is unknown. */
export function costText(ref: string, usage: Parameters<typeof costFor>[2]): string {
  if (isSample(ref)) return '$0 (sample)';
  const [provider, ...rest] = ref.split(':');
  const cost = costFor(provider ?? '', rest.join(':'), usage);
  return cost === undefined ? '' : formatCost(cost);
}
