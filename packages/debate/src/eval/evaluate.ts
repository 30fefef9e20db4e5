import {
  invalidRequest,
  redact,
  type Transcript,
  type TranscriptTurn,
  TrialogueError,
} from '@trialogue/core';
import type { AnswerExtractor } from '../answers/index.js';
import { estimateDebate } from '../run/estimate.js';
import type { DebateOptions, DebateResult, Participant } from '../run/options.js';
import { deriveSeed } from '../run/random.js';
import { runDebate } from '../run/run-debate.js';
import { isCorrect, scoringFor } from '../tasks/scoring.js';
import { NORMALISER_NAMES, type Task } from '../tasks/types.js';
import { type McNemarResult, mcnemar } from './mcnemar.js';
import { wilsonInterval } from './wilson-interval.js';

/** @internal The debate engine evaluate drives (runDebate and estimateDebate; tests may fake it). */
export interface EvalRunner {
  run(options: DebateOptions): { result: Promise<DebateResult> };
  estimateCalls(options: DebateOptions): number;
}

// ---- Public types ----

/**
 * Options of {@link evaluate}. The debate options (`participants`, `format`, `formatOptions`, roles,
 * `budget`, `maxOutputTokens`, `temperature`) mean what they mean in `runDebate`; roles, format options
 * and budget apply to the format's runs only, the rest to both arms.
 */
export interface EvaluateOptions
  extends Pick<
    DebateOptions,
    | 'format'
    | 'formatOptions'
    | 'judge'
    | 'chair'
    | 'moderator'
    | 'budget'
    | 'maxOutputTokens'
    | 'temperature'
  > {
  /** The items, such as `arithmeticTask({ n: 100, seed: 1 })` or `parseTaskJsonl(text)`. */
  tasks: readonly Task[];
  participants: readonly Participant[];
  /**
   * `vote` (default): also run a compute-matched vote on every item, with as many samples as the
   * format made model calls on it. `false`: the format alone (no paired comparison).
   */
  baseline?: 'vote' | false;
  /** Items run at once (default 1; each item's two arms run one after the other). */
  concurrency?: number;
  /** Base seed; each item's runs get a seed derived from it and the task id (default 0). */
  seed?: number;
  /** Stops the evaluation: runs in flight are aborted and left out; the report covers finished items. */
  signal?: AbortSignal;
  /** Called after each finished item, in completion order. */
  onProgress?: (progress: EvalProgress) => void;
  /** Keep each run's full transcript in the report's items (default false: reports stay small). */
  keepTranscripts?: boolean;
  /**
   * How both arms settle a tie for first place, by the same rule: `random` (default; picked with the
   * item's seed, as self-consistency does, so every run commits to an answer) or `none` (a tie is a
   * `deadlock`: no answer, scored wrong). Applied to the format's votes (`formatOptions.tieBreak`) and
   * to the baseline's.
   */
  tieBreak?: EvalTieBreak;
}

/** How {@link evaluate} settles ties, in both arms alike. */
export type EvalTieBreak = 'random' | 'none';

/** What {@link EvaluateOptions.onProgress} receives. */
export interface EvalProgress {
  completed: number;
  total: number;
  item: EvalItem;
  /** Accuracy so far, per arm. */
  accuracy: { format: number; baseline?: number };
}

/** One arm's run on one item. */
export interface EvalItemRun {
  /** The canonical answer extracted from the run, or `null` when it gave none. */
  answer: string | null;
  correct: boolean;
  calls: number;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars; `null` when no participant has a price. */
  costUsd: number | null;
  /** The run's stop reason, or `error` when the run itself failed. */
  stopReason: string;
  /** Turns that failed (the run went on without them). */
  failedTurns: number;
  /** Why the run failed, when it did. */
  error?: string;
  durationMs: number;
  transcript?: Transcript;
}

/** One item: both arms side by side. */
export interface EvalItem {
  id: string;
  /** The expected answer in canonical form (`null` if it could not be read: the item then counts as wrong for both). */
  expected: string | null;
  format: EvalItemRun;
  baseline?: EvalItemRun & {
    /** The vote's sample count, and whether it came from the format's actual calls or the pre-flight estimate. */
    samples: number;
    samplesFrom: 'actual' | 'estimate';
  };
}

/** Totals of one arm. */
export interface EvalArmSummary {
  /** The format's name, or `vote`. */
  name: string;
  n: number;
  correct: number;
  accuracy: number;
  /** 95% Wilson interval of the accuracy. */
  accuracyInterval: [number, number];
  calls: number;
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  /** US dollars; `null` when no run reported a cost. */
  costUsd: number | null;
  /** Items without an answer (the run failed, every turn failed, or no answer could be extracted). */
  failures: number;
  failedTurns: number;
}

/** The result of {@link evaluate}: plain JSON, ready for `JSON.stringify`. */
export interface EvalReport {
  kind: 'trialogue.eval';
  version: 1;
  format: string;
  baseline: 'vote' | null;
  /** Debaters, then the format's judge, chair or moderator (with `role`). Never a key. */
  participants: {
    id: string;
    provider: string;
    modelId: string;
    label?: string;
    role?: 'judge' | 'chair' | 'moderator';
  }[];
  /** The format's options as given, so a run can be repeated. */
  formatOptions?: Record<string, unknown>;
  /** How both arms settled ties for first place (see {@link EvaluateOptions.tieBreak}). */
  tieBreak: EvalTieBreak;
  seed: number;
  /** `completed`, or `aborted` when the signal stopped it (then `items` holds the finished ones). */
  stopReason: 'completed' | 'aborted';
  /** Items asked for, and items finished. */
  total: number;
  completed: number;
  arms: { format: EvalArmSummary; baseline?: EvalArmSummary };
  /** Format (first) against baseline (second), paired by item. */
  mcnemar?: McNemarResult;
  items: EvalItem[];
  startedAt: string;
  durationMs: number;
}

/** The real engine. */
const debateRunner: EvalRunner = {
  run: runDebate,
  estimateCalls: (options) => estimateDebate(options).calls,
};

/**
 * Runs a debate format over a task set and, on the same items with the same models, a
 * compute-matched `vote` baseline (as many samples as the format made calls on each item); scores
 * both by exact match of the normalised answer and compares them with McNemar's test.
 *
 * Bad options reject with an `invalid-request` {@link TrialogueError} before any model call. A run
 * that fails scores as wrong (counted in `failures`); a configuration the engine rejects stops the
 * whole evaluation. The report is plain JSON; print it with {@link formatEvalReport}.
 *
 * @example
 * ```ts
 * const report = await evaluate({
 *   tasks: arithmeticTask({ n: 50, seed: 1 }),
 *   participants: [{ id: 'a', model: gpt }, { id: 'b', model: claude }, { id: 'c', model: gemini }],
 *   format: 'society',
 *   formatOptions: { rounds: 2 },
 * });
 * console.log(report.arms.format.accuracy, report.arms.baseline?.accuracy, report.mcnemar?.verdict);
 * ```
 */
export function evaluate(options: EvaluateOptions): Promise<EvalReport> {
  return evaluateWith(debateRunner, options);
}

/** @internal The engine-independent core of {@link evaluate} (tests drive it with a fake engine). */
export async function evaluateWith(runner: EvalRunner, options: EvaluateOptions): Promise<EvalReport> {
  validate(options);
  const startedAt = new Date();
  const tasks = options.tasks;
  const baselineMode = options.baseline === undefined ? 'vote' : options.baseline;
  const seed = options.seed ?? 0;
  const concurrency = options.concurrency ?? 1;
  const tieBreak = tieRule(options);
  // Both arms settle ties by the same rule, or identical arms could differ by the rule alone.
  const tieOptions = tieBreak === 'random' ? { tieBreak: 'random' } : {};
  const { tieBreak: _given, ...formatOptions } = options.formatOptions ?? {};
  const formatName = typeof options.format === 'string' ? options.format : options.format.name;
  const signal = options.signal;
  // Also aborted when one item hits a fatal error, so the other items in flight stop spending calls.
  const halt = new AbortController();
  const runSignal = signal ? AbortSignal.any([signal, halt.signal]) : halt.signal;
  const results: (EvalItem | undefined)[] = new Array(tasks.length);
  let completed = 0;
  let formatCorrect = 0;
  let baselineCorrect = 0;
  let next = 0;
  let fatal: unknown;

  const runItem = async (task: Task): Promise<EvalItem> => {
    const scoring = scoringFor(task);
    const common = {
      question: task.question,
      participants: [...options.participants],
      answer: scoring.extract,
      seed: deriveSeed(seed, task.id),
      signal: runSignal,
      ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
      ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    };
    const formatRun: DebateOptions = {
      ...common,
      format: options.format,
      formatOptions: { ...formatOptions, ...tieOptions },
      ...(options.judge ? { judge: options.judge } : {}),
      ...(options.chair ? { chair: options.chair } : {}),
      ...(options.moderator ? { moderator: options.moderator } : {}),
      ...(options.budget ? { budget: options.budget } : {}),
    };
    const expected = scoring.expected ?? null;
    const format = await runArm(runner, formatRun, scoring.extract, expected, options.keepTranscripts);
    const item: EvalItem = { id: task.id, expected, format };
    // Stopped (by the caller or a fatal error elsewhere): the item will be left out, spend nothing more.
    if (baselineMode === 'vote' && !runSignal.aborted) {
      const samplesFrom = format.calls > 0 ? 'actual' : 'estimate';
      const samples = Math.max(1, format.calls > 0 ? format.calls : runner.estimateCalls(formatRun));
      const voteRun: DebateOptions = {
        ...common,
        format: 'vote',
        formatOptions: { samples, ...tieOptions },
      };
      const run = await runArm(runner, voteRun, scoring.extract, expected, options.keepTranscripts);
      item.baseline = { ...run, samples, samplesFrom };
    }
    return item;
  };

  const worker = async () => {
    while (next < tasks.length && fatal === undefined && !signal?.aborted) {
      const index = next++;
      let item: EvalItem;
      try {
        item = await runItem(tasks[index]!);
      } catch (error) {
        fatal ??= error;
        halt.abort();
        return;
      }
      // A run cut short by the signal is not a fair score: leave the item out.
      if (signal?.aborted) return;
      results[index] = item;
      completed++;
      if (item.format.correct) formatCorrect++;
      if (item.baseline?.correct) baselineCorrect++;
      options.onProgress?.({
        completed,
        total: tasks.length,
        item,
        accuracy: {
          format: formatCorrect / completed,
          ...(baselineMode === 'vote' ? { baseline: baselineCorrect / completed } : {}),
        },
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
  if (fatal !== undefined) throw fatal;

  const items = results.filter((r): r is EvalItem => r !== undefined);
  const report: EvalReport = {
    kind: 'trialogue.eval',
    version: 1,
    format: formatName,
    baseline: baselineMode === 'vote' ? 'vote' : null,
    participants: [
      ...options.participants.map((p) => participantOf(p)),
      ...(['judge', 'chair', 'moderator'] as const).flatMap((role) => {
        const p = options[role];
        return p ? [participantOf(p, role)] : [];
      }),
    ],
    ...(options.formatOptions ? { formatOptions: options.formatOptions } : {}),
    tieBreak,
    seed,
    stopReason: signal?.aborted ? 'aborted' : 'completed',
    total: tasks.length,
    completed: items.length,
    arms: {
      format: summarise(
        formatName,
        items.map((i) => i.format),
      ),
    },
    items,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
  if (baselineMode === 'vote') {
    report.arms.baseline = summarise(
      'vote',
      items.map((i) => i.baseline!),
    );
    report.mcnemar = mcnemar(
      items.map((i) => [i.format.correct, i.baseline!.correct] as const),
      { labels: [formatName, 'vote'] },
    );
  }
  return report;
}

function participantOf(
  p: Participant,
  role?: 'judge' | 'chair' | 'moderator',
): EvalReport['participants'][number] {
  return {
    id: p.id,
    provider: p.model.provider,
    modelId: p.model.modelId,
    ...(p.label ? { label: p.label } : {}),
    ...(role ? { role } : {}),
  };
}

async function runArm(
  runner: EvalRunner,
  options: DebateOptions,
  extract: AnswerExtractor,
  expected: string | null,
  keepTranscript = false,
): Promise<EvalItemRun> {
  const started = Date.now();
  let result: DebateResult;
  try {
    result = await runner.run(options).result;
  } catch (error) {
    // A bad configuration would fail every item the same way: stop and say so.
    if (TrialogueError.is(error) && error.kind === 'invalid-request') throw error;
    return {
      answer: null,
      correct: false,
      calls: 0,
      tokens: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
      stopReason: 'error',
      failedTurns: 0,
      // Not a TrialogueError, so not redacted yet: the report may be saved and shared.
      error: redact(error instanceof Error ? error.message : String(error)),
      durationMs: Date.now() - started,
    };
  }
  const answer = answerOf(result, extract) ?? null;
  return {
    answer,
    correct: isCorrect(answer ?? undefined, expected ?? undefined),
    calls: result.calls,
    tokens: result.usage?.totalTokens ?? 0,
    inputTokens: result.usage?.inputTokens ?? 0,
    outputTokens: result.usage?.outputTokens ?? 0,
    costUsd: result.cost ?? null,
    stopReason: result.outcome.stopReason,
    failedTurns: result.transcript.turns.filter((t) => t.error).length,
    durationMs: Date.now() - started,
    ...(keepTranscript ? { transcript: result.transcript } : {}),
  };
}

/**
 * The run's answer in canonical form: the outcome's answer (a full final text, or an answer the
 * format already extracted), or else (formats that end without one, runs stopped by a budget) the
 * last complete model turn. A deadlock has no answer.
 */
function answerOf(result: DebateResult, extract: AnswerExtractor): string | undefined {
  const outcome = result.outcome.answer;
  if (outcome !== undefined && outcome.trim() !== '') {
    return (
      extract(outcome) ?? (outcome.includes('\n') ? undefined : extract(`Final answer: ${outcome.trim()}`))
    );
  }
  if (result.outcome.stopReason === 'deadlock') return undefined;
  const last = result.transcript.turns
    .filter((t: TranscriptTurn) => t.role === 'assistant' && !t.error)
    .at(-1);
  return last ? extract(last.text) : undefined;
}

function summarise(name: string, runs: EvalItemRun[]): EvalArmSummary {
  const n = runs.length;
  const correct = runs.filter((r) => r.correct).length;
  const sum = (pick: (r: EvalItemRun) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const costs = runs.map((r) => r.costUsd).filter((c): c is number => c !== null);
  return {
    name,
    n,
    correct,
    accuracy: n === 0 ? 0 : correct / n,
    accuracyInterval: wilsonInterval(correct, n),
    calls: sum((r) => r.calls),
    tokens: sum((r) => r.tokens),
    inputTokens: sum((r) => r.inputTokens),
    outputTokens: sum((r) => r.outputTokens),
    // Round like core's costOf, so sums of many runs show no float noise.
    costUsd: costs.length === 0 ? null : Math.round(costs.reduce((a, b) => a + b, 0) * 1e8) / 1e8,
    failures: runs.filter((r) => r.answer === null).length,
    failedTurns: sum((r) => r.failedTurns),
  };
}

/** The tie rule of both arms: `tieBreak`, else the format's own `formatOptions.tieBreak`, else `random`. */
function tieRule(options: EvaluateOptions): EvalTieBreak {
  const own = options.formatOptions?.tieBreak;
  return options.tieBreak ?? (own === undefined || own === 'random' ? 'random' : 'none');
}

function validate(options: EvaluateOptions): void {
  const fail = (message: string) => invalidRequest(`evaluate: ${message}`, 'invalid-eval-options');
  if (!options || typeof options !== 'object') throw fail('expected an options object.');
  if (!Array.isArray(options.tasks) || options.tasks.length === 0) {
    throw fail(
      '"tasks" must be a non-empty list (for example arithmeticTask({ n: 20 }) or parseTaskJsonl(text)).',
    );
  }
  const ids = new Set<string>();
  options.tasks.forEach((task, index) => {
    if (
      !task ||
      typeof task.question !== 'string' ||
      typeof task.answer !== 'string' ||
      typeof task.id !== 'string'
    ) {
      throw fail(
        `task ${index + 1} needs string "id", "question" and "answer" (use loadTasks() to build tasks).`,
      );
    }
    if (!NORMALISER_NAMES.includes(task.normaliser)) {
      throw fail(
        `task "${task.id}" has unknown normaliser "${String(task.normaliser)}"; use one of ${NORMALISER_NAMES.join(', ')}.`,
      );
    }
    if (scoringFor(task).expected === undefined) {
      throw fail(
        `the answer of task "${task.id}" (${JSON.stringify(task.answer)}) cannot be read as a "${task.normaliser}" answer.`,
      );
    }
    if (ids.has(task.id)) throw fail(`task id "${task.id}" appears twice.`);
    ids.add(task.id);
  });
  if (!Array.isArray(options.participants) || options.participants.length === 0) {
    throw fail('"participants" must be a non-empty list.');
  }
  if (options.baseline !== undefined && options.baseline !== 'vote' && options.baseline !== false) {
    throw fail(`"baseline" must be 'vote' or false, got ${JSON.stringify(options.baseline)}.`);
  }
  const c = options.concurrency;
  if (c !== undefined && (!Number.isInteger(c) || c < 1))
    throw fail(`"concurrency" must be a whole number >= 1, got ${c}.`);
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    throw fail(`"seed" must be a whole number.`);
  if (options.tieBreak !== undefined && options.tieBreak !== 'random' && options.tieBreak !== 'none')
    throw fail(`"tieBreak" must be 'random' or 'none', got ${JSON.stringify(options.tieBreak)}.`);
  const own = options.formatOptions?.tieBreak;
  if (
    own !== undefined &&
    options.tieBreak !== undefined &&
    (own === 'random') !== (options.tieBreak === 'random')
  )
    throw fail(
      `"tieBreak" (${options.tieBreak}) and formatOptions.tieBreak (${JSON.stringify(own)}) disagree: both arms use one rule, set it once with "tieBreak".`,
    );
}
