import { costOf } from '@trialogue/core';
import { resolveFormat } from '../formats/registry.js';
import type { PlannedCall } from '../formats/types.js';
import { DEFAULT_QUOTE_CHARS } from '../prompts/quote.js';
import { exchangesOf, historyMessages } from './history.js';
import type { DebateOptions, Participant } from './options.js';
import { planInputOf, priceOf, validateDebateOptions } from './validate.js';

/** A pre-flight estimate: the most a run can cost (early stops only make it cheaper). */
export interface DebateEstimate {
  /** Model calls when no stop rule fires early. */
  calls: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars, when every caller's price is known. */
  costUsd?: number;
  /** Calls per phase (`answer`, `review`...). */
  byPhase: Record<string, number>;
}

/** Tokens in a text, roughly (4 characters a token, the usual rule of thumb for English). */
const tokensOf = (chars: number) => Math.ceil(chars / 4);
/** Instructions and framing of a turn's prompt, beyond the question and quoted answers. */
const PROMPT_OVERHEAD_TOKENS = 250;

/**
 * Estimates calls, tokens and cost of a debate before running it, from the format's plan. Output
 * per turn is `options.maxOutputTokens` if set, else `expectedOutputTokens` (default 500); each
 * quoted earlier turn counts that much again (capped by `maxQuoteChars`). Validates like `runDebate`.
 *
 * @example
 * ```ts
 * const { calls, costUsd } = estimateDebate({ question, participants, format: 'society', formatOptions: { rounds: 3 } });
 * ```
 */
export function estimateDebate(
  options: DebateOptions,
  settings: { expectedOutputTokens?: number } = {},
): DebateEstimate {
  const format = resolveFormat(options.format);
  const { question, context } = validateDebateOptions(options, format);
  const output = options.maxOutputTokens ?? settings.expectedOutputTokens ?? 500;
  const quoted = Math.min(output, tokensOf(options.maxQuoteChars ?? DEFAULT_QUOTE_CHARS));
  const exchanges = options.history ? exchangesOf(options.history) : [];
  const base =
    PROMPT_OVERHEAD_TOKENS +
    tokensOf(question.length) +
    tokensOf(context.reduce((n, m) => n + m.content.length, 0));
  const speakerOf = (call: PlannedCall): Participant | undefined =>
    typeof call.speaker === 'number'
      ? options.participants[call.speaker]
      : (options[call.speaker] ?? (call.speaker === 'chair' ? options.participants[0] : undefined));

  let inputTokens = 0;
  let costUsd: number | undefined = 0;
  const byPhase: Record<string, number> = {};
  const maxRounds = options.budget?.maxRounds;
  const calls = format
    .plan(planInputOf(options))
    .filter((call) => maxRounds === undefined || call.round === undefined || call.round <= maxRounds);
  for (const call of calls) {
    const speaker = speakerOf(call);
    const history = speaker ? historyMessages(exchanges, speaker.id, options.historyView ?? 'outcome') : [];
    const input = base + call.reads * quoted + tokensOf(history.reduce((n, m) => n + m.content.length, 0));
    inputTokens += input;
    byPhase[call.phase] = (byPhase[call.phase] ?? 0) + 1;
    const price = speaker ? priceOf(options, speaker) : undefined;
    costUsd =
      price && costUsd !== undefined
        ? costUsd + costOf({ inputTokens: input, outputTokens: output, totalTokens: input + output }, price)
        : undefined;
  }
  return {
    calls: calls.length,
    inputTokens,
    outputTokens: calls.length * output,
    ...(costUsd !== undefined && calls.length ? { costUsd } : {}),
    byPhase,
  };
}
