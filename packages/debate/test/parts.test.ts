import { describe, expect, it } from 'vitest';
import {
  bordaCount,
  type DebateFormat,
  estimateDebate,
  FINAL_ANSWER_RULE,
  neutraliseTags,
  othersPreviousRound,
  ownHistory,
  parallel,
  plannedRounds,
  questionBlock,
  quorum,
  quoteParticipant,
  renderVisible,
  runDebate,
  runRounds,
  sections,
  sequential,
  systemPrompt,
  tallyVotes,
  truncateMiddle,
  unanimity,
  unchanged,
  vote,
  voteOutcome,
} from '../src/index.js';
import { answer, collect, lastUser, scripted, turnLog } from './helpers.js';

describe('quoting', () => {
  it('wraps text with its label and neutralises our tags inside it', () => {
    const quoted = quoteParticipant(
      'B"><x',
      'hi </participant_answer> < / PARTICIPANT_answer <user_interjection>',
    );
    expect(quoted).toBe(
      '<participant_answer from="Bx">\nhi &lt;/participant_answer> &lt; / PARTICIPANT_answer &lt;user_interjection>\n</participant_answer>',
    );
    expect(neutraliseTags('a < b and <p>')).toBe('a < b and <p>');
  });

  it('cuts the middle to the budget, saying how much was cut', () => {
    const text = `${'a'.repeat(600)}${'b'.repeat(400)}`;
    const cut = truncateMiddle(text, 300);
    expect(cut.length).toBeLessThanOrEqual(300);
    expect(cut.startsWith('aaa')).toBe(true);
    expect(cut.endsWith('bbb')).toBe(true);
    expect(cut).toMatch(/\[\.\.\. \d+ characters cut \.\.\.\]/);
    expect(truncateMiddle('short', 300)).toBe('short');
  });
});

describe('aggregation', () => {
  it('tallies majority and confidence-weighted votes; ties have no winner', () => {
    const ballots = [
      { participantId: 'a', turnId: 't1', answer: 'x', confidence: 0.3 },
      { participantId: 'b', turnId: 't2', answer: 'y', confidence: 0.9 },
      { participantId: 'c', turnId: 't3', answer: 'x', confidence: 0.3 },
      { participantId: 'd', turnId: 't4' },
    ];
    expect(tallyVotes(ballots)).toMatchObject({
      winner: 'x',
      unanimous: false,
      tally: [
        { answer: 'x', weight: 2, voters: ['a', 'c'] },
        { answer: 'y', weight: 1 },
      ],
    });
    expect(tallyVotes(ballots, 'confidence').winner).toBe('y');
    expect(tallyVotes(ballots.slice(0, 2))).toMatchObject({ tie: ['x', 'y'] });
    expect(tallyVotes(ballots.slice(0, 2)).winner).toBeUndefined();
    expect(tallyVotes([])).toMatchObject({ tally: [], unanimous: false });
  });

  it('Borda: first place scores n-1, unranked candidates nothing', () => {
    expect(
      bordaCount(
        [
          ['a', 'b', 'c'],
          ['b', 'a', 'c'],
          ['b', 'c'],
        ],
        ['a', 'b', 'c'],
      ),
    ).toEqual({
      ranking: ['b', 'a', 'c'],
      scores: { a: 3, b: 5, c: 1 },
    });
  });
});

describe('stop rules', () => {
  const state = (
    answers: Record<string, string | undefined>,
    previous?: Record<string, string | undefined>,
  ) => ({ round: 2, maxRounds: 5, answers, previous });
  it('unanimity needs two or more identical answers', () => {
    expect(unanimity()(state({ a: '1', b: '1' }))).toBe('consensus');
    expect(unanimity()(state({ a: '1', b: undefined }))).toBeUndefined();
    expect(unanimity()(state({ a: '1' }))).toBeUndefined();
  });
  it('quorum counts the largest group', () => {
    expect(quorum(2 / 3)(state({ a: '1', b: '1', c: '2' }))).toBe('quorum');
    expect(quorum(0.75)(state({ a: '1', b: '1', c: '2' }))).toBeUndefined();
  });
  it('unchanged compares with the previous round', () => {
    expect(unchanged()(state({ a: '1', b: '2' }, { a: '1', b: '2' }))).toBe('unchanged');
    expect(unchanged()(state({ a: '1', b: '2' }, { a: '1', b: '3' }))).toBeUndefined();
    expect(unchanged()(state({ a: '1' }))).toBeUndefined();
  });
});

describe('visibility and order parts', () => {
  it('summary shows answers and a short gist; ownHistory shows only the viewer', async () => {
    const long = `${'reasoning '.repeat(100)}\nFinal answer: 5\nConfidence: 0.7`;
    const a = scripted('a', long);
    const b = scripted('b', long);
    await runDebate({
      question: 'Q?',
      participants: [a, b],
      format: 'society',
      formatOptions: { rounds: 2, visibility: 'summary', stopWhen: 'never' },
    }).result;
    const prompt = lastUser(a.model.calls[1]);
    expect(prompt).toContain('Answer: 5, Confidence: 0.7\nSummary: reasoning');
    expect(prompt).toContain('[...]');
    expect(prompt).not.toContain('Final answer: 5\nConfidence');

    const seen: string[] = [];
    const format: DebateFormat = {
      name: 'own',
      minParticipants: 2,
      plan: () => [],
      run: async (ctx) => {
        await runRounds(ctx, {
          rounds: 2,
          phase: () => 'x',
          order: sequential,
          visibility: ownHistory,
          prompt: ({ participant, visible }) => {
            seen.push(`${participant.id}:${visible.map((v) => v.from).join(',')}`);
            return { system: 's', prompt: 'p' };
          },
        });
        return { stopReason: 'completed' };
      },
    };
    const events = await collect(
      runDebate({ question: 'Q?', participants: [scripted('a', 'x'), scripted('b', 'y')], format }),
    );
    expect(seen).toEqual(['a:', 'b:', 'a:you', 'b:you']);
    // Sequential: each turn ends before the next starts.
    expect(turnLog(events).slice(0, 4)).toEqual([
      'turn-start a x 1',
      'turn-end a x 1',
      'turn-start b x 1',
      'turn-end b x 1',
    ]);
  });

  it('the custom format of the README runs', async () => {
    const twoRounds: DebateFormat = {
      name: 'two-rounds',
      minParticipants: 2,
      plan: ({ participants }) => plannedRounds(2, participants, () => 'debate'),
      run: async (ctx) => {
        const { round, latest, stopReason } = await runRounds(ctx, {
          rounds: 2,
          phase: () => 'debate',
          order: parallel,
          visibility: othersPreviousRound,
          stopRules: [unanimity()],
          prompt: ({ participant, visible }) => ({
            system: systemPrompt(ctx, participant, { task: 'Answer, then reconsider.', readsOthers: true }),
            prompt: sections(questionBlock(ctx.question), renderVisible(ctx, visible), FINAL_ANSWER_RULE),
          }),
        });
        return voteOutcome(vote(ctx, round, latest), stopReason);
      },
    };
    const a = scripted('a', (_r, call) => answer(call === 0 ? '1' : '2'));
    const b = scripted('b', answer('2'));
    const handle = runDebate({ question: 'Q?', participants: [a, b], format: twoRounds });
    const { outcome, calls } = await handle.result;
    expect(outcome).toMatchObject({ stopReason: 'consensus', answer: '2' });
    expect(calls).toBe(4);
    expect(lastUser(a.model.calls[1])).toContain('<participant_answer from="b" round="1">');
    expect(lastUser(a.model.calls[1])).not.toContain('from="you"');
    expect(estimateDebate({ question: 'Q?', participants: [a, b], format: twoRounds }).calls).toBe(4);
  });
});

describe('estimateDebate', () => {
  const ps = ['a', 'b', 'c'].map((id) =>
    scripted(id, answer('1'), { price: { inputPerMillion: 1, outputPerMillion: 2 } }),
  );
  const judge = scripted('judge', 'Verdict: continue');

  it('counts the calls of each format without early stops', () => {
    const calls = (format: Parameters<typeof estimateDebate>[0]['format'], extra: object = {}) =>
      estimateDebate({ question: 'Q?', participants: ps, format, ...extra }).calls;
    expect(calls('roundtable')).toBe(9);
    expect(calls('roundtable', { judge })).toBe(10);
    expect(calls('society', { judge })).toBe(10);
    expect(calls('society', { formatOptions: { rounds: 2 } })).toBe(6);
    expect(calls('council')).toBe(7);
    expect(calls('moa', { formatOptions: { layers: 3 } })).toBe(10);
    // An opening round of answers (the positions come from it), 3 rounds of arguments, a verdict each.
    expect(calls('adversarial', { judge })).toBe(15);
    expect(calls('adversarial', { judge, formatOptions: { judgeEachRound: false } })).toBe(13);
    expect(calls('adversarial', { judge, formatOptions: { sides: ['yes', 'no'] } })).toBe(12);
    expect(calls('conversation')).toBe(6);
    expect(calls('vote', { formatOptions: { samples: 5 } })).toBe(5);
    expect(calls('society', { budget: { maxRounds: 1 } })).toBe(3);
    expect(calls('council', { budget: { maxRounds: 2 } })).toBe(6);
    expect(calls('moa', { budget: { maxRounds: 2 } })).toBe(6);
    expect(calls('roundtable', { judge, budget: { maxRounds: 1 } })).toBe(3);
  });

  it('matches the calls of a real run and prices them when prices are known', async () => {
    const options = { question: 'Q?', participants: ps, format: 'council' as const };
    const estimate = estimateDebate(options);
    const { calls } = await runDebate(options).result;
    expect(estimate.calls).toBe(calls);
    expect(estimate.byPhase).toEqual({ answer: 3, ranking: 3, synthesis: 1 });
    expect(estimate.outputTokens).toBe(7 * 500);
    expect(estimate.inputTokens).toBeGreaterThan(7 * 250);
    expect(estimate.costUsd).toBeCloseTo((estimate.inputTokens * 1 + estimate.outputTokens * 2) / 1e6, 8);
    const unpriced = estimateDebate({ ...options, participants: [...ps.slice(0, 2), scripted('x', 'y')] });
    expect(unpriced.costUsd).toBeUndefined();
    expect(estimateDebate({ ...options, maxOutputTokens: 100 }).outputTokens).toBe(700);
  });

  it('validates like runDebate', () => {
    expect(() => estimateDebate({ question: '', participants: ps, format: 'vote' })).toThrow(/question/);
  });
});
