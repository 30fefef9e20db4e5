import { scriptedModel } from '@trialogue/core/testing';
import { type DebateEvent, estimateDebate, runDebate } from '@trialogue/debate';
import { catalogue } from '@trialogue/providers';
import { describe, expect, it } from 'vitest';
import { DebateSession } from '../src/debate/session.js';
import { debateOptions, estimateOptions, participantNames, roleOf } from '../src/debate/setup.js';

const panelist = (id: string, reply: string) => ({
  id,
  model: scriptedModel({ modelId: id, reply: `Working.\nFinal answer: ${reply}\nConfidence: 0.8` }),
});

describe('DebateSession (the debate view without a DOM)', () => {
  it('builds rounds, turns, votes, consensus and the outcome from a roundtable run', async () => {
    const handle = runDebate({
      question: 'What is 17 * 23?',
      participants: [panelist('a', '391'), panelist('b', '391'), panelist('c', '401')],
      format: 'roundtable',
    });
    const session = new DebateSession();
    for await (const event of handle) session.apply(event);
    const [exchange] = session.exchanges;
    expect(session.running).toBe(false);
    expect(exchange?.rounds.map((r) => [r.round, r.phase, r.turns.length])).toEqual([
      [1, 'answer', 3],
      [2, 'review', 3],
      [3, 'consensus', 3],
    ]);
    const first = exchange!.rounds[0]!.turns[0]!;
    expect(first).toMatchObject({ status: 'done', answer: expect.any(String), confidence: 0.8 });
    expect(first.text).toContain('Final answer');
    expect(exchange!.rounds.some((r) => r.votes.length > 0)).toBe(true);
    expect(exchange!.rounds.some((r) => r.consensus)).toBe(true);
    expect(exchange!.end?.outcome.answer).toBe('391');
    expect(session.nameOf('a')).toBe('a');
  });

  it('marks turns cut by a stop as stopped, keeping their partial text', async () => {
    const slow = (id: string) => ({
      id,
      model: scriptedModel({
        modelId: id,
        reply: { text: 'one two three four five six seven eight', delayMs: 30 },
      }),
    });
    const handle = runDebate({ question: 'Slowly?', participants: [slow('a'), slow('b')], format: 'vote' });
    const session = new DebateSession();
    let deltas = 0;
    for await (const event of handle) {
      session.apply(event);
      if (event.type === 'turn-delta' && ++deltas === 4) handle.stop();
    }
    const turns = session.current!.rounds.flatMap((r) => r.turns);
    expect(turns.map((t) => t.status)).toEqual(['stopped', 'stopped']);
    expect(turns.some((t) => t.text.length > 0)).toBe(true);
    expect(session.current!.end?.stopReason).toBe('aborted');
  });

  it("labels each adversarial argument turn with its debater's side, not the opening answers", async () => {
    const handle = runDebate({
      question: 'What is 17 * 23?',
      participants: [panelist('a', '391'), panelist('b', '401')],
      judge: { id: 'judge', model: scriptedModel({ modelId: 'judge', reply: 'Final answer: 391' }) },
      format: 'adversarial',
      formatOptions: { rounds: 1 },
    });
    const session = new DebateSession();
    for await (const event of handle) session.apply(event);
    const turns = session.current!.rounds.flatMap((r) => r.turns);
    expect(turns.map((t) => [t.participantId, t.phase, t.side])).toEqual([
      ['a', 'answer', undefined],
      ['b', 'answer', undefined],
      ['a', 'argument', 'Debater A: defends "391".'],
      ['b', 'argument', 'Debater B: defends "401".'],
      ['judge', 'verdict', undefined],
    ]);
  });

  it('ignores events of an unknown turn and events before run-start', () => {
    const session = new DebateSession();
    const stray = {
      type: 'turn-delta',
      runId: 'r',
      seq: 1,
      at: '',
      turnId: 'x',
      participantId: 'a',
      round: 1,
      phase: 'answer',
      kind: 'text',
      text: 'hi',
    } as DebateEvent;
    expect(session.apply(stray)).toBeUndefined();
    expect(session.exchanges).toEqual([]);
  });
});

describe('the debate set-up', () => {
  it('gives readable, unique participant ids and labels from the catalogue', () => {
    expect(
      participantNames(
        ['openai:gpt-4.1-mini', 'openai:gpt-4.1-mini', 'openrouter:qwen/qwen3-coder:free'],
        catalogue,
      ),
    ).toEqual([
      { ref: 'openai:gpt-4.1-mini', id: 'gpt-4.1-mini', label: 'GPT-4.1 mini' },
      { ref: 'openai:gpt-4.1-mini', id: 'gpt-4.1-mini-2', label: 'GPT-4.1 mini #2' },
      { ref: 'openrouter:qwen/qwen3-coder:free', id: 'qwen-qwen3-coder-free', label: 'Qwen3 Coder (free)' },
    ]);
  });

  it('puts the judge or chair under its own id, and rounds or layers where the format takes them', async () => {
    const resolve = (ref: string) =>
      scriptedModel({ provider: ref.split(':')[0], modelId: ref.split(':')[1], reply: '' });
    const adversarial = await debateOptions(
      {
        question: 'Q?',
        format: 'adversarial',
        models: ['openai:gpt-4.1-mini', 'groq:llama-3.3-70b-versatile'],
        roleModel: 'openai:gpt-4.1-mini',
        count: 2,
        budget: { maxCostUsd: 0.5 },
      },
      resolve,
      catalogue,
    );
    expect(adversarial.judge).toMatchObject({ id: 'judge', label: 'Judge (GPT-4.1 mini)' });
    expect(adversarial.formatOptions).toEqual({ rounds: 2 });
    expect(adversarial.budget).toEqual({ maxCostUsd: 0.5 });
    const moa = await debateOptions(
      { question: 'Q?', format: 'moa', models: ['openai:gpt-4.1-mini'], count: 3, budget: {} },
      resolve,
      catalogue,
    );
    expect(moa.formatOptions).toEqual({ layers: 3 });
    expect(moa.budget).toBeUndefined();
    expect(roleOf('vote')).toBeUndefined();
    expect(roleOf('council')).toEqual({ role: 'chair', required: false });
  });

  it('estimates through estimateDebate without resolving or calling any model', async () => {
    const options = await estimateOptions(
      {
        question: 'Q?',
        format: 'roundtable',
        models: ['openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5'],
        budget: {},
      },
      catalogue,
    );
    const estimate = estimateDebate(options);
    expect(estimate.calls).toBe(6);
    expect(estimate.costUsd).toBeGreaterThan(0);
    await expect(
      Promise.resolve().then(() => options.participants[0]!.model.generate({ messages: [] })),
    ).rejects.toThrow(/never calls/);
  });
});
