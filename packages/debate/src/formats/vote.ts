import type { TranscriptTurn } from '@trialogue/core';
import { FINAL_ANSWER_RULE, questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import type { Participant } from '../run/options.js';
import { vote, voteOutcome } from './parts/aggregation.js';
import { assertCountOption, countOption } from './parts/format-options.js';
import type { DebateContext, DebateFormat } from './types.js';

export const ANSWER_TASK =
  'Answer the question on your own. Think it through step by step, check your work, and keep the reply concise.';

/**
 * Round 1 of the formats that start from independent answers (vote, council): each speaker answers
 * alone, anonymously, at the same time. Returns the successful turns.
 */
export function independentAnswers(
  ctx: DebateContext,
  speakers: readonly Participant[],
): Promise<TranscriptTurn[]> {
  ctx.startRound(1, 'answer', speakers);
  return ctx.runTurns(
    1,
    speakers.map((participant) => ({
      participant,
      phase: 'answer',
      system: systemPrompt(ctx, participant, { task: ANSWER_TASK, readsOthers: false, anonymous: true }),
      prompt: sections(questionBlock(ctx.question), FINAL_ANSWER_RULE),
    })),
  );
}

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
    const turns = await independentAnswers(ctx, voters);
    return voteOutcome(vote(ctx, 1, turns), 'completed', { samples });
  },
};
