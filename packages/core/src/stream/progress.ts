import type { TrialogueError } from '../errors/trialogue-error.js';
import type { Usage } from '../usage/usage.js';
import type { ErrorEvent, FinishEvent, FinishReason, StreamEvent, Timings } from './events.js';

const eventTypes = new Set<string>([
  'start',
  'text-delta',
  'reasoning-delta',
  'usage',
  'retry',
  'finish',
  'error',
]);

/** True for the `type` of every {@link StreamEvent} this version knows. */
export function isStreamEventType(type: unknown): type is StreamEvent['type'] {
  return typeof type === 'string' && eventTypes.has(type);
}

/**
 * The answer so far (text, reasoning, usage, when the first token came), so that whoever cuts a
 * stream short (a stop, a broken relay, a misbehaving model) can still end it with an `error` event
 * that keeps the partial answer.
 */
export class AnswerSoFar {
  text = '';
  reasoning = '';
  usage: Usage | undefined;
  /** When the first text or reasoning token arrived (ms since the epoch). */
  protected firstTokenAt: number | undefined;
  protected readonly startedAt = Date.now();

  /** True once a text or reasoning token arrived. */
  get hasTokens(): boolean {
    return this.firstTokenAt !== undefined;
  }

  timings(): Timings {
    const timings: Timings = { totalMs: Date.now() - this.startedAt };
    if (this.firstTokenAt !== undefined) timings.timeToFirstTokenMs = this.firstTokenAt - this.startedAt;
    return timings;
  }

  /** Set once a terminal event was built, so a late throw never adds a second one. */
  terminated = false;

  /** Notes the first text or reasoning token. */
  tokenArrived(): void {
    this.firstTokenAt = Date.now();
  }

  /** The terminal `finish` event, with the text, reasoning and usage so far. */
  finishEvent(reason: FinishReason, providerReason: string | undefined): FinishEvent {
    this.terminated = true;
    const event: FinishEvent = { type: 'finish', reason, text: this.text, timings: this.timings() };
    if (providerReason !== undefined) event.providerReason = providerReason;
    if (this.reasoning) event.reasoning = this.reasoning;
    if (this.usage) event.usage = this.usage;
    return event;
  }

  /** The terminal `error` event for `error`, with the text, reasoning and usage so far. */
  errorEvent(error: TrialogueError): ErrorEvent {
    this.terminated = true;
    const event: ErrorEvent = { type: 'error', error, text: this.text, timings: this.timings() };
    if (this.reasoning) event.reasoning = this.reasoning;
    if (this.usage) event.usage = this.usage;
    return event;
  }
}

/** The answer so far of a stream read as events (a relay, a fan-out), event by event. */
export class StreamProgress extends AnswerSoFar {
  /** From the last `start` event. */
  provider: string | undefined;

  /** Takes note of one event (plain property access: this runs once per token). */
  observe(event: StreamEvent): void {
    switch (event.type) {
      case 'text-delta':
        this.firstTokenAt ??= Date.now();
        this.text += event.text;
        break;
      case 'reasoning-delta':
        this.firstTokenAt ??= Date.now();
        this.reasoning += event.text;
        break;
      case 'usage':
        this.usage = event.usage;
        break;
      case 'start':
        this.provider = event.provider;
        break;
    }
  }
}
