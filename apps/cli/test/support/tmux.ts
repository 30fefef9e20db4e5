import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, tempDir } from './cli.js';

/** Whether tmux is installed (the terminal tests skip without it). */
export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

let counter = 0;

/** A real pseudo-terminal: the CLI runs in a detached tmux session of the given size. */
export class TmuxSession {
  readonly name = `trialogue-test-${process.pid}-${++counter}`;
  /** The working directory of the run (files it writes land here). */
  workDir: string | undefined;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  /** Runs `trialogue <args>` in the session, then prints `EXIT=<code>` and stays open. */
  start(args: string[], env: Record<string, string>): void {
    const dir = tempDir('trialogue-tmux-');
    this.workDir = dir;
    const script = join(dir, 'run.sh');
    const exports = Object.entries(env)
      .filter(([name]) => /^(TRIALOGUE_|[A-Z]+_API_KEY$|NO_COLOR$|PATH$|HOME$|XDG_STATE_HOME$)/.test(name))
      .map(([name, value]) => `export ${name}=${shellQuote(value)}`);
    writeFileSync(
      script,
      [
        '#!/bin/sh',
        // Ctrl-C goes to the CLI; the shell carries on to print the exit code.
        "trap 'true' INT",
        ...exports,
        'export TERM=xterm-256color',
        `cd ${shellQuote(dir)}`,
        `${shellQuote(process.execPath)} ${shellQuote(binPath)} ${args.map(shellQuote).join(' ')}`,
        'echo "EXIT=$?"',
        'sleep 600',
      ].join('\n'),
      { mode: 0o755 },
    );
    const tmuxArgs = [
      'new-session',
      '-d',
      '-s',
      this.name,
      '-x',
      String(this.width),
      '-y',
      String(this.height),
      script,
    ];
    // A tmux server that is shutting down (its last session just ended) can refuse once: try again.
    for (let attempt = 1; ; attempt++) {
      const result = spawnSync('tmux', tmuxArgs, { encoding: 'utf8' });
      if (result.status === 0) return;
      if (attempt === 3) throw new Error(`tmux new-session failed: ${result.stderr}`);
      spawnSync('sleep', ['0.2']);
    }
  }

  /** The visible screen, one string per row. */
  screen(): string[] {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' }).split('\n');
  }

  /** The scrollback and the screen together. */
  history(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-S', '-1000', '-t', this.name], { encoding: 'utf8' });
  }

  /** The scrollback and the screen with wrapped rows joined back into their lines (long paths, at 50 columns). */
  joined(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-J', '-S', '-1000', '-t', this.name], {
      encoding: 'utf8',
    });
  }

  /** The rows of the scrollback and screen that contain `text`. */
  historyRows(text: string): string[] {
    return this.history()
      .split('\n')
      .filter((row) => row.includes(text));
  }

  /** Resizes the terminal, as a person dragging the window edge does (the CLI gets SIGWINCH). */
  resize(width: number, height: number): void {
    execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(width), '-y', String(height)]);
  }

  sendKeys(...keys: string[]): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
  }

  /** Polls the screen until `test` accepts it. */
  async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
    const started = Date.now();
    for (;;) {
      const screen = this.screen().join('\n');
      if (test(screen)) return screen;
      if (Date.now() - started > timeoutMs)
        throw new Error(`tmux: timed out waiting for ${what}. Screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
