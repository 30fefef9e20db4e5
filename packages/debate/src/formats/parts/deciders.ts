import type { TranscriptOutcome, TranscriptTurn } from '@trialogue/core';
import { UNTRUSTED_NOTE } from '../../prompts/quote.js';
import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../../prompts/templates.js';
import type { Participant } from '../../run/options.js';
import { shuffle } from '../../run/random.js';
import type { DebateContext, PlannedCall } from '../types.js';
import { vote, voteOutcome } from './aggregation.js';
import { latestTurns } from './rounds.js';

const JUDGE_TASK =
  "You judge a debate between AI models on the user's question. Weigh the arguments on their merits, check the " +
  'reasoning yourself, and ignore rhetoric, confidence and length.';

/** `Verdict: decided` or `Verdict: continue` (a judge's early decision). */
export function parseVerdict(text: string): 'decided' | 'continue' | undefined {
  const match = /verdict\s*\**\s*[:：]\s*\**\s*(decided|continue)/i.exec(text);
  return match ? (match[1]!.toLowerCase() as 'decided' | 'continue') : undefined;
}

/** What a judge said: its turn (absent when it failed), its verdict and its extracted answer. */
export interface JudgeVerdict {
  turn?: TranscriptTurn;
  verdict?: 'decided' | 'continue';
  answer?: string;
}

/**
 * Asks the judge (`ctx.judge`) for a verdict on `shown` (rendered, quoted text). With `final`, it
 * must decide; otherwise it may answer `Verdict: continue`. The turn is phase `verdict` of `round`.
 */
export async function askJudge(
  ctx: DebateContext,
  options: { round: number; shown: string; final: boolean; judge?: Participant },
): Promise<JudgeVerdict> {
  const judge = options.judge ?? ctx.judge;
  if (!judge) return {};
  const ask = options.final
    ? 'The debate is over. Give your verdict: which arguments hold, and what the correct answer is.'
    : 'Decide whether the debate is settled. If it is, write "Verdict: decided" and give the correct answer. ' +
      'If more argument is needed, write only "Verdict: continue" and one sentence on what is unresolved.';
  const [turn] = await ctx.runTurns(options.round, [
    {
      participant: judge,
      phase: 'verdict',
      system: sections(JUDGE_TASK, UNTRUSTED_NOTE),
      prompt: sections(
        questionBlock(ctx.question),
        options.shown,
        ask,
        options.final ? FINAL_ANSWER_RULE : `When decided: ${FINAL_ANSWER_RULE}`,
      ),
    },
  ]);
  if (!turn) return {};
  const verdict = parseVerdict(turn.text);
  const answer = ctx.answerOf(turn);
  return { turn, ...(verdict ? { verdict } : {}), ...(answer !== undefined ? { answer } : {}) };
}

/** The panel's latest answers as a judge reads them: anonymised (`Answer A`...), shuffled with the seed. */
function panelAnswers(
  ctx: DebateContext,
  round: number,
  latest: readonly TranscriptTurn[],
  title: string,
): string {
  const order = shuffle(latest, ctx.random(`judge:${round}`));
  const shown = order.map((turn, i) =>
    ctx.quote(`Answer ${String.fromCharCode(65 + i)}`, turn.text, {}, order.length),
  );
  return `${title}:\n\n${shown.join('\n\n')}`;
}

/**
 * A judge who may end a rounds loop early: pass `afterRound` to {@link runRounds}. After each round
 * but the last, the judge reads `shown(round)` (default: the panel's latest answers, anonymised)
 * and answers `Verdict: decided` with the answer, ending the loop with stop reason `judge`, or
 * `Verdict: continue`. `decided` then holds the deciding turn. Without a judge it never asks.
 */
export function earlyJudge(
  ctx: DebateContext,
  rounds: number,
  shown: (round: number) => string = (round) =>
    panelAnswers(ctx, round, latestTurns(ctx), `The panel's answers after round ${round}`),
): { afterRound(round: number): Promise<string | undefined>; readonly decided: TranscriptTurn | undefined } {
  let decided: TranscriptTurn | undefined;
  return {
    get decided() {
      return decided;
    },
    async afterRound(round) {
      if (!ctx.judge || round >= rounds) return undefined;
      const verdict = await askJudge(ctx, { round, final: false, shown: shown(round) });
      if (verdict.verdict !== 'decided' || verdict.answer === undefined) return undefined;
      decided = verdict.turn;
      return 'judge';
    },
  };
}

/** The planned early verdicts of {@link earlyJudge}: one after each round but the last. */
export function earlyJudgeCalls(rounds: number, readsPerRound: (round: number) => number): PlannedCall[] {
  return Array.from({ length: Math.max(0, rounds - 1) }, (_, i) => ({
    speaker: 'judge' as const,
    round: i + 1,
    phase: 'verdict',
    reads: readsPerRound(i + 1),
  }));
}

/**
 * The final decision of a debate over the debaters' latest turns: the vote is always counted (and
 * emitted); when the run has a judge, the judge reads the final answers (anonymised, shuffled with
 * the seed) and decides, and the vote stands only if the judge fails or names no answer.
 */
export async function judgeOrVote(
  ctx: DebateContext,
  round: number,
  latest: readonly TranscriptTurn[],
  stopReason: string,
  details: Record<string, unknown> = {},
): Promise<TranscriptOutcome> {
  const counted = vote(ctx, round, latest);
  const fallback = voteOutcome(counted, stopReason, details);
  if (!ctx.judge || latest.length === 0) return fallback;
  const { turn, answer } = await askJudge(ctx, {
    round,
    final: true,
    shown: panelAnswers(ctx, round, latest, "The panel's final answers"),
  });
  if (!turn || answer === undefined)
    return { ...fallback, details: { ...fallback.details, judgeFailed: true } };
  return {
    stopReason: counted.unanimous ? 'consensus' : stopReason,
    answer,
    decidedBy: turn.participantId,
    details: { ...details, vote: { winner: counted.winner ?? null, tally: counted.tally } },
  };
}

/** The planned judge call of {@link judgeOrVote}, when the run has a judge. */
export function judgeCall(hasJudge: boolean, participants: number, round: number): PlannedCall[] {
  return hasJudge ? [{ speaker: 'judge', round, phase: 'verdict', reads: participants }] : [];
}

/**
 * One participant writes the final answer from what it is shown (council's chair, moa's
 * aggregator), in a round of its own.
 */
export async function synthesise(
  ctx: DebateContext,
  options: {
    participant: Participant;
    round: number;
    phase: string;
    role: string;
    task: string;
    shown: string;
  },
): Promise<TranscriptTurn | undefined> {
  const { participant, round, phase } = options;
  ctx.startRound(round, phase, [participant]);
  const [turn] = await ctx.runTurns(round, [
    {
      participant,
      phase,
      system: systemPrompt(ctx, participant, { task: options.task, readsOthers: true, role: options.role }),
      prompt: sections(questionBlock(ctx.question), options.shown, options.task, FINAL_ANSWER_RULE),
    },
  ]);
  return turn;
}
