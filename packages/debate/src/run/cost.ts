// TODO(core-rest): switch to core's ModelPrice/costOf once exported from @trialogue/core.
import type { Usage } from '@trialogue/core';

/** A model's price in US dollars per million tokens (core's shape). */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  cachedInputPerMillion?: number;
  reasoningPerMillion?: number;
}

/** The cost of a call in US dollars. */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cached = price.cachedInputPerMillion !== undefined ? Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens) : 0;
  const micro =
    (usage.inputTokens - cached) * price.inputPerMillion +
    cached * (price.cachedInputPerMillion ?? 0) +
    usage.outputTokens * price.outputPerMillion;
  return Math.round(micro / 1e-2) / 1e8;
}
