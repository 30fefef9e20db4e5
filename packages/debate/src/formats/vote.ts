import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import { vote, voteOutcome } from './parts/aggregation.js';
import { assertCountOption, countOption } from './parts/format-options.js';
import type { DebateFormat } from './types.js';

export const ANSWER_TASK =
  'Answer the question on your own. Think it through step by step, check your work, and keep the reply concise.';

/**
 * `vote`: every participant answers once, independently and at the same time; the majority of the
 * extracted answers wins (`formatOptions.weighted`: confidence-weighted). With
 * `formatOptions.samples = N`, N answers are drawn round-robin over the participants: the
 * compute-matched baseline a debate of N calls must beat.
 */
export const voteFormat: DebateFormat = {
  name: 'vote',
  minParticipants: 1,
  validate: (input) => assertCountOption(input, 'samples', 'vote'),
  plan: (input) =>
    Array.from({ length: countOption(input, 'samples', input.participants) }, (_, i) => ({
      speaker: i % input.participants,
      round: 1,
      phase: 'answer',
      reads: 0,
    })),
  async run(ctx) {
    const samples = countOption(ctx, 'samples', ctx.participants.length);
    const voters = Array.from({ length: samples }, (_, i) => ctx.participants[i % ctx.participants.length]!);
    ctx.startRound(1, 'answer', voters);
    const turns = await ctx.runTurns(
      1,
      voters.map((participant) => ({
        participant,
        phase: 'answer',
        system: systemPrompt(ctx, participant, { task: ANSWER_TASK, readsOthers: false, anonymous: true }),
        prompt: sections(questionBlock(ctx.question), FINAL_ANSWER_RULE),
      })),
    );
    return voteOutcome(vote(ctx, 1, turns), 'completed', { samples });
  },
};
