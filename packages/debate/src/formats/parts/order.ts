import { UNTRUSTED_NOTE } from '../../prompts/quote.js';
import { questionBlock, sections } from '../../prompts/templates.js';
import type { Participant } from '../../run/options.js';
import type { DebateContext } from '../types.js';
import { everything, renderVisible } from './visibility.js';

/** Shared between a speaking order and the rounds loop: an order may end the rounds (a moderator saying END). */
export interface OrderState {
  stop?: string;
}

/** Who speaks in a round, as batches: the turns of one batch run concurrently, batches one after another. */
export type SpeakingOrder = (
  ctx: DebateContext,
  round: number,
  state: OrderState,
) => Iterable<Participant[]> | AsyncIterable<Participant[]>;

/** Everyone at once (a round takes as long as its slowest turn). */
export const parallel: SpeakingOrder = (ctx) => [[...ctx.participants]];

/** One after another, in the order given; later speakers can see earlier ones of the same round. */
export const sequential: SpeakingOrder = (ctx) => ctx.participants.map((p) => [p]);

/** One after another, starting one further along each round, so nobody always speaks first. */
export const roundRobin: SpeakingOrder = (ctx, round) => {
  const list = [...ctx.participants];
  const shift = list.length ? (round - 1) % list.length : 0;
  return [...list.slice(shift), ...list.slice(0, shift)].map((p) => [p]);
};

/** Parses a moderator's `Next: <name>` line; `END` ends the conversation. */
export function parseNextSpeaker(
  text: string,
  candidates: readonly { id: string; name: string }[],
): string | 'END' | undefined {
  const lines = text.split(/\r?\n/).reverse();
  for (const line of lines) {
    const match = /^[\s*_>#-]*next(?:\s+speaker)?\s*\**\s*[:：]\s*\**\s*(.+?)\**\s*$/i.exec(line);
    if (!match) continue;
    const name = match[1]!
      .trim()
      .replace(/^["'“]|["'”.]$/g, '')
      .toLowerCase();
    if (name === 'end') return 'END';
    const found = candidates.find((c) => c.name.toLowerCase() === name || c.id.toLowerCase() === name);
    if (found) return found.id;
  }
  return undefined;
}

/**
 * A moderator model picks each next speaker (`Next: <name>`), up to `turnsPerRound` turns a round
 * (default: one per participant), and may end the conversation (`Next: END`, stop reason
 * `moderator`). An unreadable or failed pick falls back to round-robin, so the run goes on.
 */
export function moderated(options: { turnsPerRound?: number } = {}): SpeakingOrder {
  return async function* (ctx, round, state) {
    const moderator = ctx.moderator;
    const fallback = roundRobin(ctx, round, state) as Participant[][];
    const slots = options.turnsPerRound ?? ctx.participants.length;
    for (let slot = 0; slot < slots; slot++) {
      if (!moderator) {
        const next = fallback[slot % fallback.length];
        if (next) yield next;
        continue;
      }
      const candidates = ctx.participants.map((p) => ({ id: p.id, name: ctx.label(p) }));
      const visible = everything(ctx, moderator, round);
      const [turn] = await ctx.runTurns(round, [
        {
          participant: moderator,
          phase: 'moderation',
          system: sections(
            "You moderate a conversation between AI models about a user's question. You do not answer it yourself: " +
              'you choose who speaks next so the conversation makes progress, and end it when it has reached a good answer ' +
              'or stopped moving.',
            UNTRUSTED_NOTE,
          ),
          prompt: sections(
            questionBlock(ctx.question),
            visible.length
              ? `Conversation so far:\n\n${renderVisible(ctx, visible)}`
              : 'Nobody has spoken yet.',
            `Speakers: ${candidates.map((c) => c.name).join(', ')}.`,
            'Reply with one line "Next: <speaker name>", or "Next: END" to end the conversation.',
          ),
        },
      ]);
      const pick = turn ? parseNextSpeaker(turn.text, candidates) : undefined;
      if (pick === 'END') {
        state.stop = 'moderator';
        return;
      }
      const chosen = ctx.participants.find((p) => p.id === pick) ?? fallback[slot % fallback.length]?.[0];
      if (chosen) yield [chosen];
    }
  };
}
