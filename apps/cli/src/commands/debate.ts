import { type DebateEstimate, estimateDebate, runDebate } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { loadProviders } from '../config/providers.js';
import { type Context, usageError } from '../context.js';
import { ExitCode } from '../io.js';
import { DebateView } from '../render/debate-view.js';
import { saveTranscript } from './ask.js';
import { buildDebate, debateOptions, planFromArgs } from './debate-setup.js';
import { questionFrom } from './input.js';
import { preflight } from './preflight.js';

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
    throw usageError(error);
  }
  if (!(await preflight(context, estimate, plan.budget?.maxCostUsd, 'the debate'))) return ExitCode.ok;

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
