import { writeFile } from 'node:fs/promises';
import { redact } from '@trialogue/core';
import {
  arithmeticTask,
  type DebateEstimate,
  type EvalProgress,
  type EvalReport,
  estimateDebate,
  evaluate,
  formatEvalReport,
  parseTaskJsonl,
  type Task,
} from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { loadProviders } from '../config/providers.js';
import { CliError, type Context, usageError } from '../context.js';
import { ExitCode } from '../io.js';
import { LiveRegion } from '../render/live-region.js';
import { markdownEnabled, renderMarkdown } from '../render/markdown.js';
import { formatMs } from '../render/stats.js';
import { truncate } from '../render/text.js';
import { buildDebate, debateOptions, planFromArgs } from './debate-setup.js';
import { assertWritable, pathFrom, readText } from './input.js';
import { preflight } from './preflight.js';

export const evalOptions: OptionSpec[] = [
  ...debateOptions,
  {
    name: 'task',
    short: 't',
    type: 'string',
    value: '<name|file.jsonl>',
    description: 'arithmetic (built in), or a JSONL file of { question, answer }.',
  },
  { name: 'n', type: 'number', value: '<n>', description: 'Items of the built-in task (default 20).' },
  {
    name: 'baseline',
    type: 'boolean',
    description: 'Also run the compute-matched vote (default; --no-baseline to skip).',
  },
  {
    name: 'concurrency',
    short: 'c',
    type: 'number',
    value: '<n>',
    description: 'Items at once (default 1).',
  },
  { name: 'items', type: 'boolean', description: 'Add a table of every item to the report.' },
  { name: 'yes', short: 'y', type: 'boolean', description: 'Start without asking to confirm the estimate.' },
  {
    name: 'out',
    short: 'o',
    type: 'string',
    value: '<report.json>',
    description: 'Where the JSON report goes (default eval-report.json).',
  },
];

/**
 * `trialogue eval`: a debate format against the compute-matched vote on a task set, scored by exact
 * match and compared with McNemar's test; a table on stdout and the JSON report in a file.
 */
export async function evalCommand(context: Context): Promise<number> {
  const { options } = context.args;
  const tasks = await loadTaskSet(context);
  const providers = await loadProviders(context);
  const plan = planFromArgs(context);
  if (!context.args.options.format) plan.format = 'society';
  const built = await buildDebate(providers, plan);
  const baseline = options.baseline === false ? false : 'vote';

  let estimate: DebateEstimate;
  try {
    estimate = tasks
      .map((task) => estimateDebate({ ...built.options, question: task.question }))
      .reduce(
        (sum, one) => ({
          calls: sum.calls + one.calls * (baseline ? 2 : 1),
          inputTokens: sum.inputTokens + one.inputTokens * (baseline ? 2 : 1),
          outputTokens: sum.outputTokens + one.outputTokens * (baseline ? 2 : 1),
          costUsd:
            sum.costUsd !== undefined && one.costUsd !== undefined
              ? sum.costUsd + one.costUsd * (baseline ? 2 : 1)
              : undefined,
          byPhase: Object.fromEntries(
            Object.entries(one.byPhase).map(([phase, calls]) => [phase, (sum.byPhase[phase] ?? 0) + calls]),
          ),
        }),
        {
          calls: 0,
          inputTokens: 0,
          outputTokens: 0,
          costUsd: 0 as number | undefined,
          byPhase: {} as Record<string, number>,
        },
      );
    if (baseline) estimate.byPhase.vote = estimate.calls / 2;
  } catch (error) {
    throw usageError(error);
  }
  const out = pathFrom(context, typeof options.out === 'string' ? options.out : 'eval-report.json');
  await assertWritable(context, out);
  if (!(await preflight(context, estimate, undefined, `the evaluation (${tasks.length} items)`)))
    return ExitCode.ok;

  const started = Date.now();
  let last: EvalProgress | undefined;
  const live =
    context.io.isTTY && !context.json
      ? new LiveRegion(context, ({ width }) => [truncate(progressLine(last, tasks.length, started), width)], {
          intervalMs: 200,
        })
      : undefined;
  live?.start();
  let report: EvalReport;
  try {
    report = await evaluate({
      ...built.options,
      tasks,
      baseline,
      concurrency: typeof options.concurrency === 'number' ? Math.max(1, Math.floor(options.concurrency)) : 1,
      seed: plan.seed,
      signal: context.signal,
      onProgress: (progress) => {
        last = progress;
        if (context.json) {
          context.emit({
            type: 'eval-progress',
            completed: progress.completed,
            total: progress.total,
            item: progress.item,
            accuracy: progress.accuracy,
          });
        } else if (!live) {
          const mark = (ok: boolean | undefined) => (ok === undefined ? '-' : ok ? '✓' : '✗');
          context.err(
            `[${progress.completed}/${progress.total}] ${progress.item.id}: ${plan.format} ${mark(progress.item.format.correct)}${progress.item.baseline ? `, vote ${mark(progress.item.baseline.correct)}` : ''}\n`,
          );
        }
      },
    });
  } catch (error) {
    throw usageError(error);
  } finally {
    live?.stop();
  }

  await writeFile(out, `${redact(JSON.stringify(report, null, 2))}\n`);
  if (context.json) context.emit({ type: 'eval-report', path: out, report });
  else {
    const markdown = formatEvalReport(report, { items: options.items === true });
    // Rendered on a terminal; Markdown as it is when piped or with --raw (to paste).
    context.out(
      markdownEnabled(context)
        ? `${renderMarkdown(markdown, { width: context.width(), style: context.style }).join('\n')}\n`
        : markdown,
    );
    context.err(context.style.dim(`JSON report saved to ${out}\n`));
  }
  if (context.signal.aborted || report.stopReason === 'aborted') return ExitCode.interrupted;
  // Wrong or missing answers are results, not failures; a model call that failed is.
  const failedCalls = report.arms.format.failedTurns + (report.arms.baseline?.failedTurns ?? 0);
  const failedRuns = report.items.some(
    (item) => item.format.error !== undefined || item.baseline?.error !== undefined,
  );
  return failedCalls > 0 || failedRuns ? ExitCode.modelFailed : ExitCode.ok;
}

function progressLine(progress: EvalProgress | undefined, total: number, started: number): string {
  if (!progress) return `evaluating ${total} items…  ${formatMs(Date.now() - started)}`;
  const pct = (x: number | undefined) => (x === undefined ? '' : `${(x * 100).toFixed(0)}%`);
  return `${progress.completed}/${total} items · format ${pct(progress.accuracy.format)}${
    progress.accuracy.baseline !== undefined ? ` · vote ${pct(progress.accuracy.baseline)}` : ''
  } · ${formatMs(Date.now() - started)}`;
}

async function loadTaskSet(context: Context): Promise<Task[]> {
  const task = (context.args.options.task as string | undefined) ?? 'arithmetic';
  const n = context.args.options.n as number | undefined;
  try {
    if (task === 'arithmetic')
      return arithmeticTask({ n: n ?? 20, seed: (context.args.options.seed as number | undefined) ?? 0 });
    if (!/\.jsonl?$/i.test(task))
      throw new CliError(`Unknown task "${task}". Use --task arithmetic or --task your-tasks.jsonl.`);
    const tasks = parseTaskJsonl(await readText(context, task));
    return n !== undefined ? tasks.slice(0, n) : tasks;
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw usageError(error);
  }
}
