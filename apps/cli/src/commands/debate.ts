import { createInterface } from 'node:readline';
import { TrialogueError, formatCost } from '@trialogue/core';
import { type DebateEstimate, estimateDebate, runDebate } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { loadProviders } from '../config/providers.js';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { DebateView } from '../render/debate-view.js';
import { saveTranscript } from './ask.js';
import { buildDebate, debateOptions, planFromArgs } from './debate-setup.js';
import { questionFrom } from './input.js';

export const debateCommandOptions: OptionSpec[] = [
  ...debateOptions,
  { name: 'yes', short: 'y', type: 'boolean', description: 'Start without asking to confirm the estimate.' },
  {
    name: 'out',
    short: 'o',
    type: 'string',
    value: '<file.json>',
    description: 'Save the transcript as JSON (also when stopped).',
  },
  { name: 'markdown', type: 'string', value: '<file.md>', description: 'Save the transcript as Markdown.' },
];

/** `trialogue debate`: the pre-flight estimate, a confirmation, then the rounds live. */
export async function debate(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const plan = planFromArgs(context);
  const { options, speakers } = await buildDebate(providers, plan);
  const question = await questionFrom(context, context.args.positionals, 'debate');
  const debateOptions = { ...options, question };

  let estimate: DebateEstimate;
  try {
    estimate = estimateDebate(debateOptions);
  } catch (error) {
    throw new CliError(TrialogueError.is(error) ? error.message : (error as Error).message);
  }
  showEstimate(context, estimate, plan.budget?.maxCostUsd);
  if (context.args.options.yes !== true) {
    const interactive = context.io.isTTY && context.io.stdin.isTTY === true && !context.json;
    if (!interactive) {
      throw new CliError(
        'Not starting without a confirmation: pass --yes to run the debate non-interactively.',
      );
    }
    if (!(await confirm(context, 'Start the debate? [y/N] '))) {
      context.err('Not started.\n');
      return ExitCode.ok;
    }
  }

  const handle = runDebate({ ...debateOptions, signal: context.signal });
  const view = new DebateView(context, speakers);
  try {
    for await (const event of handle) view.handle(event);
  } finally {
    view.finish();
  }
  const result = await handle.result;
  await saveTranscript(context, result.transcript);
  if (context.signal.aborted || result.outcome.stopReason === 'aborted') return ExitCode.interrupted;
  return view.failedTurns > 0 ? ExitCode.modelFailed : ExitCode.ok;
}

function showEstimate(context: Context, estimate: DebateEstimate, maxCost: number | undefined): void {
  if (context.json) {
    context.emit({ type: 'estimate', ...estimate });
    return;
  }
  const phases = Object.entries(estimate.byPhase)
    .map(([phase, calls]) => `${phase} ${calls}`)
    .join(', ');
  const cost =
    estimate.costUsd !== undefined
      ? `at most about ${formatCost(estimate.costUsd)}`
      : 'cost unknown (a model has no catalogued price)';
  context.err(
    `${context.style.bold('Estimate:')} ${estimate.calls} model calls (${phases}), ~${estimate.inputTokens.toLocaleString('en-US')} input + ~${estimate.outputTokens.toLocaleString('en-US')} output tokens, ${cost}.\n`,
  );
  if (maxCost !== undefined && estimate.costUsd !== undefined && estimate.costUsd > maxCost) {
    context.err(
      context.style.yellow(`The budget --max-cost ${formatCost(maxCost)} may stop it before the end.\n`),
    );
  }
}

/** Asks a yes/no question on the terminal. */
export function confirm(context: Context, question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({
      input: context.io.stdin,
      output: context.io.stderr as unknown as NodeJS.WritableStream,
      terminal: true,
    });
    let answered = false;
    rl.on('SIGINT', () => {
      answered = true;
      rl.close();
      resolve(false);
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
    rl.question(question, (answer) => {
      answered = true;
      rl.close();
      resolve(/^y(es)?$/i.test(answer.trim()));
    });
  });
}
