import { readAll } from '../commands/input.js';
import { CliError } from '../context.js';
import { type CliIo, ExitCode } from '../io.js';

/**
 * Reads a secret. On a terminal: raw mode, nothing echoed (backspace works; Ctrl-D gives up, Ctrl-C
 * throws an interruption, exit 130, as Ctrl-C does everywhere else). Otherwise: the first line of
 * stdin (`echo "$KEY" | trialogue keys set openai`).
 */
export async function readSecret(io: CliIo, prompt: string): Promise<string | undefined> {
  const { stdin } = io;
  if (!stdin.isTTY || !stdin.setRawMode) {
    const text = await readAll(stdin);
    return text.split(/\r?\n/)[0]?.trim() || undefined;
  }
  io.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (result: string | undefined, interrupted = false) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      if (interrupted) reject(new CliError('Interrupted; nothing stored.', ExitCode.interrupted));
      else resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return done(value.trim() || undefined);
        if (char === '\u0003') return done(undefined, true);
        if (char === '\u0004') return done(undefined);
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
