import { sleep, type Transcript, type TranscriptTurn } from '@trialogue/core';
import { type DebateEvent, replayDebate } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { resultsFrom } from '../batch/results-file.js';
import { batchRow, resultsTable } from '../batch/results-table.js';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { DebateView, type Speaker } from '../render/debate-view.js';
import { readText, transcriptFrom } from './input.js';

export const replayOptions: OptionSpec[] = [
  {
    name: 'speed',
    type: 'number',
    value: '<x>',
    description: 'Playback speed on a terminal (default 1; 0 or --instant: no delay).',
  },
  { name: 'instant', type: 'boolean', description: 'Print everything at once.' },
  {
    name: 'item',
    type: 'string',
    value: '<id>',
    description: 'The question of a batch results file (trialogue run) to play: its id or its number.',
  },
];

/**
 * `trialogue replay file.json`: plays a saved debate or chat back, round by round. A batch results
 * file (`trialogue run`'s JSONL) shows its table, or one question's debate with `--item`.
 */
export async function replay(context: Context): Promise<number> {
  const [file] = context.args.positionals;
  if (!file) throw new CliError('Which transcript? e.g. trialogue replay debate.json');
  const text = await readText(context, file);
  const batch = resultsFrom(text);
  const item = context.args.options.item;
  let transcript: Transcript;
  if (batch) {
    if (typeof item !== 'string') {
      showBatchTable(context, batch, file);
      return ExitCode.ok;
    }
    // Checked as any transcript is before it is played.
    transcript = transcriptFrom(JSON.stringify(pickItem(batch, item, file)), `${file} --item ${item}`);
  } else {
    if (typeof item === 'string')
      throw new CliError(`${file} is one transcript; --item picks a question of a batch results file.`);
    transcript = transcriptFrom(text, file);
  }
  const speed =
    context.args.options.instant === true ? 0 : ((context.args.options.speed as number | undefined) ?? 1);
  return playTranscript(context, transcript, { speed });
}

/**
 * Plays a transcript back through the live view (`speed` 0: at once). A debate is replayed by the
 * debate package over its recorded turns, so the votes, consensus checks and outcome come out as the
 * live run showed them; a chat is played exchange by exchange.
 */
export async function playTranscript(
  context: Context,
  transcript: Transcript,
  { speed }: { speed: number },
): Promise<number> {
  const animate = context.io.isTTY && !context.json && speed > 0;
  const speakers = new Map<string, Speaker>(
    transcript.participants.map((p, index) => [
      p.id,
      {
        title:
          p.label && p.label !== p.id
            ? p.label
            : p.id === `${p.provider}:${p.modelId}` || /#\d+$/.test(p.id)
              ? p.id
              : `${p.id} (${p.provider}:${p.modelId})`,
        index,
      },
    ]),
  );
  const chat = transcript.kind === 'chat';
  const view = new DebateView(context, speakers, {
    title: chat ? (transcript.mode === 'ask' ? 'Ask' : 'Chat') : 'Debate',
    chat,
    // What turns cost, as recorded (a replay's events carry none).
    turnCosts: new Map(transcript.turns.map((turn) => [turn.id, turn.cost])),
  });
  const totals = transcript.totals;
  // The recorded spend, not the replay's (which costs nothing and takes no time).
  const recorded = (event: DebateEvent): DebateEvent =>
    event.type === 'run-end'
      ? {
          ...event,
          ...(totals?.usage ? { usage: totals.usage } : {}),
          ...(totals?.cost !== undefined ? { cost: totals.cost } : {}),
          durationMs: totals?.durationMs ?? event.durationMs,
        }
      : event;
  try {
    const events = chat ? undefined : debateReplay(transcript, context.signal, animate ? speed : 0);
    if (events) {
      for await (const event of events) view.handle(recorded(event));
    } else {
      for (const event of replayEvents(transcript)) {
        if (context.signal.aborted) break;
        view.handle(event);
        if (animate && event.type === 'turn-delta') await sleep(Math.round(25 / speed), context.signal);
      }
    }
  } finally {
    view.finish();
  }
  return context.signal.aborted ? ExitCode.interrupted : ExitCode.ok;
}

/** The debate package's replay of a debate transcript, or undefined when it cannot replay it. */
function debateReplay(
  transcript: Transcript,
  signal: AbortSignal,
  speed: number,
): AsyncIterable<DebateEvent> | undefined {
  try {
    return replayDebate(transcript, { signal, ...(speed > 0 ? { delayMs: Math.round(25 / speed) } : {}) });
  } catch {
    // An older or hand-made transcript: played from its turns alone.
    return undefined;
  }
}

function pickItem(batch: Transcript[], item: string, file: string): Transcript {
  const byId = batch.find((transcript) => transcript.meta?.questionId === item);
  const index = /^\d+$/.test(item) ? Number(item) : undefined;
  const found = byId ?? (index !== undefined ? batch[index - 1] : undefined);
  if (!found) {
    const ids = batch.map((transcript) => String(transcript.meta?.questionId));
    throw new CliError(`${file} has no item "${item}". Its items: ${ids.join(', ')}.`);
  }
  return found;
}

function showBatchTable(context: Context, batch: Transcript[], file: string): void {
  const rows = batch.map(batchRow);
  if (context.json) {
    for (const row of rows) context.emit({ type: 'batch-item', ...row });
    return;
  }
  context.out(resultsTable(rows, context));
  context.err(
    context.style.dim(`${batch.length} items in ${file}. trialogue replay ${file} --item ID plays one.\n`),
  );
}

type Stamp = Pick<DebateEvent, 'runId' | 'seq' | 'at'>;

/** A transcript as the debate events that would have produced it (turns of a round interleaved). */
export function* replayEvents(transcript: Transcript): Generator<DebateEvent> {
  let seq = 0;
  const stamp = (at?: string): Stamp => ({
    runId: transcript.id,
    seq: ++seq,
    at: at ?? transcript.createdAt,
  });
  const userTurns = transcript.turns.filter((turn) => turn.role === 'user');
  const question = userTurns[0]?.text ?? transcript.title ?? '';
  yield {
    ...stamp(),
    type: 'run-start',
    format: transcript.mode ?? transcript.kind,
    question,
    participants: transcript.participants,
    seed: 0,
  };

  const rounds = new Map<number, TranscriptTurn[]>();
  let exchange = 0;
  for (const turn of transcript.turns) {
    if (turn.role === 'user') exchange++;
    const round = turn.round ?? Math.max(1, exchange);
    if (!rounds.has(round)) rounds.set(round, []);
    rounds.get(round)!.push(turn);
  }
  let calls = 0;
  for (const [round, turns] of [...rounds.entries()].sort(([a], [b]) => a - b)) {
    // In the panel's order (a transcript lists turns as they ended), as they were shown live.
    const order = (turn: TranscriptTurn) => {
      const index = transcript.participants.findIndex((p) => p.id === turn.participantId);
      return index === -1 ? transcript.participants.length : index;
    };
    const answers = turns.filter((turn) => turn.role === 'assistant').sort((a, b) => order(a) - order(b));
    for (const turn of turns) {
      if (turn.role === 'user' && turn !== userTurns[0])
        yield { ...stamp(turn.startedAt), type: 'interjection', turnId: turn.id, text: turn.text };
    }
    if (answers.length === 0) continue;
    const phase = answers[0]!.phase ?? (transcript.kind === 'chat' ? 'exchange' : 'round');
    yield {
      ...stamp(),
      type: 'round-start',
      round,
      phase,
      participantIds: answers.map((turn) => turn.participantId),
    };
    const refOf = (turn: TranscriptTurn) => ({
      turnId: turn.id,
      participantId: turn.participantId,
      round,
      phase: turn.phase ?? '',
    });
    for (const turn of answers) yield { ...stamp(turn.startedAt), type: 'turn-start', ...refOf(turn) };
    const chunks = answers.map((turn) => turn.text.match(/\S+\s*|\s+/g) ?? []);
    for (let i = 0; i < Math.max(0, ...chunks.map((c) => c.length)); i++) {
      for (const [index, turn] of answers.entries()) {
        const chunk = chunks[index]![i];
        if (chunk !== undefined)
          yield { ...stamp(), type: 'turn-delta', ...refOf(turn), kind: 'text', text: chunk };
      }
    }
    for (const turn of answers) {
      calls++;
      if (turn.error) {
        yield {
          ...stamp(turn.endedAt),
          type: 'turn-error',
          ...refOf(turn),
          text: turn.text,
          error: turn.error,
          usage: turn.usage,
          timings: turn.timings,
        };
      } else {
        yield {
          ...stamp(turn.endedAt),
          type: 'turn-end',
          ...refOf(turn),
          text: turn.text,
          reasoning: turn.reasoning,
          usage: turn.usage,
          cost: turn.cost,
          timings: turn.timings ?? { totalMs: 0 },
          finishReason: turn.finishReason ?? 'stop',
        };
      }
    }
  }
  const outcome = transcript.outcome ?? { stopReason: 'completed' };
  yield {
    ...stamp(),
    type: 'run-end',
    stopReason: outcome.stopReason,
    outcome,
    usage: transcript.totals?.usage,
    cost: transcript.totals?.cost,
    calls,
    durationMs: transcript.totals?.durationMs ?? 0,
  };
}
