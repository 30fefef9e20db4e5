import type { ReasoningOptions } from '@trialogue/core';

type Effort = NonNullable<ReasoningOptions['effort']>;

// One table for both directions, so a budget and an effort mean the same thing on every provider.
const budgets: Record<Effort, number> = { minimal: 1024, low: 2048, medium: 8192, high: 24576 };

/** The effort for providers that take one: the given effort, else the nearest to the budget. */
export function effortOf(reasoning: ReasoningOptions | undefined): Effort | undefined {
  if (!reasoning) return undefined;
  if (reasoning.effort) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined) return undefined;
  if (budget <= budgets.minimal) return 'minimal';
  if (budget <= budgets.low) return 'low';
  if (budget <= budgets.medium) return 'medium';
  return 'high';
}

/** The token budget for providers that take one: the given budget, else the effort's budget. */
export function budgetOf(reasoning: ReasoningOptions | undefined): number | undefined {
  if (!reasoning) return undefined;
  if (reasoning.budgetTokens !== undefined) return reasoning.budgetTokens;
  return reasoning.effort ? budgets[reasoning.effort] : undefined;
}

/** Whether visible reasoning text should be streamed (default yes). */
export function showsReasoning(reasoning: ReasoningOptions | undefined): boolean {
  return reasoning?.includeText !== false;
}
