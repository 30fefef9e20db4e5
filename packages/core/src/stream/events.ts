import type { TrialogueError } from '../errors/trialogue-error.js';
import type { Usage } from '../usage/usage.js';

/** Why a stream finished normally. */
export type FinishReason = 'stop' | 'length' | 'content-filter' | 'refusal' | 'other';

/** How long a call took. */
export interface Timings {
  /** From the call to the first text or reasoning token; absent when none arrived. */
  timeToFirstTokenMs?: number;
  /** From the call to the terminal event. */
  totalMs: number;
}

/** The stream started: the provider answered. A `retry` may be followed by another `start`. */
export interface StartEvent {
  type: 'start';
  provider: string;
  modelId: string;
  requestId?: string;
}

/** Text appended to the answer. */
export interface TextDeltaEvent {
  type: 'text-delta';
  text: string;
}

/** Text appended to the visible reasoning. */
export interface ReasoningDeltaEvent {
  type: 'reasoning-delta';
  text: string;
}

/** Normalised token counts so far; the last one wins. */
export interface UsageEvent {
  type: 'usage';
  usage: Usage;
}

/** A retry is about to happen after `delayMs`. Only ever before the first token. */
export interface RetryEvent {
  type: 'retry';
  /** The attempt about to start: 2 for the first retry. */
  attempt: number;
  delayMs: number;
  error: TrialogueError;
}

/** Terminal: the answer is complete. */
export interface FinishEvent {
  type: 'finish';
  reason: FinishReason;
  /** The provider's own finish reason, as sent. */
  providerReason?: string;
  text: string;
  reasoning?: string;
  usage?: Usage;
  timings: Timings;
}

/** Terminal: the call failed. Keeps whatever arrived before the failure. */
export interface ErrorEvent {
  type: 'error';
  error: TrialogueError;
  /** The partial answer. */
  text: string;
  reasoning?: string;
  usage?: Usage;
  timings: Timings;
}

/** Every event a {@link ChatModel} stream yields. Exactly one terminal event (`finish` or `error`) ends it. */
export type StreamEvent =
  | StartEvent
  | TextDeltaEvent
  | ReasoningDeltaEvent
  | UsageEvent
  | RetryEvent
  | FinishEvent
  | ErrorEvent;

/** The terminal events. */
export type TerminalEvent = FinishEvent | ErrorEvent;

/**
 * True for `finish` and `error`.
 *
 * @example
 * ```ts
 * for await (const event of model.stream(request)) if (isTerminal(event)) console.log('ended:', event.type);
 * ```
 */
export function isTerminal(event: StreamEvent): event is TerminalEvent {
  return event.type === 'finish' || event.type === 'error';
}
