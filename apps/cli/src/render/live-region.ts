import type { CliIo } from '../io.js';

const hideCursor = '\u001b[?25l';
const showCursor = '\u001b[?25h';

/**
 * A block of lines at the bottom of the terminal redrawn in place. It never draws more lines than
 * the screen holds (lines scrolled off cannot be reached again), so a redraw never garbles.
 */
export class LiveRegion {
  private drawn = 0;
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
    this.drawn = lines.length;
  }

  /** Removes the live block and restores the cursor; the caller then prints the final view. */
  stop(): void {
    if (!this.active) return;
    this.active = false;
    if (this.timer) clearInterval(this.timer);
    this.io.stdout.write(`${this.erase()}${showCursor}`);
    this.drawn = 0;
  }

  private erase(): string {
    if (this.drawn === 0) return '\r\u001b[J';
    return `${this.drawn > 1 ? `\u001b[${this.drawn - 1}A` : ''}\r\u001b[J`;
  }
}
