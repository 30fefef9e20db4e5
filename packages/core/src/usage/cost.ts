import type { Usage } from './usage.js';

/** A model's price in US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
  /** Price of cached input reads; absent when the provider bills them as ordinary input. */
  cachedInputPerMillion?: number;
  /**
   * Price of reasoning tokens when it differs from output (rare). Reasoning tokens are part of
   * `outputTokens`, so only the difference is added.
   */
  reasoningPerMillion?: number;
}

/**
 * The cost of a call in US dollars. Cached input is billed at the cached rate when the price has one
 * (the rest of the input at the input rate); reasoning tokens are already inside `outputTokens`.
 *
 * @example
 * ```ts
 * costOf({ inputTokens: 1000, outputTokens: 500, totalTokens: 1500 }, { inputPerMillion: 0.4, outputPerMillion: 1.6 });
 * // 0.0012
 * ```
 */
export function costOf(usage: Usage, price: ModelPrice): number {
  const cached =
    price.cachedInputPerMillion !== undefined ? Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens) : 0;
  const reasoning =
    price.reasoningPerMillion !== undefined ? Math.min(usage.reasoningTokens ?? 0, usage.outputTokens) : 0;
  const micro =
    (usage.inputTokens - cached) * price.inputPerMillion +
    cached * (price.cachedInputPerMillion ?? 0) +
    (usage.outputTokens - reasoning) * price.outputPerMillion +
    reasoning * (price.reasoningPerMillion ?? 0);
  // Round to a millionth of a cent so sums of many turns do not show float noise.
  return Math.round(micro / 1e-2) / 1e8;
}

/**
 * A cost for display: `$0.0012`, `$1.50`, `<$0.0001`, `$0`.
 *
 * @example
 * ```ts
 * formatCost(0.00123); // "$0.0012"
 * formatCost(0.00001); // "<$0.0001"
 * ```
 */
export function formatCost(usd: number): string {
  if (!Number.isFinite(usd) || usd < 0) return '';
  if (usd === 0) return '$0';
  if (usd < 0.0001) return '<$0.0001';
  if (usd >= 1) return `$${usd.toFixed(2)}`;
  // Two significant digits, at most four decimals: $0.0012, $0.012, $0.12.
  const decimals = Math.min(4, Math.max(2, 1 - Math.floor(Math.log10(usd))));
  return `$${usd.toFixed(decimals)}`;
}
