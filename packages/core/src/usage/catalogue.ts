import type { ModelPrice } from './cost.js';

/** What is known about one model, and when it was checked. */
export interface CatalogueEntry {
  provider: string;
  modelId: string;
  label?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  price?: ModelPrice;
  /** The provider offers it without payment (with rate limits). */
  freeTier?: boolean;
  /** The provider's API can be called from a browser page (CORS). */
  browserCors?: boolean;
  /** When the entry was last checked against the provider's pages (ISO date). Prices change. */
  checkedAt: string;
}

/** A set of {@link CatalogueEntry}s with lookup. */
export interface ModelCatalogue {
  readonly entries: readonly CatalogueEntry[];
  /**
   * The entry of a model: its exact id, else the longest catalogued id it extends with a version
   * or date suffix (`gpt-4.1-mini-2025-04-14` finds `gpt-4.1-mini`, never `gpt-4.1`).
   */
  find(provider: string, modelId: string): CatalogueEntry | undefined;
}

/**
 * Builds a catalogue from entries. Later entries replace earlier ones for the same model, so a user
 * can extend a shipped catalogue with their own prices.
 *
 * @example
 * ```ts
 * const catalogue = createCatalogue([
 *   { provider: 'openai', modelId: 'gpt-4.1-mini', price: { inputPerMillion: 0.4, outputPerMillion: 1.6 }, checkedAt: '2025-11-01' },
 * ]);
 * catalogue.find('openai', 'gpt-4.1-mini-2025-04-14')?.price; // { inputPerMillion: 0.4, ... }
 * ```
 */
export function createCatalogue(entries: readonly CatalogueEntry[]): ModelCatalogue {
  const byId = new Map<string, CatalogueEntry>();
  for (const entry of entries) byId.set(`${entry.provider}:${entry.modelId}`, entry);
  const list = [...byId.values()];
  return {
    entries: list,
    find(provider, modelId) {
      const exact = byId.get(`${provider}:${modelId}`);
      if (exact) return exact;
      let best: CatalogueEntry | undefined;
      for (const entry of list) {
        if (entry.provider !== provider || !isVariantOf(modelId, entry.modelId)) continue;
        if (!best || entry.modelId.length > best.modelId.length) best = entry;
      }
      return best;
    },
  };
}

// A dated or versioned variant: `-2025-04-14`, `-20250514`, `-0125`, `-001`, `-latest`, `@20240620`, `:free`...
const variantSuffix =
  /^(?:[-@](?:\d{4}-\d{2}-\d{2}|\d{3,8}|v\d+(?:[.:]\d+)*|latest|preview(?:-\d{2}-\d{2,4})?|exp(?:-\d{2}-\d{2,4})?)|:[a-z0-9.-]+)+$/;

function isVariantOf(modelId: string, base: string): boolean {
  return modelId.startsWith(base) && variantSuffix.test(modelId.slice(base.length));
}
