import { describe, expect, it } from 'vitest';
import { loadTasks } from '../src/tasks/load.js';
import { isCorrect, scoringFor } from '../src/tasks/scoring.js';

const score = (record: Record<string, unknown>, reply: string) => {
  const [task] = loadTasks([{ question: 'q', ...record }]);
  const { extract, expected } = scoringFor(task!);
  return { answer: extract(reply), expected, correct: isCorrect(extract(reply), expected) };
};

describe('scoringFor', () => {
  it('matches numbers however they are written', () => {
    expect(score({ answer: 1234.5 }, 'Adding up...\nFinal answer: **1,234.50**')).toEqual({
      answer: '1234.5',
      expected: '1234.5',
      correct: true,
    });
    expect(score({ answer: '-19' }, 'Final answer: -19.')).toMatchObject({ correct: true });
    expect(score({ answer: '-19' }, 'Final answer: 19')).toMatchObject({ correct: false });
  });

  it('matches multiple-choice letters, whatever the decoration', () => {
    const record = { choices: ['red', 'green', 'blue'], answer: 'blue' };
    expect(score(record, 'I pick blue.\nFinal answer: (C) blue')).toMatchObject({
      answer: 'C',
      expected: 'C',
      correct: true,
    });
    expect(score(record, 'Final answer: B')).toMatchObject({ correct: false });
    // D is not an option of a three-choice task.
    expect(score(record, 'Final answer: D')).toMatchObject({ answer: undefined, correct: false });
  });

  it('matches the last \\boxed{} against the expected answer', () => {
    const record = { answer: '\\frac{1}{2}', normaliser: 'boxed' };
    expect(score(record, 'first \\boxed{1} then \\boxed{\\frac{1}{2}}')).toMatchObject({ correct: true });
    expect(score(record, 'no box here: 1/2')).toMatchObject({ answer: undefined, correct: false });
  });

  it('compares JSON structurally (key order does not matter)', () => {
    const record = { answer: { b: 2, a: [1, 'x'] } };
    expect(score(record, 'Here:\n```json\n{"a": [1, "x"], "b": 2}\n```')).toMatchObject({ correct: true });
    expect(score(record, '{"a": [1, "x"], "b": 3}')).toMatchObject({ correct: false });
  });

  it('compares text ignoring case, emphasis and final punctuation', () => {
    expect(score({ answer: 'Paris' }, 'Final answer: **paris.**')).toMatchObject({ correct: true });
    expect(score({ answer: 'Paris' }, 'Final answer: Lyon')).toMatchObject({ correct: false });
  });

  it('never counts a missing answer as correct', () => {
    expect(isCorrect(undefined, undefined)).toBe(false);
    expect(isCorrect('1', undefined)).toBe(false);
  });
});
