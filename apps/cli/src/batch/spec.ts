import { dirname, isAbsolute, resolve } from 'node:path';
import type { DebateBudget } from '@trialogue/debate';
import { closest } from '../args/parse.js';
import type { DebatePlan } from '../commands/debate-setup.js';
import { CliError } from '../context.js';

/** One question of a batch. */
export interface BatchQuestion {
  /** Stable id: resume skips ids already done. Default `q<line number>`. */
  id: string;
  question: string;
  /** The expected answer, when known: the results table says whether the debate got it. */
  answer?: string;
}

/**
 * A batch spec (`trialogue run spec.json`). Paths are relative to the spec file.
 *
 * ```json
 * {
 *   "participants": ["openai:gpt-4.1-mini", { "model": "anthropic:claude-haiku-4-5", "persona": "A sceptic." }],
 *   "format": "society", "rounds": 2, "judge": "google:gemini-2.5-flash",
 *   "budget": { "maxCostUsd": 0.05 },
 *   "questions": "questions.jsonl",
 *   "out": "transcripts.jsonl",
 *   "concurrency": 4, "perProvider": { "openai": 2 }, "retries": 3
 * }
 * ```
 */
export interface BatchSpec {
  plan: DebatePlan;
  /** Inline questions, or undefined when they come from `questionsFile`. */
  questions?: BatchQuestion[];
  questionsFile?: string;
  out: string;
  concurrency: number;
  perProvider: Record<string, number>;
  retries: number;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every field a spec may have (`models` and `questionsFile` are other names for two of them). */
const specFields = [
  'participants',
  'models',
  'format',
  'judge',
  'chair',
  'moderator',
  'rounds',
  'samples',
  'formatOptions',
  'budget',
  'seed',
  'maxOutputTokens',
  'temperature',
  'questions',
  'questionsFile',
  'out',
  'concurrency',
  'perProvider',
  'retries',
];

/** Checks and normalises a parsed spec, with messages naming the field. */
export function parseSpec(raw: unknown, specPath: string): BatchSpec {
  const where = (field: string) => `${specPath}: "${field}"`;
  if (!isObject(raw)) throw new CliError(`${specPath} must hold a JSON object.`);
  // A misspelt field would otherwise fall back to its default without a word (a typo in "format"
  // runs the default format on every question).
  for (const field of Object.keys(raw)) {
    if (specFields.includes(field)) continue;
    const close = closest(field, specFields);
    throw new CliError(
      `${where(field)} is not a spec field.${close ? ` Did you mean "${close}"?` : ''} Fields: ${specFields.join(', ')}.`,
    );
  }
  if (raw.temperature !== undefined && typeof raw.temperature !== 'number')
    throw new CliError(`${where('temperature')} must be a number.`);
  const base = dirname(specPath);
  const path = (value: string) => (isAbsolute(value) ? value : resolve(base, value));

  const rawParticipants = raw.participants ?? raw.models;
  if (!Array.isArray(rawParticipants) || rawParticipants.length === 0) {
    throw new CliError(
      `${where('participants')} must be a non-empty list of "provider:model" strings or { "model": ..., "persona"?: ... } objects.`,
    );
  }
  const models: string[] = [];
  const personas: (string | undefined)[] = [];
  for (const [index, entry] of rawParticipants.entries()) {
    if (typeof entry === 'string') {
      models.push(entry);
      personas.push(undefined);
    } else if (isObject(entry) && typeof entry.model === 'string') {
      models.push(entry.model);
      personas.push(typeof entry.persona === 'string' ? entry.persona : undefined);
    } else {
      throw new CliError(
        `${where('participants')} item ${index + 1} must be "provider:model" or { "model": "provider:model" }.`,
      );
    }
  }
  const text = (field: string): string | undefined => {
    const value = raw[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !value.trim())
      throw new CliError(`${where(field)} must be a non-empty string.`);
    return value;
  };
  const count = (field: string, fallback?: number): number | undefined => {
    const value = raw[field];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
      throw new CliError(`${where(field)} must be a whole number.`);
    return value;
  };
  const budget = raw.budget;
  if (budget !== undefined && !isObject(budget))
    throw new CliError(`${where('budget')} must be an object such as { "maxCostUsd": 0.5 }.`);
  const formatOptions = raw.formatOptions;
  if (formatOptions !== undefined && !isObject(formatOptions))
    throw new CliError(`${where('formatOptions')} must be an object.`);
  const perProvider = raw.perProvider ?? {};
  if (
    !isObject(perProvider) ||
    Object.values(perProvider).some((n) => typeof n !== 'number' || !Number.isInteger(n) || n < 1)
  ) {
    throw new CliError(
      `${where('perProvider')} must map provider ids to whole numbers, such as { "openai": 2 }.`,
    );
  }

  let questions: BatchQuestion[] | undefined;
  let questionsFile: string | undefined;
  if (typeof raw.questions === 'string') questionsFile = path(raw.questions);
  else if (Array.isArray(raw.questions)) questions = parseQuestions(raw.questions, where('questions'));
  else if (typeof raw.questionsFile === 'string') questionsFile = path(raw.questionsFile);
  else throw new CliError(`${where('questions')} must be a list of questions or the path of a JSONL file.`);

  const out = text('out');
  const specName = specPath.replace(/\.json$/i, '');
  return {
    plan: {
      models,
      personas,
      format: text('format') ?? 'roundtable',
      judge: text('judge'),
      chair: text('chair'),
      moderator: text('moderator'),
      rounds: count('rounds'),
      samples: count('samples'),
      formatOptions: formatOptions as Json | undefined,
      budget: budget as DebateBudget | undefined,
      seed: count('seed'),
      maxOutputTokens: count('maxOutputTokens'),
      temperature: typeof raw.temperature === 'number' ? raw.temperature : undefined,
    },
    questions,
    questionsFile,
    out: out ? path(out) : `${specName}.transcripts.jsonl`,
    concurrency: Math.max(1, count('concurrency', 4)!),
    perProvider: perProvider as Record<string, number>,
    retries: count('retries', 3)!,
  };
}

/** Questions from a list of strings or `{ id?, question, answer? }` objects (JSON lines use the same shapes). */
export function parseQuestions(items: readonly unknown[], where: string): BatchQuestion[] {
  const seen = new Set<string>();
  return items.map((item, index) => {
    let question: BatchQuestion;
    if (typeof item === 'string') question = { id: `q${index + 1}`, question: item };
    else if (isObject(item) && typeof (item.question ?? item.prompt) === 'string') {
      const id = item.id === undefined ? `q${index + 1}` : String(item.id);
      question = { id, question: String(item.question ?? item.prompt) };
      if (typeof item.answer === 'string' || typeof item.answer === 'number')
        question.answer = String(item.answer);
    } else {
      throw new CliError(
        `${where}: item ${index + 1} must be a string or { "id"?: ..., "question": "..." }.`,
      );
    }
    if (!question.question.trim()) throw new CliError(`${where}: item ${index + 1} has an empty question.`);
    if (seen.has(question.id))
      throw new CliError(`${where}: the id "${question.id}" appears twice; ids must be unique.`);
    seen.add(question.id);
    return question;
  });
}

/** Questions from JSONL text: one string or object per line; blank lines and `#` comments skipped. */
export function parseQuestionsJsonl(text: string, where: string): BatchQuestion[] {
  const items: unknown[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    try {
      items.push(JSON.parse(trimmed));
    } catch {
      throw new CliError(`${where}: line ${index + 1} is not valid JSON.`);
    }
  }
  return parseQuestions(items, where);
}
