import { TrialogueError } from '../errors/trialogue-error.js';
import { sleep } from '../http/sse-request.js';
import { type ChatModel, defineChatModel } from '../models/chat-model.js';
import type { ChatRequest } from '../request/types.js';
import type { StreamEvent, Timings } from '../stream/events.js';
import type { Transcript, TranscriptTurn } from './types.js';

/** Options of {@link replayModel}. */
export interface ReplayOptions {
  /** Whose turns to play. */
  participantId: string;
  /** Wait between deltas (a live look for demos); default 0. Aborting the request's signal stops the wait. */
  delayMs?: number;
  /** Characters per text delta; default: word by word. */
  chunkSize?: number;
}

/**
 * A {@link ChatModel} that plays a participant's recorded assistant turns back, one turn per call,
 * in order: `start`, reasoning, text deltas, `usage`, then `finish` with the recorded reason and
 * timings. A failed turn replays as an `error` event carrying its partial text. The same transcript
 * always gives the same events (timings are the recorded ones). Calls beyond the recorded turns end
 * with an `invalid-request` error (code `replay-exhausted`).
 *
 * @example
 * ```ts
 * const model = replayModel(transcript, { participantId: 'gpt', delayMs: 20 });
 * const { text } = await model.generate({ messages: [{ role: 'user', content: 'anything' }] });
 * ```
 */
export function replayModel(transcript: Transcript, options: ReplayOptions): ChatModel {
  const participant = transcript.participants.find((p) => p.id === options.participantId);
  if (!participant) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'unknown-participant',
      retryable: false,
      message: `The transcript has no participant "${options.participantId}". Its participants: ${
        transcript.participants.map((p) => p.id).join(', ') || 'none'
      }.`,
    });
  }
  const { provider, modelId } = participant;
  const turns = transcript.turns.filter((t) => t.participantId === participant.id && t.role === 'assistant');
  let calls = 0;

  async function* stream(request: ChatRequest): AsyncGenerator<StreamEvent> {
    const turn = turns[calls++];
    const signal = request.signal;
    let text = '';
    let reasoning = '';
    const ended = (error: TrialogueError, timings: Timings = { totalMs: 0 }): StreamEvent => {
      const event: StreamEvent = { type: 'error', error, text, timings };
      if (reasoning) event.reasoning = reasoning;
      return event;
    };
    if (!turn) {
      yield ended(
        new TrialogueError({
          kind: 'invalid-request',
          provider,
          code: 'replay-exhausted',
          retryable: false,
          message: `The replay of "${participant!.id}" has only ${turns.length} recorded turn(s); call ${calls} has none.`,
        }),
      );
      return;
    }
    const aborted = () =>
      new TrialogueError({
        kind: 'aborted',
        provider,
        phase: text || reasoning ? 'stream' : 'request',
        message: `The replay of ${provider} was aborted.`,
      });
    yield { type: 'start', provider, modelId };

    const deltas: StreamEvent[] = [];
    if (turn.reasoning)
      for (const piece of chunks(turn.reasoning, options.chunkSize))
        deltas.push({ type: 'reasoning-delta', text: piece });
    for (const piece of chunks(turn.text, options.chunkSize))
      deltas.push({ type: 'text-delta', text: piece });
    for (let i = 0; i < deltas.length; i++) {
      if (signal?.aborted || (i > 0 && options.delayMs && !(await sleep(options.delayMs, signal)))) {
        yield ended(aborted(), turn.timings);
        return;
      }
      const delta = deltas[i]!;
      if (delta.type === 'text-delta') text += delta.text;
      else if (delta.type === 'reasoning-delta') reasoning += delta.text;
      yield delta;
    }
    if (turn.usage) yield { type: 'usage', usage: turn.usage };
    yield terminalOf(turn, text, reasoning);
  }

  return defineChatModel({ provider, modelId, stream });
}

function terminalOf(turn: TranscriptTurn, text: string, reasoning: string): StreamEvent {
  const timings = turn.timings ?? { totalMs: 0 };
  const rest: { reasoning?: string; usage?: TranscriptTurn['usage'] } = {};
  if (reasoning) rest.reasoning = reasoning;
  if (turn.usage) rest.usage = turn.usage;
  if (turn.error)
    return { type: 'error', error: TrialogueError.fromJSON(turn.error), text, ...rest, timings };
  return { type: 'finish', reason: turn.finishReason ?? 'stop', text, ...rest, timings };
}

function chunks(text: string, size: number | undefined): string[] {
  if (!size || size < 1) return text.match(/\S+\s*|\s+/g) ?? [];
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * One replay model per participant, by participant id.
 *
 * @example
 * ```ts
 * const models = replayModels(transcript);
 * const run = fanOut(models, request); // the recorded answers, side by side again
 * ```
 */
export function replayModels(
  transcript: Transcript,
  options: Omit<ReplayOptions, 'participantId'> = {},
): Record<string, ChatModel> {
  const models: Record<string, ChatModel> = {};
  for (const p of transcript.participants)
    models[p.id] = replayModel(transcript, { ...options, participantId: p.id });
  return models;
}
