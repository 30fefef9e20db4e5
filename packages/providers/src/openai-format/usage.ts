import { makeUsage, type Usage } from '@trialogue/core';

/** The `usage` object of Chat Completions and its relatives (Groq's `x_groq.usage`, DeepSeek, xAI). */
export interface ChatUsage {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  /** DeepSeek's name for cached input. */
  prompt_cache_hit_tokens?: number | null;
}

/**
 * Normalises Chat Completions usage. `prompt_tokens` already includes cached tokens and
 * `completion_tokens` already includes reasoning, except on servers (xAI) whose
 * `total_tokens` shows reasoning counted outside `completion_tokens`: then it is added back.
 */
export function chatUsage(u: ChatUsage): Usage {
  const input = u.prompt_tokens ?? 0;
  const completion = u.completion_tokens ?? 0;
  const reasoning = u.completion_tokens_details?.reasoning_tokens ?? undefined;
  const reasoningOutside =
    !!reasoning && u.total_tokens === input + completion + reasoning && reasoning > completion;
  return makeUsage({
    inputTokens: input,
    outputTokens: reasoningOutside ? completion + reasoning : completion,
    reasoningTokens: reasoning,
    cachedInputTokens: u.prompt_tokens_details?.cached_tokens ?? u.prompt_cache_hit_tokens,
  });
}
