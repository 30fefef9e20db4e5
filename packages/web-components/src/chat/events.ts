/**
 * The events `<trialogue-chat>` dispatches: composed, bubbling CustomEvents, typed in
 * `HTMLElementEventMap` so `addEventListener('trialogue-turn-end', (e) => e.detail.text)` type-checks.
 * No detail ever carries a key: errors are the redacted `toJSON()` of a TrialogueError.
 */
import type { Timings, TrialogueErrorJSON, Usage } from '@trialogue/core';

/** `trialogue-send`: a message left the composer (or `send()` was called). */
export interface ChatSendDetail {
  /** Shared by every pane the message went to. */
  sendId: string;
  text: string;
  /** The panes it went to. */
  paneIds: string[];
}

/** `trialogue-turn-start`: a pane began answering. */
export interface ChatTurnStartDetail {
  paneId: string;
  turnId: string;
  /** `provider:modelId`. */
  model: string;
  /** The pane's label (`gpt-4.1-mini #2`). */
  label: string;
}

/**
 * `trialogue-turn-delta`: text arrived (answer or visible reasoning). Tokens are gathered: at most
 * one event per pane and kind per animation frame, always before that turn's `trialogue-turn-end`;
 * joining every delta of a turn gives its whole text.
 */
export interface ChatTurnDeltaDetail {
  paneId: string;
  turnId: string;
  kind: 'text' | 'reasoning';
  /** Only the new text. */
  text: string;
}

/** `trialogue-turn-end`: a pane's answer ended: done, stopped by the user, or failed. */
export interface ChatTurnEndDetail {
  paneId: string;
  turnId: string;
  model: string;
  label: string;
  status: 'done' | 'stopped' | 'failed';
  /** The whole answer (partial when stopped or failed). */
  text: string;
  usage?: Usage;
  /** US dollars, when the price is known. */
  cost?: number;
  timings?: Timings;
}

/** `trialogue-error`: a pane's answer failed (a stop is not an error). */
export interface ChatErrorDetail {
  paneId: string;
  turnId: string;
  model: string;
  label: string;
  /** The error as plain, redacted data (kind, provider, status, retryAfterMs, message…). */
  error: TrialogueErrorJSON;
  /** The partial answer, kept. */
  text: string;
}

/** `trialogue-stop`: the user (or `stop()`) stopped these panes. */
export interface ChatStopDetail {
  paneIds: string[];
}

/**
 * `trialogue-export`: the conversation was exported. Cancelable: call `preventDefault()` to handle
 * the content yourself instead of the built-in download.
 */
export interface ChatExportDetail {
  format: 'json' | 'markdown';
  /** The transcript as JSON text or Markdown (never a key). */
  content: string;
  /** A suggested file name. */
  filename: string;
}

declare global {
  interface HTMLElementEventMap {
    'trialogue-send': CustomEvent<ChatSendDetail>;
    'trialogue-turn-start': CustomEvent<ChatTurnStartDetail>;
    'trialogue-turn-delta': CustomEvent<ChatTurnDeltaDetail>;
    'trialogue-turn-end': CustomEvent<ChatTurnEndDetail>;
    'trialogue-error': CustomEvent<ChatErrorDetail>;
    'trialogue-stop': CustomEvent<ChatStopDetail>;
    'trialogue-export': CustomEvent<ChatExportDetail>;
  }
}
