/**
 * Token counts normalised across providers so totals compare.
 *
 * `inputTokens` always includes cached input (OpenAI's convention); for Anthropic, whose
 * `input_tokens` excludes cache reads and writes, the provider adds them back.
 * `outputTokens` includes reasoning tokens; `reasoningTokens` says how many of them were reasoning.
 */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
}

/**
 * Builds a {@link Usage}, filling `totalTokens` and dropping absent optional counts.
 *
 * @example
 * ```ts
 * makeUsage({ inputTokens: 12, outputTokens: 30, reasoningTokens: 8 });
 * // { inputTokens: 12, outputTokens: 30, totalTokens: 42, reasoningTokens: 8 }
 * ```
 */
export function makeUsage(parts: {
  inputTokens?: number | null;
  outputTokens?: number | null;
  reasoningTokens?: number | null;
  cachedInputTokens?: number | null;
  totalTokens?: number | null;
}): Usage {
  const inputTokens = parts.inputTokens ?? 0;
  const outputTokens = parts.outputTokens ?? 0;
  const usage: Usage = {
    inputTokens,
    outputTokens,
    totalTokens: parts.totalTokens ?? inputTokens + outputTokens,
  };
  if (parts.reasoningTokens != null) usage.reasoningTokens = parts.reasoningTokens;
  if (parts.cachedInputTokens != null) usage.cachedInputTokens = parts.cachedInputTokens;
  return usage;
}

/**
 * Adds usages together (for a debate's totals).
 *
 * @example
 * ```ts
 * addUsage(makeUsage({ inputTokens: 10, outputTokens: 5 }), makeUsage({ inputTokens: 3, outputTokens: 2 }));
 * // { inputTokens: 13, outputTokens: 7, totalTokens: 20 }
 * ```
 */
export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage | undefined {
  if (!a) return b;
  if (!b) return a;
  return makeUsage({
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    totalTokens: a.totalTokens + b.totalTokens,
    reasoningTokens:
      a.reasoningTokens != null || b.reasoningTokens != null
        ? (a.reasoningTokens ?? 0) + (b.reasoningTokens ?? 0)
        : undefined,
    cachedInputTokens:
      a.cachedInputTokens != null || b.cachedInputTokens != null
        ? (a.cachedInputTokens ?? 0) + (b.cachedInputTokens ?? 0)
        : undefined,
  });
}
