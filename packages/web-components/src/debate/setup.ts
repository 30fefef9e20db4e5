/**
 * The debate set-up as plain data: which models take part under which ids, the roles each format
 * uses, and the options `runDebate` and `estimateDebate` take. No DOM, no network.
 */
import type { ChatModel, ChatRequest, ModelCatalogue, Transcript } from '@trialogue/core';
import type { DebateBudget, DebateOptions, FormatName, Participant } from '@trialogue/debate';

/** Every built-in format, in the order the form lists them. */
export const FORMAT_NAMES: readonly FormatName[] = [
  'roundtable',
  'society',
  'council',
  'moa',
  'adversarial',
  'conversation',
  'vote',
];

/** The role a format can give one extra model, and whether it must. */
export function roleOf(format: string): { role: 'judge' | 'chair'; required: boolean } | undefined {
  if (format === 'adversarial') return { role: 'judge', required: true };
  if (format === 'roundtable' || format === 'society') return { role: 'judge', required: false };
  if (format === 'council' || format === 'moa') return { role: 'chair', required: false };
  return undefined;
}

/** The count option a format takes (`rounds`, or `layers` for moa), with its default. */
export function countOf(format: string): { option: 'rounds' | 'layers'; default: number } | undefined {
  if (format === 'society' || format === 'adversarial') return { option: 'rounds', default: 3 };
  if (format === 'conversation') return { option: 'rounds', default: 2 };
  if (format === 'moa') return { option: 'layers', default: 2 };
  return undefined;
}

/** What the form holds. */
export interface DebateSetup {
  question: string;
  format: FormatName;
  /** Model references (`provider:model`) taking part, in order. */
  models: string[];
  /** The judge's or chair's reference, when the format has such a role. */
  roleModel?: string;
  /** Rounds or layers, when the format takes them. */
  count?: number;
  budget: DebateBudget;
}

/** Ids and labels for a list of references: readable, unique (`gpt-4.1-mini`, `gpt-4.1-mini-2`). */
export function participantNames(
  refs: readonly string[],
  catalogue: ModelCatalogue | undefined,
): { ref: string; id: string; label: string }[] {
  const seen = new Map<string, number>();
  return refs.map((ref) => {
    const [provider = '', ...rest] = ref.split(':');
    const modelId = rest.join(':');
    const base =
      modelId
        .toLowerCase()
        .replace(/[^a-z0-9.]+/g, '-')
        .replace(/^-+|-+$/g, '') || 'model';
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const label = catalogue?.find(provider, modelId)?.label ?? modelId;
    return {
      ref,
      id: n === 1 ? base : `${base}-${n}`,
      label: n === 1 ? label : `${label} #${n}`,
    };
  });
}

/** A model that only names itself, for the estimate: it is never called. */
function namedModel(ref: string): ChatModel {
  const [provider = '', ...rest] = ref.split(':');
  const never = (_request: ChatRequest): never => {
    throw new Error('An estimate never calls a model.');
  };
  return { provider, modelId: rest.join(':'), stream: never, generate: never };
}

/**
 * The options of `runDebate` for a set-up, with models from `resolve` (the registry's, or names only
 * for an estimate).
 */
export async function debateOptions(
  setup: DebateSetup,
  resolve: (ref: string) => ChatModel | Promise<ChatModel>,
  catalogue: ModelCatalogue | undefined,
): Promise<DebateOptions> {
  const names = participantNames(setup.models, catalogue);
  const participants: Participant[] = await Promise.all(
    names.map(async ({ ref, id, label }) => ({ id, label, model: await resolve(ref) })),
  );
  const options: DebateOptions = { question: setup.question, participants, format: setup.format };
  const role = roleOf(setup.format);
  if (role && setup.roleModel) {
    const [named] = participantNames([setup.roleModel], catalogue);
    options[role.role] = {
      id: role.role,
      label: `${role.role === 'judge' ? 'Judge' : 'Chair'} (${named?.label ?? setup.roleModel})`,
      model: await resolve(setup.roleModel),
    };
  }
  const count = countOf(setup.format);
  if (count && setup.count) options.formatOptions = { [count.option]: setup.count };
  if (Object.keys(setup.budget).length) options.budget = setup.budget;
  if (catalogue) options.catalogue = catalogue;
  return options;
}

/**
 * The options to continue a saved debate: its last exchange's format and format options, its
 * participants under their ids and labels, the judge or chair in its role, each model from
 * `resolve` (the element's registry). Rejects with the resolver's error (an unknown provider, a
 * missing key).
 */
export async function optionsFromTranscript(
  transcript: Transcript,
  resolve: (ref: string) => ChatModel | Promise<ChatModel>,
  catalogue: ModelCatalogue | undefined,
): Promise<DebateOptions> {
  const exchanges = Array.isArray(transcript.meta?.exchanges) ? transcript.meta.exchanges : [];
  const last = (exchanges.at(-1) ?? {}) as {
    format?: string;
    formatOptions?: Record<string, unknown>;
    roles?: Record<string, string>;
  };
  const format = (last.format ?? transcript.mode ?? 'roundtable') as FormatName;
  const roles = new Map(Object.entries(last.roles ?? {}).map(([role, id]) => [id, role]));
  const options: DebateOptions = { question: '', participants: [], format };
  for (const p of transcript.participants) {
    const member = {
      id: p.id,
      ...(p.label ? { label: p.label } : {}),
      model: await resolve(`${p.provider}:${p.modelId}`),
    };
    const role = roles.get(p.id);
    if (role === 'judge' || role === 'chair') options[role] = member;
    else options.participants.push(member);
  }
  if (last.formatOptions && Object.keys(last.formatOptions).length)
    options.formatOptions = last.formatOptions as DebateOptions['formatOptions'];
  if (catalogue) options.catalogue = catalogue;
  return options;
}

/** The options for `estimateDebate`: the same set-up over models that are never called. */
export function estimateOptions(
  setup: DebateSetup,
  catalogue: ModelCatalogue | undefined,
): Promise<DebateOptions> {
  return debateOptions(setup, namedModel, catalogue);
}
