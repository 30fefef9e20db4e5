import { readAll } from '../commands/input.js';
import type { CliIo } from '../io.js';

/**
 * Reads a secret. On a terminal: raw mode, nothing echoed (Ctrl-C cancels, backspace works).
 * Otherwise: the first line of stdin (`echo "$KEY" | trialogue keys set openai`).
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
  return new Promise((resolve) => {
    let value = '';
    const done = (result: string | undefined) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stderr.write('\n');
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return done(value.trim() || undefined);
        if (char === '\u0003' || char === '\u0004') return done(undefined);
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    stdin.on('data', onData);
  });
}
