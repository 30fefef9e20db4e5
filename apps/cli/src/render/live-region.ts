import type { Context } from '../context.js';
import type { CliIo } from '../io.js';
import { displayWidth, sanitize } from './text.js';

const hideCursor = '\u001b[?25l';
const showCursor = '\u001b[?25h';

/**
 * A block of lines at the bottom of the terminal redrawn in place. It never draws more lines than
 * the screen holds (lines scrolled off cannot be reached again), so a redraw never garbles.
 */
export class LiveRegion {
  /** Display widths of the lines on screen (a narrower terminal re-wraps them into more rows). */
  private drawn: number[] = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private active = false;
  private release: (() => void) | undefined;
  private releaseKeys: (() => void) | undefined;
  private readonly io: CliIo;

  private readonly intervalMs: number;
  private readonly keyboard: LiveRegionOptions['keyboard'];

  /**
   * `context` holds its stderr lines back while the block is on screen. The keyboard is read
   * without echo meanwhile (typed keys would break the redraw), Ctrl-C interrupting the context;
   * with a {@link LineInput}, what is typed shows on the block's last line and Enter submits it.
   */
  constructor(
    private readonly context: Pick<Context, 'io' | 'holdStderr' | 'interrupt' | 'style'>,
    private readonly render: (size: { width: number; height: number }) => string[],
    options: LiveRegionOptions = {},
  ) {
    this.io = context.io;
    this.intervalMs = options.intervalMs ?? 80;
    this.keyboard = options.keyboard ?? 'mute';
  }

  /** Terminal size, leaving one column and one row spare. */
  size(): { width: number; height: number } {
    return {
      width: Math.max(20, (this.io.columns || 80) - 1),
      height: Math.max(4, (this.io.rows || 24) - 1),
    };
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.release = this.context.holdStderr();
    if (this.keyboard !== 'none') {
      const input = typeof this.keyboard === 'object' ? this.keyboard : undefined;
      this.releaseKeys = readKeyboard(this.io, () => this.context.interrupt(), input);
    }
    this.io.stdout.write(hideCursor);
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
  }

  /** Redraws now. */
  draw(): void {
    if (!this.active) return;
    const size = this.size();
    const input = typeof this.keyboard === 'object' ? this.keyboard : undefined;
    const height = input ? size.height - 1 : size.height;
    const lines = this.render({ width: size.width, height }).slice(-height);
    if (input) lines.push(inputLine(input, size.width, this.context.style));
    const previous = this.rowsDrawn();
    // Each line is cleared as it is rewritten; rows left over from a taller previous block are
    // cleared first. (Erase-below is avoided: some terminals, tmux among them, push the whole screen
    // into the scrollback when it is used from the top-left corner.)
    const reset = previous > lines.length ? clearRows(previous) : '';
    this.io.stdout.write(`${this.toTop()}${reset}${lines.map((line) => `\u001b[2K${line}`).join('\n')}`);
    this.drawn = lines.map((line) => displayWidth(line));
  }

  /** Removes the live block and restores the cursor; the caller then prints the final view. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.io.stdout.write(`${this.toTop()}${clearRows(this.rowsDrawn())}${showCursor}`);
    this.drawn = [];
    this.releaseKeys?.();
    this.release?.();
  }

  /** Rows the block takes now: a narrower terminal re-wraps its lines into more rows. */
  private rowsDrawn(): number {
    const columns = Math.max(1, this.io.columns || 80);
    return this.drawn.reduce((sum, width) => sum + Math.max(1, Math.ceil(width / columns)), 0);
  }

  /** Moves to the first column of the block's first row. */
  private toTop(): string {
    const rows = this.rowsDrawn();
    return `${rows > 1 ? `\u001b[${rows - 1}A` : ''}\r`;
  }
}

/** Clears `count` rows from the cursor down, leaving the cursor where it was. */
function clearRows(count: number): string {
  if (count <= 0) return '';
  return `\u001b[2K${'\u001b[1B\u001b[2K'.repeat(count - 1)}${count > 1 ? `\u001b[${count - 1}A` : ''}`;
}

/** A line the person types into while the block streams (a debate's interjections). */
export interface LineInput {
  prompt: string;
  /** What is typed so far. */
  text: string;
  submit(text: string): void;
}

/** Options of {@link LiveRegion}. */
export interface LiveRegionOptions {
  intervalMs?: number;
  /** `mute` (default): keys are swallowed; `none`: the caller reads the keyboard; or a line input. */
  keyboard?: 'mute' | 'none' | LineInput;
}

function inputLine(input: LineInput, width: number, style: Pick<Context, 'style'>['style']): string {
  const typed = input.text ? sanitize(input.text) : style.dim('type to speak, Enter to send');
  const line = `${style.bold(input.prompt)}${typed}`;
  // Keep the end of a long line in view, as an input field does.
  return displayWidth(line) <= width
    ? line
    : `${input.prompt}…${sanitize(input.text).slice(-(width - input.prompt.length - 2))}`;
}

/**
 * Reads the terminal's keys without echo until released. The first Ctrl-C calls `onInterrupt` and
 * hands the keyboard back, so a second Ctrl-C reaches the process as a signal (and ends it at once).
 * With `input`, printable keys edit its text and Enter submits it.
 */
function readKeyboard(io: CliIo, onInterrupt: () => void, input?: LineInput): (() => void) | undefined {
  const { stdin } = io;
  if (!stdin.isTTY || !stdin.setRawMode) return undefined;
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    stdin.removeListener('data', onData);
    stdin.setRawMode?.(false);
    stdin.pause();
  };
  const onData = (chunk: Buffer | string) => {
    const text = chunk.toString();
    if (text.includes('\u0003')) {
      release();
      onInterrupt();
      return;
    }
    if (!input || text.startsWith('\u001b')) return; // arrows and other escape sequences
    for (const char of text) {
      if (char === '\r' || char === '\n') {
        if (input.text.trim()) input.submit(input.text.trim());
        input.text = '';
      } else if (char === '\u007f' || char === '\b') input.text = input.text.slice(0, -1);
      else if (char >= ' ') input.text += char;
    }
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return release;
}
