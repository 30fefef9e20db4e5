import { writeFile } from 'node:fs/promises';
import { formatCost, redact, serializeTranscript, toMarkdown, transcriptBuilder } from '@trialogue/core';
import type { OptionSpec } from '../args/parse.js';
import { defaultModelRefs, loadProviders } from '../config/providers.js';
import type { Context } from '../context.js';
import { ExitCode } from '../io.js';
import { openSession, saveOption, sessionNote } from '../sessions/session.js';
import { resolveModels, runFanOutTurn } from './fan-out-turn.js';
import { assertWritable, pathFrom, questionFrom } from './input.js';

/** Options shared by commands that talk to models. */
export const modelOptions: OptionSpec[] = [
  {
    name: 'model',
    short: 'm',
    type: 'list',
    value: '<provider:model>',
    description: 'A model to ask (repeat for several).',
  },
  {
    name: 'system',
    short: 's',
    type: 'string',
    value: '<text>',
    description: 'A system prompt for every model.',
  },
  { name: 'temperature', type: 'number', value: '<t>', description: 'Sampling temperature.' },
  { name: 'max-tokens', type: 'number', value: '<n>', description: 'Maximum output tokens per answer.' },
];

export const askOptions: OptionSpec[] = [
  ...modelOptions,
  {
    name: 'out',
    short: 'o',
    type: 'string',
    value: '<file.json>',
    description: 'Save the transcript as JSON.',
  },
  { name: 'markdown', type: 'string', value: '<file.md>', description: 'Save the transcript as Markdown.' },
  saveOption,
];

/** `trialogue ask`: one question to every model at once. */
export async function ask(context: Context): Promise<number> {
  const providers = await loadProviders(context);
  const refs =
    (context.args.options.model as string[] | undefined) ?? (await defaultModelRefs(context, providers));
  const models = await resolveModels(providers, refs);
  const question = await questionFrom(context, context.args.positionals, 'ask');
  await assertOutputsWritable(context);

  const builder = transcriptBuilder({
    kind: 'chat',
    mode: 'ask',
    title: question.slice(0, 120),
    catalogue: providers.catalogue,
  });
  for (const { key, model } of models) {
    builder.addParticipant({ id: key, provider: model.provider, modelId: model.modelId });
  }
  builder.addUserTurn(question);
  // Saved before the answers arrive, so even a hard stop leaves the question in the history.
  const session = openSession(context);
  session?.save(builder.transcript);
  const outcome = await runFanOutTurn(
    context,
    providers,
    models,
    () => [{ role: 'user', content: question }],
    builder,
  );
  const transcript = builder.finish({ stopReason: outcome.interrupted ? 'aborted' : 'completed' });
  if (context.io.isTTY && !context.json && models.length > 1) {
    const { usage, cost } = transcript.totals ?? {};
    const parts = [`${models.length} models`];
    if (outcome.failed.length) parts.push(`${outcome.failed.length} failed`);
    if (usage) parts.push(`${usage.inputTokens} in / ${usage.outputTokens} out tokens`);
    if (cost !== undefined) parts.push(formatCost(cost));
    context.out(`${context.style.dim(`Total: ${parts.join(' · ')}`)}\n`);
  }
  session?.save(transcript);
  await session?.flush();
  await saveTranscript(context, transcript);
  sessionNote(context, session);
  if (outcome.interrupted) return ExitCode.interrupted;
  return outcome.failed.length > 0 ? ExitCode.modelFailed : ExitCode.ok;
}

/** Checks early that `--out` and `--markdown` can be written (see {@link assertWritable}). */
export function assertOutputsWritable(context: Context): Promise<void> {
  const { out, markdown } = context.args.options;
  return assertWritable(
    context,
    typeof out === 'string' ? out : undefined,
    typeof markdown === 'string' ? markdown : undefined,
  );
}

/** Writes `--out` (JSON) and `--markdown` when given. */
export async function saveTranscript(
  context: Context,
  transcript: Parameters<typeof serializeTranscript>[0],
): Promise<void> {
  const { out, markdown } = context.args.options;
  if (typeof out === 'string') {
    await writeFile(pathFrom(context, out), redact(serializeTranscript(transcript)));
    if (!context.json) context.err(context.style.dim(`Transcript saved to ${out}\n`));
  }
  if (typeof markdown === 'string') {
    await writeFile(pathFrom(context, markdown), redact(toMarkdown(transcript)));
    if (!context.json) context.err(context.style.dim(`Markdown saved to ${markdown}\n`));
  }
}
