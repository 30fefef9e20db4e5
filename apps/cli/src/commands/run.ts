import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative as relativePath } from 'node:path';
import { formatCost } from '@trialogue/core';
import { type DebateResult, estimateDebate, runDebate } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { acquireAll, ProviderGate } from '../batch/gates.js';
import { appendResult, readDone, readResults } from '../batch/results-file.js';
import { batchRow, resultsTable } from '../batch/results-table.js';
import { type BatchQuestion, parseQuestionsJsonl, parseSpec } from '../batch/spec.js';
import { loadProviders } from '../config/providers.js';
import { CliError, type Context, usageError } from '../context.js';
import { ExitCode } from '../io.js';
import { LiveRegion } from '../render/live-region.js';
import { formatMs } from '../render/stats.js';
import { truncate } from '../render/text.js';
import { buildDebate } from './debate-setup.js';
import { assertWritable, pathFrom, readText } from './input.js';

export const runOptions: OptionSpec[] = [
  {
    name: 'out',
    short: 'o',
    type: 'string',
    value: '<file.jsonl>',
    description: 'Where transcripts go (overrides the spec).',
  },
  {
    name: 'concurrency',
    short: 'c',
    type: 'number',
    value: '<n>',
    description: 'Questions at once (overrides the spec).',
  },
  {
    name: 'restart',
    type: 'boolean',
    description: 'Start over: empty the results file instead of resuming.',
  },
];

const spinner = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * `trialogue run spec.json`: a debate per question, several at once within per-provider limits,
 * one transcript per line, resuming where an interrupted run stopped.
 */
export async function run(context: Context): Promise<number> {
  const [specArg] = context.args.positionals;
  if (!specArg)
    throw new CliError('Which spec? e.g. trialogue run spec.json (see trialogue run --help for its fields).');
  const specPath = pathFrom(context, specArg);
  let raw: unknown;
  try {
    raw = JSON.parse(await readText(context, specArg));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${specArg} is not valid JSON.`);
  }
  const spec = parseSpec(raw, specPath);
  const { options } = context.args;
  if (typeof options.out === 'string') spec.out = pathFrom(context, options.out);
  if (typeof options.concurrency === 'number')
    spec.concurrency = Math.max(1, Math.floor(options.concurrency));
  const questions: BatchQuestion[] =
    spec.questions ?? parseQuestionsJsonl(await readText(context, spec.questionsFile!), spec.questionsFile!);

  const providers = await loadProviders(context);
  const { options: debateOptions } = await buildDebate(providers, spec.plan);
  // The results file's folder is made if missing; what cannot be written is said before any call.
  await mkdir(dirname(spec.out), { recursive: true }).catch(() => undefined);
  await assertWritable(context, spec.out);
  if (options.restart === true) await writeFile(spec.out, '');
  const done = await readDone(spec.out);
  const todo = questions.filter((question) => !done.has(question.id));
  // The most the questions left can cost; bad format options fail here, before any call.
  let estimate = { calls: 0, costUsd: 0 as number | undefined };
  try {
    for (const question of todo) {
      const one = estimateDebate({ ...debateOptions, question: question.question });
      estimate = {
        calls: estimate.calls + one.calls,
        costUsd:
          estimate.costUsd !== undefined && one.costUsd !== undefined
            ? estimate.costUsd + one.costUsd
            : undefined,
      };
    }
  } catch (error) {
    throw usageError(error);
  }

  const callers = [
    ...debateOptions.participants,
    debateOptions.judge,
    debateOptions.chair,
    debateOptions.moderator,
  ];
  const providerIds = [
    ...new Set(callers.filter((p) => p !== undefined).map((p) => p.model.provider)),
  ].sort();
  const gates = new Map(
    providerIds.map((id) => [id, new ProviderGate(spec.perProvider[id] ?? spec.concurrency)]),
  );

  const state = { completed: done.size, failed: 0, running: 0, cost: 0, total: questions.length, note: '' };
  const started = Date.now();
  let frame = 0;
  const progressLine = (s: typeof state, g: Map<string, ProviderGate>, since: number) => {
    const paused = [...g]
      .filter(([, gate]) => gate.pausedMs > 0)
      .map(([id, gate]) => `${id} paused ${formatMs(gate.pausedMs)}`);
    return [
      `${spinner[frame++ % spinner.length]} ${s.completed}/${s.total} done`,
      s.failed ? `${s.failed} failed` : '',
      `${s.running} running`,
      formatCost(s.cost),
      formatMs(Date.now() - since),
      ...paused,
    ]
      .filter(Boolean)
      .join(' · ');
  };
  const live =
    context.io.isTTY && !context.json
      ? new LiveRegion(context, ({ width }) => [truncate(progressLine(state, gates, started), width)], {
          intervalMs: 120,
        })
      : undefined;
  const report = (line: string, json: Record<string, unknown>) => {
    if (context.json) context.emit(json);
    else if (!live) context.err(`${line}\n`);
  };

  if (!context.json) {
    context.err(
      context.fit(
        `${context.style.bold('Batch:')} ${questions.length} questions, ${done.size} already done${done.size ? ' (resuming)' : ''}, format ${spec.plan.format}, ${spec.concurrency} at once; at most ${estimate.calls} model calls${estimate.costUsd !== undefined ? `, about ${formatCost(estimate.costUsd)} at most` : ''}. Transcripts: ${spec.out}`,
      ) + '\n',
    );
  } else {
    context.emit({
      type: 'batch-start',
      total: questions.length,
      alreadyDone: done.size,
      out: spec.out,
      estimate,
    });
  }
  live?.start();

  const runQuestion = async (question: BatchQuestion) => {
    for (let attempt = 1; attempt <= spec.retries + 1; attempt++) {
      const usedGates = providerIds.map((id) => gates.get(id)!);
      const release = await acquireAll(usedGates, context.signal);
      if (!release) return;
      state.running++;
      let rateLimited: { provider: string; delayMs: number } | undefined;
      let result: DebateResult;
      try {
        const handle = runDebate({ ...debateOptions, question: question.question, signal: context.signal });
        for await (const event of handle) {
          if (event.type === 'turn-error' && event.error.kind === 'rate-limit' && !rateLimited) {
            const provider = event.error.provider ?? 'unknown';
            // The server's retry-after, else when its request or token window resets, else doubling.
            const { rateLimit } = event.error;
            const delayMs =
              event.error.retryAfterMs ??
              (rateLimit?.remainingRequests === 0 ? rateLimit.resetRequestsMs : undefined) ??
              (rateLimit?.remainingTokens === 0 ? rateLimit.resetTokensMs : undefined) ??
              Math.min(30_000, 1000 * 2 ** (attempt - 1));
            rateLimited = { provider, delayMs };
            gates.get(provider)?.pause(delayMs);
            // The question is run again after the pause; no need to pay for the rest of this one.
            handle.stop('rate-limited');
          }
        }
        result = await handle.result;
      } finally {
        state.running--;
        release();
      }
      if (context.signal.aborted) return;
      if (rateLimited && attempt <= spec.retries) {
        report(
          `${question.id}: ${rateLimited.provider} is rate-limited; backing off ${formatMs(rateLimited.delayMs)} (attempt ${attempt + 1} of ${spec.retries + 1})`,
          {
            type: 'backoff',
            id: question.id,
            provider: rateLimited.provider,
            delayMs: rateLimited.delayMs,
            attempt: attempt + 1,
          },
        );
        continue;
      }
      const answers = result.transcript.turns.filter((turn) => turn.role === 'assistant');
      const failed = rateLimited !== undefined || answers.length === 0 || answers.every((turn) => turn.error);
      await appendResult(spec.out, result.transcript, {
        questionId: question.id,
        status: failed ? 'failed' : 'done',
        attempts: attempt,
        ...(question.answer !== undefined ? { expected: question.answer } : {}),
      });
      state.completed += failed ? 0 : 1;
      state.failed += failed ? 1 : 0;
      state.cost += result.cost ?? 0;
      const answer = result.outcome.answer;
      report(
        `[${state.completed + state.failed}/${questions.length}] ${question.id} ${failed ? 'failed' : 'done'}${answer !== undefined ? `: ${truncate(answer.replace(/\s+/g, ' '), 60)}` : ''} (${result.outcome.stopReason}${result.cost !== undefined ? `, ${formatCost(result.cost)}` : ''})`,
        {
          type: 'question-end',
          id: question.id,
          status: failed ? 'failed' : 'done',
          answer,
          stopReason: result.outcome.stopReason,
          cost: result.cost,
          attempts: attempt,
          completed: state.completed,
          failed: state.failed,
          total: questions.length,
        },
      );
      return;
    }
  };

  let next = 0;
  const worker = async () => {
    while (next < todo.length && !context.signal.aborted) await runQuestion(todo[next++]!);
  };
  try {
    await Promise.all(Array.from({ length: Math.min(spec.concurrency, todo.length) }, worker));
  } finally {
    live?.stop();
  }

  const interrupted = context.signal.aborted;
  const summary = {
    type: 'batch-end',
    total: questions.length,
    done: state.completed,
    failed: state.failed,
    remaining: questions.length - state.completed - state.failed,
    cost: state.cost,
    interrupted,
    out: spec.out,
  };
  if (context.json) context.emit(summary);
  else {
    context.err(
      `${interrupted ? context.style.yellow('Interrupted:') : context.style.bold('Finished:')} ${state.completed} of ${questions.length} done${state.failed ? `, ${state.failed} failed` : ''}, ${formatCost(state.cost)} this run, ${formatMs(Date.now() - started)}.\n`,
    );
    if (interrupted || state.failed)
      context.err(`Run the same command again to ${interrupted ? 'resume' : 'retry the failed ones'}.\n`);
    // The answers, readable without jq: every question of the spec that has a result so far.
    const ids = new Set(questions.map((question) => question.id));
    const rows = (await readResults(spec.out)).filter((transcript) =>
      ids.has(String(transcript.meta?.questionId)),
    );
    if (rows.length > 0) {
      context.out(resultsTable(rows.map(batchRow), context));
      context.err(
        context.style.dim(`trialogue replay ${relativeOut(context, spec.out)} --item ID plays one debate.\n`),
      );
    }
  }
  if (interrupted) return ExitCode.interrupted;
  return state.failed > 0 ? ExitCode.modelFailed : ExitCode.ok;
}

/** The results file as the person would type it: relative to the working directory when inside it. */
function relativeOut(context: Context, path: string): string {
  const relative = relativePath(context.cwd, path);
  return relative && !relative.startsWith('..') && !isAbsolute(relative) ? relative : path;
}
