import { TrialogueError } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { loadTasks, parseTaskJsonl } from '../src/tasks/load.js';

function errorOf(run: () => unknown): TrialogueError {
  try {
    run();
  } catch (error) {
    expect(TrialogueError.is(error)).toBe(true);
    return error as TrialogueError;
  }
  throw new Error('expected an error');
}

describe('parseTaskJsonl', () => {
  it('reads one task per line, skipping blank lines and a BOM', () => {
    const text =
      '\uFEFF{"question":"What is 6*7?","answer":42}\n\n{"id":"cap","question":"Capital of France?","answer":"Paris"}\r\n';
    const tasks = parseTaskJsonl(text);
    expect(tasks).toHaveLength(2);
    expect(tasks[0]).toMatchObject({ id: '1', answer: '42', normaliser: 'number' });
    expect(tasks[0]!.question.startsWith('What is 6*7?')).toBe(true);
    expect(tasks[1]).toMatchObject({ id: 'cap', answer: 'Paris', normaliser: 'text' });
  });

  it('names the line of invalid JSON', () => {
    const error = errorOf(() =>
      parseTaskJsonl('{"question":"a","answer":1}\n\n{"question": "b", answer: 2}\n'),
    );
    expect(error.kind).toBe('invalid-request');
    expect(error.code).toBe('invalid-task');
    expect(error.message).toMatch(/^Line 3: not valid JSON/);
  });

  it('names the line and the field that is missing', () => {
    expect(errorOf(() => parseTaskJsonl('{"question":"a","answer":1}\n{"question":"b"}')).message).toBe(
      'Line 2: missing "answer".',
    );
    expect(errorOf(() => parseTaskJsonl('{"answer":1}')).message).toBe('Line 1: missing "question".');
    expect(errorOf(() => parseTaskJsonl('[1,2]')).message).toMatch(/^Line 1: expected an object/);
    expect(errorOf(() => parseTaskJsonl('{"question":"  ","answer":1}')).message).toMatch(
      /^Line 1: "question" must be/,
    );
  });

  it('rejects duplicate ids, naming both lines', () => {
    const error = errorOf(() =>
      parseTaskJsonl('{"id":"x","question":"a","answer":1}\n{"id":"x","question":"b","answer":2}'),
    );
    expect(error.message).toBe('Line 2: id "x" is already used (Line 1).');
  });

  it('rejects an empty file', () => {
    expect(errorOf(() => parseTaskJsonl('\n  \n')).message).toMatch(/no tasks/);
  });

  it('rejects an unknown normaliser', () => {
    expect(
      errorOf(() => parseTaskJsonl('{"question":"a","answer":"b","normaliser":"fuzzy"}')).message,
    ).toMatch(/^Line 1: unknown normaliser "fuzzy"/);
  });
});

describe('loadTasks', () => {
  it('lists multiple-choice options and turns the answer text into its letter', () => {
    const [byText, byLetter] = loadTasks([
      { question: 'Which is a prime?', choices: ['4', '6', '7'], answer: '7' },
      { question: 'Which is even?', choices: ['3', '8'], answer: '(b)' },
    ]);
    expect(byText).toMatchObject({ answer: 'C', normaliser: 'choice', choices: ['4', '6', '7'] });
    expect(byText!.question).toContain('A) 4\nB) 6\nC) 7');
    expect(byText!.question).toContain('Final answer: <letter>');
    expect(byLetter!.answer).toBe('B');
  });

  it('rejects a multiple-choice answer that is no option', () => {
    expect(errorOf(() => loadTasks([{ question: 'q', choices: ['x', 'y'], answer: 'E' }])).message).toBe(
      'Task 1: "answer" "E" is neither a letter A-B nor the text of one of the choices.',
    );
  });

  it('infers the normaliser from the answer and keeps JSON answers as JSON text', () => {
    const tasks = loadTasks([
      { question: 'q1', answer: '1,234.5' },
      { question: 'q2', answer: { x: [1, 2] } },
      { question: 'q3', answer: 'blue' },
      { question: 'q4 \\boxed{}', answer: '\\frac{1}{2}', normaliser: 'boxed' },
    ]);
    expect(tasks.map((t) => t.normaliser)).toEqual(['number', 'json', 'text', 'boxed']);
    expect(tasks[1]!.answer).toBe('{"x":[1,2]}');
  });

  it('appends an answer-format instruction only where the question has none', () => {
    const [plain, own] = loadTasks([
      { question: 'What is 2+2?', answer: 4 },
      { question: 'What is 3+3? End with "Final answer: N".', answer: 6 },
    ]);
    expect(plain!.question).toBe(
      'What is 2+2?\n\nMake sure to state your answer at the end of the response, on a last line of the form "Final answer: <number>".',
    );
    expect(own!.question).toBe('What is 3+3? End with "Final answer: N".');
    expect(
      loadTasks([{ question: 'What is 2+2?', answer: 4 }], { answerInstruction: false })[0]!.question,
    ).toBe('What is 2+2?');
  });

  it('rejects an answer its normaliser can never match, naming the item', () => {
    expect(errorOf(() => loadTasks([{ question: 'q', answer: 'many', normaliser: 'number' }])).message).toBe(
      'Task 1: the answer "many" cannot be read as a "number" answer.',
    );
    expect(errorOf(() => parseTaskJsonl('{"question":"q","answer":[1,2]}')).message).toMatch(
      /^Line 1: the answer of a "json" task must be a JSON object/,
    );
  });

  it('takes numeric ids and a default normaliser', () => {
    const [task] = loadTasks([{ id: 7, question: 'q', answer: 'x' }], { normaliser: 'text' });
    expect(task).toMatchObject({ id: '7', normaliser: 'text' });
  });

  it('names the item for a bad record', () => {
    expect(
      errorOf(() =>
        loadTasks([
          { question: 'q', answer: 1 },
          { question: 'q', answer: 1, choices: 'ab' },
        ]),
      ).message,
    ).toBe('Task 2: "choices" must be a list of 2 to 26 non-empty strings.');
  });
});
