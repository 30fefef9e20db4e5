import { describe, expect, it } from 'vitest';
import { runDebate } from '../src/index.js';
import { answer, collect, scripted } from './helpers.js';

const usage = { inputTokens: 5, outputTokens: 5, totalTokens: 10 };

/** A member that answers 43, then ranks the others: a text full of numbers ("1. Response B"). */
const member = (id: string) =>
  scripted(id, (_request, call) =>
    call === 0
      ? { text: answer('43'), usage }
      : { text: 'Both are right.\nFINAL RANKING:\n1. Response B\n2. Response A', usage },
  );

describe('a council stopped after its ranking round', () => {
  it('with budget.maxRounds: 2, answers with the plurality of the members’ answers, never the ranking text', async () => {
    const handle = runDebate({
      question: 'What is 6 * 7 + 1?',
      participants: ['a', 'b', 'c'].map(member),
      format: 'council',
      budget: { maxRounds: 2 },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(6);
    expect(outcome).toMatchObject({
      stopReason: 'max-rounds',
      answer: '43',
      decidedBy: 'vote',
      details: { partial: true, tally: [{ answer: '43', weight: 3 }] },
    });
    // A ranking turn gives no answer of its own, in its turn-end event either.
    const rankingEnds = events.filter((e) => e.type === 'turn-end' && e.phase === 'ranking');
    expect(rankingEnds).toHaveLength(3);
    for (const end of rankingEnds) expect(end).not.toHaveProperty('answer');
  });

  it('when a token budget runs out while the chair writes, answers with the same plurality', async () => {
    const chair = scripted('chair', {
      text: `${'Let me weigh every answer. '.repeat(200)}\nFinal answer: 7`,
      chunkSize: 20,
      delayMs: 1,
    });
    const { outcome, transcript } = await runDebate({
      question: 'What is 6 * 7 + 1?',
      participants: ['a', 'b', 'c'].map(member),
      chair,
      format: 'council',
      budget: { maxTokens: 100 },
    }).result;
    const chairTurn = transcript.turns.find((t) => t.participantId === 'chair');
    expect(chairTurn?.error?.kind).toBe('aborted');
    expect(outcome).toMatchObject({
      stopReason: 'budget',
      answer: '43',
      details: { budget: 'tokens', partial: true },
    });
  });
});
