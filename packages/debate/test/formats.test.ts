import { describe, expect, it } from 'vitest';
import { parseNextSpeaker, parseRanking, parseVerdict, runDebate } from '../src/index.js';
import { answer, collect, lastUser, type Reply, scripted, turnStarts } from './helpers.js';

describe('society', () => {
  it('shows each peer the previous round, stops early on unanimity, and votes', async () => {
    const a = scripted('a', (_r, call) => answer(call === 0 ? '10' : '12'));
    const b = scripted('b', () => answer('12'));
    const c = scripted('c', (_r, call) => answer(call === 0 ? '11' : '12'));
    const handle = runDebate({
      question: 'Q?',
      participants: [a, b, c],
      format: 'society',
      formatOptions: { rounds: 4 },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(6); // two rounds of three: unanimity after round 2
    expect(turnStarts(events)).toEqual([
      'turn-start a answer 1',
      'turn-start b answer 1',
      'turn-start c answer 1',
      'turn-start a debate 2',
      'turn-start b debate 2',
      'turn-start c debate 2',
    ]);
    expect(outcome).toMatchObject({ stopReason: 'consensus', answer: '12', decidedBy: 'vote' });
    const checks = events.filter((e) => e.type === 'consensus-check');
    expect(checks).toMatchObject([
      { round: 1, agreed: false, answers: { a: '10', b: '12', c: '11' } },
      { round: 2, agreed: true, stop: 'consensus' },
    ]);
    const round2 = lastUser(a.model.calls[1]);
    expect(round2).toContain('<participant_answer from="you" round="1">\nWorking...\nFinal answer: 10');
    expect(round2).toContain('<participant_answer from="b" round="1">');
    expect(round2).toContain('<participant_answer from="c" round="1">');
    expect(lastUser(a.model.calls[0])).not.toContain('participant_answer');
  });

  it('ends at max rounds with the majority, or a deadlock on a tie', async () => {
    const run = async (replies: string[]) => {
      const participants = replies.map((r, i) => scripted(`p${i}`, answer(r)));
      const { outcome, calls } = await runDebate({
        question: 'Q?',
        participants,
        format: 'society',
        formatOptions: { rounds: 2 },
      }).result;
      return { outcome, calls };
    };
    expect(await run(['1', '1', '2'])).toMatchObject({
      calls: 6,
      outcome: { stopReason: 'max-rounds', answer: '1' },
    });
    const tie = await run(['1', '2']);
    expect(tie.outcome.stopReason).toBe('deadlock');
    expect(tie.outcome.answer).toBeUndefined();
    expect(tie.outcome.details?.tie).toEqual(['1', '2']);
  });

  it('can show everything said so far, or the previous round anonymised', async () => {
    const run = async (visibility: string) => {
      const ps = ['a', 'b'].map((id) =>
        scripted(id, (_r, call) => answer(`${id}${call}`), { label: id.toUpperCase() }),
      );
      await runDebate({
        question: 'Q?',
        participants: ps,
        format: 'society',
        formatOptions: { rounds: 3, visibility },
      }).result;
      return lastUser(ps[0]!.model.calls[2]);
    };
    const all = await run('everything');
    for (const text of ['a0', 'b0', 'a1', 'b1']) expect(all).toContain(`Final answer: ${text}`);
    const hidden = await run('anonymised');
    expect(hidden).toContain('Final answer: b1');
    expect(hidden).not.toContain('Final answer: b0');
    expect(hidden).toMatch(/from="Response [AB]"/);
    expect(hidden).not.toContain('from="B"');
  });

  it('stops when answers are unchanged since the previous round (stopWhen: unchanged)', async () => {
    const participants = [scripted('a', answer('1')), scripted('b', answer('2'))];
    const { outcome, calls } = await runDebate({
      question: 'Q?',
      participants,
      format: 'society',
      formatOptions: { rounds: 5, stopWhen: 'unchanged' },
    }).result;
    expect(calls).toBe(4);
    expect(outcome.stopReason).toBe('deadlock'); // unchanged, and still split 1-1
  });
});

describe('society with a judge each round', () => {
  const panel = () => ({
    a: scripted('a', (_r, call) => answer(`a${call}`)),
    b: scripted('b', (_r, call) => answer(`b${call}`)),
  });

  it('lets the judge read the anonymised answers after a round and end the debate there', async () => {
    const { a, b } = panel();
    const judge = scripted('judge', (_r, call) =>
      call === 0 ? 'Verdict: continue\nThey still disagree.' : 'Verdict: decided\nFinal answer: b1',
    );
    const handle = runDebate({
      question: 'Q?',
      participants: [a, b],
      judge,
      format: 'society',
      formatOptions: { rounds: 4, judgeEachRound: true },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(turnStarts(events)).toEqual([
      'turn-start a answer 1',
      'turn-start b answer 1',
      'turn-start judge verdict 1',
      'turn-start a debate 2',
      'turn-start b debate 2',
      'turn-start judge verdict 2',
    ]);
    expect(calls).toBe(6);
    expect(outcome).toMatchObject({
      stopReason: 'judge',
      answer: 'b1',
      decidedBy: 'judge',
      details: { rounds: 2 },
    });
    // The panel's vote is still counted for the record (a tie here).
    expect(events.filter((e) => e.type === 'vote')).toHaveLength(1);
    // The judge reads round 1's answers without names; the debaters never see the judge's notes.
    const firstVerdict = lastUser(judge.model.calls[0]);
    expect(firstVerdict).toContain('Final answer: a0');
    expect(firstVerdict).toContain('Final answer: b0');
    expect(firstVerdict).toContain('Answer A');
    expect(firstVerdict).not.toMatch(/from="(a|b)"/);
    expect(lastUser(a.model.calls[1])).not.toContain('disagree');
  });

  it('leaves the final verdict to the judge when it never decides early, and skips the early verdict when the panel agrees', async () => {
    const { a, b } = panel();
    const judge = scripted('judge', (_r, call) => (call < 2 ? 'Verdict: continue' : 'Final answer: a2'));
    const { outcome, calls } = await runDebate({
      question: 'Q?',
      participants: [a, b],
      judge,
      format: 'society',
      formatOptions: { rounds: 3, judgeEachRound: true },
    }).result;
    // 3 rounds of 2, two early verdicts (rounds 1 and 2), one final verdict.
    expect(calls).toBe(9);
    expect(outcome).toMatchObject({ stopReason: 'max-rounds', answer: 'a2', decidedBy: 'judge' });

    const agreeing = ['x', 'y'].map((id) => scripted(id, answer('42')));
    const quietJudge = scripted('judge', 'Final answer: 42');
    const agreed = await runDebate({
      question: 'Q?',
      participants: agreeing,
      judge: quietJudge,
      format: 'society',
      formatOptions: { judgeEachRound: true },
    }).result;
    // Unanimity after round 1 ends the rounds before any early verdict; the judge decides once.
    expect(quietJudge.model.calls).toHaveLength(1);
    expect(agreed.outcome).toMatchObject({ stopReason: 'consensus', answer: '42' });
  });

  it('refuses judgeEachRound without a judge, or when it is not true or false', () => {
    const { a, b } = panel();
    const start = (formatOptions: Record<string, unknown>) => () =>
      runDebate({ question: 'Q?', participants: [a, b], format: 'society', formatOptions });
    expect(start({ judgeEachRound: true })).toThrow(/judgeEachRound needs a judge/);
    expect(start({ judgeEachRound: 'yes' })).toThrow(/judgeEachRound must be true or false/);
  });
});

describe('society with a quorum', () => {
  const run = (quorum: number) =>
    runDebate({
      question: 'Q?',
      participants: ['a', 'b', 'c', 'd'].map((id) => scripted(id, answer(id === 'd' ? '2' : '1'))),
      format: 'society',
      formatOptions: { rounds: 3, stopWhen: 'quorum', quorum },
    });

  it('stops once the quorum agrees, and the majority decides', async () => {
    const handle = run(0.75);
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(4);
    expect(events.find((e) => e.type === 'consensus-check')).toMatchObject({ round: 1, stop: 'quorum' });
    expect(outcome).toMatchObject({ stopReason: 'quorum', answer: '1', decidedBy: 'vote' });
  });

  it('goes on while the largest group is short of the quorum', async () => {
    const { outcome, calls } = await run(0.8).result;
    expect(calls).toBe(12);
    expect(outcome).toMatchObject({ stopReason: 'max-rounds', answer: '1' });
  });
});

describe('vote', () => {
  it('spreads N samples round-robin over the participants and takes the majority', async () => {
    const a = scripted('a', answer('7'));
    const b = scripted('b', answer('8'));
    const handle = runDebate({
      question: 'Q?',
      participants: [a, b],
      format: 'vote',
      formatOptions: { samples: 5 },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(5);
    expect(a.model.calls).toHaveLength(3);
    expect(b.model.calls).toHaveLength(2);
    expect(turnStarts(events).map((l) => l.split(' ')[1])).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(outcome).toMatchObject({ stopReason: 'completed', answer: '7', decidedBy: 'vote' });
    expect(events.find((e) => e.type === 'vote')).toMatchObject({
      tally: [
        { answer: '7', weight: 3 },
        { answer: '8', weight: 2 },
      ],
    });
  });

  it('weights votes by confidence when asked', async () => {
    const participants = [
      scripted('a', answer('x', 0.2)),
      scripted('b', answer('x', 0.2)),
      scripted('c', answer('y', 0.9)),
    ];
    const { outcome } = await runDebate({
      question: 'Q?',
      participants,
      format: 'vote',
      formatOptions: { weighted: true },
    }).result;
    expect(outcome.answer).toBe('y');
    const majority = await runDebate({ question: 'Q?', participants, format: 'vote' }).result;
    expect(majority.outcome.answer).toBe('x');
  });

  it('breaks a tie with the seed only when asked', async () => {
    const participants = [scripted('a', answer('1')), scripted('b', answer('2'))];
    const deadlock = await runDebate({ question: 'Q?', participants, format: 'vote' }).result;
    expect(deadlock.outcome.stopReason).toBe('deadlock');
    const picks = new Set<string | undefined>();
    for (const seed of [1, 1, 1]) {
      const r = await runDebate({
        question: 'Q?',
        participants,
        format: 'vote',
        seed,
        formatOptions: { tieBreak: 'random' },
      }).result;
      picks.add(r.outcome.answer);
    }
    expect(picks.size).toBe(1);
    expect(['1', '2']).toContain([...picks][0]);
  });
});

describe('council', () => {
  it('answers, ranks the others anonymously (never itself), aggregates with Borda, and the chair decides', async () => {
    // Each ranker puts the response whose text says "42" first.
    const ranker = (own: string) => (req: { messages: { content: string }[] }, call: number) => {
      if (call === 0) return answer(own);
      const prompt = req.messages.at(-1)!.content;
      const blocks = [
        ...prompt.matchAll(
          /<participant_answer from="Response ([A-Z])"[^>]*>\n([\s\S]*?)\n<\/participant_answer>/g,
        ),
      ];
      const sorted = blocks.sort((x, y) => Number(y[2]!.includes('42')) - Number(x[2]!.includes('42')));
      return `Evaluations...\nFINAL RANKING:\n${sorted.map((m, i) => `${i + 1}. Response ${m[1]}`).join('\n')}`;
    };
    const a = scripted('a', ranker('42'), { provider: 'openai', modelId: 'gpt-secret', label: 'GPT' });
    const b = scripted('b', ranker('41'), {
      provider: 'anthropic',
      modelId: 'claude-secret',
      label: 'Claude',
    });
    const c = scripted('c', ranker('40'), { provider: 'google', modelId: 'gemini-secret', label: 'Gemini' });
    const chair = scripted('chair', answer('42'), { provider: 'groq', modelId: 'llama-chair' });
    const handle = runDebate({ question: 'Q?', participants: [a, b, c], chair, format: 'council', seed: 7 });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(7);
    expect(turnStarts(events)).toEqual([
      'turn-start a answer 1',
      'turn-start b answer 1',
      'turn-start c answer 1',
      'turn-start a ranking 2',
      'turn-start b ranking 2',
      'turn-start c ranking 2',
      'turn-start chair synthesis 3',
    ]);

    for (const p of [a, b, c]) {
      const ranking = p.model.calls[1]!;
      const everything = `${ranking.system}\n${ranking.messages.map((m) => m.content).join('\n')}`;
      for (const secret of [
        'openai',
        'anthropic',
        'google',
        'gpt-secret',
        'claude-secret',
        'gemini-secret',
        'GPT',
        'Claude',
        'Gemini',
      ]) {
        expect(everything).not.toContain(secret);
      }
      // Two responses (the others), never its own.
      expect(everything.match(/<participant_answer from="Response [A-Z]"/g)).toHaveLength(2);
      expect(everything).not.toContain('Response C');
    }
    expect(lastUser(a.model.calls[1])).not.toContain('Final answer: 42'); // a's own answer is not shown to a

    const rankings = events.filter((e) => e.type === 'ranking');
    expect(rankings.filter((r) => r.type === 'ranking' && r.rankerId)).toHaveLength(3);
    const aggregate = rankings.find((r) => r.type === 'ranking' && !r.rankerId);
    expect(aggregate).toMatchObject({
      method: 'borda',
      ranking: ['a', expect.any(String), expect.any(String)],
    });
    expect(aggregate).toMatchObject({ scores: { a: 4 } }); // first for both b and c: 2 + 2
    // The chair sees the answers best-ranked first.
    expect(lastUser(chair.model.calls[0])).toMatch(/from="Rank 1" score="4">\nWorking...\nFinal answer: 42/);
    expect(outcome).toMatchObject({
      stopReason: 'completed',
      answer: '42',
      decidedBy: 'chair',
      details: {
        ranking: ['a', expect.any(String), expect.any(String)],
        chair: { id: 'chair', provider: 'groq', sharesProviderWith: [] },
      },
    });
  });

  it("records which members share the chair's provider, for an explicit chair and for the default one", async () => {
    const member = (id: string, provider: string, own: string) =>
      scripted(
        id,
        (_r, call) => (call === 0 ? answer(own) : 'FINAL RANKING:\n1. Response A\n2. Response B'),
        {
          provider,
        },
      );
    const panel = () => [
      member('a', 'openai', '1'),
      member('b', 'anthropic', '2'),
      member('c', 'openai', '3'),
    ];
    const explicit = await runDebate({
      question: 'Q?',
      participants: panel(),
      chair: scripted('chair', answer('1'), { provider: 'openai' }),
      format: 'council',
    }).result;
    expect(explicit.outcome.details?.chair).toEqual({
      id: 'chair',
      provider: 'openai',
      sharesProviderWith: ['a', 'c'],
    });
    const byDefault = await runDebate({ question: 'Q?', participants: panel(), format: 'council', seed: 3 })
      .result;
    const chair = byDefault.outcome.details?.chair as {
      id: string;
      provider: string;
      sharesProviderWith: string[];
    };
    // The default chair is the best-ranked member.
    expect(chair.id).toBe((byDefault.outcome.details?.ranking as string[] | undefined)?.[0]);
    expect(chair.sharesProviderWith).toEqual(
      chair.provider === 'openai' ? ['a', 'c'].filter((id) => id !== chair.id) : [],
    );
  });

  it('shuffles the anonymous letters with the seed: same seed same order, another seed can differ', async () => {
    const orderFor = async (seed: number) => {
      const ps = ['a', 'b', 'c', 'd', 'e'].map((id) =>
        scripted(id, (_r, call) => (call === 0 ? answer(id) : 'FINAL RANKING:\n1. Response A')),
      );
      await runDebate({ question: 'Q?', participants: ps, format: 'council', seed }).result;
      const prompt = lastUser(ps[0]!.model.calls[1]);
      return [...prompt.matchAll(/Final answer: ([a-e])/g)].map((m) => m[1]).join('');
    };
    const first = await orderFor(1);
    expect(await orderFor(1)).toBe(first);
    const others = new Set<string>();
    for (const seed of [2, 3, 4, 5, 6]) others.add(await orderFor(seed));
    expect([...others].some((o) => o !== first)).toBe(true);
    expect(first.split('').sort().join('')).toBe('bcde');
  });

  it('without a chair the best-ranked member chairs; if the chair fails the best-ranked answer stands', async () => {
    const rank = (own: string) => (_r: unknown, call: number) =>
      call === 0
        ? answer(own)
        : call === 1
          ? 'FINAL RANKING:\n1. Response A\n2. Response B'
          : {
              text: 'partial',
              fail: { afterChunks: 1, error: { kind: 'overloaded' as const, message: 'busy' } },
            };
    const ps = ['a', 'b', 'c'].map((id) => scripted(id, rank(id)));
    const { outcome } = await runDebate({ question: 'Q?', participants: ps, format: 'council' }).result;
    expect(outcome.decidedBy).toBe('ranking');
    expect(outcome.details).toMatchObject({ chairFailed: true });
    expect(outcome.answer).toBe((outcome.details as { ranking: string[] }).ranking[0]);
  });

  it('parses rankings leniently', () => {
    expect(
      parseRanking('A is good.\nFINAL RANKING:\n1. Response C\n2. Response A\n3. Response C', [
        'A',
        'B',
        'C',
      ]),
    ).toEqual(['C', 'A']);
  });
});

describe('moa', () => {
  it('runs layers of proposers, each seeing the previous layer anonymised, then an aggregator', async () => {
    const a = scripted('a', (_r, call) => answer(`a${call}`), { label: 'Alpha' });
    const b = scripted('b', (_r, call) => answer(`b${call}`), { label: 'Beta' });
    const agg = scripted('agg', answer('final'));
    const handle = runDebate({
      question: 'Q?',
      participants: [a, b],
      chair: agg,
      format: 'moa',
      formatOptions: { layers: 3 },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(calls).toBe(7);
    expect(turnStarts(events)).toEqual([
      'turn-start a propose 1',
      'turn-start b propose 1',
      'turn-start a refine 2',
      'turn-start b refine 2',
      'turn-start a refine 3',
      'turn-start b refine 3',
      'turn-start agg aggregate 4',
    ]);
    expect(
      events.filter((e) => e.type === 'round-start').map((e) => e.type === 'round-start' && e.phase),
    ).toEqual(['propose', 'refine', 'refine', 'aggregate']);
    const layer3 = lastUser(a.model.calls[2]);
    expect(layer3).toContain('Final answer: a1');
    expect(layer3).toContain('Final answer: b1');
    expect(layer3).not.toContain('Final answer: a0');
    expect(layer3).not.toContain('Beta');
    const aggPrompt = lastUser(agg.model.calls[0]);
    expect(aggPrompt).toContain('Final answer: a2');
    expect(aggPrompt).toContain('Final answer: b2');
    expect(outcome).toMatchObject({ stopReason: 'completed', answer: 'final', decidedBy: 'agg' });
  });
});

describe('adversarial', () => {
  // The protocol itself is tested in adversarial.test.ts.
  it('parses verdicts', () => {
    expect(parseVerdict('**Verdict:** Decided')).toBe('decided');
    expect(parseVerdict('verdict: continue')).toBe('continue');
    expect(parseVerdict('no verdict')).toBeUndefined();
  });
});

describe('conversation', () => {
  it('takes turns round-robin (a different first speaker each round) and shows the whole conversation', async () => {
    const a = scripted('a', (_r, call) => `a says ${call}`);
    const b = scripted('b', (_r, call) => `b says ${call}`);
    const c = scripted('c', (_r, call) => `c says ${call}`);
    const handle = runDebate({
      question: 'Tabs or spaces?',
      participants: [a, b, c],
      format: 'conversation',
    });
    const events = await collect(handle);
    const { outcome } = await handle.result;
    expect(turnStarts(events).map((l) => l.split(' ')[1])).toEqual(['a', 'b', 'c', 'b', 'c', 'a']);
    const prompt = lastUser(a.model.calls[1]);
    expect(prompt.indexOf('a says 0')).toBeLessThan(prompt.indexOf('b says 0'));
    expect(prompt).toContain('c says 0');
    expect(prompt).toContain('b says 1');
    expect(prompt).toContain('c says 1');
    expect(outcome).toMatchObject({ stopReason: 'max-rounds' });
    expect(outcome.answer).toBeUndefined();
  });

  it('lets the user interject between turns', async () => {
    let handle!: ReturnType<typeof runDebate>;
    const a = scripted('a', (_r, call) => {
      if (call === 0) handle.interject('Please consider Go too.');
      return `a ${call}`;
    });
    const b = scripted('b', (_r, call) => `b ${call}`);
    handle = runDebate({
      question: 'Best language?',
      participants: [a, b],
      format: 'conversation',
      formatOptions: { rounds: 1 },
    });
    const events = await collect(handle);
    const { transcript } = await handle.result;
    const bPrompt = lastUser(b.model.calls[0]);
    expect(bPrompt).toContain('<user_interjection>\nPlease consider Go too.\n</user_interjection>');
    expect(events.map((e) => e.type)).toContain('interjection');
    expect(transcript.turns.map((t) => `${t.participantId}:${t.phase}`)).toEqual([
      'user:question',
      'a:conversation',
      'user:interjection',
      'b:conversation',
    ]);
  });

  it('keeps an interjection made during the last turn, and refuses one after the end', async () => {
    let handle!: ReturnType<typeof runDebate>;
    const a = scripted('a', 'a speaks');
    const b = scripted('b', () => {
      handle.interject('Thanks both!');
      return 'b speaks';
    });
    handle = runDebate({
      question: 'Q?',
      participants: [a, b],
      format: 'conversation',
      formatOptions: { rounds: 1 },
    });
    const { transcript } = await handle.result;
    expect(transcript.turns.at(-1)).toMatchObject({
      participantId: 'user',
      phase: 'interjection',
      text: 'Thanks both!',
    });
    expect(() => handle.interject('hello?')).toThrow(expect.objectContaining({ code: 'run-ended' }));
  });

  it('rejects interjections in formats that do not take them', () => {
    const handle = runDebate({ question: 'Q?', participants: [scripted('a', 'x')], format: 'vote' });
    expect(() => handle.interject('hi')).toThrow(/does not take interjections/);
  });

  /** A conversation of Ada and Bob under a scripted moderator: who spoke, in order, and how it ended. */
  async function moderatedConversation(moderatorReply: Reply, rounds: number) {
    const moderator = scripted('mod', moderatorReply);
    const handle = runDebate({
      question: 'Q?',
      participants: [scripted('a', 'from a', { label: 'Ada' }), scripted('b', 'from b', { label: 'Bob' })],
      moderator,
      format: 'conversation',
      formatOptions: { rounds },
    });
    const speakers = turnStarts(await collect(handle)).map((line) => line.split(' ')[1]);
    return { speakers, moderator, outcome: (await handle.result).outcome };
  }

  it('with a moderator: the moderator picks each speaker and may end the conversation', async () => {
    const picks = ['Next: Bob', 'Next: Bob', 'Next: END'];
    const { speakers, moderator, outcome } = await moderatedConversation(
      (_r, call) => picks[call] ?? 'Next: END',
      3,
    );
    expect(speakers).toEqual(['mod', 'b', 'mod', 'b', 'mod']);
    expect(lastUser(moderator.model.calls[0])).toContain('Nobody has spoken yet.');
    expect(lastUser(moderator.model.calls[1])).toContain('<participant_answer from="Bob" round="1">\nfrom b');
    expect(lastUser(moderator.model.calls[2])).toContain('Speakers: Ada, Bob.');
    expect(outcome.stopReason).toBe('moderator');
  });

  it('falls back to round-robin when the moderator fails or names nobody', async () => {
    const { speakers, outcome } = await moderatedConversation(
      (_r, call) =>
        call === 0
          ? 'Next: Zed'
          : { fail: { afterChunks: 0, error: { kind: 'overloaded', message: 'busy' } } },
      1,
    );
    expect(speakers).toEqual(['mod', 'a', 'mod', 'b']);
    expect(outcome.stopReason).toBe('max-rounds');
  });

  it('parses the next speaker by label or id', () => {
    const candidates = [
      { id: 'a', name: 'Ada' },
      { id: 'b', name: 'Bob' },
    ];
    expect(parseNextSpeaker('thinking...\n**Next:** Bob.', candidates)).toBe('b');
    expect(parseNextSpeaker('Next: a', candidates)).toBe('a');
    expect(parseNextSpeaker('Next: END', candidates)).toBe('END');
    expect(parseNextSpeaker('Next: Zed', candidates)).toBeUndefined();
  });
});
