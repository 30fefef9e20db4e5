import { type ChatRequest, makeUsage, rememberSecret } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/eval/evaluate.js';
import { formatEvalReport } from '../src/eval/format-report.js';
import { vote, voteOutcome } from '../src/formats/parts/aggregation.js';
import type { DebateFormat } from '../src/formats/types.js';
import { arithmeticTask } from '../src/tasks/arithmetic.js';
import { parseTaskJsonl } from '../src/tasks/load.js';
import { evaluateExpression, expressionOf } from './tasks-expression.js';

const tasks = arithmeticTask({ n: 10, seed: 11 });
const indexOf = new Map(tasks.map((task, index) => [expressionOf(task.question)!, index]));

/** Everything the model was sent, as one string. */
const sentText = (request: ChatRequest) =>
  [request.system ?? '', ...request.messages.map((m) => m.content)].join('\n');

/** The true value of the item's expression, computed from the question the model received. */
function truthOf(request: ChatRequest): { index: number; truth: number } {
  const expression = expressionOf(sentText(request))!;
  const truth = evaluateExpression(expression);
  return { index: indexOf.get(expression)!, truth };
}

const USAGE = makeUsage({ inputTokens: 10, outputTokens: 5 });
const PRICE = { inputPerMillion: 100, outputPerMillion: 200 }; // 0.001 + 0.001 dollars per call

/**
 * A model that knows the answer to the items in `knows` and otherwise says truth + 1; shown another
 * participant's correct answer (in a revision round), it adopts it.
 */
function student(id: string, knows: number[]) {
  const model = scriptedModel({
    provider: 'scripted',
    modelId: id,
    reply: (request) => {
      const { index, truth } = truthOf(request);
      const shownRight = new RegExp(`Final answer: ${truth}(?![0-9])`).test(sentText(request));
      const right = knows.includes(index) || shownRight;
      return { text: `Let me compute.\nFinal answer: ${right ? truth : truth + 1}\n`, usage: USAGE };
    },
  });
  return { id, model, price: PRICE };
}

/** Two rounds: everyone answers alone, then everyone revises having read the others; majority of round 2. */
const answerThenRevise: DebateFormat = {
  name: 'answer-then-revise',
  minParticipants: 1,
  plan: ({ participants }) =>
    Array.from({ length: 2 * participants }, (_, i) => ({
      speaker: i % participants,
      phase: i < participants ? 'answer' : 'revise',
      reads: i < participants ? 0 : participants - 1,
    })),
  async run(ctx) {
    ctx.startRound(1, 'answer', ctx.participants);
    const first = await ctx.runTurns(
      1,
      ctx.participants.map((participant) => ({
        participant,
        phase: 'answer',
        system: 'Answer.',
        prompt: ctx.question,
      })),
    );
    ctx.startRound(2, 'revise', ctx.participants);
    const second = await ctx.runTurns(
      2,
      ctx.participants.map((participant) => ({
        participant,
        phase: 'revise',
        system: 'Revise your answer.',
        prompt: `${ctx.question}\n\nOther answers:\n${first
          .filter((turn) => turn.participantId !== participant.id)
          .map((turn) => ctx.quote(turn.participantId, turn.text))
          .join('\n')}`,
      })),
    );
    return voteOutcome(vote(ctx, 2, second), 'completed');
  },
};

describe('evaluate', () => {
  it('scores a debate and its compute-matched vote on scripted models with known accuracy', async () => {
    // Item 0: everyone knows it; 1: a and b; 2, 3: a only; 4, 5: b only; 6: c only; 7-9: nobody.
    const a = student('a', [0, 1, 2, 3]);
    const b = student('b', [0, 1, 4, 5]);
    const c = student('c', [0, 6]);
    const progress: { completed: number; format: number; baseline?: number }[] = [];
    const report = await evaluate({
      tasks,
      participants: [a, b, c],
      format: answerThenRevise,
      seed: 4,
      onProgress: (p) => progress.push({ completed: p.completed, ...p.accuracy }),
    });
    expect(progress.at(-1)).toEqual({ completed: 10, format: 0.7, baseline: 0.2 });
    expect(progress[0]).toEqual({ completed: 1, format: 1, baseline: 1 });

    // The debate: anyone right in round 1 convinces the others in round 2, so items 0-6 are right.
    expect(report.arms.format).toMatchObject({
      name: 'answer-then-revise',
      n: 10,
      correct: 7,
      accuracy: 0.7,
    });
    expect(report.arms.format).toMatchObject({
      calls: 60,
      tokens: 900,
      inputTokens: 600,
      outputTokens: 300,
      failures: 0,
    });
    expect(report.arms.format.costUsd).toBeCloseTo(0.12, 10);
    // The vote: 6 samples per item (2 per model); only items 0 and 1 have a right majority.
    expect(report.arms.baseline).toMatchObject({
      name: 'vote',
      n: 10,
      correct: 2,
      accuracy: 0.2,
      calls: 60,
      tokens: 900,
    });
    expect(report.arms.baseline!.costUsd).toBeCloseTo(0.12, 10);
    expect(report.items.map((i) => i.baseline!.samples)).toEqual(Array(10).fill(6));
    expect(report.items.map((i) => i.format.correct)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(report.items.map((i) => i.baseline!.correct)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(report.items[7]!.format.answer).toBe(String(Number(tasks[7]!.answer) + 1));

    // 5 items right only with the debate, none only with the vote: exact p = 2 / 2^5.
    expect(report.mcnemar).toMatchObject({ b: 5, c: 0, method: 'exact', significant: false });
    expect(report.mcnemar!.pValue).toBeCloseTo(0.0625, 12);
    // Both arms talked to the same models: 2 format calls + 2 vote samples per item each.
    for (const p of [a, b, c]) expect(p.model.calls).toHaveLength(40);

    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(formatEvalReport(report)).toContain('| answer-then-revise | 70.0% (7/10) |');
  });

  it('matches the vote to the calls a built-in format made, item by item', async () => {
    const participants = [student('a', [0, 1, 2]), student('b', [0, 3]), student('c', [4])];
    const report = await evaluate({
      tasks: tasks.slice(0, 5),
      participants,
      format: 'society',
      formatOptions: { rounds: 2 },
    });
    for (const item of report.items) {
      expect(item.format.calls).toBeGreaterThan(0);
      expect(item.baseline).toMatchObject({
        samples: item.format.calls,
        calls: item.format.calls,
        samplesFrom: 'actual',
      });
    }
    expect(report.arms.baseline!.calls).toBe(report.arms.format.calls);
  });

  it('runs a user task file (multiple choice and text) through a built-in format', async () => {
    const file = [
      '{"id": "planet", "question": "Which planet is largest?", "choices": ["Mars", "Jupiter", "Venus"], "answer": "Jupiter"}',
      '{"id": "metal", "question": "Which is a metal?", "choices": ["Iron", "Wood"], "answer": "A"}',
      '{"id": "capital", "question": "What is the capital of Australia?", "answer": "Canberra"}',
      '{"id": "gas", "question": "Which is a noble gas?", "choices": ["Neon", "Oxygen"], "answer": "Neon"}',
    ].join('\n');
    const replies: Record<string, string> = {
      'Which planet': 'Jupiter is the largest.\nFinal answer: **(B) Jupiter**',
      'Which is a metal': 'Final answer: a.',
      'capital of Australia': 'Many say Sydney, but it is Canberra.\nFinal answer: Canberra.',
      'noble gas': 'Final answer: B', // wrong
    };
    const model = scriptedModel({
      reply: (request) => {
        const text = sentText(request);
        const key = Object.keys(replies).find((k) => text.includes(k))!;
        return replies[key]!;
      },
    });
    const participants = ['a', 'b', 'c'].map((id) => ({ id, model }));
    const report = await evaluate({ tasks: parseTaskJsonl(file), participants, format: 'roundtable' });
    expect(report.items.map((i) => [i.id, i.expected, i.format.answer, i.baseline!.answer])).toEqual([
      ['planet', 'B', 'B', 'B'],
      ['metal', 'A', 'A', 'A'],
      ['capital', 'canberra', 'canberra', 'canberra'],
      ['gas', 'A', 'B', 'B'],
    ]);
    expect(report.arms.format).toMatchObject({ correct: 3, n: 4, accuracy: 0.75 });
    expect(report.arms.baseline).toMatchObject({ correct: 3, n: 4 });
    expect(report.mcnemar).toMatchObject({
      b: 0,
      c: 0,
      pValue: 1,
      verdict: 'no significant difference (p=1)',
    });
  });

  it('counts failed turns and goes on without the failing participant', async () => {
    const broken = {
      id: 'broken',
      model: scriptedModel({
        reply: {
          text: 'Let me',
          fail: { afterChunks: 1, error: { kind: 'overloaded', message: 'Overloaded.' } },
        },
      }),
    };
    const report = await evaluate({
      tasks: tasks.slice(0, 3),
      participants: [student('a', [0, 1, 2]), student('b', [0, 1, 2]), broken],
      format: answerThenRevise,
      baseline: false,
    });
    expect(report.arms.format).toMatchObject({ correct: 3, failures: 0 });
    // The broken participant fails its first turn on each item and is dropped for round 2.
    expect(report.arms.format.failedTurns).toBe(3);
    expect(report.items.every((i) => i.format.calls === 5)).toBe(true);
  });

  it("never puts an API key into the report, even from a failing model's error", async () => {
    const canary = 'sk-canary-0123456789abcdefCANARY';
    rememberSecret(canary);
    const leaky = {
      id: 'leaky',
      model: scriptedModel({
        reply: {
          text: 'Final answer: 1',
          fail: { afterChunks: 0, error: { kind: 'auth', message: `Bad key ${canary}` } },
        },
      }),
    };
    const report = await evaluate({
      tasks: tasks.slice(0, 2),
      participants: [student('a', [0, 1]), leaky],
      format: answerThenRevise,
      keepTranscripts: true,
    });
    expect(report.arms.format.failedTurns).toBe(2);
    expect(report.items[0]!.format.transcript!.turns.some((t) => t.error?.kind === 'auth')).toBe(true);
    const json = JSON.stringify(report);
    expect(json).not.toContain(canary);
    expect(formatEvalReport(report, { items: true })).not.toContain(canary);
  });

  it('rejects a configuration the engine cannot run before scoring anything', async () => {
    await expect(
      evaluate({ tasks, participants: [student('a', [])], format: 'society', formatOptions: { rounds: -1 } }),
    ).rejects.toMatchObject({ kind: 'invalid-request' });
  });
});
