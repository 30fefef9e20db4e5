import type {
  ChatMessage,
  ChatModel,
  ModelCatalogue,
  ModelPrice,
  Transcript,
  TranscriptOutcome,
  Usage,
} from '@trialogue/core';
import type { AnswerExtractor } from '../answers/extract.js';
import type { DebateFormat, FormatName } from '../formats/types.js';
import type { DebateEvent } from './events.js';

/** A model taking part, under a stable id. */
export interface Participant {
  /** Unique in the run; used in events and the transcript (`a`, `gpt`, `judge`). Never shown in anonymised prompts. */
  id: string;
  model: ChatModel;
  /** The name other participants see (default: the id). */
  label?: string;
  /** Extra instructions for this participant's system prompt ("You are a careful statistician."). */
  persona?: string;
  /** Price per million tokens, for the cost of its turns and cost budgets. */
  price?: ModelPrice;
}

/** Limits that end a run early with stop reason `budget` (or `max-rounds`). */
export interface DebateBudget {
  maxRounds?: number;
  /** Total tokens (input + output) over every turn. */
  maxTokens?: number;
  /** US dollars over every turn; needs prices. */
  maxCostUsd?: number;
  /** Wall-clock time of the whole run; turns in flight are aborted, keeping their partial text. */
  maxDurationMs?: number;
}

/** What the history of a continued debate shows each model. */
export type HistoryView = 'outcome' | 'own' | 'none';

/** Options of {@link runDebate}. */
export interface DebateOptions {
  /** The question. Give this or `messages`. */
  question?: string;
  /** A conversation so far; its last message must be the user's question. */
  messages?: ChatMessage[];
  participants: Participant[];
  format: FormatName | DebateFormat;
  /** Options of the format, such as `{ rounds: 3 }` for society or `{ samples: 9 }` for vote. */
  formatOptions?: Record<string, unknown>;
  judge?: Participant;
  chair?: Participant;
  moderator?: Participant;
  budget?: DebateBudget;
  /** How answers are extracted for voting (default: the `Final answer:` line, normalised). */
  answer?: AnswerExtractor;
  signal?: AbortSignal;
  /** Seeds every shuffle (anonymisation, tie-breaks). Default 0, so runs are reproducible. */
  seed?: number;
  /** A finished debate to continue with `question` as the follow-up. */
  history?: Transcript;
  /** What each model sees of `history` (default `outcome`: earlier questions and the panel's answers). */
  historyView?: HistoryView;
  /** Largest number of characters of one other participant's text quoted in a prompt (default 8 000). */
  maxQuoteChars?: number;
  /**
   * Largest number of characters of all quoted texts in one prompt (default 48 000): with many
   * participants each text gets an equal share (never under 400 characters).
   */
  maxPromptQuoteChars?: number;
  /** Prices for participants without a `price`, looked up by provider and model id. */
  catalogue?: ModelCatalogue;
  /** Passed to every model call. */
  maxOutputTokens?: number;
  temperature?: number;
}

/** What a finished (or stopped) run gives. */
export interface DebateResult {
  transcript: Transcript;
  outcome: TranscriptOutcome;
  usage?: Usage;
  /** US dollars, when every priced turn was priced. */
  cost?: number;
  /** Model calls made. */
  calls: number;
}

/** A running debate: iterate its events, await its result, stop it, or (conversation) speak in it. */
export interface DebateHandle extends AsyncIterable<DebateEvent> {
  readonly runId: string;
  /** Resolves when the run ends, however it ends (never rejects for a model failure). */
  readonly result: Promise<DebateResult>;
  /** Ends the run at once: turns in flight are aborted and kept as partial turns; stop reason `aborted`. */
  stop(reason?: string): void;
  /** Adds a user message before the next turn (formats that take interjections, such as `conversation`). */
  interject(text: string): void;
}
