import { sleep, type Transcript, type TranscriptTurn } from '@trialogue/core';
import type { DebateEvent } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import { CliError, type Context } from '../context.js';
import { ExitCode } from '../io.js';
import { DebateView, type Speaker } from '../render/debate-view.js';
import { readTranscript } from './input.js';

export const replayOptions: OptionSpec[] = [
  {
    name: 'speed',
    type: 'number',
    value: '<x>',
    description: 'Playback speed on a terminal (default 1; 0 or --instant: no delay).',
  },
  { name: 'instant', type: 'boolean', description: 'Print everything at once.' },
];

/** `trialogue replay file.json`: plays a saved debate or chat back, round by round. */
export async function replay(context: Context): Promise<number> {
  const [file] = context.args.positionals;
  if (!file) throw new CliError('Which transcript? e.g. trialogue replay debate.json');
  const transcript = await readTranscript(context, file);
  const speed =
    context.args.options.instant === true ? 0 : ((context.args.options.speed as number | undefined) ?? 1);
  const animate = context.io.isTTY && !context.json && speed > 0;
  const speakers = new Map<string, Speaker>(
    transcript.participants.map((p, index) => [
      p.id,
      { title: p.label ?? `${p.provider}:${p.modelId}`, index },
    ]),
  );
  const view = new DebateView(context, speakers, {
    title: transcript.kind === 'chat' ? 'Chat' : 'Debate',
    // What failed or stopped turns cost, as recorded (their events carry no cost).
    turnCosts: new Map(transcript.turns.map((turn) => [turn.id, turn.cost])),
  });
  try {
    for (const event of replayEvents(transcript)) {
      if (context.signal.aborted) break;
      view.handle(event);
      if (animate && event.type === 'turn-delta') await sleep(Math.round(25 / speed), context.signal);
    }
  } finally {
    view.finish();
  }
  return context.signal.aborted ? ExitCode.interrupted : ExitCode.ok;
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
