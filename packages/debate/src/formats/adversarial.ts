import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import type { Participant } from '../run/options.js';
import { vote, voteOutcome } from './parts/aggregation.js';
import { askJudge, earlyJudge, earlyJudgeCalls } from './parts/deciders.js';
import { assertCountOption, countOption, formatOptionError } from './parts/format-options.js';
import { sequential } from './parts/order.js';
import { runRounds } from './parts/rounds.js';
import { everything, renderVisible } from './parts/visibility.js';
import type { DebateContext, DebateFormat } from './types.js';

/** Default sides, assigned in turn: even participants propose and defend, odd ones attack. */
export const DEFAULT_SIDES = [
  'You are the PROPONENT. Propose the answer you think is correct and defend it with evidence and reasoning; answer every objection.',
  'You are the CRITIC. Attack the answers on the table: find errors, gaps and counter-examples, and argue for the answer you think is correct instead.',
];

function sideOf(ctx: { formatOptions: Readonly<Record<string, unknown>> }, index: number): string {
  const sides = Array.isArray(ctx.formatOptions.sides)
    ? (ctx.formatOptions.sides as string[])
    : DEFAULT_SIDES;
  return sides[index % sides.length]!;
}

/** The whole debate so far, as the judge reads it. */
function debateSoFar(ctx: DebateContext, judge: Participant, round: number): string {
  return `The debate so far:\n\n${renderVisible(ctx, everything(ctx, judge, round))}`;
}

/**
 * `adversarial`: participants are assigned sides (`formatOptions.sides`, default proponent and
 * critic in turn) and argue over `formatOptions.rounds` rounds (default 3), speaking one after
 * another and seeing the whole debate. After each round the judge (`options.judge`, required) may
 * end it early (`Verdict: decided`, stop reason `judge`); after the last, the judge gives a fallback
 * verdict (`completed`). If the judge fails or names no answer, the debaters' vote decides, and a
 * tie is a `deadlock`. `formatOptions.judgeEachRound: false` keeps only the final verdict.
 */
export const adversarial: DebateFormat = {
  name: 'adversarial',
  minParticipants: 2,
  validate(input) {
    assertCountOption(input, 'rounds', 'adversarial');
    if (!input.hasJudge) throw formatOptionError('adversarial', 'it needs a judge: pass options.judge.');
    const sides = input.formatOptions.sides;
    if (
      sides !== undefined &&
      !(Array.isArray(sides) && sides.length > 0 && sides.every((s) => typeof s === 'string'))
    ) {
      throw formatOptionError('adversarial', 'formatOptions.sides must be a non-empty array of strings.');
    }
  },
  plan: (input) => {
    const rounds = countOption(input, 'rounds', 3);
    const n = input.participants;
    const turns = Array.from({ length: rounds * n }, (_, i) => ({
      speaker: i % n,
      round: Math.floor(i / n) + 1,
      phase: 'argument',
      reads: i,
    }));
    const judge = (round: number) => ({
      speaker: 'judge' as const,
      round,
      phase: 'verdict',
      reads: round * n,
    });
    const early = input.formatOptions.judgeEachRound !== false ? earlyJudgeCalls(rounds, (r) => r * n) : [];
    // In speaking order: each round's arguments, then that round's verdict.
    return Array.from({ length: rounds }, (_, r) => [
      ...turns.slice(r * n, (r + 1) * n),
      ...(r === rounds - 1 ? [judge(rounds)] : early.filter((call) => call.round === r + 1)),
    ]).flat();
  },
  async run(ctx) {
    const judge = ctx.judge!;
    const rounds = countOption(ctx, 'rounds', 3);
    const eachRound = ctx.formatOptions.judgeEachRound !== false;
    const sides = Object.fromEntries(ctx.participants.map((p, i) => [p.id, sideOf(ctx, i)]));
    const early = earlyJudge(ctx, rounds, (round) => debateSoFar(ctx, judge, round));
    const result = await runRounds(ctx, {
      rounds,
      phase: () => 'argument',
      order: sequential,
      visibility: everything,
      prompt: ({ participant, round, visible }) => ({
        system: systemPrompt(ctx, participant, {
          task: `This is a structured debate judged by a neutral judge. ${sides[participant.id]}`,
          readsOthers: true,
        }),
        prompt: sections(
          questionBlock(ctx.question),
          visible.length ? `The debate so far:\n\n${renderVisible(ctx, visible)}` : undefined,
          `Round ${round} of ${rounds}: make your argument${round > 1 ? ', answering the points against you' : ''}.`,
          FINAL_ANSWER_RULE,
        ),
      }),
      afterRound: eachRound ? early.afterRound : undefined,
    });
    const details = { sides, rounds: result.round };
    if (early.decided)
      return { stopReason: 'judge', answer: ctx.answerOf(early.decided)!, decidedBy: judge.id, details };
    const { answer } = await askJudge(ctx, {
      round: result.round,
      final: true,
      shown: debateSoFar(ctx, judge, result.round),
    });
    if (answer !== undefined) return { stopReason: 'completed', answer, decidedBy: judge.id, details };
    const fallback = voteOutcome(vote(ctx, result.round, result.latest), 'completed', {
      ...details,
      judgeFailed: true,
    });
    return fallback;
  },
};
