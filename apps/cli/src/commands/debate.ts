import type { Transcript } from '@trialogue/core';
import { type DebateEstimate, estimateDebate, runDebate } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { loadProviders } from '../config/providers.js';
import { CliError, type Context, usageError } from '../context.js';
import { ExitCode } from '../io.js';
import { DebateView } from '../render/debate-view.js';
import type { LineInput } from '../render/live-region.js';
import { DebateSnapshot, openSession, saveOption, sessionNote } from '../sessions/session.js';
import { assertOutputsWritable, saveTranscript } from './ask.js';
import { buildDebate, type DebatePlan, debateOptions, planFromArgs } from './debate-setup.js';
import { questionFrom, readTranscript } from './input.js';
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
  saveOption,
  {
    name: 'continue',
    type: 'string',
    value: '<debate.json>',
    description: 'Ask a follow-up in a saved debate (same panel and format unless given).',
  },
];

const roles = ['judge', 'chair', 'moderator'] as const;

/** `--continue`: the saved debate, and its panel, roles and format where the command line names none. */
async function continuing(context: Context, plan: DebatePlan): Promise<Transcript | undefined> {
  const file = context.args.options.continue;
  if (typeof file !== 'string') return undefined;
  const previous = await readTranscript(context, file);
  if (previous.kind !== 'debate')
    throw new CliError(`${file} is a ${previous.kind} transcript; --continue takes a debate.`);
  const ref = (p: { provider: string; modelId: string }) => `${p.provider}:${p.modelId}`;
  if (plan.models.length === 0) {
    plan.models = previous.participants.filter((p) => !(roles as readonly string[]).includes(p.id)).map(ref);
    for (const role of roles) {
      const participant = previous.participants.find((p) => p.id === role);
      if (participant) plan[role] ??= ref(participant);
    }
  }
  if (context.args.options.format === undefined && previous.mode) plan.format = previous.mode;
  return previous;
}

/** `trialogue debate`: the pre-flight estimate, a confirmation, then the rounds live. */
export async function debate(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const plan = planFromArgs(context);
  const previous = await continuing(context, plan);
  const { options, speakers } = await buildDebate(providers, plan);
  const question = await questionFrom(context, context.args.positionals, 'debate');
  await assertOutputsWritable(context);
  const debateOptions = { ...options, question, ...(previous ? { history: previous } : {}) };

  let estimate: DebateEstimate;
  try {
    estimate = estimateDebate(debateOptions);
  } catch (error) {
    throw usageError(error);
  }
  if (!(await preflight(context, estimate, plan.budget?.maxCostUsd, 'the debate'))) return ExitCode.ok;

  // In a conversation the person can speak between turns: typed on the live block's last line.
  const input: LineInput | undefined =
    plan.format === 'conversation' && context.io.isTTY && context.io.stdin.isTTY === true && !context.json
      ? { prompt: 'you › ', text: '', submit: (text) => handle.interject(text) }
      : undefined;
  const handle = runDebate({ ...debateOptions, signal: context.signal });
  const view = new DebateView(context, speakers, { input });
  // Saved as it goes: the snapshot follows the events, the run's transcript replaces it at the end.
  const session = openSession(context);
  const snapshot = new DebateSnapshot();
  try {
    for await (const event of handle) {
      view.handle(event);
      if (session && snapshot.apply(event) && snapshot.transcript) session.save(snapshot.transcript);
    }
  } finally {
    view.finish();
  }
  const result = await handle.result;
  session?.save(result.transcript);
  await session?.flush();
  await saveTranscript(context, result.transcript);
  sessionNote(context, session);
  if (context.signal.aborted || result.outcome.stopReason === 'aborted') return ExitCode.interrupted;
  return view.failedTurns > 0 ? ExitCode.modelFailed : ExitCode.ok;
}
