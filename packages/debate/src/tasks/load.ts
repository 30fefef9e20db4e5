import { invalidRequest } from '@trialogue/core';
import { scoringFor } from './scoring.js';
import { NORMALISER_NAMES, type NormaliserName, type Task } from './types.js';

/** One task as a user writes it (a JSONL line or an array element). */
export interface TaskRecord {
  question: string;
  /** A string, a number, or (for `json` tasks) a JSON object. */
  answer: unknown;
  id?: string | number;
  /** Multiple-choice options; the answer is then a letter (`"B"`) or the text of one option. */
  choices?: string[];
  normaliser?: NormaliserName;
}

/** Options of {@link loadTasks} and {@link parseTaskJsonl}. */
export interface LoadTasksOptions {
  /** Normaliser for records that name none (default: inferred, see {@link loadTasks}). */
  normaliser?: NormaliserName;
  /**
   * Append a line asking for a `Final answer:` (or `\boxed{}`) answer to questions that do not mention
   * "final answer" already (default true), so every format extracts answers the same way.
   */
  answerInstruction?: boolean;
}

const MAX_CHOICES = 26;
const NUMERIC = /^\s*[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?\s*$/;

const INSTRUCTIONS: Record<NormaliserName, string> = {
  number:
    'Make sure to state your answer at the end of the response, on a last line of the form "Final answer: <number>".',
  choice:
    'Answer with the letter of the correct option, on a last line of the form "Final answer: <letter>".',
  boxed: 'Put your final answer inside \\boxed{} at the end of the response.',
  json: 'Make sure to state your answer at the end of the response, on a last line of the form "Final answer: <JSON object>".',
  text: 'Make sure to state your answer at the end of the response, on a last line of the form "Final answer: <answer>".',
};

const letter = (index: number) => String.fromCharCode(65 + index);

/**
 * Turns task records (`{ question, answer, id?, choices?, normaliser? }`) into {@link Task}s, with a
 * clear `invalid-request` error naming the item for anything missing or malformed.
 *
 * When a record names no normaliser: `choice` if it has `choices`, `number` if the answer is a number
 * or looks like one, `json` if it is an object, `text` otherwise. Multiple-choice questions get
 * their options listed as `A) ...` lines. Ids default to the item's position (`1`, `2`, ...).
 *
 * @example
 * ```ts
 * const tasks = loadTasks([{ question: 'Capital of France?', answer: 'Paris' }, { question: '2+2?', answer: 4 }]);
 * tasks[1].normaliser; // 'number'
 * ```
 */
export function loadTasks(records: readonly unknown[], options: LoadTasksOptions = {}): Task[] {
  return collectTasks(
    records.map((record, index) => ({ record, where: `Task ${index + 1}`, position: index + 1 })),
    options,
  );
}

/**
 * Parses a task file in JSON Lines: one `{ "question": ..., "answer": ... }` object per line (also
 * `id`, `choices`, `normaliser`). Blank lines are skipped. Errors name the line. No file system here:
 * read the file yourself (the CLI does).
 *
 * @example
 * ```ts
 * const tasks = parseTaskJsonl('{"question":"What is 6*7?","answer":42}\n{"question":"Pick one","choices":["x","y"],"answer":"B"}');
 * ```
 */
export function parseTaskJsonl(text: string, options: LoadTasksOptions = {}): Task[] {
  if (typeof text !== 'string')
    throw invalidRequest('parseTaskJsonl: expected the text of a JSONL file.', 'invalid-task');
  const entries: { record: unknown; where: string; position: number }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `Line ${index + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw invalidRequest(
        `${where}: not valid JSON (${reason}). Each line must hold one JSON object.`,
        'invalid-task',
      );
    }
    entries.push({ record, where, position: index + 1 });
  });
  if (entries.length === 0)
    throw invalidRequest('The task file holds no tasks (every line is blank).', 'invalid-task');
  return collectTasks(entries, options);
}

function collectTasks(
  entries: { record: unknown; where: string; position: number }[],
  options: LoadTasksOptions,
): Task[] {
  if (options.normaliser !== undefined && !NORMALISER_NAMES.includes(options.normaliser)) {
    throw invalidRequest(
      `Unknown normaliser "${String(options.normaliser)}"; use one of ${NORMALISER_NAMES.join(', ')}.`,
      'invalid-task',
    );
  }
  const seen = new Map<string, string>();
  return entries.map(({ record, where, position }) => {
    const task = toTask(record, where, position, options);
    const earlier = seen.get(task.id);
    if (earlier)
      throw invalidRequest(`${where}: id "${task.id}" is already used (${earlier}).`, 'invalid-task');
    seen.set(task.id, where);
    return task;
  });
}

function toTask(record: unknown, where: string, position: number, options: LoadTasksOptions): Task {
  const fail = (message: string) => invalidRequest(`${where}: ${message}`, 'invalid-task');
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    throw fail('expected an object like {"question": "...", "answer": "..."}.');
  }
  const r = record as Record<string, unknown>;
  if (r.question === undefined) throw fail('missing "question".');
  if (typeof r.question !== 'string' || r.question.trim() === '')
    throw fail('"question" must be a non-empty string.');
  if (r.answer === undefined || r.answer === null) throw fail('missing "answer".');
  if (r.answer === '') throw fail('"answer" is empty.');

  let id = String(position);
  if (r.id !== undefined) {
    if ((typeof r.id !== 'string' && typeof r.id !== 'number') || String(r.id).trim() === '') {
      throw fail('"id" must be a non-empty string or a number.');
    }
    id = String(r.id);
  }

  let choices: string[] | undefined;
  if (r.choices !== undefined) {
    if (
      !Array.isArray(r.choices) ||
      r.choices.length < 2 ||
      r.choices.length > MAX_CHOICES ||
      !r.choices.every((c) => typeof c === 'string' && c.trim() !== '')
    ) {
      throw fail(`"choices" must be a list of 2 to ${MAX_CHOICES} non-empty strings.`);
    }
    choices = r.choices as string[];
  }

  const normaliser = r.normaliser ?? options.normaliser ?? inferNormaliser(r.answer, choices);
  if (typeof normaliser !== 'string' || !NORMALISER_NAMES.includes(normaliser as NormaliserName)) {
    throw fail(`unknown normaliser "${String(normaliser)}"; use one of ${NORMALISER_NAMES.join(', ')}.`);
  }
  const name = normaliser as NormaliserName;
  if (name === 'choice' && !choices) throw fail('a "choice" task needs "choices".');

  const answer =
    choices && name === 'choice' ? choiceLetter(r.answer, choices, fail) : answerText(r.answer, name, fail);

  let question = r.question.trim();
  if (choices) question += `\n\n${choices.map((c, i) => `${letter(i)}) ${c.trim()}`).join('\n')}`;
  if (options.answerInstruction !== false && !/final answer|\\boxed/i.test(question)) {
    question += `\n\n${INSTRUCTIONS[name]}`;
  }
  const task: Task = {
    id,
    question,
    answer,
    normaliser: name,
    ...(choices ? { choices: [...choices] } : {}),
  };
  // Fail now, not after an hour of paid calls scored against an answer nothing can match.
  if (scoringFor(task).expected === undefined) {
    throw fail(
      name === 'json'
        ? `the answer of a "json" task must be a JSON object (models' answers are read from their last {...}), got ${answer}.`
        : `the answer ${JSON.stringify(answer)} cannot be read as a "${name}" answer.`,
    );
  }
  return task;
}

function inferNormaliser(answer: unknown, choices: string[] | undefined): NormaliserName {
  if (choices) return 'choice';
  if (typeof answer === 'number') return 'number';
  if (typeof answer === 'string' && NUMERIC.test(answer) && /\d/.test(answer)) return 'number';
  if (typeof answer === 'object') return 'json';
  return 'text';
}

function answerText(answer: unknown, normaliser: NormaliserName, fail: (m: string) => Error): string {
  if (typeof answer === 'string') return answer;
  if (typeof answer === 'number') {
    if (!Number.isFinite(answer)) throw fail('"answer" must be a finite number.');
    return String(answer);
  }
  if (normaliser === 'json' || typeof answer === 'boolean') return JSON.stringify(answer);
  throw fail(
    `"answer" must be a string or a number for a "${normaliser}" task (use "normaliser": "json" for JSON values).`,
  );
}

function choiceLetter(answer: unknown, choices: string[], fail: (m: string) => Error): string {
  if (typeof answer !== 'string')
    throw fail('"answer" of a multiple-choice task must be a letter or the text of one choice.');
  const trimmed = answer.trim();
  const upper = trimmed.replace(/^\(?([A-Za-z])\)?$/, '$1').toUpperCase();
  if (/^[A-Z]$/.test(upper)) {
    const index = upper.charCodeAt(0) - 65;
    if (index < choices.length) return upper;
    // A one-letter answer outside the range may still be the text of an option.
  }
  const index = choices.findIndex((c) => c.trim().toLowerCase() === trimmed.toLowerCase());
  if (index >= 0) return letter(index);
  throw fail(
    `"answer" "${trimmed}" is neither a letter A-${letter(choices.length - 1)} nor the text of one of the choices.`,
  );
}
