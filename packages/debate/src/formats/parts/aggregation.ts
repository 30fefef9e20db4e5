import type { TranscriptOutcome, TranscriptTurn } from '@trialogue/core';
import type { DebateContext } from '../types.js';

/** One participant's extracted answer. */
export interface Ballot {
  participantId: string;
  turnId: string;
  answer?: string;
  confidence?: number;
}

/** The count of a vote. `winner` is absent on a tie for first place or when nobody answered. */
export interface VoteResult {
  method: 'majority' | 'confidence';
  ballots: Ballot[];
  /** Best first; equal weights keep the order in which answers first appeared. */
  tally: { answer: string; weight: number; voters: string[] }[];
  winner?: string;
  /** The answers tied for first place. */
  tie?: string[];
  /** Every ballot gave the same answer. */
  unanimous: boolean;
}

/** Weight of a ballot without a confidence line in a confidence-weighted vote. */
export const DEFAULT_CONFIDENCE = 0.5;

/**
 * Counts ballots: one vote each (`majority`), or weighted by each ballot's confidence
 * (`confidence`, {@link DEFAULT_CONFIDENCE} when absent). Ballots without an answer abstain.
 *
 * @example
 * ```ts
 * tallyVotes([{ participantId: 'a', turnId: 't1', answer: '4' }, { participantId: 'b', turnId: 't2', answer: '4' }]).winner; // '4'
 * ```
 */
export function tallyVotes(ballots: Ballot[], method: 'majority' | 'confidence' = 'majority'): VoteResult {
  const byAnswer = new Map<string, { answer: string; weight: number; voters: string[] }>();
  for (const ballot of ballots) {
    if (ballot.answer === undefined) continue;
    const entry = byAnswer.get(ballot.answer) ?? { answer: ballot.answer, weight: 0, voters: [] };
    entry.weight += method === 'confidence' ? (ballot.confidence ?? DEFAULT_CONFIDENCE) : 1;
    entry.voters.push(ballot.participantId);
    byAnswer.set(ballot.answer, entry);
  }
  // Stable sort: equal weights keep first-appearance order.
  const tally = [...byAnswer.values()].sort((a, b) => b.weight - a.weight);
  const top = tally[0];
  const tied = top ? tally.filter((entry) => Math.abs(entry.weight - top.weight) < 1e-9) : [];
  const answered = ballots.filter((b) => b.answer !== undefined);
  return {
    method,
    ballots,
    tally,
    ...(tied.length === 1 ? { winner: top!.answer } : {}),
    ...(tied.length > 1 ? { tie: tied.map((t) => t.answer) } : {}),
    unanimous: tally.length === 1 && answered.length === ballots.length && ballots.length > 0,
  };
}

/** Ballots of turns, with their extracted answers and confidences. */
export function ballotsOf(ctx: DebateContext, turns: readonly TranscriptTurn[]): Ballot[] {
  return turns.map((turn) => {
    const confidence = ctx.confidenceOf(turn);
    return {
      participantId: turn.participantId,
      turnId: turn.id,
      answer: ctx.answerOf(turn),
      ...(confidence !== undefined ? { confidence } : {}),
    };
  });
}

/**
 * Votes on the answers of `turns` and emits a `vote` event. A tie is left undecided unless
 * `formatOptions.tieBreak` is `'random'` (seeded: reproducible).
 */
export function vote(
  ctx: DebateContext,
  round: number,
  turns: readonly TranscriptTurn[],
  method: 'majority' | 'confidence' = ctx.formatOptions.weighted ? 'confidence' : 'majority',
): VoteResult {
  const result = tallyVotes(ballotsOf(ctx, turns), method);
  if (result.tie && ctx.formatOptions.tieBreak === 'random') {
    const pick = Math.floor(ctx.random(`tie-break:${round}`)() * result.tie.length);
    result.winner = result.tie[pick];
  }
  ctx.emit({
    type: 'vote',
    round,
    method,
    ballots: result.ballots,
    tally: result.tally,
    ...(result.winner !== undefined ? { winner: result.winner } : {}),
    ...(result.tie ? { tie: result.tie } : {}),
  });
  return result;
}

/** Stop reason of a debate whose participants gave no short answer to vote on (see {@link voteOutcome}). */
export const OPEN_ENDED = 'open-ended';

/**
 * The outcome of a vote: `consensus` when unanimous, `stopReason` when a winner emerged, `deadlock`
 * on a tie (or when no turn was left to count), and {@link OPEN_ENDED} when participants answered
 * but none gave a short answer to vote on (no `Final answer:` line: the usual case for questions
 * such as "how should I structure this service?"). An open-ended outcome has no `answer`;
 * `details.finalTurns` lists the turns that stand as the result.
 */
export function voteOutcome(
  result: VoteResult,
  stopReason: string,
  details: Record<string, unknown> = {},
): TranscriptOutcome {
  const base = { ...details, method: result.method, tally: result.tally };
  if (result.winner === undefined && result.tally.length === 0 && result.ballots.length > 0) {
    return {
      stopReason: OPEN_ENDED,
      details: { ...base, openEnded: true, finalTurns: result.ballots.map((ballot) => ballot.turnId) },
    };
  }
  if (result.winner === undefined) {
    return { stopReason: 'deadlock', details: { ...base, ...(result.tie ? { tie: result.tie } : {}) } };
  }
  return {
    stopReason: result.unanimous ? 'consensus' : stopReason,
    answer: result.winner,
    decidedBy: 'vote',
    details: base,
  };
}

/**
 * Borda count: with n candidates, a ranker's first choice scores n-1, the next n-2, and so on;
 * candidates a ranker left out score nothing from it. Best total first; ties keep `candidates` order.
 *
 * @example
 * ```ts
 * bordaCount([['a', 'b', 'c'], ['b', 'a', 'c']], ['a', 'b', 'c']).ranking; // ['a', 'b', 'c']
 * ```
 */
export function bordaCount(
  rankings: readonly (readonly string[])[],
  candidates: readonly string[],
): { ranking: string[]; scores: Record<string, number> } {
  const scores: Record<string, number> = Object.fromEntries(candidates.map((c) => [c, 0]));
  const n = candidates.length;
  for (const ranking of rankings) {
    ranking.forEach((candidate, position) => {
      if (candidate in scores) scores[candidate]! += n - 1 - position;
    });
  }
  const ranking = [...candidates].sort((a, b) => scores[b]! - scores[a]!);
  return { ranking, scores };
}

/** Phases of a turn that writes the result from the others' (a judge's verdict, a chair's synthesis). */
const SYNTHESIS_PHASES = new Set(['verdict', 'synthesis', 'aggregate']);

/**
 * An {@link OPEN_ENDED} outcome whose run ended on a judge's verdict or a chair's (or aggregator's)
 * synthesis that gave no short answer: that text is the result. `decidedBy` names its author and
 * `details.synthesis` its turn; the judge, chair or aggregator did not fail, so the fallback flags
 * are dropped. Any other outcome is returned as it is.
 */
export function withSynthesis(
  outcome: TranscriptOutcome,
  turns: readonly TranscriptTurn[],
): TranscriptOutcome {
  if (outcome.stopReason !== OPEN_ENDED || outcome.decidedBy !== undefined) return outcome;
  const last = turns.filter((turn) => turn.role === 'assistant').at(-1);
  if (!last || last.error || !last.text.trim() || !SYNTHESIS_PHASES.has(last.phase ?? '')) return outcome;
  const {
    judgeFailed: _judge,
    chairFailed: _chair,
    aggregatorFailed: _aggregator,
    ...details
  } = outcome.details ?? {};
  return { ...outcome, decidedBy: last.participantId, details: { ...details, synthesis: last.id } };
}
