/** What the CLI talks to: injected so `runCli` can be embedded and tested without a process. */
export interface CliIo {
  /** Where questions and keys are read from when not given on the command line. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?(mode: boolean): unknown };
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Environment variables (keys, NO_COLOR, TRIALOGUE_*). */
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: live columns and colours when true, plain blocks when false. */
  isTTY: boolean;
  /** Terminal width (read at each redraw, so a getter follows resizes). */
  columns?: number;
  /** Terminal height. */
  rows?: number;
  /** Aborted on Ctrl-C: every stream stops, partial output is printed, exit code 130. */
  signal?: AbortSignal;
  /** Working directory for relative paths (default: process.cwd()). */
  cwd?: string;
}

/** Exit codes, documented in the README. */
export const ExitCode = {
  ok: 0,
  /** A model (or a question of a batch) failed. */
  modelFailed: 1,
  /** Bad arguments, missing key, unreadable file. */
  usage: 2,
  /** Ctrl-C. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
