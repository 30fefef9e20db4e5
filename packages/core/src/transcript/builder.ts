import { TrialogueError } from '../errors/trialogue-error.js';
import type { ChatModel } from '../models/chat-model.js';
import type { ChatMessage } from '../request/types.js';
import type { StreamEvent, TerminalEvent } from '../stream/events.js';
import type { ModelCatalogue } from '../usage/catalogue.js';
import { costOf, type ModelPrice } from '../usage/cost.js';
import { addUsage } from '../usage/usage.js';
import {
  TRANSCRIPT_VERSION,
  type Transcript,
  type TranscriptOutcome,
  type TranscriptParticipant,
  type TranscriptTurn,
} from './types.js';

/** Fields of a new transcript; everything has a default. */
export interface TranscriptInit {
  /** Default: a random UUID. */
  id?: string;
  /** Default `chat`. */
  kind?: Transcript['kind'];
  title?: string;
  mode?: string;
  /** ISO time; default now. */
  createdAt?: string;
  participants?: TranscriptParticipant[];
  meta?: Record<string, unknown>;
}

/**
 * A new, empty transcript.
 *
 * @example
 * ```ts
 * const transcript = createTranscript({ kind: 'debate', mode: 'roundtable', title: 'Tabs or spaces?' });
 * ```
 */
export function createTranscript(init: TranscriptInit = {}): Transcript {
  const transcript: Transcript = {
    format: 'trialogue.transcript',
    version: TRANSCRIPT_VERSION,
    id: init.id ?? randomId(),
    kind: init.kind ?? 'chat',
    createdAt: init.createdAt ?? new Date().toISOString(),
    participants: (init.participants ?? []).map(participantOf),
    turns: [],
  };
  if (init.title !== undefined) transcript.title = init.title;
  if (init.mode !== undefined) transcript.mode = init.mode;
  if (init.meta !== undefined) transcript.meta = init.meta;
  return transcript;
}

/**
 * A participant for a model: only provider, model id, label and persona (never a key or settings).
 *
 * @example
 * ```ts
 * participantFromModel('a', model, { label: 'Claude' });
 * // { id: 'a', provider: 'anthropic', modelId: 'claude-sonnet-4-5', label: 'Claude' }
 * ```
 */
export function participantFromModel(
  id: string,
  model: Pick<ChatModel, 'provider' | 'modelId'>,
  extra: { label?: string; persona?: string } = {},
): TranscriptParticipant {
  return participantOf({ id, provider: model.provider, modelId: model.modelId, ...extra });
}

// Copies only the participant fields, so a settings object passed by mistake brings no key along.
function participantOf(p: TranscriptParticipant): TranscriptParticipant {
  const out: TranscriptParticipant = { id: p.id, provider: p.provider, modelId: p.modelId };
  if (p.label !== undefined) out.label = p.label;
  if (p.persona !== undefined) out.persona = p.persona;
  return out;
}

/** Where a turn sits and what it was sent. */
export interface TurnInit {
  /** Default: the next `t<n>` id of the builder, or `t1` on its own. */
  id?: string;
  participantId: string;
  /** Default `assistant`. */
  role?: TranscriptTurn['role'];
  round?: number;
  phase?: string;
  prompt?: { system?: string; messages: ChatMessage[] };
  /** ISO time; default now. */
  startedAt?: string;
}

/**
 * Writes a stream's terminal event into a turn: final text and reasoning, usage, cost (when
 * `price` is given), timings, and the finish reason or the error (as JSON; the partial text stays).
 *
 * @example
 * ```ts
 * applyTerminal(turn, event, { price: catalogue.find(model.provider, model.modelId)?.price });
 * ```
 */
export function applyTerminal(
  turn: TranscriptTurn,
  terminal: TerminalEvent,
  options: { price?: ModelPrice; endedAt?: string } = {},
): TranscriptTurn {
  turn.text = terminal.text;
  if (terminal.reasoning) turn.reasoning = terminal.reasoning;
  if (terminal.usage) turn.usage = terminal.usage;
  if (turn.usage && options.price) turn.cost = costOf(turn.usage, options.price);
  turn.timings = terminal.timings;
  if (terminal.type === 'finish') {
    turn.finishReason = terminal.reason;
    delete turn.error;
  } else {
    const error = terminal.error as TrialogueError | TranscriptTurn['error'];
    turn.error =
      TrialogueError.is(error) && typeof error.toJSON === 'function'
        ? error.toJSON()
        : (error as TranscriptTurn['error']);
    delete turn.finishReason;
  }
  turn.endedAt = options.endedAt ?? new Date().toISOString();
  return turn;
}

/** Records a turn from its stream events as they arrive. */
export interface TurnRecorder {
  /** The turn, updated live (its text grows with every delta). */
  readonly turn: TranscriptTurn;
  /** Feeds one event; the terminal event completes the turn. */
  push(event: StreamEvent): void;
  /** True once a terminal event arrived. */
  readonly done: boolean;
}

/**
 * Makes a {@link TurnRecorder} for a turn that is not part of a builder.
 *
 * @example
 * ```ts
 * const recorder = recordTurn({ participantId: 'gpt', round: 1 }, { price });
 * for await (const event of model.stream(request)) recorder.push(event);
 * transcript.turns.push(recorder.turn);
 * ```
 */
export function recordTurn(
  init: TurnInit,
  options: { price?: ModelPrice; now?: () => Date } = {},
): TurnRecorder {
  const now = options.now ?? (() => new Date());
  const turn: TranscriptTurn = {
    id: init.id ?? 't1',
    participantId: init.participantId,
    role: init.role ?? 'assistant',
    text: '',
    startedAt: init.startedAt ?? now().toISOString(),
  };
  if (init.round !== undefined) turn.round = init.round;
  if (init.phase !== undefined) turn.phase = init.phase;
  if (init.prompt !== undefined) turn.prompt = init.prompt;
  let done = false;
  return {
    turn,
    get done() {
      return done;
    },
    push(event) {
      if (done) return;
      if (event.type === 'text-delta') turn.text += event.text;
      else if (event.type === 'reasoning-delta') turn.reasoning = (turn.reasoning ?? '') + event.text;
      else if (event.type === 'usage') turn.usage = event.usage;
      else if (event.type === 'finish' || event.type === 'error') {
        done = true;
        applyTerminal(turn, event, { price: options.price, endedAt: now().toISOString() });
      }
    },
  };
}

/**
 * A turn from a complete list of events (a collected stream, `GenerateResult.events`).
 *
 * @example
 * ```ts
 * const { events } = await model.generate(request);
 * transcript.turns.push(turnFromEvents(events, { participantId: 'gpt', round: 1 }));
 * ```
 */
export function turnFromEvents(
  events: Iterable<StreamEvent>,
  init: TurnInit & { price?: ModelPrice },
): TranscriptTurn {
  const recorder = recordTurn(init, { price: init.price });
  for (const event of events) recorder.push(event);
  return recorder.turn;
}

/** Options of {@link transcriptBuilder}. */
export interface TranscriptBuilderOptions extends TranscriptInit {
  /** Prices turns of catalogued models. */
  catalogue?: ModelCatalogue;
  /** The clock (tests). */
  now?: () => Date;
}

/** Builds a transcript turn by turn. */
export interface TranscriptBuilder {
  /** The transcript so far (live). */
  readonly transcript: Transcript;
  /** Adds a participant; throws when its id is taken. */
  addParticipant(participant: TranscriptParticipant): TranscriptParticipant;
  /** Adds a message from the person asking. */
  addUserTurn(text: string, extra?: Pick<TurnInit, 'round' | 'phase' | 'id'>): TranscriptTurn;
  /** Appends a turn now (so turns keep their start order) and returns its recorder. */
  startTurn(init: TurnInit): TurnRecorder;
  /** Sets the outcome and the totals (usage, cost, wall time since `createdAt`); returns the transcript. */
  finish(outcome?: TranscriptOutcome): Transcript;
}

/**
 * Builds a transcript from stream events, for the debate engine, the CLI and apps.
 *
 * @example
 * ```ts
 * const builder = transcriptBuilder({ kind: 'chat', catalogue });
 * builder.addParticipant(participantFromModel('gpt', model));
 * builder.addUserTurn('Why is the sky blue?');
 * const recorder = builder.startTurn({ participantId: 'gpt' });
 * for await (const event of model.stream(request)) recorder.push(event);
 * const transcript = builder.finish({ stopReason: 'completed' });
 * ```
 */
export function transcriptBuilder(options: TranscriptBuilderOptions = {}): TranscriptBuilder {
  const now = options.now ?? (() => new Date());
  const transcript = createTranscript({ ...options, createdAt: options.createdAt ?? now().toISOString() });
  const nextId = () => `t${transcript.turns.length + 1}`;
  const priceOf = (participantId: string) => {
    const p = transcript.participants.find((candidate) => candidate.id === participantId);
    return p ? options.catalogue?.find(p.provider, p.modelId)?.price : undefined;
  };

  return {
    transcript,
    addParticipant(participant) {
      if (transcript.participants.some((p) => p.id === participant.id)) {
        throw new TrialogueError({
          kind: 'invalid-request',
          code: 'duplicate-participant',
          retryable: false,
          message: `The transcript already has a participant "${participant.id}". Give each participant its own id.`,
        });
      }
      const added = participantOf(participant);
      transcript.participants.push(added);
      return added;
    },
    addUserTurn(text, extra = {}) {
      const turn: TranscriptTurn = {
        id: extra.id ?? nextId(),
        participantId: 'user',
        role: 'user',
        text,
        startedAt: now().toISOString(),
      };
      if (extra.round !== undefined) turn.round = extra.round;
      if (extra.phase !== undefined) turn.phase = extra.phase;
      transcript.turns.push(turn);
      return turn;
    },
    startTurn(init) {
      if (
        (init.role ?? 'assistant') === 'assistant' &&
        !transcript.participants.some((p) => p.id === init.participantId)
      ) {
        throw new TrialogueError({
          kind: 'invalid-request',
          code: 'unknown-participant',
          retryable: false,
          message: `The transcript has no participant "${init.participantId}". Add it with addParticipant() first.`,
        });
      }
      const recorder = recordTurn(
        { ...init, id: init.id ?? nextId() },
        { price: priceOf(init.participantId), now },
      );
      transcript.turns.push(recorder.turn);
      return recorder;
    },
    finish(outcome) {
      if (outcome) transcript.outcome = outcome;
      let usage: Transcript['turns'][number]['usage'];
      let cost: number | undefined;
      for (const turn of transcript.turns) {
        usage = addUsage(usage, turn.usage);
        if (turn.cost !== undefined) cost = Math.round(((cost ?? 0) + turn.cost) * 1e8) / 1e8;
      }
      const totals: NonNullable<Transcript['totals']> = {};
      if (usage) totals.usage = usage;
      if (cost !== undefined) totals.cost = cost;
      const started = Date.parse(transcript.createdAt);
      if (Number.isFinite(started)) totals.durationMs = Math.max(0, now().getTime() - started);
      transcript.totals = totals;
      return transcript;
    },
  };
}

function randomId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  return uuid ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}
