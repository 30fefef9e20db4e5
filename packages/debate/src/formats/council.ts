import type { TranscriptTurn } from '@trialogue/core';
import { questionBlock, sections, systemPrompt } from '../prompts/templates.js';
import type { Participant } from '../run/options.js';
import { bordaCount, vote, voteOutcome } from './parts/aggregation.js';
import { synthesise } from './parts/deciders.js';
import { plannedRounds } from './parts/plan.js';
import { anonymised, othersPreviousRound, renderVisible } from './parts/visibility.js';
import type { DebateFormat } from './types.js';
import { independentAnswers } from './vote.js';

const RANK_TASK =
  'Evaluate the responses below to the question: for each, say briefly what it does well and what it gets ' +
  'wrong (check its reasoning yourself). Then rank them from best to worst.';

const CHAIR_TASK =
  "Panel members answered the question independently, then ranked each other's answers anonymously. " +
  "You receive their answers, best-ranked first. Write the panel's final answer: the best answer you can give, " +
  'keeping the strongest points, correcting errors, and resolving disagreements on the merits (the ranking is a hint, not a rule).';

/**
 * The letters a ranker listed after `FINAL RANKING:` (else anywhere), best first, each once;
 * letters not offered are ignored.
 */
export function parseRanking(text: string, letters: readonly string[]): string[] {
  const start = text.search(/final\s+ranking/i);
  const section = start >= 0 ? text.slice(start) : text;
  const ranking: string[] = [];
  for (const match of section.matchAll(/\bResponse\s+([A-Z])\b/g)) {
    const letter = match[1]!;
    if (letters.includes(letter) && !ranking.includes(letter)) ranking.push(letter);
  }
  return ranking;
}

/**
 * `council` (after Karpathy's LLM council): independent answers; each member ranks the others'
 * answers, anonymised and shuffled with the seed (nobody ranks itself); the rankings are aggregated
 * with a Borda count; a chair writes the final answer. The chair is `options.chair` (best from
 * another provider), else the best-ranked member. If the chair fails, the best-ranked answer stands.
 * `details.chair` names the chair, its provider and the members that share it (`sharesProviderWith`).
 */
export const council: DebateFormat = {
  name: 'council',
  minParticipants: 2,
  plan: ({ participants }) => [
    ...plannedRounds(1, participants, () => 'answer'),
    ...Array.from({ length: participants }, (_, speaker) => ({
      speaker,
      round: 2,
      phase: 'ranking',
      reads: participants - 1,
    })),
    { speaker: 'chair' as const, round: 3, phase: 'synthesis', reads: participants },
  ],
  async run(ctx) {
    const answers = await independentAnswers(ctx, ctx.participants);
    const answerOf = new Map(answers.map((t) => [t.participantId, t]));

    // Round 2: anonymised peer ranking. Each ranker gets its own seeded letters.
    const see = anonymised(othersPreviousRound);
    const lettersOf = new Map<string, Map<string, string>>();
    const rankers = ctx.participants.filter((p) => answerOf.has(p.id));
    ctx.startRound(2, 'ranking', rankers);
    const plans = rankers.map((participant) => {
      const visible = see(ctx, participant, 2);
      lettersOf.set(participant.id, new Map(visible.map((v) => [v.from.slice(-1), v.participantId])));
      return {
        participant,
        phase: 'ranking',
        givesAnswer: false,
        system: systemPrompt(ctx, participant, { task: RANK_TASK, readsOthers: true, anonymous: true }),
        prompt: sections(
          questionBlock(ctx.question),
          `Responses:\n\n${renderVisible(ctx, visible)}`,
          RANK_TASK,
          'End with the line "FINAL RANKING:" followed by a numbered list of the responses, best first, ' +
            'one per line, such as "1. Response B". List each response once.',
        ),
      };
    });
    const rankingTurns = await ctx.runTurns(2, plans);
    const rankings: Record<string, string[]> = {};
    for (const turn of rankingTurns) {
      const letters = lettersOf.get(turn.participantId)!;
      const ranking = parseRanking(turn.text, [...letters.keys()]).map((letter) => letters.get(letter)!);
      rankings[turn.participantId] = ranking;
      ctx.emit({ type: 'ranking', round: 2, rankerId: turn.participantId, ranking });
    }
    const candidates = [...answerOf.keys()];
    const { ranking, scores } = bordaCount(Object.values(rankings), candidates);
    ctx.emit({ type: 'ranking', round: 2, ranking, method: 'borda', scores });
    const details: Record<string, unknown> = { ranking, scores, rankings };

    // Round 3: the chair's synthesis.
    // Default chair: the best-ranked member still in the run.
    const best = ranking.map((id) => ctx.participants.find((p) => p.id === id)).find(Boolean);
    const chair: Participant | undefined = ctx.chair ?? best;
    const ranked = ranking.map((id) => answerOf.get(id)).filter((t): t is TranscriptTurn => Boolean(t));
    const shown = ranked.map((turn, i) =>
      ctx.quote(`Rank ${i + 1}`, turn.text, { score: scores[turn.participantId] ?? 0 }, ranked.length),
    );
    // Models rate their own provider's writing higher: the record says when the chair shares one.
    const chairInfo = chair && {
      id: chair.id,
      provider: chair.model.provider,
      sharesProviderWith: ctx.participants
        .filter((p) => p.id !== chair.id && p.model.provider === chair.model.provider)
        .map((p) => p.id),
    };
    if (chairInfo) Object.assign(details, { chair: chairInfo });
    const synthesis = chair
      ? await synthesise(ctx, {
          participant: chair,
          round: 3,
          phase: 'synthesis',
          role: 'chair',
          task: CHAIR_TASK,
          shown: `Answers, best-ranked first:\n\n${shown.join('\n\n')}`,
        })
      : undefined;
    const chairAnswer = synthesis ? ctx.answerOf(synthesis) : undefined;
    if (synthesis && chairAnswer !== undefined) {
      return { stopReason: 'completed', answer: chairAnswer, decidedBy: synthesis.participantId, details };
    }
    // No usable synthesis: the best-ranked answer stands, else a vote.
    const top = ranked.find((turn) => ctx.answerOf(turn) !== undefined);
    if (top) {
      return {
        stopReason: 'completed',
        answer: ctx.answerOf(top)!,
        decidedBy: 'ranking',
        details: { ...details, chairFailed: true, from: top.participantId },
      };
    }
    return voteOutcome(vote(ctx, 1, answers), 'completed', details);
  },
};
