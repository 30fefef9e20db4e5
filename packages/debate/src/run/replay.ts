import { replayModel, type Transcript, TrialogueError } from '@trialogue/core';
import type { AnswerExtractor } from '../answers/extract.js';
import type { DebateFormat, FormatName } from '../formats/types.js';
import { type ExchangeRecord, exchangesOf } from './history.js';
import type { DebateHandle, Participant } from './options.js';
import { runDebate } from './run-debate.js';

/** Options of {@link replayDebate}. */
export interface ReplayDebateOptions {
  /** The format object, for a transcript of a custom format (built-in ones are found by name). */
  format?: DebateFormat;
  /** The extractor the run used, when it was not the default. */
  answer?: AnswerExtractor;
  /** Wait between deltas, for a live look in demos. */
  delayMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs the last question of a debate transcript again over replay models (core's `replayModel`):
 * same participants, roles, format, options and seed, so the events and the outcome come out the
 * same, with no model called. Earlier questions of the transcript become its history.
 *
 * @example
 * ```ts
 * const handle = replayDebate(JSON.parse(saved), { delayMs: 15 });
 * for await (const event of handle) render(event);
 * ```
 */
export function replayDebate(transcript: Transcript, options: ReplayDebateOptions = {}): DebateHandle {
  const exchanges = exchangesOf(transcript);
  const last = exchanges.at(-1);
  const start = transcript.turns.findLastIndex((t) => t.participantId === 'user' && t.phase === 'question');
  const format =
    options.format ?? (last?.record?.format as FormatName | undefined) ?? (transcript.mode as FormatName);
  if (!last || start < 0 || !format) {
    throw new TrialogueError({
      kind: 'invalid-request',
      code: 'not-a-debate',
      message: 'This transcript has no debate question to replay (no "question" turn, or no format).',
    });
  }
  const record: Partial<ExchangeRecord> = last.record ?? {};
  const played: Transcript = { ...transcript, turns: transcript.turns.slice(start) };
  const earlier: Transcript | undefined =
    start > 0
      ? {
          ...transcript,
          turns: transcript.turns.slice(0, start),
          meta: {
            ...transcript.meta,
            exchanges: (transcript.meta?.exchanges as unknown[] | undefined)?.slice(0, -1),
          },
        }
      : undefined;
  const roleOf = new Map(Object.entries(record.roles ?? {}).map(([role, id]) => [id, role]));
  const speaking = new Set(played.turns.map((t) => t.participantId));
  const asParticipant = (id: string): Participant => {
    const p = transcript.participants.find((q) => q.id === id)!;
    const role = roleOf.get(id);
    return {
      id,
      model: replayModel(played, {
        participantId: id,
        ...(options.delayMs ? { delayMs: options.delayMs } : {}),
      }),
      ...(p.label !== undefined ? { label: p.label } : {}),
      // A role's persona defaults to the role's name in the transcript: not a persona it was given.
      ...(p.persona !== undefined && p.persona !== role ? { persona: p.persona } : {}),
    };
  };
  const debaters = transcript.participants
    .filter((p) => !roleOf.has(p.id) && speaking.has(p.id))
    .map((p) => asParticipant(p.id));
  const role = (name: 'judge' | 'chair' | 'moderator') => {
    const id = record.roles?.[name];
    return id ? { [name]: asParticipant(id) } : {};
  };
  const context = transcript.meta?.messages as
    | { role: 'user' | 'assistant' | 'system'; content: string }[]
    | undefined;
  return runDebate({
    ...(context?.length && !earlier
      ? { messages: [...context, { role: 'user', content: last.question }] }
      : { question: last.question }),
    participants: debaters,
    format,
    ...(record.formatOptions ? { formatOptions: record.formatOptions } : {}),
    ...role('judge'),
    ...role('chair'),
    ...role('moderator'),
    ...(record.seed !== undefined ? { seed: record.seed } : {}),
    ...(earlier
      ? { history: earlier, ...(record.historyView ? { historyView: record.historyView } : {}) }
      : {}),
    ...(options.answer ? { answer: options.answer } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
