import { TrialogueError } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/run/random.js';
import { arithmeticTask } from '../src/tasks/arithmetic.js';
import { evaluateExpression, expressionOf } from './tasks-expression.js';

describe('arithmeticTask', () => {
  it('gives the same items for the same seed and different items for another seed', () => {
    const a = arithmeticTask({ n: 50, seed: 42 });
    const b = arithmeticTask({ n: 50, seed: 42 });
    const c = arithmeticTask({ n: 50, seed: 43 });
    expect(a).toEqual(b);
    expect(c.map((t) => t.question)).not.toEqual(a.map((t) => t.question));
  });

  it('pins the items of a seed, so published results stay reproducible', () => {
    const [first] = arithmeticTask({ n: 1, seed: 1 });
    expect(first).toEqual({
      id: 'arithmetic-1-1',
      question:
        'What is the result of 18+0*15+29-29*8? Make sure to state your answer at the end of the response, ' +
        'on a last line of the form "Final answer: <number>".',
      answer: '-185',
      normaliser: 'number',
    });
  });

  it('is a prefix-stable sequence: the first 10 of 50 items are the 10 items of n=10', () => {
    expect(arithmeticTask({ n: 10, seed: 5 })).toEqual(arithmeticTask({ n: 50, seed: 5 }).slice(0, 10));
  });

  it('asks the paper question in the a+b*c+d-e*f shape with six integers below 30', () => {
    const tasks = arithmeticTask({ n: 500, seed: 7 });
    const seen = new Set<number>();
    for (const task of tasks) {
      const expression = expressionOf(task.question);
      expect(expression).toMatch(/^\d+\+\d+\*\d+\+\d+-\d+\*\d+$/);
      const operands = expression!.split(/[+*-]/).map(Number);
      expect(operands).toHaveLength(6);
      for (const x of operands) {
        expect(Number.isInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(30);
        seen.add(x);
      }
      expect(task.question).toContain('Make sure to state your answer at the end of the response');
      expect(task.question).toContain('Final answer:');
    }
    // 3000 draws cover the whole range 0..29.
    expect(seen.size).toBe(30);
  });

  it('gives the right answer, by standard operator precedence', () => {
    for (const task of arithmeticTask({ n: 200, seed: 3 })) {
      expect(task.answer).toBe(String(evaluateExpression(expressionOf(task.question)!)));
      expect(task.normaliser).toBe('number');
    }
    // Sanity check of the independent evaluator itself.
    expect(evaluateExpression('1+2*3+4-5*6')).toBe(-19);
  });

  it('gives unique ids that name the seed', () => {
    const tasks = arithmeticTask({ n: 30, seed: 9 });
    expect(new Set(tasks.map((t) => t.id)).size).toBe(30);
    expect(tasks[0]!.id).toBe('arithmetic-9-1');
  });

  it('defaults to the paper size of 100 items', () => {
    expect(arithmeticTask()).toHaveLength(100);
  });

  it('rejects a bad n or seed with an invalid-request error', () => {
    for (const options of [{ n: 0 }, { n: 2.5 }, { n: -1 }, { n: Number.NaN }, { seed: 1.5 }]) {
      let error: unknown;
      try {
        arithmeticTask(options);
      } catch (e) {
        error = e;
      }
      expect(TrialogueError.is(error)).toBe(true);
      expect((error as TrialogueError).kind).toBe('invalid-request');
    }
  });
});

describe('seededRandom (mulberry32), as the arithmetic task uses it', () => {
  it('is deterministic and stays in [0, 1)', () => {
    const a = seededRandom(123);
    const b = seededRandom(123);
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    // Known first output of the reference implementation for seed 123.
    expect(seededRandom(123)()).toBeCloseTo(0.7872516233474016, 12);
  });
});
