import { redact, TrialogueError } from '@trialogue/core';
import { type ParsedArgs, UsageError } from './args/parse.js';
import { type CliIo, ExitCode } from './io.js';
import { colorEnabled, makeStyle, type Style } from './render/style.js';
import { wrap } from './render/text.js';

/** A failure the CLI reports in one line and maps to an exit code. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = ExitCode.usage,
  ) {
    super(message);
  }
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A library error (bad options caught before any call) as a usage error, exit 2, in the CLI's terms. */
export function usageError(error: unknown): CliError {
  return error instanceof CliError ? error : new CliError(cliTerms(messageOf(error)));
}

/** Library option names and the command-line flags that set them. */
const FLAGS: [RegExp, string][] = [
  [/\bpass options\.(judge|chair|moderator)\b/g, 'add --$1 <provider:model>'],
  [/\boptions\.(judge|chair|moderator)\b/g, '--$1'],
  [/\bformatOptions\.(rounds|layers)\b/g, '--rounds'],
  [/\bformatOptions\.samples\b/g, '--samples'],
  [/\bformatOptions\.(\w+)/g, '--option $1=…'],
  [/\bbudget\.maxRounds\b/g, '--rounds'],
  [/\bbudget\.maxCostUsd\b/g, '--max-cost'],
  [/\bbudget\.maxTokens\b/g, '--max-total-tokens'],
  [/\bbudget\.maxDurationMs\b/g, '--max-time'],
  [/\bmaxOutputTokens\b/g, '--max-tokens'],
];

/** A library message with its option names replaced by the flags a CLI user types (`--judge`, not `options.judge`). */
export function cliTerms(message: string): string {
  return FLAGS.reduce((text, [pattern, flag]) => text.replace(pattern, flag), message);
}

/** What every command gets. */
export interface Context {
  io: CliIo;
  args: ParsedArgs;
  style: Style;
  /** NDJSON mode. */
  json: boolean;
  verbose: boolean;
  /** Aborted on Ctrl-C (the process signal, or the key while a live block reads the keyboard). */
  signal: AbortSignal;
  /** Ctrl-C from inside: aborts {@link Context.signal}. */
  interrupt(): void;
  cwd: string;
  /** Writes to stdout (redacted: a key never reaches the screen, even inside model output). */
  out(text: string): void;
  /** Writes to stderr (redacted). */
  err(text: string): void;
  /** One NDJSON line on stdout. */
  emit(value: unknown): void;
  /** A `--verbose` line on stderr. */
  debug(text: string): void;
  /** Wraps a line of prose to the terminal width (unchanged off a terminal). */
  fit(text: string): string;
  /** The columns prose and tables may use: the terminal's width (followed on resize), Infinity off one. */
  width(): number;
  /**
   * Holds stderr lines back while a live block is drawn on the same terminal (they would break
   * its redraw); the returned function writes them out.
   */
  holdStderr(): () => void;
}

/** Builds the context of a command run. */
export function makeContext(io: CliIo, args: ParsedArgs): Context {
  const json = args.options.json === true;
  const style = makeStyle(!json && colorEnabled(io.isTTY, io.env, args.options.color as boolean | undefined));
  const verbose = args.options.verbose === true;
  let held: string[] | undefined;
  const interruption = new AbortController();
  const signal = io.signal ? AbortSignal.any([io.signal, interruption.signal]) : interruption.signal;
  const width = () => (io.isTTY ? Math.max(20, (io.columns || 80) - 1) : Number.POSITIVE_INFINITY);
  const toStderr = (text: string) => {
    if (held) held.push(text);
    else io.stderr.write(text);
  };
  return {
    io,
    args,
    style,
    json,
    verbose,
    signal,
    interrupt: () => interruption.abort(),
    cwd: io.cwd ?? process.cwd(),
    out: (text) => io.stdout.write(redact(text)),
    err: (text) => toStderr(redact(text)),
    emit: (value) => io.stdout.write(`${redact(JSON.stringify(value))}\n`),
    holdStderr: () => {
      held ??= [];
      return () => {
        const lines = held ?? [];
        held = undefined;
        for (const line of lines) io.stderr.write(line);
      };
    },
    // Masked before wrapping: a key broken across lines would no longer be recognised.
    fit: (text) => (io.isTTY ? wrap(redact(text), width()).join('\n') : text),
    width,
    debug: (text) => {
      if (verbose) toStderr(redact(`${style.dim(`[verbose] ${text}`)}\n`));
    },
  };
}

/** The exit code and message for anything a command threw. */
export function describeFailure(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof UsageError) return { code: ExitCode.usage, message: error.message };
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  if (TrialogueError.is(error)) {
    const usage = ['invalid-request', 'auth', 'not-found', 'permission'].includes(error.kind);
    if (error.kind === 'aborted') return { code: ExitCode.interrupted, message: error.message };
    return { code: usage ? ExitCode.usage : ExitCode.modelFailed, message: error.message };
  }
  return { code: ExitCode.modelFailed, message: error instanceof Error ? error.message : String(error) };
}
