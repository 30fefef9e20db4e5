import { redact, type TranscriptTurn } from '@trialogue/core';
import { neutraliseTags, truncateMiddle, UNTRUSTED_NOTE } from '../prompts/quote.js';
import { FINAL_ANSWER_RULE, questionBlock, sections } from '../prompts/templates.js';
import type { SidesEvent } from '../run/events.js';
import type { Participant } from '../run/options.js';
import { ballotsOf, tallyVotes, vote, voteOutcome } from './parts/aggregation.js';
import { askJudge, earlyJudge } from './parts/deciders.js';
import { assertCountOption, countOption, formatOptionError } from './parts/format-options.js';
import { sequential } from './parts/order.js';
import { runRounds } from './parts/rounds.js';
import { renderVisible, type VisibleTurn } from './parts/visibility.js';
import type { DebateContext, DebateFormat, PlanInput, PlannedCall } from './types.js';
import { independentAnswers } from './vote.js';

/**
 * The fallback sides, assigned in turn, when no position can be read from the first answers (none
 * gave a `Final answer:` line): even debaters propose and defend, odd ones attack.
 */
export const DEFAULT_SIDES = [
  'You are the PROPONENT. Propose the answer you think is correct and defend it with evidence and reasoning; answer every objection.',
  'You are the CRITIC. Attack the answers on the table: find errors, gaps and counter-examples, and argue for the answer you think is correct instead.',
];

/** Where the debaters' positions came from (`details.positionsFrom`). */
type PositionsFrom = SidesEvent['from'];

/** What one debater argues. */
interface Position {
  /** `defend`: this answer; `oppose`: any answer but this one (everyone agreed on it); `side`: a text given in `sides`. */
  kind: 'defend' | 'oppose' | 'side';
  text: string;
}

/** A position's text as prompts show it: model output, so redacted, our tags neutralised, kept short. */
const shown = (text: string) => neutraliseTags(truncateMiddle(redact(text).replace(/\s+/g, ' '), 300));

/** A position in one sentence, as the judge reads it after the debater's letter. */
function describe(position: Position): string {
  const text = shown(position.text);
  if (position.kind === 'defend') return `defends "${text}".`;
  if (position.kind === 'oppose') return `argues against "${text}".`;
  return `takes the side: ${text}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** The instruction of a debater's position, said in its prompt. */
function stance(position: Position): string {
  if (position.kind === 'defend') {
    return (
      `You argue that the answer is "${shown(position.text)}"; the other side argues for a different answer. ` +
      'Defend your answer with evidence and reasoning, and answer every point against it. Do not switch sides: ' +
      'the judge decides which answer holds.'
    );
  }
  if (position.kind === 'oppose') {
    return (
      `Every debater first answered "${shown(position.text)}". You argue that this answer is wrong: find its weakest ` +
      'points and defend the strongest other answer you can. Do not switch sides: the judge decides which answer holds.'
    );
  }
  return `Your side: ${shown(position.text)}`;
}

/** A debater's letter by its place: `A`, `B`, `C`... */
const letterAt = (index: number) => String.fromCharCode(65 + index);
const letterOf = (index: number) => `Debater ${letterAt(index)}`;

/** Announces the positions as soon as they are decided, before the first argued round (a `sides` event). */
function announce(
  ctx: DebateContext,
  round: number,
  from: PositionsFrom,
  positions: ReadonlyMap<string, Position>,
): void {
  ctx.emit({
    type: 'sides',
    round,
    from,
    sides: ctx.participants.map((p, i) => {
      const position = positions.get(p.id)!;
      return {
        participantId: p.id,
        letter: letterAt(i),
        kind: position.kind,
        text: redact(position.text),
        position: describe(position),
      };
    }),
  });
}

/**
 * Opposing positions from the debaters' first answers: the two most common answers are defended
 * (each debater keeps its own when it is one of them; the others join the side with fewer
 * defenders). When all agree, every other debater argues against the shared answer.
 */
function positionsFromAnswers(
  ctx: DebateContext,
  debaters: readonly Participant[],
  first: readonly TranscriptTurn[],
): { positions: Map<string, Position>; from: PositionsFrom } {
  const { tally } = tallyVotes(ballotsOf(ctx, first));
  const positions = new Map<string, Position>();
  if (tally.length === 0) {
    debaters.forEach((p, i) => {
      positions.set(p.id, { kind: 'side', text: DEFAULT_SIDES[i % DEFAULT_SIDES.length]! });
    });
    return { positions, from: 'default-sides' };
  }
  if (tally.length === 1) {
    const agreed = tally[0]!.answer;
    debaters.forEach((p, i) => {
      positions.set(p.id, { kind: i % 2 === 0 ? 'defend' : 'oppose', text: agreed });
    });
    return { positions, from: 'agreement' };
  }
  const contested = [tally[0]!.answer, tally[1]!.answer];
  const defenders = new Map(contested.map((answer) => [answer, [] as string[]]));
  const ownAnswer = new Map(first.map((turn) => [turn.participantId, ctx.answerOf(turn)]));
  const undecided: string[] = [];
  for (const p of debaters) {
    const own = ownAnswer.get(p.id);
    const side = own === undefined ? undefined : defenders.get(own);
    if (side) side.push(p.id);
    else undecided.push(p.id);
  }
  const smaller = () =>
    contested.reduce((a, b) => (defenders.get(b)!.length < defenders.get(a)!.length ? b : a));
  for (const id of undecided) defenders.get(smaller())!.push(id);
  for (const p of debaters) {
    const answer = contested.find((a) => defenders.get(a)!.includes(p.id))!;
    positions.set(p.id, { kind: 'defend', text: answer });
  }
  return { positions, from: 'first-answers' };
}

/** The argument turns so far, each under its debater's letter (`Debater A (you)` for the reader's own). */
function debateTurns(
  ctx: DebateContext,
  letters: ReadonlyMap<string, string>,
  viewer?: Participant,
): VisibleTurn[] {
  return ctx.turns
    .filter((t) => t.phase === 'argument' && ctx.succeeded(t) && letters.has(t.participantId))
    .map((t) => {
      const own = t.participantId === viewer?.id;
      const letter = letters.get(t.participantId)!;
      return {
        from: own ? `${letter} (you)` : letter,
        participantId: t.participantId,
        round: t.round ?? 0,
        phase: 'argument',
        text: t.text,
        own,
        source: 'participant' as const,
      };
    });
}

/** Whether the format opens with a round of independent answers (no `sides` given). */
const opens = (input: Pick<PlanInput, 'formatOptions'>) => !Array.isArray(input.formatOptions.sides);

/** Argument rounds: `rounds` (3), within a `maxRounds` budget that also counts the opening round. */
function argumentRounds(input: Pick<PlanInput, 'formatOptions' | 'budget'>): number {
  const rounds = countOption({ formatOptions: input.formatOptions, budget: {} }, 'rounds', 3);
  const cap = input.budget.maxRounds;
  return cap === undefined ? rounds : Math.max(1, Math.min(rounds, cap - (opens(input) ? 1 : 0)));
}

/**
 * `adversarial`, after the debate protocol of Khan et al. (2024), "Debating with More Persuasive
 * LLMs Leads to More Truthful Answers": debaters defend assigned, opposing answers and a judge reads
 * them blind. Without `formatOptions.sides`, every debater first answers alone (round 1, `answer`);
 * the two most common answers become the positions (each debater keeps its own when it is one of
 * them); when all agree, every other debater argues against the shared answer. With `sides`, each
 * debater takes `sides[i % sides.length]` in turn. Then `formatOptions.rounds` (3) rounds of
 * arguments, one debater after another, each seeing the whole argument so far. Everyone, the judge
 * included, reads the debaters as `Debater A`, `Debater B`...: no names, providers or models. After
 * each round the judge (`options.judge`, required) may end it (`Verdict: decided`, stop reason
 * `judge`); after the last, it gives the final verdict (`completed`). If the judge fails or names no
 * answer, the debaters' vote decides, and a tie is a `deadlock`. `formatOptions.judgeEachRound:
 * false` keeps only the final verdict. `details` records the letters, the positions and where they
 * came from; a `sides` event announces them as soon as they are decided, before the first argued round.
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
    const n = input.participants;
    const first = opens(input) ? 2 : 1;
    const rounds = argumentRounds(input);
    const eachRound = input.formatOptions.judgeEachRound !== false;
    const calls: PlannedCall[] = opens(input)
      ? Array.from({ length: n }, (_, speaker) => ({ speaker, round: 1, phase: 'answer', reads: 0 }))
      : [];
    for (let r = 0; r < rounds; r++) {
      const round = first + r;
      for (let i = 0; i < n; i++) calls.push({ speaker: i, round, phase: 'argument', reads: r * n + i });
      if (eachRound || r === rounds - 1)
        calls.push({ speaker: 'judge', round, phase: 'verdict', reads: (r + 1) * n });
    }
    return calls;
  },
  async run(ctx) {
    const judge = ctx.judge!;
    const rounds = argumentRounds(ctx);
    const given = ctx.formatOptions.sides as string[] | undefined;
    let positions: Map<string, Position>;
    let positionsFrom: PositionsFrom;
    if (given) {
      positions = new Map(
        ctx.participants.map((p, i) => [p.id, { kind: 'side', text: given[i % given.length]! }]),
      );
      positionsFrom = 'sides';
    } else {
      const first = await independentAnswers(ctx, ctx.participants);
      ({ positions, from: positionsFrom } = positionsFromAnswers(ctx, ctx.participants, first));
    }
    const firstRound = given ? 1 : 2;
    const lastRound = firstRound + rounds - 1;
    announce(ctx, firstRound, positionsFrom, positions);
    const letters = new Map(ctx.participants.map((p, i) => [p.id, letterOf(i)]));
    const positionList = [...letters]
      .map(([id, letter]) => `${letter} ${describe(positions.get(id)!)}`)
      .join('\n');
    const forJudge = () =>
      sections(
        `The positions:\n${positionList}`,
        `The debate:\n\n${renderVisible(ctx, debateTurns(ctx, letters))}`,
      );
    const eachRound = ctx.formatOptions.judgeEachRound !== false;
    const early = earlyJudge(ctx, lastRound, forJudge);
    const result = await runRounds(ctx, {
      rounds,
      firstRound,
      phase: () => 'argument',
      order: sequential,
      visibility: (c, viewer) => debateTurns(c, letters, viewer),
      prompt: ({ participant, round, visible }) => ({
        system: sections(
          `You are ${letters.get(participant.id)} in a structured debate on the user's question, judged by a ` +
            'neutral judge who reads only the debate. Your position is given with the question.',
          participant.persona,
          UNTRUSTED_NOTE,
        ),
        prompt: sections(
          questionBlock(ctx.question),
          stance(positions.get(participant.id)!),
          visible.length ? `The debate so far:\n\n${renderVisible(ctx, visible)}` : undefined,
          `Round ${round - firstRound + 1} of ${rounds}: make your argument${round > firstRound ? ', answering the points against you' : ''}.`,
          FINAL_ANSWER_RULE,
        ),
      }),
      afterRound: eachRound ? early.afterRound : undefined,
    });
    const details = {
      debaters: Object.fromEntries([...letters].map(([id, letter]) => [letter, id])),
      positionsFrom,
      positions: Object.fromEntries([...positions].map(([id, p]) => [id, { kind: p.kind, text: p.text }])),
      sides: Object.fromEntries([...positions].map(([id, p]) => [id, describe(p)])),
      rounds: result.round - firstRound + 1,
    };
    if (early.decided)
      return { stopReason: 'judge', answer: ctx.answerOf(early.decided)!, decidedBy: judge.id, details };
    const { answer } = await askJudge(ctx, { round: result.round, final: true, shown: forJudge() });
    if (answer !== undefined) return { stopReason: 'completed', answer, decidedBy: judge.id, details };
    return voteOutcome(vote(ctx, result.round, result.latest), 'completed', {
      ...details,
      judgeFailed: true,
    });
  },
};
