import {
  type ChatMessage,
  redact,
  type Transcript,
  type TranscriptOutcome,
  type TranscriptTurn,
} from '@trialogue/core';
import { neutraliseTags, truncateMiddle } from '../prompts/quote.js';
import type { HistoryView } from './options.js';

/** Longest panel answer repeated in a continued debate's history (an answer is meant to be a line). */
const MAX_PANEL_ANSWER_CHARS = 2000;

/** One earlier question of a continued debate, with its turns and outcome. */
export interface Exchange {
  question: string;
  turns: TranscriptTurn[];
  outcome?: TranscriptOutcome;
  /** What the run recorded about it (format, seed, options, roles), when it did. */
  record?: ExchangeRecord;
}

/** What `meta.exchanges` records of each question of a debate transcript (enough to replay it). */
export interface ExchangeRecord {
  question: string;
  outcome?: TranscriptOutcome;
  /** The format's name. */
  format?: string;
  seed?: number;
  formatOptions?: Record<string, unknown>;
  /** Participant ids of the roles, such as `{ judge: 'judge' }`. */
  roles?: Partial<Record<'judge' | 'chair' | 'moderator', string>>;
  historyView?: HistoryView;
  /** Quote limits the run was given (they shape the prompts a replay must send again). */
  maxQuoteChars?: number;
  maxPromptQuoteChars?: number;
  /** The budget's `maxRounds`, when it had one. */
  maxRounds?: number;
}

/** Splits a debate transcript into its questions (a `question` user turn starts each). */
export function exchangesOf(transcript: Transcript): Exchange[] {
  const exchanges: Exchange[] = [];
  for (const turn of transcript.turns) {
    if (turn.participantId === 'user' && turn.phase === 'question') {
      exchanges.push({ question: turn.text, turns: [] });
    } else {
      exchanges.at(-1)?.turns.push(turn);
    }
  }
  const recorded = (transcript.meta?.exchanges ?? []) as ExchangeRecord[];
  exchanges.forEach((exchange, i) => {
    exchange.outcome = recorded[i]?.outcome;
    if (recorded[i]) exchange.record = recorded[i];
  });
  const last = exchanges.at(-1);
  if (last && !last.outcome) last.outcome = transcript.outcome;
  return exchanges;
}

/**
 * The messages a participant sees before the current question when a debate is continued: each
 * earlier question as a user message, then, per `view`, the panel's answer (`outcome`; the
 * participant's own last turn when the panel gave none, as a conversation does) or the
 * participant's own last turn (`own`) as an assistant message; `none` shows nothing.
 */
export function historyMessages(
  exchanges: Exchange[],
  participantId: string,
  view: HistoryView,
): ChatMessage[] {
  if (view === 'none') return [];
  const messages: ChatMessage[] = [];
  for (const exchange of exchanges) {
    const answer = exchange.outcome?.answer;
    const ownText = exchange.turns
      .filter((t) => t.participantId === participantId && t.role === 'assistant' && !t.error && t.text)
      .at(-1)?.text;
    // Model output, forwarded into new requests: redacted (a key in it stays behind).
    const own = ownText === undefined ? undefined : redact(ownText);
    // The panel's answer is model output too: our tags neutralised, its length bounded.
    const panel =
      answer === undefined
        ? undefined
        : `The panel's answer: ${neutraliseTags(truncateMiddle(redact(answer), MAX_PANEL_ANSWER_CHARS))}`;
    const reply = (view === 'own' ? (own ?? panel) : (panel ?? own)) ?? '(The panel reached no answer.)';
    messages.push({ role: 'user', content: exchange.question }, { role: 'assistant', content: reply });
  }
  return messages;
}
