import { type ChatRequest, parseTranscript, serializeTranscript } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import type { DebateEvent } from '../src/index.js';
import { estimateDebate, replayDebate, runDebate } from '../src/index.js';
import { answer, collect, lastUser, scripted, turnStarts } from './helpers.js';

/** Everything a request shows the model, as one string. */
const sent = (request: ChatRequest | undefined) =>
  request ? [request.system ?? '', ...request.messages.map((m) => m.content)].join('\n') : '';

/** A debater whose first answer is `first`, then argues for whatever position its prompt assigns. */
const debater = (id: string, first: string, extra: Record<string, unknown> = {}) =>
  scripted(
    id,
    (request, call) => {
      if (call === 0) return answer(first);
      const assigned = /the answer is "([^"]+)"/.exec(sent(request))?.[1] ?? 'something else';
      return `My case for ${assigned}, round ${call}.\n${answer(assigned)}`;
    },
    extra,
  );

const names = [
  'gpt',
  'claude',
  'GPT-4o',
  'Claude Sonnet',
  'openai',
  'anthropic',
  'gpt-model',
  'claude-model',
];

describe('adversarial (Khan et al. 2024): assigned, opposing positions, read blind', () => {
  it('takes the positions from the first answers, argues in turn, and the judge reads Debater A / B only', async () => {
    const gpt = debater('gpt', '391', { label: 'GPT-4o', provider: 'openai', modelId: 'gpt-model' });
    const claude = debater('claude', '401', {
      label: 'Claude Sonnet',
      provider: 'anthropic',
      modelId: 'claude-model',
    });
    const judge = scripted('judge', (_r, call) =>
      call === 0 ? 'Verdict: continue\nUnresolved.' : 'Verdict: decided\nFinal answer: 391',
    );
    const handle = runDebate({
      question: 'What is 17 * 23?',
      participants: [gpt, claude],
      judge,
      format: 'adversarial',
      formatOptions: { rounds: 3 },
    });
    const events = await collect(handle);
    const { outcome, calls } = await handle.result;
    expect(turnStarts(events)).toEqual([
      'turn-start gpt answer 1',
      'turn-start claude answer 1',
      'turn-start gpt argument 2',
      'turn-start claude argument 2',
      'turn-start judge verdict 2',
      'turn-start gpt argument 3',
      'turn-start claude argument 3',
      'turn-start judge verdict 3',
    ]);
    expect(calls).toBe(8);
    // Opposing positions: each defends its own first answer.
    expect(sent(gpt.model.calls[1])).toContain('You argue that the answer is "391"');
    expect(sent(claude.model.calls[1])).toContain('You argue that the answer is "401"');
    expect(gpt.model.calls[1]?.system).toContain('You are Debater A');
    expect(claude.model.calls[1]?.system).toContain('You are Debater B');
    // B reads A's argument of the same round, under A's letter.
    expect(lastUser(claude.model.calls[1])).toMatch(
      /<participant_answer from="Debater A" round="2">\nMy case for 391/,
    );
    expect(lastUser(gpt.model.calls[2])).toContain('from="Debater A (you)"');
    // The judge reads the positions and the arguments by letter; never a name, provider or model.
    for (const request of judge.model.calls) {
      const text = sent(request);
      expect(text).toContain('Debater A defends "391".\nDebater B defends "401".');
      expect(text).toMatch(/from="Debater B" round="2">\nMy case for 401/);
      for (const name of names) expect(text).not.toContain(name);
    }
    // Debaters never see each other's names either, nor their own opening answer.
    for (const request of [...gpt.model.calls, ...claude.model.calls].slice(1)) {
      for (const name of names) expect(sent(request)).not.toContain(name);
    }
    expect(outcome).toMatchObject({
      stopReason: 'judge',
      answer: '391',
      decidedBy: 'judge',
      details: {
        debaters: { 'Debater A': 'gpt', 'Debater B': 'claude' },
        positionsFrom: 'first-answers',
        positions: { gpt: { kind: 'defend', text: '391' }, claude: { kind: 'defend', text: '401' } },
        sides: { gpt: 'defends "391".', claude: 'defends "401".' },
        rounds: 2,
      },
    });
  });

  it('when every first answer agrees, the other side argues against it', async () => {
    const a = debater('a', '42');
    const b = debater('b', '42');
    const judge = scripted('judge', 'Verdict: decided\nFinal answer: 42');
    const { outcome } = await runDebate({
      question: 'Q?',
      participants: [a, b],
      judge,
      format: 'adversarial',
      formatOptions: { rounds: 1 },
    }).result;
    expect(sent(a.model.calls[1])).toContain('You argue that the answer is "42"');
    expect(sent(b.model.calls[1])).toContain(
      'Every debater first answered "42". You argue that this answer is wrong',
    );
    expect(sent(judge.model.calls[0])).toContain('Debater B argues against "42".');
    expect(outcome.details).toMatchObject({ positionsFrom: 'agreement' });
  });

  it('with more debaters: the two most common answers are the positions; the others join the smaller side', async () => {
    const positionsOf = async (firsts: string[]) => {
      const debaters = firsts.map((first, i) => debater(`p${i}`, first));
      const { outcome } = await runDebate({
        question: 'Q?',
        participants: debaters,
        judge: scripted('judge', 'Final answer: 1'),
        format: 'adversarial',
        formatOptions: { rounds: 1 },
      }).result;
      return Object.values(outcome.details!.positions as Record<string, { text: string }>).map((p) => p.text);
    };
    expect(await positionsOf(['7', '7', '9'])).toEqual(['7', '7', '9']);
    expect(await positionsOf(['7', '8', '9', '7'])).toEqual(['7', '8', '8', '7']);
  });

  it('with sides given: no opening round, debater i takes sides[i % n]', async () => {
    const a = debater('a', 'unused');
    const b = debater('b', 'unused');
    const judge = scripted('judge', 'Final answer: yes');
    const handle = runDebate({
      question: 'Q?',
      participants: [a, b],
      judge,
      format: 'adversarial',
      formatOptions: { rounds: 2, sides: ['The answer is yes.', 'The answer is no.'], judgeEachRound: false },
    });
    const events = await collect(handle);
    const { outcome } = await handle.result;
    expect(turnStarts(events)).toEqual([
      'turn-start a argument 1',
      'turn-start b argument 1',
      'turn-start a argument 2',
      'turn-start b argument 2',
      'turn-start judge verdict 2',
    ]);
    expect(sent(a.model.calls[0])).toContain('Your side: The answer is yes.');
    expect(sent(b.model.calls[0])).toContain('Your side: The answer is no.');
    expect(sent(judge.model.calls[0])).toContain(
      'Debater A takes the side: The answer is yes.\nDebater B takes the side: The answer is no.',
    );
    expect(outcome).toMatchObject({
      stopReason: 'completed',
      answer: 'yes',
      details: { positionsFrom: 'sides' },
    });
  });

  it('gives a final verdict after the last round; a failed judge leaves the vote, here a deadlock', async () => {
    const judge = scripted('judge', (_r, call) =>
      call < 1 ? 'Verdict: continue' : 'The first side wins.\nFinal answer: yes',
    );
    const ok = await runDebate({
      question: 'Q?',
      participants: [debater('pro', 'yes'), debater('con', 'no')],
      judge,
      format: 'adversarial',
      formatOptions: { rounds: 2 },
    }).result;
    expect(ok.outcome).toMatchObject({ stopReason: 'completed', answer: 'yes', decidedBy: 'judge' });
    expect(ok.calls).toBe(8);

    const broken = scripted('judge', {
      fail: { afterChunks: 0, error: { kind: 'auth', message: 'bad key' } },
    });
    const failed = await runDebate({
      question: 'Q?',
      participants: [debater('pro', 'yes'), debater('con', 'no')],
      judge: broken,
      format: 'adversarial',
      formatOptions: { rounds: 1 },
    }).result;
    expect(failed.outcome).toMatchObject({
      stopReason: 'deadlock',
      details: { judgeFailed: true, tie: ['yes', 'no'] },
    });
  });

  it('counts the opening round in a maxRounds budget, and the estimate matches the calls', async () => {
    const options = {
      question: 'Q?',
      participants: [debater('a', '1'), debater('b', '2')],
      judge: scripted('judge', 'Verdict: continue'),
      format: 'adversarial' as const,
      budget: { maxRounds: 2 },
    };
    const { outcome, calls } = await runDebate(options).result;
    expect(estimateDebate(options).calls).toBe(5);
    expect(calls).toBe(5); // 2 answers, 2 arguments, the final verdict
    expect(outcome.details).toMatchObject({ rounds: 1 });
  });

  it('replays with the same positions, prompts and verdict (the opening round included)', async () => {
    const judge = scripted('judge', (_r, call) =>
      call === 0 ? 'Verdict: continue' : 'Verdict: decided\nFinal answer: 7',
    );
    const first = await runDebate({
      question: 'Q?',
      participants: [debater('a', '7'), debater('b', '8')],
      judge,
      format: 'adversarial',
      seed: 4,
    }).result;
    const again = await replayDebate(parseTranscript(serializeTranscript(first.transcript))).result;
    const prompts = (t: typeof first.transcript) =>
      t.turns.map((turn) => [turn.participantId, turn.phase, turn.prompt]);
    expect(prompts(again.transcript)).toEqual(prompts(first.transcript));
    expect(again.outcome).toEqual(first.outcome);
    expect(first.outcome).toMatchObject({
      stopReason: 'judge',
      answer: '7',
      details: { positionsFrom: 'first-answers' },
    });
  });

  it('announces the positions in a sides event as soon as they are decided, and a replay announces the same', async () => {
    const handle = runDebate({
      question: 'Q?',
      participants: [debater('a', '7'), debater('b', '8')],
      judge: scripted('judge', 'Verdict: decided\nFinal answer: 7'),
      format: 'adversarial',
      formatOptions: { rounds: 1 },
    });
    const events = await collect(handle);
    const { transcript } = await handle.result;
    const at = events.findIndex((e) => e.type === 'sides');
    const sides = events[at];
    expect(sides).toMatchObject({
      type: 'sides',
      round: 2,
      from: 'first-answers',
      sides: [
        { participantId: 'a', letter: 'A', kind: 'defend', text: '7', position: 'defends "7".' },
        { participantId: 'b', letter: 'B', kind: 'defend', text: '8', position: 'defends "8".' },
      ],
    });
    expect(sides).toMatchObject({
      runId: expect.any(String),
      seq: expect.any(Number),
      at: expect.any(String),
    });
    // After the opening answers, before the first argued round starts.
    const types = events.map((e) => `${e.type}${'phase' in e ? ` ${e.phase}` : ''}`);
    expect(types.lastIndexOf('turn-end answer')).toBeLessThan(at);
    expect(types.indexOf('round-start argument')).toBe(at + 1);
    expect(JSON.parse(JSON.stringify(sides))).toEqual(sides);

    const replayed = await collect(replayDebate(parseTranscript(serializeTranscript(transcript))));
    const strip = ({ runId: _r, at: _a, ...rest }: DebateEvent) => rest;
    expect(replayed.filter((e) => e.type === 'sides').map(strip)).toEqual([strip(sides!)]);
  });

  it('announces given sides before the first round, and the agreed answer with one side against it', async () => {
    const given = await collect(
      runDebate({
        question: 'Q?',
        participants: [debater('a', 'x'), debater('b', 'x'), debater('c', 'x')],
        judge: scripted('judge', 'Final answer: yes'),
        format: 'adversarial',
        formatOptions: { rounds: 1, sides: ['You are the PROPONENT.', 'You are the CRITIC.'] },
      }),
    );
    expect(given[1]).toMatchObject({
      type: 'sides',
      round: 1,
      from: 'sides',
      sides: [
        { participantId: 'a', letter: 'A', kind: 'side', position: 'takes the side: You are the PROPONENT.' },
        { participantId: 'b', letter: 'B', kind: 'side', position: 'takes the side: You are the CRITIC.' },
        { participantId: 'c', letter: 'C', kind: 'side', text: 'You are the PROPONENT.' },
      ],
    });
    const agreed = await collect(
      runDebate({
        question: 'Q?',
        participants: [debater('a', '42'), debater('b', '42')],
        judge: scripted('judge', 'Final answer: 42'),
        format: 'adversarial',
        formatOptions: { rounds: 1 },
      }),
    );
    expect(agreed.find((e) => e.type === 'sides')).toMatchObject({
      from: 'agreement',
      sides: [
        { kind: 'defend', position: 'defends "42".' },
        { kind: 'oppose', position: 'argues against "42".' },
      ],
    });
  });
});
