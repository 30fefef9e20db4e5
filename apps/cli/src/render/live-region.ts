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

  constructor(
    private readonly io: CliIo,
    private readonly render: (size: { width: number; height: number }) => string[],
    private readonly intervalMs = 80,
  ) {}

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
    this.io.stdout.write(hideCursor);
    this.draw();
    this.timer = setInterval(() => this.draw(), this.intervalMs);
  }

  /** Redraws now. */
  draw(): void {
    if (!this.active) return;
    const size = this.size();
    const lines = this.render(size).slice(-size.height);
    this.io.stdout.write(`${this.erase()}${lines.join('\n')}`);
    this.drawn = lines.map((line) => displayWidth(line));
  }

  /** Removes the live block and restores the cursor; the caller then prints the final view. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.io.stdout.write(`${this.erase()}${showCursor}`);
    this.drawn = [];
  }

  /** Moves to the first row drawn and clears down, counting rows a resize may have re-wrapped. */
  private erase(): string {
    const columns = Math.max(1, this.io.columns || 80);
    const rows = this.drawn.reduce((sum, width) => sum + Math.max(1, Math.ceil(width / columns)), 0);
    if (rows <= 1) return '\r\u001b[J';
    return `\u001b[${rows - 1}A\r\u001b[J`;
  }
}
