import {
  type ChatModel,
  defineChatModel,
  type ReplayOptions,
  replayModel,
  type StreamEvent,
  type Transcript,
  type TranscriptOutcome,
  TrialogueError,
} from '@trialogue/core';
import type { AnswerExtractor } from '../answers/extract.js';
import type { DebateFormat, FormatName } from '../formats/types.js';
import { type ExchangeRecord, exchangesOf } from './history.js';
import type { DebateHandle, Participant } from './options.js';
import { startDebate } from './run-debate.js';

/** Stop reasons the engine gives a whole run from outside the format: a replay must apply them itself. */
const RUN_STOPS = new Set(['budget', 'aborted']);

/**
 * Wraps replay models so that turns end in the order the recorded run ended them (parallel turns then
 * give the same events in the same order); the user's interjections come back after the turn they
 * followed; and a run that a budget or an abort stopped stops at the same point: at its first
 * aborted turn, else after its last turn.
 */
function pacedReplay(
  played: Transcript,
  outcome: TranscriptOutcome | undefined,
  signal: AbortSignal | undefined,
) {
  const ended = played.turns.filter((t) => t.role === 'assistant');
  const slots = ended.map(() => {
    let resolve!: () => void;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    return { started: false, done, resolve };
  });
  // Interjections by the index of the turn they followed (-1: before any turn).
  const interjectionsAfter = new Map<number, string[]>();
  let lastEnded = -1;
  for (const turn of played.turns) {
    if (turn.role === 'assistant') lastEnded++;
    else if (turn.phase === 'interjection') {
      interjectionsAfter.set(lastEnded, [...(interjectionsAfter.get(lastEnded) ?? []), turn.text]);
    }
  }
  let interject: (text: string) => void = () => {};
  const interjectAfter = (index: number) => {
    for (const text of interjectionsAfter.get(index) ?? []) interject(text);
  };
  const runStop = outcome && RUN_STOPS.has(outcome.stopReason) ? outcome : undefined;
  let stopRun: (() => void) | undefined;
  let stopping = false;
  const stopOnce = () => {
    if (stopping || !runStop) return;
    stopping = true;
    stopRun?.();
  };

  const model = (participantId: string, replay: Omit<ReplayOptions, 'participantId'>): ChatModel => {
    // Calls come in the order turns started, which turn ids keep (t1, t2...): a participant with two
    // turns in one round gets back the right one for each.
    const startOrder = (index: number) => Number(/^t(\d+)$/.exec(ended[index]!.id)?.[1]);
    const own = ended
      .flatMap((t, index) => (t.participantId === participantId ? [index] : []))
      .sort((a, b) => startOrder(a) - startOrder(b) || 0);
    const { provider, modelId } = replayModel(played, { participantId });
    let calls = 0;
    async function* stream(request: Parameters<ChatModel['stream']>[0]): AsyncGenerator<StreamEvent> {
      const index = own[calls++];
      if (index !== undefined) slots[index]!.started = true;
      const recorded = replayModel(
        { ...played, turns: index === undefined ? [] : [ended[index]!] },
        { ...replay, participantId },
      );
      // The engine's own abort (our replayed stop) must not cut a recorded turn short; the caller's signal may.
      const { signal: _engine, ...rest } = request;
      for await (const event of recorded.stream({ ...rest, ...(signal ? { signal } : {}) })) {
        if ((event.type === 'finish' || event.type === 'error') && index !== undefined) {
          // Turns of the same batch have all started by now; wait for those that ended earlier.
          await Promise.all(slots.slice(0, index).flatMap((slot) => (slot.started ? [slot.done] : [])));
          if (event.type === 'error' && event.error.kind === 'aborted') stopOnce();
          try {
            yield event;
          } finally {
            // Runs once the engine has taken the event (it stops iterating after a terminal one).
            slots[index]!.resolve();
            interjectAfter(index);
            if (index === ended.length - 1) stopOnce();
          }
          return;
        }
        yield event;
      }
    }
    return defineChatModel({ provider, modelId, stream });
  };
  return {
    model,
    /** Connects the replay to its run: the recorded interjections, and the recorded stop with its reason and details. */
    connect(run: {
      handle: DebateHandle;
      requestStop: (reason: string, details?: Record<string, unknown>) => void;
    }) {
      interject = (text) => {
        // Refused only if the replay already diverged (ended early): the rest of it shows that.
        try {
          run.handle.interject(text);
        } catch {}
      };
      interjectAfter(-1);
      const { requestStop } = run;
      if (!runStop) return;
      const { partial: _partial, tally: _tally, ...details } = runStop.details ?? {};
      stopRun = () => requestStop(runStop.stopReason, details);
      // Stopped before any turn (an already aborted signal): nothing to pace, stop now.
      if (ended.length === 0) stopOnce();
    },
  };
}

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
  const paced = pacedReplay(played, last.outcome, options.signal);
  const roleOf = new Map(Object.entries(record.roles ?? {}).map(([role, id]) => [id, role]));
  const speaking = new Set(played.turns.map((t) => t.participantId));
  const asParticipant = (id: string): Participant => {
    const p = transcript.participants.find((q) => q.id === id)!;
    const role = roleOf.get(id);
    return {
      id,
      model: paced.model(id, options.delayMs ? { delayMs: options.delayMs } : {}),
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
  const run = startDebate({
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
    ...(record.maxQuoteChars !== undefined ? { maxQuoteChars: record.maxQuoteChars } : {}),
    ...(record.maxPromptQuoteChars !== undefined ? { maxPromptQuoteChars: record.maxPromptQuoteChars } : {}),
    ...(record.maxRounds !== undefined ? { budget: { maxRounds: record.maxRounds } } : {}),
  });
  paced.connect(run);
  return run.handle;
}
