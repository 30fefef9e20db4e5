/**
 * The model catalogue and its cost helper without any provider: `@trialogue/providers/catalogue`
 * is about 1.5 KB gzip, so a model picker or a cost column does not bundle the providers' wire
 * code (the root entry gives the same exports and also tree-shakes to them).
 * @packageDocumentation
 */
import { costOf, createCatalogue, type ModelCatalogue, type Usage } from '@trialogue/core';
import { catalogueEntries } from './models.js';

export { catalogueEntries } from './models.js';

/**
 * The shipped model catalogue: context windows, prices, free-tier and browser flags, dated.
 * Extend it with `createCatalogue([...catalogue.entries, ...yours])` (later entries win).
 *
 * @example
 * ```ts
 * catalogue.find('anthropic', 'claude-sonnet-4-5-20250929')?.contextWindow; // 200000
 * ```
 */
export const catalogue: ModelCatalogue = /* @__PURE__ */ createCatalogue(catalogueEntries);

/**
 * The cost of a call in US dollars from the catalogue's price, or undefined when the model is
 * not catalogued (or has no published price).
 *
 * @example
 * ```ts
 * costFor('openai', 'gpt-4.1-mini', { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 }); // 0.0012
 * ```
 */
export function costFor(
  provider: string,
  modelId: string,
  usage: Usage | undefined,
  from: ModelCatalogue = catalogue,
): number | undefined {
  const price = usage ? from.find(provider, modelId)?.price : undefined;
  return price && usage ? costOf(usage, price) : undefined;
}
