import type { ChatModel } from '@trialogue/core';
import type { DebateBudget, DebateOptions, FormatName, Participant } from '@trialogue/debate';
import { formats } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import type { Providers } from '../config/providers.js';
import { CliError, type Context } from '../context.js';
import type { Speaker } from '../render/debate-view.js';
import { resolveModels } from './fan-out-turn.js';

/** What a debate needs besides the question: from the command line (`debate`, `eval`) or a spec (`run`). */
export interface DebatePlan {
  models: string[];
  format: string;
  judge?: string;
  chair?: string;
  moderator?: string;
  rounds?: number;
  samples?: number;
  formatOptions?: Record<string, unknown>;
  budget?: DebateBudget;
  seed?: number;
  maxOutputTokens?: number;
  temperature?: number;
  /** Personas by model position. */
  personas?: (string | undefined)[];
}

/** Options shared by `debate` and `eval`. */
export const debateOptions: OptionSpec[] = [
  {
    name: 'model',
    short: 'm',
    type: 'list',
    value: '<provider:model>',
    description: 'A participant (repeat; the same model twice is fine).',
  },
  {
    name: 'format',
    short: 'f',
    type: 'string',
    value: '<name>',
    description: `Debate format: ${Object.keys(formats).join(', ')} (default roundtable).`,
  },
  {
    name: 'judge',
    type: 'string',
    value: '<provider:model>',
    description: 'The judge (adversarial needs one).',
  },
  {
    name: 'chair',
    type: 'string',
    value: '<provider:model>',
    description: 'The chair (council) or aggregator (moa).',
  },
  {
    name: 'moderator',
    type: 'string',
    value: '<provider:model>',
    description: 'The moderator (conversation).',
  },
  {
    name: 'rounds',
    short: 'r',
    type: 'number',
    value: '<n>',
    description: 'Rounds (society, adversarial, conversation), layers (moa), or a cap.',
  },
  { name: 'samples', type: 'number', value: '<n>', description: 'Answers drawn by the vote format.' },
  {
    name: 'option',
    type: 'list',
    value: '<key=value>',
    description: 'Any other format option (repeatable), e.g. judgeEachRound=false.',
  },
  {
    name: 'max-cost',
    type: 'number',
    value: '<usd>',
    description: 'Stop when the debate has cost this many US dollars.',
  },
  {
    name: 'max-total-tokens',
    type: 'number',
    value: '<n>',
    description: 'Stop after this many tokens over all turns.',
  },
  { name: 'max-time', type: 'number', value: '<seconds>', description: 'Stop after this long.' },
  { name: 'max-tokens', type: 'number', value: '<n>', description: 'Maximum output tokens per turn.' },
  { name: 'temperature', type: 'number', value: '<t>', description: 'Sampling temperature.' },
  {
    name: 'seed',
    type: 'number',
    value: '<n>',
    description: 'Seed for shuffles and tie-breaks (default 0: reproducible).',
  },
];

/** The plan from the command line. */
export function planFromArgs(context: Context): DebatePlan {
  const { options } = context.args;
  const formatOptions: Record<string, unknown> = {};
  for (const pair of (options.option as string[] | undefined) ?? []) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new CliError(`--option takes key=value (got "${pair}").`);
    const raw = pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // A plain string.
    }
    formatOptions[pair.slice(0, eq)] = value;
  }
  const budget: DebateBudget = {};
  if (typeof options['max-cost'] === 'number') budget.maxCostUsd = options['max-cost'];
  if (typeof options['max-total-tokens'] === 'number') budget.maxTokens = options['max-total-tokens'];
  if (typeof options['max-time'] === 'number') budget.maxDurationMs = options['max-time'] * 1000;
  return {
    models: (options.model as string[] | undefined) ?? [],
    format: (options.format as string | undefined) ?? 'roundtable',
    judge: options.judge as string | undefined,
    chair: options.chair as string | undefined,
    moderator: options.moderator as string | undefined,
    rounds: options.rounds as number | undefined,
    samples: options.samples as number | undefined,
    formatOptions,
    budget,
    seed: options.seed as number | undefined,
    maxOutputTokens: options['max-tokens'] as number | undefined,
    temperature: options.temperature as number | undefined,
  };
}

/** Debate options (without the question) and how each participant is shown. */
export interface BuiltDebate {
  options: Omit<DebateOptions, 'question' | 'signal'>;
  speakers: Map<string, Speaker>;
}

/** Resolves the models and maps `rounds`/`samples` onto the format's own options. */
export async function buildDebate(providers: Providers, plan: DebatePlan): Promise<BuiltDebate> {
  if (!(plan.format in formats)) {
    throw new CliError(`Unknown format "${plan.format}". Choose one of: ${Object.keys(formats).join(', ')}.`);
  }
  const format = plan.format as FormatName;
  if (plan.models.length === 0)
    throw new CliError('Name the participants with -m provider:model (at least one, usually two or more).');
  const models = await resolveModels(providers, plan.models);
  const speakers = new Map<string, Speaker>();
  // A participant and how it is shown, both priced from the catalogue when it knows the model.
  const participantOf = (id: string, model: ChatModel, title: string): Participant => {
    const participant: Participant = { id, model, label: id };
    const price = providers.priceOf(model);
    if (price) participant.price = price;
    speakers.set(id, { title, index: speakers.size, ...(price ? { price } : {}) });
    return participant;
  };
  const participants: Participant[] = models.map(({ key, model }, index) => {
    const participant = participantOf(key, model, key);
    const persona = plan.personas?.[index];
    if (persona) participant.persona = persona;
    return participant;
  });
  const role = async (
    name: 'judge' | 'chair' | 'moderator',
    ref: string | undefined,
  ): Promise<Participant | undefined> => {
    if (!ref) return undefined;
    const model = await providers.resolve(ref);
    return participantOf(name, model, `${name} (${model.provider}:${model.modelId})`);
  };
  const formatOptions: Record<string, unknown> = { ...plan.formatOptions };
  const budget: DebateBudget = { ...plan.budget };
  if (plan.rounds !== undefined) {
    if (format === 'moa') formatOptions.layers = plan.rounds;
    else if (format === 'society' || format === 'adversarial' || format === 'conversation')
      formatOptions.rounds = plan.rounds;
    else if (format === 'vote') throw new CliError('The vote format has no rounds: use --samples <n>.');
    else budget.maxRounds = plan.rounds;
  }
  if (plan.samples !== undefined) {
    if (format !== 'vote') throw new CliError('--samples applies to the vote format only.');
    formatOptions.samples = plan.samples;
  }
  const options: BuiltDebate['options'] = { participants, format, formatOptions };
  const judge = await role('judge', plan.judge);
  const chair = await role('chair', plan.chair);
  const moderator = await role('moderator', plan.moderator);
  if (judge) options.judge = judge;
  if (chair) options.chair = chair;
  if (moderator) options.moderator = moderator;
  if (Object.keys(budget).length > 0) options.budget = budget;
  if (plan.seed !== undefined) options.seed = plan.seed;
  if (plan.maxOutputTokens !== undefined) options.maxOutputTokens = plan.maxOutputTokens;
  if (plan.temperature !== undefined) options.temperature = plan.temperature;
  return { options, speakers };
}
