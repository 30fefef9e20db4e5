import { redact, type StreamEvent } from '@trialogue/core';
import type { Style } from './style.js';
import { completeWords, displayWidth, pad, sanitize, truncate, wrap } from './text.js';

/** One model's answer on screen. A plain object: the renderers below are pure functions of it. */
export interface Pane {
  id: string;
  title: string;
  /** Colour index. */
  index: number;
  status: 'waiting' | 'streaming' | 'done' | 'failed' | 'stopped';
  text: string;
  reasoning: string;
  /** A transient note (a retry) or the error message of a failed answer. */
  note?: string;
  /** The final line: tokens, cost, time to first token. */
  stats?: string;
}

/** A pane waiting for its first event. */
export function newPane(id: string, title: string, index: number): Pane {
  return { id, title, index, status: 'waiting', text: '', reasoning: '' };
}

/** Applies one stream event to a pane. */
export function applyEvent(pane: Pane, event: StreamEvent): void {
  switch (event.type) {
    case 'text-delta':
      pane.status = 'streaming';
      pane.note = undefined;
      pane.text += event.text;
      break;
    case 'reasoning-delta':
      pane.status = 'streaming';
      pane.note = undefined;
      pane.reasoning += event.text;
      break;
    case 'retry':
      pane.note = `retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)}s: ${event.error.kind}`;
      break;
    case 'finish':
      pane.status = 'done';
      pane.text = event.text || pane.text;
      pane.note = event.reason === 'stop' ? undefined : `finished: ${event.reason}`;
      break;
    case 'error':
      pane.status = event.error.kind === 'aborted' ? 'stopped' : 'failed';
      pane.text = event.text || pane.text;
      pane.note = event.error.kind === 'aborted' ? 'stopped' : event.error.message;
      break;
  }
}

const spinnerFrames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/** Whether any pane still runs (the spinner keeps going). */
export function anyRunning(panes: readonly Pane[]): boolean {
  return panes.some((pane) => pane.status === 'waiting' || pane.status === 'streaming');
}

function header(pane: Pane, frame: number, style: Style): string {
  const mark =
    pane.status === 'done'
      ? style.green('✓')
      : pane.status === 'failed'
        ? style.red('✗')
        : pane.status === 'stopped'
          ? style.yellow('■')
          : style.cyan(spinnerFrames[frame % spinnerFrames.length]!);
  return `${mark} ${style.bold(style.accent(pane.index, pane.title))}`;
}

/** The body of a pane as styled lines of at most `width` columns. */
function body(
  pane: Pane,
  width: number,
  style: Style,
  final: boolean,
  markdown?: RenderOptions['markdown'],
): string[] {
  const lines: string[] = [];
  // Masked before wrapping (a key broken across lines would escape `redact`); while streaming, only
  // whole words are shown (a key still arriving is not shown in part).
  const visible = (text: string) =>
    redact(sanitize(pane.status === 'streaming' ? completeWords(text) : text));
  if (pane.reasoning) {
    for (const line of wrap(`thinking: ${visible(pane.reasoning)}`, width)) lines.push(style.dim(line));
  }
  if (pane.text && final && markdown) lines.push(...markdown(pane.text, width));
  else if (pane.text) lines.push(...wrap(visible(pane.text), width));
  if (!pane.text && !pane.reasoning && pane.status === 'waiting')
    lines.push(style.dim('waiting for the first token…'));
  if (pane.note) {
    const paint = pane.status === 'failed' ? style.red : style.yellow;
    for (const line of wrap(sanitize(pane.note), width)) lines.push(paint(line));
  }
  if (final && pane.stats) for (const line of wrap(pane.stats, width)) lines.push(style.dim(line));
  return lines;
}

/** Options of the renderers. */
export interface RenderOptions {
  /** Columns available (the caller leaves one spare so nothing auto-wraps). */
  width: number;
  /** Rows available (live view only). */
  height?: number;
  frame?: number;
  style: Style;
  /** Renders a finished answer's Markdown into lines of at most `width` columns (final view only). */
  markdown?: (text: string, width: number) => string[];
}

/** Narrowest readable column; below it the panes are stacked. */
export const MIN_COLUMN_WIDTH = 28;
const gutter = ' │ ';

/** Side by side when every column gets at least {@link MIN_COLUMN_WIDTH}, else stacked. */
export function columnWidth(count: number, width: number): number | undefined {
  if (count < 2) return undefined;
  const each = Math.floor((width - gutter.length * (count - 1)) / count);
  return each >= MIN_COLUMN_WIDTH ? each : undefined;
}

/**
 * Renders panes as lines. Live (with `height`): each pane shows its latest lines so the whole view
 * fits the screen; final (no `height`): everything, with the stats line.
 */
export function renderPanes(panes: readonly Pane[], options: RenderOptions): string[] {
  const { style } = options;
  const width = Math.max(10, options.width);
  const frame = options.frame ?? 0;
  const live = options.height !== undefined;
  const each = columnWidth(panes.length, width);

  if (each !== undefined) {
    const bodies = panes.map((pane) => body(pane, each, style, !live, options.markdown));
    let rows = Math.max(0, ...bodies.map((lines) => lines.length));
    if (live) rows = Math.max(1, Math.min(rows, options.height! - 2));
    const lines = [
      panes
        .map((pane) => pad(truncateStyled(header(pane, frame, style), each), each))
        .join(gutter)
        .trimEnd(),
      panes.map(() => style.dim('─'.repeat(each))).join(style.dim('─┼─')),
    ];
    const shown = bodies.map((lines) => (live ? lines.slice(-rows) : lines));
    for (let row = 0; row < rows; row++) {
      lines.push(
        shown
          .map((column) => pad(column[row] ?? '', each))
          .join(gutter)
          .trimEnd(),
      );
    }
    return lines;
  }

  // Stacked: one section per pane.
  const lines: string[] = [];
  const share = live ? Math.floor(options.height! / Math.max(1, panes.length)) - 1 : Number.POSITIVE_INFINITY;
  for (const pane of panes) {
    lines.push(truncateStyled(header(pane, frame, style), width));
    if (!live) lines.push(style.dim('─'.repeat(Math.min(width, displayWidth(pane.title) + 2))));
    const content = body(pane, width, style, !live, options.markdown);
    if (share > 0) lines.push(...(live ? content.slice(-share) : content));
    if (!live) lines.push('');
  }
  if (!live) lines.pop();
  return live ? lines.slice(-(options.height ?? lines.length)) : lines;
}

/** Truncates a line that may hold colour codes (headers): colour is dropped only if it must be cut. */
function truncateStyled(line: string, width: number): string {
  if (displayWidth(line) <= width) return line;
  return truncate(line.replace(/\u001b\[[0-9;]*m/g, ''), width);
}
