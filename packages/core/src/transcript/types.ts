import type { TrialogueErrorJSON } from '../errors/trialogue-error.js';
import type { ChatMessage } from '../request/types.js';
import type { FinishReason, Timings } from '../stream/events.js';
import type { Usage } from '../usage/usage.js';

/** The transcript format version this package writes and reads. */
export const TRANSCRIPT_VERSION = 1;

/** Who took part. Never holds a key. */
export interface TranscriptParticipant {
  /** Stable id within the transcript (`a`, `gpt`, `judge`...). */
  id: string;
  provider: string;
  modelId: string;
  label?: string;
  /** A persona or role given to the participant (debate side, chair, judge). */
  persona?: string;
}

/** One turn: a message by the user, or a model's answer (complete, partial or failed). */
export interface TranscriptTurn {
  /** Unique within the transcript. */
  id: string;
  /** A participant id, or `user` for the person asking. */
  participantId: string;
  role: 'user' | 'assistant' | 'system';
  text: string;
  reasoning?: string;
  /** Debate round (1-based) or conversation exchange number. */
  round?: number;
  /** Free-form phase label (`answer`, `review`, `consensus`, `ranking`, `verdict`...). */
  phase?: string;
  /** Every message actually sent to the model for this turn, so a run can be audited and replayed. */
  prompt?: { system?: string; messages: ChatMessage[] };
  usage?: Usage;
  /** US dollars, when the price is known. */
  cost?: number;
  timings?: Timings;
  finishReason?: FinishReason;
  /** Set when the turn failed; `text` then holds the partial answer. */
  error?: TrialogueErrorJSON;
  startedAt?: string;
  endedAt?: string;
}

/** How a conversation or debate ended. */
export interface TranscriptOutcome {
  /** Why it stopped (`completed`, `consensus`, `max-rounds`, `budget`, `deadlock`, `aborted`, `too-few-participants`...). */
  stopReason: string;
  /** The final answer, when the format produces one. */
  answer?: string;
  /** Who produced or decided it (a participant id, or `vote`). */
  decidedBy?: string;
  /** Format-specific details (votes, rankings, scores). JSON only. */
  details?: Record<string, unknown>;
}

/** One versioned JSON document for a conversation or a debate. */
export interface Transcript {
  format: 'trialogue.transcript';
  version: typeof TRANSCRIPT_VERSION;
  id: string;
  kind: 'chat' | 'debate';
  createdAt: string;
  title?: string;
  /** The debate format or chat mode, such as `roundtable`. */
  mode?: string;
  participants: TranscriptParticipant[];
  turns: TranscriptTurn[];
  outcome?: TranscriptOutcome;
  /** Totals over every turn. */
  totals?: { usage?: Usage; cost?: number; durationMs?: number };
  /** Free-form JSON metadata (settings, seed, budget). Never keys. */
  meta?: Record<string, unknown>;
}
