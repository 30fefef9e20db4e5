import type { TranscriptTurn } from '@trialogue/core';
import { neutraliseTags } from '../../prompts/quote.js';
import type { Participant } from '../../run/options.js';
import { shuffle } from '../../run/random.js';
import type { DebateContext } from '../types.js';

/** A turn as one participant sees it. `participantId` is for code only; prompts show `from`. */
export interface VisibleTurn {
  /** The name shown: a label, `you`, or an anonymous `Response B`. */
  from: string;
  participantId: string;
  round: number;
  phase: string;
  text: string;
  own: boolean;
  /** `user` for the person's interjections (trusted), `participant` for model text (untrusted). */
  source: 'participant' | 'user';
}

/** What a participant sees of earlier turns when it speaks in `round`. */
export type Visibility = (ctx: DebateContext, viewer: Participant, round: number) => VisibleTurn[];

// Debaters that dropped out keep their earlier turns visible: only the failure itself is hidden.
const isDebater = (ctx: DebateContext, id: string) => !isRole(ctx, id);
const isRole = (ctx: DebateContext, id: string) =>
  [ctx.judge, ctx.chair, ctx.moderator].some((p) => p?.id === id);

/** Successful debater turns and user interjections of the current question, in order. */
function shownTurns(ctx: DebateContext): TranscriptTurn[] {
  return ctx.turns.filter(
    (t) =>
      (t.role === 'user' && t.phase === 'interjection') ||
      (ctx.succeeded(t) && isDebater(ctx, t.participantId)),
  );
}

function toVisible(ctx: DebateContext, viewer: Participant, turn: TranscriptTurn): VisibleTurn {
  const own = turn.participantId === viewer.id;
  const user = turn.role === 'user';
  return {
    from: user ? 'user' : own ? 'you' : ctx.label(turn.participantId),
    participantId: turn.participantId,
    round: turn.round ?? 0,
    phase: turn.phase ?? '',
    text: turn.text,
    own,
    source: user ? 'user' : 'participant',
  };
}

/** Sees nothing: independent answers. */
export const nothing: Visibility = () => [];

/** Sees every earlier turn of every debater (and the user's interjections). */
export const everything: Visibility = (ctx, viewer) => shownTurns(ctx).map((t) => toVisible(ctx, viewer, t));

/** Sees only its own earlier turns. */
export const ownHistory: Visibility = (ctx, viewer) =>
  shownTurns(ctx)
    .filter((t) => t.participantId === viewer.id)
    .map((t) => toVisible(ctx, viewer, t));

/**
 * Sees the previous round (Du et al.'s society of minds): its own turn first, then the others' in
 * an order fixed by the seed (per viewer and round), never by who finished first, and not always
 * the same participant first either.
 */
export const previousRound: Visibility = (ctx, viewer, round) => {
  const seen = shownTurns(ctx).filter((t) => t.round === round - 1 && t.role === 'assistant');
  const order = shuffle(
    [...new Set(seen.map((t) => t.participantId))].sort(),
    ctx.random(`quote-order:${viewer.id}:${round}`),
  );
  return seen
    .map((t) => toVisible(ctx, viewer, t))
    .sort(
      (a, b) =>
        Number(b.own) - Number(a.own) || order.indexOf(a.participantId) - order.indexOf(b.participantId),
    );
};

/** Sees only the others' turns of the previous round. */
export const othersPreviousRound: Visibility = (ctx, viewer, round) =>
  previousRound(ctx, viewer, round).filter((t) => !t.own);

/**
 * Hides who wrote what: the others' turns of `inner` are shuffled (seeded per viewer and round)
 * and named `Response A`, `Response B`...; the viewer's own turns are dropped unless `includeOwn`.
 */
export function anonymised(inner: Visibility, options: { includeOwn?: boolean } = {}): Visibility {
  return (ctx, viewer, round) => {
    const seen = inner(ctx, viewer, round).filter(
      (t) => t.source === 'participant' && (options.includeOwn || !t.own),
    );
    const order = shuffle(
      [...new Set(seen.map((t) => t.participantId))],
      ctx.random(`anonymise:${viewer.id}:${round}`),
    );
    const letter = (id: string) => `Response ${String.fromCharCode(65 + order.indexOf(id))}`;
    return seen
      .map((t) => ({ ...t, from: letter(t.participantId) }))
      .sort((a, b) => order.indexOf(a.participantId) - order.indexOf(b.participantId));
  };
}

/**
 * Shows a short summary instead of full texts: each turn's extracted answer and confidence and its
 * first `maxChars` characters. Cheap (no model call) and keeps long debates inside the context window.
 */
export function summary(inner: Visibility, options: { maxChars?: number } = {}): Visibility {
  const maxChars = options.maxChars ?? 400;
  return (ctx, viewer, round) =>
    inner(ctx, viewer, round).map((visible) => {
      if (visible.source === 'user') return visible;
      const turn = ctx.turns.find(
        (t) =>
          t.participantId === visible.participantId && t.round === visible.round && t.text === visible.text,
      );
      const answer = turn ? ctx.answerOf(turn) : undefined;
      const confidence = turn ? ctx.confidenceOf(turn) : undefined;
      const gist =
        visible.text.length > maxChars ? `${visible.text.slice(0, maxChars).trimEnd()} [...]` : visible.text;
      const head = [
        answer !== undefined ? `Answer: ${answer}` : 'Answer: (none given)',
        confidence !== undefined ? `Confidence: ${confidence}` : undefined,
      ]
        .filter(Boolean)
        .join(', ');
      return { ...visible, text: `${head}\nSummary: ${gist}` };
    });
}

/** Renders visible turns for a prompt: model text quoted as untrusted data, the user's words as theirs. */
export function renderVisible(ctx: DebateContext, visible: readonly VisibleTurn[]): string {
  return visible
    .map((v) =>
      v.source === 'user'
        ? `<user_interjection>\n${neutraliseTags(v.text)}\n</user_interjection>`
        : ctx.quote(v.from, v.text, { round: v.round }, visible.length),
    )
    .join('\n\n');
}
