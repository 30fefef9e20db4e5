import type { StreamEvent, TerminalEvent } from '@trialogue/core';
import type { Context } from '../context.js';
import { type LineInput, LiveRegion } from './live-region.js';
import { markdownEnabled, renderMarkdown } from './markdown.js';
import { anyRunning, applyEvent, newPane, type Pane, renderPanes } from './panes.js';
import { sanitize, WordBuffers } from './text.js';

/** A column's identity. */
export interface ViewSlot {
  id: string;
  title: string;
  /** Colour index (default: its position). */
  index?: number;
}

/** Options of {@link AnswerView}. */
export interface AnswerViewOptions {
  /** The stats line of a finished answer. */
  statsFor: (id: string, terminal: TerminalEvent) => string;
  /** Always print headed blocks off a terminal, even for one answer (chat, debates). */
  blocks?: boolean;
  /** With `--json`, write `{ key, event }` lines (default true; debates write their own events). */
  emitJson?: boolean;
  /** Read the keyboard without echo while live (default true; chat reads it itself). */
  captureInput?: boolean;
  /** A line the person can type into while answers stream. */
  input?: LineInput;
}

/**
 * Shows several answers arriving at once, in the mode the context asks for:
 * - a terminal: live columns (stacked when narrow) with a spinner each, then the final view with stats;
 * - not a terminal: each answer as a clean block, in the order given (one model: just its text, streamed);
 * - `--json`: one NDJSON line per event, `{ "key": ..., "event": ... }`.
 */
export class AnswerView {
  readonly panes: Pane[] = [];
  private readonly byId = new Map<string, Pane>();
  private readonly live: LiveRegion | undefined;
  private frame = 0;
  private printed = 0;
  private started = false;
  private readonly words = new WordBuffers();

  constructor(
    private readonly context: Context,
    slots: readonly ViewSlot[],
    private readonly options: AnswerViewOptions,
  ) {
    for (const slot of slots) this.add(slot);
    if (!context.json && context.io.isTTY) {
      this.live = new LiveRegion(
        context,
        (size) => {
          if (anyRunning(this.panes)) this.frame++;
          return renderPanes(this.panes, { ...size, frame: this.frame, style: context.style });
        },
        { keyboard: options.input ?? (options.captureInput === false ? 'none' : 'mute') },
      );
    }
  }

  /** Adds a pane (a debate turn that just started). */
  add(slot: ViewSlot): void {
    if (this.byId.has(slot.id)) return;
    const pane = newPane(slot.id, slot.title, slot.index ?? this.panes.length);
    this.panes.push(pane);
    this.byId.set(slot.id, pane);
  }

  private get single(): boolean {
    return this.panes.length === 1 && !this.options.blocks;
  }

  start(): void {
    this.started = true;
    this.live?.start();
  }

  /** One event of one answer. */
  push(id: string, event: StreamEvent): void {
    const pane = this.byId.get(id);
    if (!pane) return;
    if (this.context.json) {
      if (this.options.emitJson !== false)
        for (const e of this.wordwise(id, event)) this.context.emit({ key: id, event: e });
      return;
    }
    applyEvent(pane, event);
    if (event.type === 'finish' || event.type === 'error') pane.stats = this.options.statsFor(id, event);
    if (this.live) return;
    if (this.single) {
      if (event.type === 'text-delta') this.context.out(sanitize(this.words.push(`${id}:text`, event.text)));
      if (event.type === 'finish' || event.type === 'error') {
        this.context.out(sanitize(this.words.flush(`${id}:text`)));
        this.flushSingle(pane, event);
      }
      return;
    }
    this.flushBlocks();
  }

  /**
   * Deltas regrouped into whole words (see {@link WordBuffer}), the rest flushed before the terminal
   * event: the text is the same, and a key a model echoes is whole when it is masked.
   */
  private wordwise(id: string, event: StreamEvent): StreamEvent[] {
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      const text = this.words.push(`${id}:${event.type}`, event.text);
      return text ? [{ ...event, text }] : [];
    }
    if (event.type !== 'finish' && event.type !== 'error') return [event];
    const out: StreamEvent[] = [];
    const reasoning = this.words.flush(`${id}:reasoning-delta`);
    if (reasoning) out.push({ type: 'reasoning-delta', text: reasoning });
    const text = this.words.flush(`${id}:text-delta`);
    if (text) out.push({ type: 'text-delta', text });
    out.push(event);
    return out;
  }

  /** Ends the live view and prints the final one. */
  finish(): void {
    if (!this.started) return;
    this.started = false;
    if (this.live) {
      this.live.stop();
      if (this.panes.length === 0) return;
      const { style } = this.context;
      const markdown = markdownEnabled(this.context)
        ? (text: string, width: number) => renderMarkdown(text, { width, style })
        : undefined;
      this.context.out(
        `${renderPanes(this.panes, { width: this.context.width(), style, markdown }).join('\n')}\n`,
      );
      return;
    }
    if (!this.context.json && !this.single) this.flushBlocks(true);
  }

  private flushSingle(pane: Pane, event: TerminalEvent): void {
    if (pane.text && !pane.text.endsWith('\n')) this.context.out('\n');
    if (event.type === 'error') this.context.err(`${pane.title}: ${sanitize(pane.note ?? 'failed')}\n`);
    if (pane.stats) this.context.debug(`${pane.title}: ${pane.stats}`);
  }

  /** Prints finished answers in the given order as blocks; `all` prints the unfinished ones too. */
  private flushBlocks(all = false): void {
    while (this.printed < this.panes.length) {
      const pane = this.panes[this.printed]!;
      const finished = pane.status === 'done' || pane.status === 'failed' || pane.status === 'stopped';
      if (!finished && !all) return;
      const lines = [`=== ${pane.title} ===`, sanitize(pane.text).trimEnd()];
      if (pane.status === 'stopped') lines.push('[stopped]');
      else if (pane.note) lines.push(`[error] ${sanitize(pane.note)}`);
      else if (!finished) lines.push('[unfinished]');
      if (pane.stats) lines.push(`(${pane.stats})`);
      this.context.out(`${lines.filter((line) => line !== '').join('\n')}\n\n`);
      this.printed++;
    }
  }
}
