import { TrialogueError } from '../errors/trialogue-error.js';
import type { ChatRequest } from '../request/types.js';
import type { FinishReason, StreamEvent, Timings } from '../stream/events.js';
import type { Usage } from '../usage/usage.js';

/** Per-provider request extras, keyed by provider id, such as `{ openai: { seed: 1 } }`. */
export type ProviderOptions = Record<string, Record<string, unknown>>;

/** The collected result of a successful call. */
export interface GenerateResult {
  text: string;
  reasoning?: string;
  usage?: Usage;
  finishReason: FinishReason;
  providerReason?: string;
  timings: Timings;
  /** Every event, in order (handy for tests and auditing). */
  events: StreamEvent[];
}

/**
 * A model you can talk to. Every provider, the scripted test model and the replay model are one.
 *
 * @example
 * ```ts
 * for await (const event of model.stream({ messages: [{ role: 'user', content: 'Hi' }] })) {
 *   if (event.type === 'text-delta') process.stdout.write(event.text);
 * }
 * ```
 */
export interface ChatModel {
  /** Provider id, such as `anthropic`. */
  readonly provider: string;
  /** The provider's model id, such as `claude-sonnet-4-5`. */
  readonly modelId: string;
  /**
   * A name to show people instead of the model id, when the model has one worth showing (the
   * offline sample models say "offline sample, not a real model" here). Optional: most models have none.
   */
  readonly label?: string;
  /** Streams events. Never throws: failures arrive as a terminal `error` event. */
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
  /** Collects the stream. Rejects with the {@link TrialogueError} of a failed call (its partial text on `partialText`). */
  generate(request: ChatRequest): Promise<GenerateResult>;
}

/** A {@link TrialogueError} from `generate()`, with whatever text arrived before it. */
export interface GenerateError extends TrialogueError {
  partialText?: string;
}

/**
 * Collects any event stream into a {@link GenerateResult}, throwing its error when it failed.
 *
 * @example
 * ```ts
 * const { text, usage } = await collectStream(model.stream({ messages: [{ role: 'user', content: 'Hi' }] }));
 * ```
 */
export async function collectStream(stream: AsyncIterable<StreamEvent>): Promise<GenerateResult> {
  const events: StreamEvent[] = [];
  for await (const event of stream) {
    events.push(event);
    if (event.type === 'finish') {
      return {
        text: event.text,
        reasoning: event.reasoning,
        usage: event.usage,
        finishReason: event.reason,
        providerReason: event.providerReason,
        timings: event.timings,
        events,
      };
    }
    if (event.type === 'error') {
      const error = event.error as GenerateError;
      Object.defineProperty(error, 'partialText', {
        value: event.text,
        enumerable: false,
        configurable: true,
      });
      throw error;
    }
  }
  throw new TrialogueError({
    kind: 'provider',
    message: 'The stream ended without a finish or error event.',
  });
}

/**
 * Makes a {@link ChatModel} from a stream function, adding `generate()`.
 *
 * @example
 * ```ts
 * const echo = defineChatModel({
 *   provider: 'echo',
 *   modelId: 'v1',
 *   async *stream(request) {
 *     const text = request.messages.at(-1)?.content ?? '';
 *     yield { type: 'text-delta', text };
 *     yield { type: 'finish', reason: 'stop', text, timings: { totalMs: 0 } };
 *   },
 * });
 * (await echo.generate({ messages: [{ role: 'user', content: 'ping' }] })).text; // 'ping'
 * ```
 */
export function defineChatModel(spec: {
  provider: string;
  modelId: string;
  /** See {@link ChatModel.label}. */
  label?: string;
  stream(request: ChatRequest): AsyncIterable<StreamEvent>;
}): ChatModel {
  return {
    provider: spec.provider,
    modelId: spec.modelId,
    ...(spec.label ? { label: spec.label } : {}),
    stream: (request) => spec.stream(request),
    generate: (request) => collectStream(spec.stream(request)),
  };
}

/** Settings every provider factory takes. */
export interface ProviderSettings {
  /** The user's key. Goes only to this provider, only in its auth header. */
  apiKey?: string;
  /** Override the API base URL (proxies, Azure-style gateways, the fake server in tests). */
  baseURL?: string;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** A fetch implementation (default: the global one). */
  fetch?: typeof fetch;
}

/** A model a provider lists. */
export interface ModelInfo {
  id: string;
  provider: string;
  label?: string;
  contextWindow?: number;
  ownedBy?: string;
  createdAt?: string;
}

/** The answer of a key check. */
export type KeyCheck =
  | { ok: true; provider: string; models?: number }
  | { ok: false; provider: string; error: TrialogueError };

/** What a provider factory returns. */
export interface Provider {
  /** Provider id, as used in model references (`openai`, `ollama`, ...). */
  readonly id: string;
  /** A chat model by the provider's model id. */
  model(modelId: string): ChatModel;
  /** Models the key can use, from the provider's list endpoint. */
  listModels(options?: { signal?: AbortSignal }): Promise<ModelInfo[]>;
  /** Checks the key against the provider's cheapest real endpoint (never a paid generation). */
  validateKey(options?: { signal?: AbortSignal }): Promise<KeyCheck>;
}

/** A provider factory, with what a registry needs to know about it. */
export interface ProviderFactory {
  (settings?: ProviderSettings): Provider;
  /** Provider id. */
  readonly id: string;
  /** Whether calls need a key (false for Ollama and LM Studio). */
  readonly requiresKey: boolean;
}
