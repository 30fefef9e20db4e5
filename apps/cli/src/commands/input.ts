import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseTranscript, type Transcript } from '@trialogue/core';
import { CliError, type Context, messageOf } from '../context.js';

/** Reads all of stdin as text. */
export async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** The question: the positional words, else stdin when it is not a terminal. */
export async function questionFrom(
  context: Context,
  words: readonly string[],
  command: string,
): Promise<string> {
  const given = words.join(' ').trim();
  if (given) return given;
  if (context.io.stdin.isTTY) {
    throw new CliError(
      `No question. Write it after the command, e.g. trialogue ${command} "Why is the sky blue?", or pipe it on stdin.`,
    );
  }
  const piped = (await readAll(context.io.stdin)).trim();
  if (!piped)
    throw new CliError(`No question: stdin was empty. Pass it as an argument: trialogue ${command} "..."`);
  return piped;
}

/** A path relative to the working directory. */
export function pathFrom(context: Context, path: string): string {
  return isAbsolute(path) ? path : resolve(context.cwd, path);
}

/**
 * Checks, before any model is called, that files can be written where `--out` and the like point:
 * a folder that does not exist is a usage error now, not a lost answer after paying for it.
 */
export async function assertWritable(context: Context, ...paths: (string | undefined)[]): Promise<void> {
  for (const path of paths) {
    if (path === undefined) continue;
    const full = pathFrom(context, path);
    const existing = await stat(full).catch(() => undefined);
    if (existing?.isDirectory()) throw new CliError(`Cannot write ${path}: it is a folder.`);
    // A parent that is a file (`notes.txt/x.md`) passes the access check below but fails at write time.
    const parent = existing ? undefined : await stat(dirname(full)).catch(() => undefined);
    if (parent && !parent.isDirectory())
      throw new CliError(`Cannot write ${path}: ${dirname(full)} is a file, not a folder.`);
    try {
      await access(existing ? full : dirname(full), constants.W_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        `Cannot write ${path}: ${code === 'ENOENT' ? `the folder ${dirname(full)} does not exist` : (code ?? messageOf(error))}.`,
      );
    }
  }
}

/** Reads a file, as a usage error when it is missing. */
export async function readText(context: Context, path: string): Promise<string> {
  try {
    return await readFile(pathFrom(context, path), 'utf8');
  } catch (error) {
    throw new CliError(
      `Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** Reads a saved transcript (`--out` of ask, chat and debate), as a usage error when it is not one. */
export async function readTranscript(context: Context, path: string): Promise<Transcript> {
  return transcriptFrom(await readText(context, path), path);
}

/** A transcript from the text of `path`, as a usage error when it is not one. */
export function transcriptFrom(text: string, path: string): Transcript {
  try {
    return parseTranscript(text);
  } catch (error) {
    throw new CliError(`${path} is not a Trialogue transcript: ${messageOf(error)}`);
  }
}
