import { addUsage, type TranscriptTurn, type Usage } from '@trialogue/core';
import type { DebateBudget } from './options.js';

/** Running totals of a debate, checked against its token and cost budgets. */
export interface BudgetTracker {
  readonly usage: Usage | undefined;
  /** US dollars of the priced turns, if any turn was priced. */
  readonly cost: number | undefined;
  /** A turn starts streaming (`outputPerMillion` prices its output while it streams). */
  start(turnId: string, outputPerMillion?: number): void;
  /** Characters of text or reasoning streamed by a running turn. */
  streamed(turnId: string, chars: number): void;
  /** A turn ended: its reported usage and cost replace its streaming estimate. */
  settle(turn: TranscriptTurn): void;
}

/**
 * Tracks usage and cost and calls `exceeded` once a budget is reached. Turns still streaming count
 * too, at 4 characters a token, so one long answer cannot run far past a budget before its usage
 * arrives at the end (`details.streaming` says how much of the total was estimated).
 */
export function budgetTracker(
  budget: Readonly<DebateBudget>,
  exceeded: (details: Record<string, unknown>) => void,
): BudgetTracker {
  let usage: Usage | undefined;
  let cost: number | undefined;
  const streaming = new Map<string, { tokens: number; outputPerMillion?: number }>();
  const watched = budget.maxTokens !== undefined || budget.maxCostUsd !== undefined;

  const check = () => {
    let tokens = 0;
    let dollars = 0;
    for (const turn of streaming.values()) {
      tokens += turn.tokens;
      dollars += (turn.tokens * (turn.outputPerMillion ?? 0)) / 1e6;
    }
    const usedTokens = usage?.totalTokens ?? 0;
    if (budget.maxTokens !== undefined && usedTokens + tokens >= budget.maxTokens) {
      exceeded({
        budget: 'tokens',
        limit: budget.maxTokens,
        used: usedTokens,
        ...(tokens ? { streaming: Math.ceil(tokens) } : {}),
      });
    }
    const usedCost = cost ?? 0;
    if (
      budget.maxCostUsd !== undefined &&
      (cost !== undefined || dollars > 0) &&
      usedCost + dollars >= budget.maxCostUsd
    ) {
      exceeded({
        budget: 'cost',
        limit: budget.maxCostUsd,
        used: usedCost,
        ...(dollars ? { streaming: dollars } : {}),
      });
    }
  };

  return {
    get usage() {
      return usage;
    },
    get cost() {
      return cost;
    },
    start(turnId, outputPerMillion) {
      streaming.set(turnId, { tokens: 0, ...(outputPerMillion !== undefined ? { outputPerMillion } : {}) });
    },
    streamed(turnId, chars) {
      const turn = streaming.get(turnId);
      if (!turn) return;
      turn.tokens += chars / 4;
      if (watched) check();
    },
    settle(turn) {
      streaming.delete(turn.id);
      if (turn.usage) usage = addUsage(usage, turn.usage);
      if (turn.cost !== undefined) cost = (cost ?? 0) + turn.cost;
      check();
    },
  };
}
