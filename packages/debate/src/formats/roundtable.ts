import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import { judgeCall, judgeOrVote } from './parts/deciders.js';
import { formatOptionError } from './parts/format-options.js';
import { parallel } from './parts/order.js';
import { plannedRounds } from './parts/plan.js';
import { runRounds } from './parts/rounds.js';
import { STOP_RULE_NAMES, stopRuleByName } from './parts/stop-rules.js';
import { nothing, previousRound, renderVisible, type Visibility } from './parts/visibility.js';
import type { DebateFormat } from './types.js';
import { ANSWER_TASK } from './vote.js';

const PHASES = ['answer', 'review', 'consensus'] as const;

const REVIEW_TASK =
  "Review the panel's answers to the question. Say briefly where you agree and where you disagree, and why. " +
  'Check every calculation and claim yourself instead of trusting it, and name each concrete error you find (which ' +
  'answer, the wrong step, and what it should be), including your own. ' +
  'Then give your current answer: change it only if an argument convinced you.';

const CONSENSUS_TASK =
  'Write your consensus answer: the single answer the panel should give, taking the reviews into account. ' +
  'Say in one or two sentences why, and note any disagreement that remains.';

/** Round 1 sees nothing; rounds 2 and 3 see the previous round (own turn first, then the others'). */
const roundtableVisibility: Visibility = (ctx, viewer, round) =>
  (round === 1 ? nothing : previousRound)(ctx, viewer, round);

/**
 * `roundtable`: the reference app's three rounds. Everyone answers; everyone reviews the others'
 * answers (agreements, disagreements, errors); everyone writes a consensus with a final answer.
 * Turns of a round run in parallel; the majority of the consensus answers decides. The three rounds
 * are played even when the first answers agree (a review can still find a shared error), unless
 * `formatOptions.stopWhen` names a stop rule (`unanimity`, `quorum`, `unchanged`), as in society.
 */
export const roundtable: DebateFormat = {
  name: 'roundtable',
  minParticipants: 2,
  validate({ formatOptions: { stopWhen } }) {
    if (stopWhen !== undefined && !(STOP_RULE_NAMES as readonly unknown[]).includes(stopWhen)) {
      throw formatOptionError(
        'roundtable',
        `formatOptions.stopWhen must be one of ${STOP_RULE_NAMES.join(', ')}.`,
      );
    }
  },
  plan: ({ participants, hasJudge }) => [
    ...plannedRounds(PHASES.length, participants, (round) => PHASES[round - 1]!),
    ...judgeCall(hasJudge, participants, PHASES.length),
  ],
  async run(ctx) {
    const result = await runRounds(ctx, {
      rounds: PHASES.length,
      phase: (round) => PHASES[round - 1]!,
      order: parallel,
      visibility: roundtableVisibility,
      stopRules: ctx.formatOptions.stopWhen === undefined ? [] : stopRuleByName(ctx.formatOptions.stopWhen),
      prompt: ({ participant, round, visible }) => {
        const task = round === 1 ? ANSWER_TASK : round === 2 ? REVIEW_TASK : CONSENSUS_TASK;
        const heading =
          round === 2
            ? 'Answers from round 1 (yours is marked "you"):'
            : 'Reviews from round 2 (yours is marked "you"):';
        return {
          system: systemPrompt(ctx, participant, { task, readsOthers: round > 1 }),
          prompt: sections(
            questionBlock(ctx.question),
            round > 1 && visible.length ? `${heading}\n\n${renderVisible(ctx, visible)}` : undefined,
            round > 1 ? task : undefined,
            FINAL_ANSWER_RULE,
          ),
        };
      },
    });
    return judgeOrVote(ctx, result.round, result.latest, 'completed');
  },
};
