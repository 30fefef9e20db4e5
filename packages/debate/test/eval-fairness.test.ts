import type { ChatRequest } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { type EvalTieBreak, evaluate, formatEvalReport } from '../src/index.js';
import { seededRandom } from '../src/run/random.js';
import { arithmeticTask } from '../src/tasks/arithmetic.js';
import { evaluateExpression, expressionOf } from './tasks-expression.js';

const tasks = arithmeticTask({ n: 60, seed: 5 });

/**
 * Two models that are each right half the time, with wrong answers of their own (A says truth + 1,
 * B says truth + 2): when they disagree, only the tie rule decides. `random` draws from one stream
 * per A/A seed, so every evaluation is reproducible.
 */
function pair(seed: number) {
  const random = seededRandom(seed * 7919 + 1);
  const model = (id: string, offset: number) =>
    scriptedModel({
      modelId: id,
      reply: (request: ChatRequest) => {
        const truth = evaluateExpression(expressionOf(request.messages.at(-1)!.content)!);
        return `Final answer: ${random() < 0.5 ? truth : truth + offset}`;
      },
    });
  return [
    { id: 'A', model: model('A', 1) },
    { id: 'B', model: model('B', 2) },
  ];
}

/** How many of `seeds` A/A evaluations of the vote format declare a significant difference. */
async function falsePositives(seeds: number, tieBreak?: EvalTieBreak) {
  let significant = 0;
  for (let seed = 0; seed < seeds; seed++) {
    const report = await evaluate({
      tasks,
      participants: pair(seed),
      format: 'vote',
      seed,
      concurrency: 4,
      ...(tieBreak ? { tieBreak } : {}),
    });
    if (report.mcnemar!.significant) significant++;
  }
  return significant;
}

describe('evaluate() settles ties by one rule in both arms', () => {
  it('A/A: the vote format against the vote baseline, over 200 seeds, differs significantly in about 5% at most', async () => {
    const significant = await falsePositives(200);
    // McNemar at alpha 0.05 (exact below 25 discordant items): about 5% by chance, no more. (Measured:
    // 4 of 200; with the old rule, deadlock in the format against a random tie-break in the
    // baseline, 151 of 200.)
    expect(significant / 200).toBeLessThanOrEqual(0.06);
  }, 60_000);

  it('A/A with tieBreak: none (ties are deadlocks in both arms) holds too', async () => {
    const significant = await falsePositives(40, 'none');
    expect(significant / 40).toBeLessThanOrEqual(0.075);
  }, 60_000);

  it('says in the report, and in print, which rule settled ties', async () => {
    const random = await evaluate({ tasks: tasks.slice(0, 4), participants: pair(1), format: 'vote' });
    expect(random.tieBreak).toBe('random');
    expect(formatEvalReport(random)).toContain(
      "Ties for first place: broken at random with each item's seed, in both arms.",
    );
    const none = await evaluate({
      tasks: tasks.slice(0, 4),
      participants: pair(1),
      format: 'vote',
      tieBreak: 'none',
    });
    expect(none.tieBreak).toBe('none');
    expect(formatEvalReport(none)).toContain(
      'Ties for first place: no answer (a deadlock, scored wrong), in both arms.',
    );
    // A tie in the format's run is then a deadlock, as in the baseline's.
    const deadlocks = none.items.filter((i) => i.format.stopReason === 'deadlock').length;
    expect(deadlocks).toBeGreaterThan(0);
    expect(none.items.filter((i) => i.baseline!.stopReason === 'deadlock').length).toBeGreaterThan(0);
  });

  it('takes the format’s own formatOptions.tieBreak as the rule of both arms, and refuses two rules that disagree', async () => {
    const report = await evaluate({
      tasks: tasks.slice(0, 2),
      participants: pair(2),
      format: 'society',
      formatOptions: { rounds: 1, tieBreak: 'random' },
    });
    expect(report.tieBreak).toBe('random');
    await expect(
      evaluate({
        tasks: tasks.slice(0, 2),
        participants: pair(2),
        format: 'society',
        formatOptions: { tieBreak: 'random' },
        tieBreak: 'none',
      }),
    ).rejects.toMatchObject({ kind: 'invalid-request', message: expect.stringContaining('disagree') });
  });
});
