/**
 * trialogue: the terminal app. Also usable as a library through {@link runCli}.
 * @packageDocumentation
 */
import { redact } from '@trialogue/core';
import { parseArgs, UsageError } from './args/parse.js';
import { commands } from './commands/registry.js';
import { CliError, describeFailure, makeContext } from './context.js';
import { commandHelp, mainHelp } from './help.js';
import { type CliIo, ExitCode } from './io.js';

export { type CliIo, ExitCode } from './io.js';

/** The CLI's version (kept in step with package.json). */
export const VERSION = '0.1.0';

/**
 * Runs the CLI with the given arguments and I/O and resolves to the exit code. Never calls
 * `process.exit`, so it can be embedded (and tested) in any process.
 *
 * @example
 * ```ts
 * import { runCli } from 'trialogue';
 * const code = await runCli(['ask', 'Hello', '-m', 'openai:gpt-4.1-mini'], {
 *   stdin: process.stdin, stdout: process.stdout, stderr: process.stderr,
 *   env: process.env, isTTY: false,
 * });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((command) => command.name === rest[0]) : undefined;
    io.stdout.write(topic ? commandHelp(topic, helpWidth(io)) : mainHelp(commands, VERSION, helpWidth(io)));
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${VERSION}\n`);
    return ExitCode.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.stderr.write(
      `trialogue: unknown command "${redact(name)}". Commands: ${commands.map((c) => c.name).join(', ')}.\n`,
    );
    io.stderr.write('Run trialogue --help for usage.\n');
    return ExitCode.usage;
  }
  let context: ReturnType<typeof makeContext> | undefined;
  try {
    const args = parseArgs(rest, command.options);
    if (args.options.help) {
      io.stdout.write(commandHelp(command, helpWidth(io)));
      return ExitCode.ok;
    }
    context = makeContext(io, args);
    const code = await command.run(context);
    return context.signal.aborted && code === ExitCode.ok ? ExitCode.interrupted : code;
  } catch (error) {
    const { code, message } = describeFailure(error);
    if (context?.json) context.emit({ type: 'fatal', exitCode: code, message: redact(message) });
    io.stderr.write(`trialogue ${command.name}: ${redact(message)}\n`);
    if (code === ExitCode.usage && !message.includes('\n'))
      io.stderr.write(`Run trialogue ${command.name} --help for usage.\n`);
    // A stack helps with the unexpected only; a usage or configuration error says all there is.
    const expected = error instanceof CliError || error instanceof UsageError;
    if (context?.verbose && !expected && error instanceof Error && error.stack)
      io.stderr.write(`${redact(error.stack)}\n`);
    return context?.signal.aborted ? ExitCode.interrupted : code;
  }
}

/** Help reads best at most 100 columns wide, and narrower on a narrower terminal. */
function helpWidth(io: CliIo): number {
  return Math.max(20, Math.min(100, io.isTTY && io.columns ? io.columns - 1 : 100));
}
