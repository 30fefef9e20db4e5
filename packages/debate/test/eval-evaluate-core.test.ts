import { readFile } from 'node:fs/promises';
import { createTranscript, invalidRequest, makeUsage, TrialogueError } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { type EvalRunner, evaluateWith } from '../src/eval/evaluate.js';
import { formatEvalReport } from '../src/eval/format-report.js';
import { wilsonInterval } from '../src/eval/wilson-interval.js';
import type { DebateOptions, DebateResult } from '../src/run/options.js';
import { loadTasks } from '../src/tasks/load.js';

const participants = [
  { id: 'a', model: scriptedModel({ provider: 'p', modelId: 'm1', reply: 'unused' }) },
  { id: 'b', model: scriptedModel({ provider: 'p', modelId: 'm2', reply: 'unused' }) },
];
const tasks = loadTasks(
  [1, 2, 3, 4, 5].map((x) => ({ id: `q${x}`, question: `What is ${x}+${x}?`, answer: 2 * x })),
);

/** A fake engine: each run answers `answer(options)`, costs `calls` calls of 10 tokens each. */
function fakeRunner(
  answer: (options: DebateOptions) => string | undefined | Promise<string | undefined>,
  calls: (options: DebateOptions) => number,
): EvalRunner & { runs: DebateOptions[] } {
  const runs: DebateOptions[] = [];
  return {
    runs,
    estimateCalls: () => 7,
    run(options) {
      runs.push(options);
      const result = (async (): Promise<DebateResult> => {
        const text = await answer(options);
        const n = calls(options);
        return {
          transcript: createTranscript({ kind: 'debate' }),
          outcome: { stopReason: 'completed', ...(text === undefined ? {} : { answer: text }) },
          usage: makeUsage({ inputTokens: 6 * n, outputTokens: 4 * n }),
          cost: 0.001 * n,
          calls: n,
        };
      })();
      return { result };
    },
  };
}

const sumOf = (question: string) => {
  const [, x] = /What is (\d+)\+/.exec(question)!;
  return 2 * Number(x);
};

describe('evaluate (engine-independent core)', () => {
  it('matches the vote to the calls the format actually made on each item', async () => {
    const runner = fakeRunner(
      (o) => `Final answer: ${sumOf(o.question!)}`,
      (o) => (o.format === 'vote' ? (o.formatOptions!.samples as number) : sumOf(o.question!) / 2 + 1),
    );
    const report = await evaluateWith(runner, { tasks, participants, format: 'society' });
    const votes = runner.runs.filter((r) => r.format === 'vote');
    expect(votes.map((r) => r.formatOptions)).toEqual(
      [2, 3, 4, 5, 6].map((samples) => ({ samples, tieBreak: 'random' })),
    );
    expect(report.arms.format.calls).toBe(20);
    expect(report.arms.baseline!.calls).toBe(20);
    expect(report.arms.format.tokens).toBe(200);
    expect(report.arms.format.costUsd).toBeCloseTo(0.02, 10);
    expect(report.items.every((i) => i.baseline!.samplesFrom === 'actual')).toBe(true);
  });

  it('passes the task extractor and a per-item seed to both arms, and roles only to the format', async () => {
    const judge = { id: 'j', model: scriptedModel({ reply: 'x' }) };
    const runner = fakeRunner(
      () => 'Final answer: 0',
      () => 1,
    );
    const report = await evaluateWith(runner, {
      tasks: tasks.slice(0, 2),
      participants,
      format: 'adversarial',
      formatOptions: { rounds: 1 },
      judge,
      seed: 5,
    });
    expect(report.participants.map((p) => `${p.id}:${p.role ?? 'debater'}`)).toEqual([
      'a:debater',
      'b:debater',
      'j:judge',
    ]);
    expect(report.formatOptions).toEqual({ rounds: 1 });
    expect(formatEvalReport(report)).toContain('participants: p:m1, p:m2, scripted:scripted (judge).');
    const [f1, v1, f2] = runner.runs;
    expect(f1!.judge).toBe(judge);
    expect(v1!.judge).toBeUndefined();
    expect(v1!.seed).toBe(f1!.seed);
    expect(f2!.seed).not.toBe(f1!.seed);
    expect(f1!.answer!('Final answer: 1,000')).toBe('1000');
  });

  it('falls back to the estimate when the format made no call, and records a failed run', async () => {
    const runner = fakeRunner(
      (o) => {
        if (o.format !== 'vote' && o.question!.startsWith('What is 1+')) {
          throw new Error('engine exploded near sk-canary-0123456789abcdefCANARY');
        }
        return `Final answer: ${sumOf(o.question!)}`;
      },
      (o) => (o.format === 'vote' ? 1 : 3),
    );
    const report = await evaluateWith(runner, { tasks, participants, format: 'society' });
    const first = report.items[0]!;
    expect(first.format).toMatchObject({
      answer: null,
      correct: false,
      stopReason: 'error',
      error: 'engine exploded near [redacted]',
      calls: 0,
    });
    expect(JSON.stringify(report)).not.toContain('CANARY');
    expect(first.baseline).toMatchObject({ samples: 7, samplesFrom: 'estimate', correct: true });
    expect(report.arms.format).toMatchObject({ correct: 4, n: 5, failures: 1 });
    expect(report.arms.baseline).toMatchObject({ correct: 5, failures: 0 });
    expect(report.mcnemar).toMatchObject({ b: 0, c: 1, pValue: 1 });
  });

  it('reads an answer the format already extracted ("B") as well as a full text', async () => {
    const choice = loadTasks([{ question: 'Pick', choices: ['x', 'y'], answer: 'y' }]);
    const runner = fakeRunner(
      (o) => (o.format === 'vote' ? 'B' : 'Thinking...\nFinal answer: (B) y'),
      () => 1,
    );
    const report = await evaluateWith(runner, { tasks: choice, participants, format: 'roundtable' });
    expect(report.items[0]!.format.answer).toBe('B');
    expect(report.items[0]!.baseline!.answer).toBe('B');
    expect(report.arms.format.accuracy).toBe(1);
  });

  it('falls back to the last complete turn when a run ends without an answer, but not on a deadlock', async () => {
    const turn = (text: string, error = false) => ({
      id: text,
      participantId: 'a',
      role: 'assistant' as const,
      text,
      ...(error
        ? {
            error: {
              name: 'TrialogueError' as const,
              kind: 'network' as const,
              message: 'cut',
              retryable: true,
              phase: 'stream' as const,
            },
          }
        : {}),
    });
    const runner: EvalRunner = {
      estimateCalls: () => 1,
      run: (o) => ({
        result: Promise.resolve({
          transcript: {
            ...createTranscript({ kind: 'debate' }),
            turns: [turn('Final answer: 2'), turn('Final answer: 9', true)],
          },
          outcome: { stopReason: o.format === 'vote' ? 'deadlock' : 'budget' },
          calls: 2,
        }),
      }),
    };
    const report = await evaluateWith(runner, { tasks: tasks.slice(0, 1), participants, format: 'society' });
    expect(report.items[0]!.format).toMatchObject({
      answer: '2',
      correct: true,
      failedTurns: 1,
      stopReason: 'budget',
    });
    expect(report.items[0]!.baseline).toMatchObject({ answer: null, correct: false, stopReason: 'deadlock' });
    expect(report.arms.baseline!.failures).toBe(1);
  });

  it('stops at once on an invalid-request error from the engine (a bad configuration fails every item)', async () => {
    const runner = fakeRunner(
      () => {
        throw invalidRequest('society needs at least 2 participants.', 'too-few');
      },
      () => 1,
    );
    await expect(evaluateWith(runner, { tasks, participants, format: 'society' })).rejects.toThrow(
      /at least 2/,
    );
    expect(runner.runs).toHaveLength(1);
  });

  it('aborts the other items in flight when one hits a fatal error', async () => {
    let slowSignal: AbortSignal | undefined;
    const runner = fakeRunner(
      async (o) => {
        if (o.question!.startsWith('What is 1+')) {
          await new Promise((resolve) => setTimeout(resolve, 5));
          throw invalidRequest('bad format options', 'bad');
        }
        slowSignal = o.signal;
        if (!o.signal!.aborted)
          await new Promise((resolve) => o.signal!.addEventListener('abort', resolve, { once: true }));
        return undefined;
      },
      () => 1,
    );
    await expect(
      evaluateWith(runner, { tasks, participants, format: 'society', concurrency: 2 }),
    ).rejects.toThrow(/bad format options/);
    expect(slowSignal?.aborted).toBe(true);
    expect(runner.runs).toHaveLength(2);
  });

  it('keeps task order in the report whatever order items finish in', async () => {
    const progress: string[] = [];
    const runner = fakeRunner(
      async (o) => {
        const x = sumOf(o.question!);
        await new Promise((r) => setTimeout(r, (10 - x) * 3));
        return `Final answer: ${x}`;
      },
      () => 1,
    );
    const report = await evaluateWith(runner, {
      tasks,
      participants,
      format: 'society',
      baseline: false,
      concurrency: 5,
      onProgress: (p) => progress.push(`${p.completed}/${p.total}:${p.item.id}:${p.accuracy.format}`),
    });
    expect(report.items.map((i) => i.id)).toEqual(['q1', 'q2', 'q3', 'q4', 'q5']);
    expect(progress).toHaveLength(5);
    expect(progress[4]).toMatch(/^5\/5:q\d:1$/);
    expect(report.baseline).toBeNull();
    expect(report.arms.baseline).toBeUndefined();
    expect(report.mcnemar).toBeUndefined();
  });

  it('on abort, returns the finished items only and says it stopped', async () => {
    const controller = new AbortController();
    const runner = fakeRunner(
      (o) => {
        if (o.question!.startsWith('What is 3+')) controller.abort();
        return `Final answer: ${sumOf(o.question!)}`;
      },
      () => 1,
    );
    const report = await evaluateWith(runner, {
      tasks,
      participants,
      format: 'society',
      signal: controller.signal,
    });
    expect(report).toMatchObject({ stopReason: 'aborted', total: 5, completed: 2 });
    expect(report.items.map((i) => i.id)).toEqual(['q1', 'q2']);
    expect(formatEvalReport(report)).toContain('stopped early: 2 of 5 finished');
  });

  it('rejects bad options with a clear invalid-request error before any run', async () => {
    const runner = fakeRunner(
      () => 'x',
      () => 1,
    );
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ tasks: [] }, /"tasks" must be a non-empty list/],
      [{ participants: [] }, /"participants" must be a non-empty list/],
      [{ baseline: 'majority' }, /"baseline" must be 'vote' or false/],
      [{ concurrency: 0 }, /"concurrency" must be a whole number/],
      [{ tasks: [tasks[0], tasks[0]] }, /task id "q1" appears twice/],
      [{ tasks: [{ question: 'q' }] }, /task 1 needs string "id", "question" and "answer"/],
      [{ tasks: [{ ...tasks[0], normaliser: 'fuzzy' }] }, /task "q1" has unknown normaliser "fuzzy"/],
      [
        { tasks: [{ ...tasks[0], answer: 'many' }] },
        /the answer of task "q1" \("many"\) cannot be read as a "number" answer/,
      ],
    ];
    for (const [override, message] of cases) {
      const error = await evaluateWith(runner, {
        tasks,
        participants,
        format: 'society',
        ...override,
      } as never).catch((e) => e);
      expect(TrialogueError.is(error)).toBe(true);
      expect((error as TrialogueError).kind).toBe('invalid-request');
      expect((error as Error).message).toMatch(message);
    }
    expect(runner.runs).toHaveLength(0);
  });

  it('produces a JSON-serialisable report and a readable table', async () => {
    const runner = fakeRunner(
      (o) => `Final answer: ${o.format === 'vote' && o.question!.includes('5+') ? 0 : sumOf(o.question!)}`,
      () => 2,
    );
    const report = await evaluateWith(runner, { tasks, participants, format: 'society', seed: 3 });
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const text = formatEvalReport(report, { items: true });
    expect(text).toContain('## Evaluation: society vs compute-matched vote');
    expect(text).toContain('5 items, seed 3, participants: p:m1, p:m2.');
    expect(text).toContain('| society | 100.0% (5/5) | 56.6%–100.0% | 10 | 100 | $0.010 | 0 |');
    expect(text).toContain('| vote (compute-matched) | 80.0% (4/5) |');
    expect(text).toContain(
      '1 item right only with society, 0 right only with vote: no significant difference (p=1).',
    );
    expect(text).toContain('| q5 | 10 | ✓ 10 | ✗ 0 |');
  });
});

describe('the README', () => {
  it('shows an output table the report really prints (accuracy, interval, McNemar)', async () => {
    // 50 items: 37 right in both arms, 5 only with the format, 3 only with the vote, 5 in neither.
    const fifty = loadTasks(
      Array.from({ length: 50 }, (_, i) => ({ id: `q${i}`, question: `What is ${i}+${i}?`, answer: 2 * i })),
    );
    const right = (o: DebateOptions, i: number) =>
      i < 37 || (o.format === 'vote' ? i >= 42 && i < 45 : i >= 37 && i < 42);
    const runner = fakeRunner(
      (o) => {
        const i = sumOf(o.question!) / 2;
        if (o.format === 'vote' && i === 49) return undefined; // one vote run without an answer
        return `Final answer: ${right(o, i) ? 2 * i : -1}`;
      },
      () => 6,
    );
    const report = await evaluateWith(runner, { tasks: fifty, participants, format: 'society' });
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Evaluation'));
    const printed = formatEvalReport(report).split('\n');
    const upToInterval = (line: string) => line.split('|').slice(0, 4).join('|');
    for (const line of printed.filter((l) => l.startsWith('| '))) {
      const shown = section.split('\n').find((l) => upToInterval(l) === upToInterval(line));
      expect(shown, line).toBeDefined();
    }
    expect(section).toContain(printed.find((l) => l.startsWith('| Arm'))!);
    expect(section).toContain(printed.find((l) => l.startsWith('McNemar'))!);
    expect(report.arms.baseline!.failures).toBe(1);
    expect(section).toMatch(/\| vote \(compute-matched\) \|.*\| 1 \|$/m);
  });
});

describe('wilsonInterval', () => {
  // Reference: scipy.stats.binomtest(k, n).proportion_ci(method='wilson').
  it('matches the Wilson score interval', () => {
    const [lo, hi] = wilsonInterval(8, 10);
    expect(lo).toBeCloseTo(0.4901624715366418, 6);
    expect(hi).toBeCloseTo(0.9433178485456248, 6);
    expect(wilsonInterval(0, 10)[1]).toBeCloseTo(0.27753279986288926, 6);
    expect(wilsonInterval(10, 10)[0]).toBeCloseTo(0.7224672001371109, 6);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });
});
