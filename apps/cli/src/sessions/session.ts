import { createTranscript, type Transcript, type TranscriptTurn } from '@trialogue/core';
import type { DebateEvent } from '@trialogue/debate';
import type { OptionSpec } from '../args/parse.js';
import type { Context } from '../context.js';
import { newSessionId, SessionStore, SessionWriter, sessionsDir } from './store.js';

/** `--no-save`, on every command that saves its session. */
export const saveOption: OptionSpec = {
  name: 'save',
  type: 'boolean',
  description: 'Keep this session in trialogue history (default; --no-save to leave no trace).',
};

/** The session store of the user's state folder. */
export function sessionStore(context: Context): SessionStore {
  return new SessionStore(sessionsDir(context.io.env));
}

/** A writer for a new session (or `id`'s), or undefined with `--no-save`. */
export function openSession(context: Context, id = newSessionId()): SessionWriter | undefined {
  if (context.args.options.save === false) return undefined;
  return new SessionWriter(sessionStore(context), id, (message) => {
    if (!context.json) context.err(`${context.style.yellow(message)}\n`);
  });
}

/** The dim line after a command that saved its session (on a terminal only: pipes stay clean). */
export function sessionNote(context: Context, writer: SessionWriter | undefined): void {
  if (!writer || context.json || !context.io.isTTY) return;
  context.err(context.style.dim(`Session ${writer.id} saved (trialogue history show ${writer.id}).\n`));
}

/**
 * A debate's transcript rebuilt from its events while it runs, so the session on disk is never
 * more than one turn behind. The run's own transcript replaces it at the end.
 */
export class DebateSnapshot {
  transcript: Transcript | undefined;
  private readonly turns = new Map<string, TranscriptTurn>();

  /** Applies one event; returns true when the snapshot is worth saving now. */
  apply(event: DebateEvent): boolean {
    switch (event.type) {
      case 'run-start':
        this.transcript = createTranscript({
          kind: 'debate',
          mode: event.format,
          title: event.question.slice(0, 120),
          createdAt: event.at,
          participants: event.participants,
        });
        this.transcript.turns.push({
          id: 'question',
          participantId: 'user',
          role: 'user',
          text: event.question,
          round: 0,
          phase: 'question',
          startedAt: event.at,
        });
        return true;
      case 'turn-start': {
        const turn: TranscriptTurn = {
          id: event.turnId,
          participantId: event.participantId,
          role: 'assistant',
          text: '',
          round: event.round,
          phase: event.phase,
          startedAt: event.at,
        };
        this.turns.set(event.turnId, turn);
        this.transcript?.turns.push(turn);
        return false;
      }
      case 'turn-delta': {
        const turn = this.turns.get(event.turnId);
        if (turn && event.kind === 'text') turn.text += event.text;
        return false;
      }
      case 'turn-end':
      case 'turn-error': {
        const turn = this.turns.get(event.turnId);
        if (!turn) return false;
        turn.text = event.text;
        turn.endedAt = event.at;
        if (event.usage) turn.usage = event.usage;
        if (event.type === 'turn-end') {
          if (event.cost !== undefined) turn.cost = event.cost;
          turn.timings = event.timings;
          turn.finishReason = event.finishReason;
        } else turn.error = event.error;
        return true;
      }
      case 'interjection':
        this.transcript?.turns.push({
          id: event.turnId,
          participantId: 'user',
          role: 'user',
          text: event.text,
          phase: 'interjection',
          startedAt: event.at,
        });
        return true;
      default:
        return false;
    }
  }
}
