import { type ChatMessage, type ModelPrice, TrialogueError } from '@trialogue/core';
import type { DebateFormat, PlanInput } from '../formats/types.js';
import type { DebateOptions, Participant } from './options.js';

const fail = (message: string, code: string): never => {
  throw new TrialogueError({ kind: 'invalid-request', code, message, retryable: false });
};

/** A participant's price: its own, else the catalogue's for its provider and model. */
export function priceOf(
  options: Pick<DebateOptions, 'catalogue'>,
  participant: Participant,
): ModelPrice | undefined {
  return (
    participant.price ?? options.catalogue?.find(participant.model.provider, participant.model.modelId)?.price
  );
}

/** The sizes formats plan with. */
export function planInputOf(options: DebateOptions): PlanInput {
  return {
    participants: options.participants.length,
    formatOptions: options.formatOptions ?? {},
    budget: options.budget ?? {},
    hasJudge: Boolean(options.judge),
    hasChair: Boolean(options.chair),
    hasModerator: Boolean(options.moderator),
  };
}

function checkParticipant(p: Participant | undefined, where: string): void {
  if (!p || typeof p !== 'object')
    fail(`${where} must be an object with an id and a model.`, 'invalid-participant');
  if (typeof p!.id !== 'string' || !p!.id.trim())
    fail(`${where} needs a non-empty string id.`, 'invalid-participant');
  if (p!.id === 'user')
    fail(`${where}: the id "user" is reserved for the person asking.`, 'invalid-participant');
  if (!p!.model || typeof p!.model.stream !== 'function') {
    fail(`${where} (${p!.id}) needs a model: a ChatModel with a stream() method.`, 'invalid-participant');
  }
}

/**
 * Checks debate options before any model call; returns the question and the conversation before it.
 * Throws a `TrialogueError` of kind `invalid-request` with a `code` naming the problem.
 */
export function validateDebateOptions(
  options: DebateOptions,
  format: DebateFormat,
): { question: string; context: ChatMessage[] } {
  if (!options || typeof options !== 'object') fail('runDebate needs an options object.', 'invalid-options');
  if (!Array.isArray(options.participants) || options.participants.length === 0) {
    fail('A debate needs at least one participant.', 'no-participants');
  }
  const ids = new Set<string>();
  options.participants.forEach((p, i) => {
    checkParticipant(p, `participants[${i}]`);
    if (ids.has(p.id))
      fail(`Two participants share the id "${p.id}"; ids must be unique.`, 'duplicate-participant');
    ids.add(p.id);
  });
  for (const role of ['judge', 'chair', 'moderator'] as const) {
    const p = options[role];
    if (!p) continue;
    checkParticipant(p, role);
    if (ids.has(p.id)) {
      fail(
        `The ${role} id "${p.id}" is already taken; give the ${role} its own id (the same model is fine).`,
        'duplicate-participant',
      );
    }
    ids.add(p.id);
  }
  if (options.participants.length < format.minParticipants) {
    fail(
      `The ${format.name} format needs at least ${format.minParticipants} participants; got ${options.participants.length}.`,
      'too-few-participants',
    );
  }

  let question: string;
  let context: ChatMessage[] = [];
  if (options.question !== undefined && options.messages !== undefined) {
    fail('Give either question or messages, not both.', 'question-and-messages');
  }
  if (options.messages !== undefined) {
    if (!Array.isArray(options.messages) || options.messages.length === 0)
      fail('messages must be a non-empty array.', 'invalid-messages');
    const last = options.messages.at(-1)!;
    if (last.role !== 'user' || typeof last.content !== 'string' || !last.content.trim()) {
      fail(
        'The last message must be the user\'s question (role "user", non-empty content).',
        'invalid-messages',
      );
    }
    question = last.content;
    context = options.messages.slice(0, -1);
  } else {
    if (typeof options.question !== 'string' || !options.question.trim()) {
      fail('A debate needs a question (a non-empty string) or messages.', 'no-question');
    }
    question = options.question!;
  }
  if (options.history !== undefined && options.history?.format !== 'trialogue.transcript') {
    fail('history must be a Trialogue transcript (format "trialogue.transcript").', 'invalid-history');
  }
  if (options.historyView !== undefined && !['outcome', 'own', 'none'].includes(options.historyView)) {
    fail(
      `historyView must be "outcome", "own" or "none"; got "${options.historyView}".`,
      'invalid-history-view',
    );
  }
  for (const [key, value] of Object.entries(options.budget ?? {})) {
    if (value !== undefined && (typeof value !== 'number' || !(value > 0))) {
      fail(`budget.${key} must be a positive number; got ${String(value)}.`, 'invalid-budget');
    }
  }
  if (options.budget?.maxCostUsd !== undefined) {
    // A turn without a price costs nothing to the tracker: the budget could not hold, so refuse it.
    const callers = [
      ...options.participants,
      ...(['judge', 'chair', 'moderator'] as const).flatMap((role) => options[role] ?? []),
    ];
    const unpriced = callers.filter((p) => !priceOf(options, p)).map((p) => p.id);
    if (unpriced.length) {
      fail(
        `budget.maxCostUsd needs a price for every model that speaks; none is known for ${unpriced.join(', ')}. ` +
          'Give those participants a price, pass a catalogue that lists their models, or use budget.maxTokens.',
        'unpriced-cost-budget',
      );
    }
  }
  if (options.seed !== undefined && !Number.isInteger(options.seed))
    fail('seed must be an integer.', 'invalid-seed');
  for (const key of ['maxQuoteChars', 'maxPromptQuoteChars'] as const) {
    const value = options[key];
    if (value !== undefined && !(typeof value === 'number' && value >= 200)) {
      fail(`${key} must be a number of at least 200.`, 'invalid-quote-budget');
    }
  }
  format.validate?.(planInputOf(options));
  return { question, context };
}

export { fail as invalidDebate };
