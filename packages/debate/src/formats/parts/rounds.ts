import type { TranscriptTurn } from '@trialogue/core';

import type { Participant } from '../../run/options.js';
import type { DebateContext } from '../types.js';
import type { OrderState, SpeakingOrder } from './order.js';
import { allAgree, type StopRule } from './stop-rules.js';
import type { Visibility, VisibleTurn } from './visibility.js';

/** A rounds loop: who speaks, what they see, what they are asked, when it stops. */
export interface RoundsSpec {
  /** How many rounds to play. */
  rounds: number;
  /** The number of the first round (default 1): 2 when the format played an opening round of its own. */
  firstRound?: number;
  /** Phase label of a round (`answer`, `debate`...). */
  phase: (round: number) => string;
  order: SpeakingOrder;
  visibility: Visibility;
  /** The system prompt and the user message of one turn. */
  prompt: (args: { participant: Participant; round: number; visible: VisibleTurn[] }) => {
    system: string;
    prompt: string;
  };
  /** Runs before each batch of turns (the conversation format takes the user's interjections here). */
  beforeBatch?: (round: number) => void;
  /** Checked in order after each round; the first that fires ends the loop. */
  stopRules?: StopRule[];
  /** Runs after each round's turns and stop rules did not fire (a judge); returns a stop reason to end. */
  afterRound?: (round: number, turns: TranscriptTurn[]) => Promise<string | undefined>;
  /** Emit `consensus-check` after each round (default true). */
  checkConsensus?: boolean;
}

/** How a rounds loop ended. */
export interface RoundsResult {
  /** The last round played. */
  round: number;
  stopReason: string;
  /** Each active debater's latest successful turn, in participant order. */
  latest: TranscriptTurn[];
}

/** The latest successful turn of each active debater. */
export function latestTurns(ctx: DebateContext): TranscriptTurn[] {
  return ctx.participants.flatMap((p) => {
    const turn = ctx.turns.filter((t) => t.participantId === p.id && ctx.succeeded(t)).at(-1);
    return turn ? [turn] : [];
  });
}

/**
 * Plays rounds: each round asks the speaking order for batches, shows each speaker what the
 * visibility allows, runs each batch concurrently, then checks the stop rules (emitting
 * `consensus-check`). Formats such as society, conversation and adversarial are this loop plus prompts.
 */
export async function runRounds(ctx: DebateContext, spec: RoundsSpec): Promise<RoundsResult> {
  let previous: Record<string, string | undefined> | undefined;
  const first = spec.firstRound ?? 1;
  const last = first + spec.rounds - 1;
  for (let round = first; round <= last; round++) {
    const phase = spec.phase(round);
    ctx.startRound(round, phase, ctx.participants);
    const state: OrderState = {};
    const roundTurns: TranscriptTurn[] = [];
    for await (const batch of spec.order(ctx, round, state)) {
      const speakers = batch.filter((p) => ctx.participants.includes(p));
      if (!speakers.length) continue;
      spec.beforeBatch?.(round);
      const plans = speakers.map((participant) => ({
        participant,
        phase,
        ...spec.prompt({ participant, round, visible: spec.visibility(ctx, participant, round) }),
      }));
      roundTurns.push(...(await ctx.runTurns(round, plans)));
    }
    const answers: Record<string, string | undefined> = {};
    for (const p of ctx.participants) {
      const turn = roundTurns.filter((t) => t.participantId === p.id).at(-1);
      if (turn) answers[p.id] = ctx.answerOf(turn);
    }
    let stop = state.stop;
    for (const rule of spec.stopRules ?? []) {
      stop ??= rule({ round, maxRounds: last, answers, ...(previous ? { previous } : {}) });
    }
    if (spec.checkConsensus !== false) {
      ctx.emit({
        type: 'consensus-check',
        round,
        answers: Object.fromEntries(Object.entries(answers).map(([id, a]) => [id, a ?? null])),
        agreed: allAgree(answers),
        ...(stop ? { stop } : {}),
      });
    }
    if (!stop && spec.afterRound) stop = await spec.afterRound(round, roundTurns);
    if (stop) return { round, stopReason: stop, latest: latestTurns(ctx) };
    previous = answers;
  }
  return { round: last, stopReason: 'max-rounds', latest: latestTurns(ctx) };
}
