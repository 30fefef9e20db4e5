import {
  type AnswerExtractor,
  boxedAnswer,
  choiceAnswer,
  jsonAnswer,
  normaliseAnswer,
  numberAnswer,
  textAnswer,
} from '../answers/index.js';
import type { Task } from './types.js';

/** How one task is scored: the extractor applied to model text, and the expected answer in the same canonical form. */
export interface TaskScoring {
  /** Reduces a model's text to a canonical answer (also given to the run, so votes count the same way). */
  extract: AnswerExtractor;
  /** The task's expected answer in canonical form (`undefined` when it cannot be read). */
  expected: string | undefined;
}

/**
 * The scoring of a task, from its normaliser. The expected answer goes through the same extractor
 * as the models' answers (as if a model had written it on its `Final answer:` line), so both sides
 * are canonicalised by one piece of code.
 *
 * @example
 * ```ts
 * const { extract, expected } = scoringFor({ id: '1', question: '...', answer: '1234.5', normaliser: 'number' });
 * extract('So...\nFinal answer: 1,234.50') === expected; // true
 * ```
 */
export function scoringFor(task: Task): TaskScoring {
  const oneLine = task.answer.replace(/\s+/g, ' ').trim();
  switch (task.normaliser) {
    case 'number':
      return { extract: numberAnswer, expected: numberAnswer(`Final answer: ${oneLine}`) };
    case 'choice': {
      const letters = Array.from({ length: task.choices?.length ?? 4 }, (_, i) =>
        String.fromCharCode(65 + i),
      ).join('');
      const extract = choiceAnswer(letters);
      return { extract, expected: extract(`Final answer: ${oneLine}`) };
    }
    case 'boxed':
      return {
        extract: boxedAnswer,
        expected: boxedAnswer(`\\boxed{${task.answer.trim()}}`) ?? normaliseAnswer(oneLine),
      };
    case 'json': {
      const extract = jsonAnswer();
      return { extract, expected: canonicalExpectedJson(task.answer) };
    }
    case 'text':
      return { extract: textAnswer, expected: textAnswer(`Final answer: ${oneLine}`) };
  }
}

/** The expected JSON object, canonicalised by the same code as the models' answers (`undefined` unless an object). */
function canonicalExpectedJson(answer: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(answer);
  } catch {
    return undefined;
  }
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? jsonAnswer()(answer)
    : undefined;
}

/** Whether a model's canonical answer matches the expected one (exact match after normalisation). */
export function isCorrect(answer: string | undefined, expected: string | undefined): boolean {
  return answer !== undefined && expected !== undefined && answer === expected;
}
