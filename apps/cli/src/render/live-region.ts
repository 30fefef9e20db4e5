import type { Context } from '../context.js';
import type { CliIo } from '../io.js';
import { displayWidth } from './text.js';

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

  /**
   * `context` holds its stderr lines back while the block is on screen. Unless `captureInput` is
   * false, the keyboard is read without echo meanwhile (typed keys would break the redraw), Ctrl-C
   * interrupting the context.
   */
  constructor(
    private readonly context: Pick<Context, 'io' | 'holdStderr' | 'interrupt'>,
    private readonly render: (size: { width: number; height: number }) => string[],
    private readonly intervalMs = 80,
    private readonly captureInput = true,
  ) {
    this.io = context.io;
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
    if (this.captureInput) this.releaseKeys = muteKeyboard(this.io, () => this.context.interrupt());
    this.io.stdout.write(hideCursor);
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
  }

  /** Redraws now. */
  draw(): void {
    if (!this.active) return;
    const size = this.size();
    const lines = this.render(size).slice(-size.height);
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

/**
 * Reads the terminal's keys without echo until released. The first Ctrl-C calls `onInterrupt` and
 * hands the keyboard back, so a second Ctrl-C reaches the process as a signal (and ends it at once).
 */
function muteKeyboard(io: CliIo, onInterrupt: () => void): (() => void) | undefined {
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
    if (chunk.toString().includes('\u0003')) {
      release();
      onInterrupt();
    }
  };
  stdin.setRawMode(true);
  stdin.on('data', onData);
  stdin.resume();
  return release;
}
