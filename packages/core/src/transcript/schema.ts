import * as z from 'zod/mini';
import { ERROR_KINDS } from '../errors/trialogue-error.js';
import { oneOf, TRANSCRIPT_VALUES } from './check.js';

// The contract. The check that runs is check.ts (hand-written, no zod in a bundle that reads
// transcripts); a differential test holds it to this schema. The schema mirrors types.ts. Objects
// are loose: fields a newer minor release adds survive a read and write by this one (nothing is
// lost), and redaction still covers them.

// Built on first use, not at import (see transcriptSchema).
function buildTranscriptSchema() {
  const count = z.number().check(z.int(), z.nonnegative());
  const text = z.string();
  const optionalString = z.optional(z.string());

  const usage = z.looseObject({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count,
    reasoningTokens: z.optional(count),
    cachedInputTokens: z.optional(count),
  });

  const timings = z.looseObject({
    timeToFirstTokenMs: z.optional(z.number().check(z.nonnegative())),
    totalMs: z.number().check(z.nonnegative()),
  });

  const error = z.looseObject({
    name: z.literal('TrialogueError'),
    kind: z.enum(ERROR_KINDS as [string, ...string[]]),
    message: text,
    retryable: z.boolean(),
    phase: z.enum(TRANSCRIPT_VALUES.errorPhases),
    provider: optionalString,
    status: z.optional(z.number()),
    retryAfterMs: z.optional(z.number()),
    requestId: optionalString,
    code: optionalString,
    providerCode: optionalString,
    rateLimit: z.optional(z.record(z.string(), z.number())),
  });

  const message = z.looseObject({
    role: z.enum(TRANSCRIPT_VALUES.messageRoles),
    content: text,
    name: optionalString,
  });

  const participant = z.looseObject({
    id: z.string().check(z.minLength(1)),
    provider: z.string(),
    modelId: z.string(),
    label: optionalString,
    persona: optionalString,
  });

  const turn = z.looseObject({
    id: z.string().check(z.minLength(1)),
    participantId: z.string().check(z.minLength(1)),
    role: z.enum(TRANSCRIPT_VALUES.turnRoles),
    text,
    reasoning: optionalString,
    round: z.optional(count),
    phase: optionalString,
    prompt: z.optional(z.looseObject({ system: optionalString, messages: z.array(message) })),
    usage: z.optional(usage),
    cost: z.optional(z.number().check(z.nonnegative())),
    timings: z.optional(timings),
    finishReason: z.optional(z.enum(TRANSCRIPT_VALUES.finishReasons)),
    error: z.optional(error),
    startedAt: optionalString,
    endedAt: optionalString,
  });

  const outcome = z.looseObject({
    stopReason: z.string(),
    answer: optionalString,
    decidedBy: optionalString,
    details: z.optional(z.record(z.string(), z.unknown())),
  });

  return z.looseObject({
    format: z.literal('trialogue.transcript'),
    version: z.literal(1),
    id: z.string().check(z.minLength(1)),
    kind: z.enum(TRANSCRIPT_VALUES.kinds),
    createdAt: z.string(),
    title: optionalString,
    mode: optionalString,
    participants: z.array(participant),
    turns: z.array(turn),
    outcome: z.optional(outcome),
    totals: z.optional(
      z.looseObject({
        usage: z.optional(usage),
        cost: z.optional(z.number()),
        durationMs: z.optional(z.number()),
      }),
    ),
    meta: z.optional(z.record(z.string(), z.unknown())),
  });
}
let built: ReturnType<typeof buildTranscriptSchema> | undefined;

/**
 * The zod schema of a {@link Transcript} (version 1): the format's contract, for tools that want
 * JSON Schema (`z.toJSONSchema`) or zod's issues. {@link parseTranscript} runs a hand-written check
 * held equal to it ({@link findTranscriptProblem}), so reading a transcript bundles no zod. Built
 * on first call.
 *
 * @example
 * ```ts
 * const result = transcriptSchema().safeParse(JSON.parse(text));
 * if (!result.success) console.error(result.error.issues[0]?.message);
 * ```
 */
export function transcriptSchema(): ReturnType<typeof buildTranscriptSchema> {
  built ??= buildTranscriptSchema();
  return built;
}

/**
 * A zod issue of {@link transcriptSchema} in the words {@link findTranscriptProblem} uses
 * (`expected number`, `expected one of "chat", "debate"`).
 * @internal For the differential test.
 */
export function transcriptIssueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected === 'int' ? 'a whole number' : issue.expected === 'record' ? 'object' : issue.expected}`;
    case 'invalid_value':
      return oneOf(issue.values);
    case 'too_small':
      return `expected at least ${String(issue.minimum)}${issue.origin === 'string' ? ` character${issue.minimum === 1 ? '' : 's'}` : ''}`;
    case 'too_big':
      return `expected at most ${String(issue.maximum)}`;
    case 'invalid_key':
      return 'expected string keys';
    default:
      return issue.message;
  }
}
