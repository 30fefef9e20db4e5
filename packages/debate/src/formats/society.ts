import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import { vote } from './parts/aggregation.js';
import { earlyJudge, earlyJudgeCalls, judgeCall, judgeOrVote } from './parts/deciders.js';
import { assertCountOption, countOption, formatOptionError } from './parts/format-options.js';
import { parallel } from './parts/order.js';
import { plannedRounds } from './parts/plan.js';
import { runRounds } from './parts/rounds.js';
import { stopRuleByName } from './parts/stop-rules.js';
import {
  anonymised,
  everything,
  nothing,
  previousRound,
  renderVisible,
  summary,
  type Visibility,
} from './parts/visibility.js';
import type { DebateFormat } from './types.js';
import { ANSWER_TASK } from './vote.js';

const UPDATE_TASK =
  'Above are the most recent answers of the other agents, and yours. Use their reasoning as additional ' +
  'advice, not as authority: examine each step, theirs and yours, and give an updated answer.';

const STOP_WHEN = ['unanimity', 'quorum', 'unchanged', 'never'];

const societyPhase = (round: number) => (round === 1 ? 'answer' : 'debate');

/** `formatOptions.visibility` of society: what each peer sees from round 2 on. */
const VISIBILITY: Record<string, Visibility> = {
  'previous-round': previousRound,
  everything,
  summary: summary(previousRound),
  anonymised: anonymised(previousRound, { includeOwn: true }),
};

/**
 * `society`: society of minds (Du et al., 2023). N peers answer, then over R rounds (default 3)
 * each sees the previous round's answers and updates its own. Stops early when all agree
 * (`formatOptions.stopWhen`: `unanimity` (default), `quorum` with `formatOptions.quorum`,
 * `unchanged`, `never`); the majority of the last answers decides. With a `judge`, the judge decides
 * at the end instead; with `formatOptions.judgeEachRound: true` the judge also reads the answers
 * (anonymised) after every round but the last and may end the debate there (stop reason `judge`).
 */
export const society: DebateFormat = {
  name: 'society',
  minParticipants: 2,
  validate(input) {
    assertCountOption(input, 'rounds', 'society');
    const visibility = input.formatOptions.visibility;
    if (visibility !== undefined && !(typeof visibility === 'string' && visibility in VISIBILITY)) {
      throw formatOptionError(
        'society',
        `formatOptions.visibility must be one of ${Object.keys(VISIBILITY).join(', ')}.`,
      );
    }
    const { stopWhen, quorum } = input.formatOptions;
    if (stopWhen !== undefined && !STOP_WHEN.includes(stopWhen as string)) {
      throw formatOptionError('society', `formatOptions.stopWhen must be one of ${STOP_WHEN.join(', ')}.`);
    }
    if (quorum !== undefined && !(typeof quorum === 'number' && quorum > 0 && quorum <= 1)) {
      throw formatOptionError('society', 'formatOptions.quorum must be a fraction in (0, 1], such as 0.66.');
    }
    const { judgeEachRound } = input.formatOptions;
    if (judgeEachRound !== undefined && typeof judgeEachRound !== 'boolean') {
      throw formatOptionError('society', 'formatOptions.judgeEachRound must be true or false.');
    }
    if (judgeEachRound === true && !input.hasJudge) {
      throw formatOptionError('society', 'formatOptions.judgeEachRound needs a judge: pass options.judge.');
    }
  },
  plan: (input) => {
    const rounds = countOption(input, 'rounds', 3);
    const early = input.hasJudge && input.formatOptions.judgeEachRound === true;
    const planned = plannedRounds(rounds, input.participants, societyPhase);
    // In speaking order: each round's answers, then (when the judge may end early) its verdict.
    return [
      ...Array.from({ length: rounds }, (_, r) => [
        ...planned.filter((call) => call.round === r + 1),
        ...(early
          ? earlyJudgeCalls(rounds, () => input.participants).filter((call) => call.round === r + 1)
          : []),
      ]).flat(),
      ...judgeCall(input.hasJudge, input.participants, rounds),
    ];
  },
  async run(ctx) {
    const later = VISIBILITY[String(ctx.formatOptions.visibility ?? 'previous-round')] ?? previousRound;
    const quorumFraction =
      typeof ctx.formatOptions.quorum === 'number' ? ctx.formatOptions.quorum : undefined;
    const rounds = countOption(ctx, 'rounds', 3);
    const early = earlyJudge(ctx, rounds);
    const result = await runRounds(ctx, {
      rounds,
      phase: societyPhase,
      order: parallel,
      visibility: (c, viewer, round) => (round === 1 ? nothing : later)(c, viewer, round),
      stopRules: stopRuleByName(ctx.formatOptions.stopWhen, quorumFraction),
      afterRound: ctx.formatOptions.judgeEachRound === true ? early.afterRound : undefined,
      prompt: ({ participant, round, visible }) => ({
        system: systemPrompt(ctx, participant, { task: ANSWER_TASK, readsOthers: round > 1 }),
        prompt: sections(
          questionBlock(ctx.question),
          round > 1 && visible.length
            ? `${ctx.formatOptions.visibility === 'everything' ? 'Answers so far' : `Answers from round ${round - 1}`}:\n\n${renderVisible(ctx, visible)}`
            : undefined,
          round > 1 ? UPDATE_TASK : undefined,
          FINAL_ANSWER_RULE,
        ),
      }),
    });
    if (early.decided) {
      // The judge ended it: the panel's vote is still counted, for the record.
      const counted = vote(ctx, result.round, result.latest);
      return {
        stopReason: 'judge',
        answer: ctx.answerOf(early.decided)!,
        decidedBy: early.decided.participantId,
        details: { rounds: result.round, vote: { winner: counted.winner ?? null, tally: counted.tally } },
      };
    }
    return judgeOrVote(ctx, result.round, result.latest, result.stopReason, { rounds: result.round });
  },
};
