import { costOf, formatCost, type ModelPrice, type Timings, type Usage } from '@trialogue/core';

/** Milliseconds for people: `320 ms`, `2.4 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** One line of numbers for an answer: tokens, cost, time to first token, total time. */
export function formatStats(parts: {
  usage?: Usage;
  price?: ModelPrice;
  cost?: number;
  timings?: Timings;
}): string {
  const out: string[] = [];
  const { usage, timings } = parts;
  if (usage) out.push(`${usage.inputTokens} in / ${usage.outputTokens} out tokens`);
  const cost = parts.cost ?? (usage && parts.price ? costOf(usage, parts.price) : undefined);
  if (cost !== undefined) out.push(formatCost(cost));
  else if (usage) out.push('cost unknown');
  if (timings?.timeToFirstTokenMs !== undefined)
    out.push(`first token ${formatMs(timings.timeToFirstTokenMs)}`);
  if (timings) out.push(`total ${formatMs(timings.totalMs)}`);
  return out.join(' · ');
}
