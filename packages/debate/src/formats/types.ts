import type { TranscriptOutcome, TranscriptTurn } from '@trialogue/core';
import type { DebateEventInput } from '../run/events.js';
import type { DebateBudget, Participant } from '../run/options.js';

/** The built-in formats. */
export type FormatName =
  | 'roundtable'
  | 'society'
  | 'council'
  | 'moa'
  | 'adversarial'
  | 'conversation'
  | 'vote';

/** One turn a format asks the engine to run. */
export interface TurnPlan {
  participant: Participant;
  phase: string;
  /** The system prompt of this turn. */
  system: string;
  /** The user message of this turn (the engine puts the conversation history before it). */
  prompt: string;
  /**
   * `false` for a turn that gives no answer of its own (a council member's ranking): the engine
   * extracts no answer from it, and an early stop's fallback vote reads the speaker's earlier answer.
   */
  givesAnswer?: boolean;
}

/**
 * What a format sees and does while it runs. The engine owns events, the transcript, budgets,
 * failures and abort; a format only decides who speaks, what they see and how it ends.
 */
export interface DebateContext {
  /** The current question. */
  readonly question: string;
  /** Debaters still in the run (a participant whose turn failed is dropped). */
  readonly participants: readonly Participant[];
  readonly judge?: Participant;
  readonly chair?: Participant;
  readonly moderator?: Participant;
  readonly formatOptions: Readonly<Record<string, unknown>>;
  readonly budget: Readonly<DebateBudget>;
  readonly seed: number;
  /**
   * Every turn of the current question so far (successful and failed, user interjections too), in
   * the order they were planned: the turns of one concurrent batch in plan order, never in the
   * order they happened to finish, so no prompt depends on a model's latency.
   */
  readonly turns: readonly TranscriptTurn[];
  /** A seeded random generator for one purpose (`salt`): the same seed and salt give the same sequence. */
  random(salt: string): () => number;
  /** The name participants see for a participant or participant id (label, else id). */
  label(participant: Participant | string): string;
  /** The extracted, normalised answer of a turn (cached). */
  answerOf(turn: TranscriptTurn): string | undefined;
  confidenceOf(turn: TranscriptTurn): number | undefined;
  /** Whether a turn completed without error. */
  succeeded(turn: TranscriptTurn): boolean;
  /**
   * Quotes another participant's text for a prompt (labelled, tags neutralised, truncated). Pass
   * `sharedBy`, the number of texts quoted in the same prompt, so together they stay within the
   * prompt's quote budget.
   */
  quote(from: string, text: string, attributes?: Record<string, string | number>, sharedBy?: number): string;
  /** Emits `round-start`. Stops the run with `max-rounds` when the budget's `maxRounds` is passed. */
  startRound(round: number, phase: string, speakers: readonly Participant[]): void;
  /**
   * Runs turns concurrently and waits for all of them. Returns the successful ones, in plan order.
   * Failed turns are recorded and their participants dropped. Throws to end the run when a budget,
   * an abort or too few participants stop it.
   */
  runTurns(round: number, plans: readonly TurnPlan[]): Promise<TranscriptTurn[]>;
  /** Emits a `vote`, `ranking`, `consensus-check` or `sides` event. */
  emit(event: DebateEventInput): void;
  /** User interjections queued since the last call, recorded as user turns (conversation format). */
  takeInterjections(round: number): TranscriptTurn[];
}

/** Sizes a pre-flight estimate works from. */
export interface PlanInput {
  participants: number;
  formatOptions: Readonly<Record<string, unknown>>;
  budget: Readonly<DebateBudget>;
  hasJudge: boolean;
  hasChair: boolean;
  hasModerator: boolean;
}

/** One call a format would make: who (a debater index or a role) and how many earlier answers it reads. */
export interface PlannedCall {
  /** Debater index, or a role. */
  speaker: number | 'judge' | 'chair' | 'moderator';
  phase: string;
  /** The round it belongs to, when known: a budget's `maxRounds` drops later calls from the estimate. */
  round?: number;
  /** Number of earlier turns quoted in its prompt. */
  reads: number;
}

/**
 * A debate format: data plus small functions built from the shared parts (speaking order,
 * visibility, aggregation, stop rules).
 *
 * @example
 * ```ts
 * const twoRounds: DebateFormat = {
 *   name: 'two-rounds', minParticipants: 2,
 *   plan: ({ participants }) => planRounds(participants, 2, 'parallel'),
 *   run: (ctx) => runRounds(ctx, { rounds: 2, order: parallel, visibility: othersPreviousRound, stopRules: [unanimity()] }),
 * };
 * ```
 */
export interface DebateFormat {
  name: string;
  /** Fewer active debaters than this ends the run with `too-few-participants`. */
  minParticipants: number;
  /** Whether `handle.interject()` is accepted. */
  interjections?: boolean;
  /** Throws a TrialogueError (`invalid-request`) for options this format cannot run with. */
  validate?(input: PlanInput): void;
  /** Every call the format would make without early stops (for `estimateDebate`). */
  plan(input: PlanInput): PlannedCall[];
  /** Runs the debate and returns its outcome. */
  run(ctx: DebateContext): Promise<TranscriptOutcome>;
}
