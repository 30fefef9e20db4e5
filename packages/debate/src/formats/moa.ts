import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import { vote, voteOutcome } from './parts/aggregation.js';
import { synthesise } from './parts/deciders.js';
import { assertCountOption, countOption } from './parts/format-options.js';
import { parallel } from './parts/order.js';
import { plannedRounds } from './parts/plan.js';
import { runRounds } from './parts/rounds.js';
import { anonymised, nothing, previousRound, renderVisible } from './parts/visibility.js';
import type { DebateFormat } from './types.js';
import { ANSWER_TASK } from './vote.js';

/** Mixture-of-agents' aggregate-and-synthesise instruction (Wang et al., 2024), lightly edited. */
const SYNTHESISE_TASK =
  'You have been given a set of responses from various models to the question. Synthesise them into a single, ' +
  'high-quality answer. Evaluate them critically: some of the information may be biased or wrong. Do not simply ' +
  'copy them; give a refined, accurate and complete reply.';

const layerPhase = (layer: number) => (layer === 1 ? 'propose' : 'refine');

const layerVisibility = anonymised(previousRound, { includeOwn: true });

/**
 * `moa`, mixture of agents: `formatOptions.layers` (default 2) layers of proposers, each layer
 * seeing every answer of the layer before (anonymised), then one aggregator (`options.chair`,
 * else the first participant) synthesises the last layer into the final answer.
 */
export const moa: DebateFormat = {
  name: 'moa',
  minParticipants: 1,
  validate: (input) => assertCountOption(input, 'layers', 'moa'),
  plan: (input) => [
    ...plannedRounds(countOption(input, 'layers', 2), input.participants, layerPhase),
    {
      speaker: input.hasChair ? ('chair' as const) : 0,
      round: countOption(input, 'layers', 2) + 1,
      phase: 'aggregate',
      reads: input.participants,
    },
  ],
  async run(ctx) {
    const layers = countOption(ctx, 'layers', 2);
    const result = await runRounds(ctx, {
      rounds: layers,
      phase: layerPhase,
      order: parallel,
      visibility: (c, viewer, round) => (round === 1 ? nothing : layerVisibility)(c, viewer, round),
      checkConsensus: false,
      prompt: ({ participant, round, visible }) => ({
        system: systemPrompt(ctx, participant, {
          task: round === 1 ? ANSWER_TASK : SYNTHESISE_TASK,
          readsOthers: round > 1,
          anonymous: true,
        }),
        prompt: sections(
          questionBlock(ctx.question),
          round > 1 ? `Responses from the previous layer:\n\n${renderVisible(ctx, visible)}` : undefined,
          FINAL_ANSWER_RULE,
        ),
      }),
    });
    const aggregator = ctx.chair ?? ctx.participants[0]!;
    const round = result.round + 1;
    const visible = layerVisibility(ctx, aggregator, round);
    const final = await synthesise(ctx, {
      participant: aggregator,
      round,
      phase: 'aggregate',
      role: 'aggregator',
      task: SYNTHESISE_TASK,
      shown: `Responses:\n\n${renderVisible(ctx, visible)}`,
    });
    const answer = final ? ctx.answerOf(final) : undefined;
    if (final && answer !== undefined) {
      return { stopReason: 'completed', answer, decidedBy: final.participantId, details: { layers } };
    }
    return voteOutcome(vote(ctx, result.round, result.latest), 'completed', {
      layers,
      aggregatorFailed: true,
    });
  },
};
