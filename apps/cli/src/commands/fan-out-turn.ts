import {
  type ChatMessage,
  type ChatModel,
  type ChatRequest,
  fanOut,
  type TerminalEvent,
  type TranscriptBuilder,
  type TurnRecorder,
} from '@trialogue/core';
import type { Providers } from '../config/providers.js';
import type { Context } from '../context.js';
import { AnswerView } from '../render/answer-view.js';
import { formatStats } from '../render/stats.js';

/** A model in a session, under its display key (`openai:gpt-4.1-mini`, or `...#2` when repeated). */
export interface SessionModel {
  key: string;
  model: ChatModel;
}

/** Resolves `-m` references to models with unique keys. */
export async function resolveModels(providers: Providers, refs: readonly string[]): Promise<SessionModel[]> {
  const models = await Promise.all(refs.map((ref) => providers.resolve(ref)));
  const seen = new Map<string, number>();
  return models.map((model) => {
    const ref = `${model.provider}:${model.modelId}`;
    const count = (seen.get(ref) ?? 0) + 1;
    seen.set(ref, count);
    return { key: count === 1 ? ref : `${ref}#${count}`, model };
  });
}

/** Request settings shared by `ask` and `chat` (`--system`, `--temperature`, `--max-tokens`). */
export function requestSettings(context: Context): Omit<ChatRequest, 'messages'> {
  const { options } = context.args;
  const settings: Omit<ChatRequest, 'messages'> = {};
  if (typeof options.system === 'string') settings.system = options.system;
  if (typeof options.temperature === 'number') settings.temperature = options.temperature;
  if (typeof options['max-tokens'] === 'number') settings.maxOutputTokens = options['max-tokens'];
  return settings;
}

/** The outcome of one fan-out turn. */
export interface TurnOutcome {
  results: Record<string, TerminalEvent>;
  /** Ctrl-C (or `/stop`) ended it. */
  interrupted: boolean;
  failed: string[];
}

/**
 * Sends one set of messages per model at once, shows the answers, records them as turns.
 * `messagesFor` gives each model its own history (chat keeps one per model).
 */
export async function runFanOutTurn(
  context: Context,
  providers: Providers,
  models: readonly SessionModel[],
  messagesFor: (key: string) => ChatMessage[],
  builder: TranscriptBuilder,
  extra: {
    round?: number;
    phase?: string;
    signal?: AbortSignal;
    blocks?: boolean;
    captureInput?: boolean;
    /** Receives a function that stops one answer (by key) while the others go on. */
    onStart?: (stopOne: (key: string) => void) => void;
  } = {},
): Promise<TurnOutcome> {
  const settings = requestSettings(context);
  const recorders = new Map<string, TurnRecorder>();
  for (const { key } of models) {
    recorders.set(
      key,
      builder.startTurn({
        participantId: key,
        round: extra.round,
        ...(extra.phase ? { phase: extra.phase } : {}),
        prompt: { system: settings.system, messages: messagesFor(key) },
      }),
    );
  }
  const byKey = new Map(models.map((entry) => [entry.key, entry.model]));
  const view = new AnswerView(
    context,
    models.map(({ key }) => ({ id: key, title: key })),
    {
      statsFor: (key, terminal) =>
        formatStats({
          usage: terminal.usage,
          price: providers.priceOf(byKey.get(key)!),
          timings: terminal.timings,
        }),
      blocks: extra.blocks,
      captureInput: extra.captureInput,
    },
  );
  const run = fanOut(
    models,
    { messages: [], ...settings },
    { requestFor: (key) => ({ ...settings, messages: messagesFor(key) }) },
  );
  let interrupted = false;
  const stop = () => {
    interrupted = true;
    run.stop();
  };
  const signals = [context.signal, extra.signal].filter(
    (signal): signal is AbortSignal => signal !== undefined,
  );
  for (const signal of signals) {
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  }
  extra.onStart?.((key) => run.stop(key));
  view.start();
  try {
    for await (const { key, event } of run) {
      recorders.get(key)?.push(event);
      view.push(key, event);
    }
  } finally {
    for (const signal of signals) signal.removeEventListener('abort', stop);
    view.finish();
  }
  const results = await run.results;
  const failed = Object.entries(results)
    .filter(([, event]) => event.type === 'error' && event.error.kind !== 'aborted')
    .map(([key]) => key);
  return { results, interrupted, failed };
}
