import { UNTRUSTED_NOTE } from '../prompts/quote.js';
import { questionBlock, sections } from '../prompts/templates.js';
import { assertCountOption, countOption, formatOptionError } from './parts/format-options.js';
import { moderated, roundRobin } from './parts/order.js';
import { runRounds } from './parts/rounds.js';
import { everything, renderVisible } from './parts/visibility.js';
import type { DebateFormat } from './types.js';

/**
 * `conversation`: free turn-taking between models over `formatOptions.rounds` rounds (default 2),
 * round-robin, or picked by `options.moderator` (who may end it: stop reason `moderator`). Everyone
 * sees the whole conversation. The user can speak between turns with `handle.interject(text)`.
 * No answer is extracted: the transcript is the result.
 */
export const conversation: DebateFormat = {
  name: 'conversation',
  minParticipants: 2,
  interjections: true,
  validate(input) {
    assertCountOption(input, 'rounds', 'conversation');
    assertCountOption(input, 'turnsPerRound', 'conversation');
    if (input.formatOptions.order === 'moderated' && !input.hasModerator) {
      throw formatOptionError('conversation', 'a moderated order needs options.moderator.');
    }
  },
  plan: (input) => {
    const rounds = countOption(input, 'rounds', 2);
    const perRound = input.hasModerator
      ? countOption(input, 'turnsPerRound', input.participants)
      : input.participants;
    return Array.from({ length: rounds * perRound }, (_, i) => [
      ...(input.hasModerator
        ? [
            {
              speaker: 'moderator' as const,
              round: Math.floor(i / perRound) + 1,
              phase: 'moderation',
              reads: i,
            },
          ]
        : []),
      {
        // Round-robin starts one further along each round (as `roundRobin` and the moderator's fallback do).
        speaker: ((i % perRound) + Math.floor(i / perRound)) % input.participants,
        round: Math.floor(i / perRound) + 1,
        phase: 'conversation',
        reads: i,
      },
    ]).flat();
  },
  async run(ctx) {
    const names = ctx.participants.map((p) => ctx.label(p));
    const turnsPerRound = countOption(ctx, 'turnsPerRound', ctx.participants.length);
    const result = await runRounds(ctx, {
      rounds: countOption(ctx, 'rounds', 2),
      phase: () => 'conversation',
      order: ctx.moderator ? moderated({ turnsPerRound }) : roundRobin,
      visibility: everything,
      checkConsensus: false,
      beforeBatch: (round) => {
        ctx.takeInterjections(round);
      },
      prompt: ({ participant, visible }) => ({
        system: sections(
          `You are "${ctx.label(participant)}" in a conversation between AI models (${names.join(', ')}) and a user. ` +
            'Speak in your own voice: respond to what was said, build on it or disagree, and add something new. Keep it short.',
          participant.persona,
          UNTRUSTED_NOTE,
        ),
        prompt: sections(
          questionBlock(ctx.question),
          visible.length ? `The conversation so far:\n\n${renderVisible(ctx, visible)}` : 'You speak first.',
          `Your turn, ${ctx.label(participant)}.`,
        ),
      }),
    });
    return { stopReason: result.stopReason, details: { rounds: result.round } };
  },
};
