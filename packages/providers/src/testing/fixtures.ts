/**
 * Recorded provider streams (`shared/fixtures/provider-streams/<folder>/<name>.chunks.txt`, one
 * JSON payload per line) turned back into the frames the provider sent. Node's `fs` is imported
 * lazily so the msw handlers still load in a browser (where only scripted answers work).
 */
import type { SseFrame } from './wire-events.js';

/** The recorded-stream folders and the framing each one needs (see the fixtures README). */
export type FixtureFolder =
  | 'openai-chat'
  | 'groq'
  | 'openai-compatible'
  | 'openai-responses'
  | 'anthropic'
  | 'google';

const cache = new Map<string, string>();

/** Finds `shared/fixtures/provider-streams` beside the repository: walks up from the working directory. */
export async function findFixturesDir(start?: string): Promise<string> {
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  let dir = path.resolve(start ?? process.cwd());
  for (;;) {
    const candidate = path.join(dir, 'shared', 'fixtures', 'provider-streams');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        'Could not find shared/fixtures/provider-streams above the working directory; pass `fixturesDir` to the fake provider.',
      );
    }
    dir = parent;
  }
}

/** Reads a fixture's payload lines. `name` is `folder/file` without `.chunks.txt`. */
export async function readFixtureLines(name: string, fixturesDir?: string): Promise<string[]> {
  const dir = fixturesDir ?? (await findFixturesDir());
  const key = `${dir}\0${name}`;
  let text = cache.get(key);
  if (text === undefined) {
    const { readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const file = name.endsWith('.txt') ? name : `${name}.chunks.txt`;
    text = await readFile(path.join(dir, file), 'utf8');
    cache.set(key, text);
  }
  return text.split('\n').filter((line) => line.trim() !== '');
}

/** The folder part of a fixture name, which decides its framing. */
export function fixtureFolder(name: string): FixtureFolder {
  const folder = name.split('/')[0];
  const known: FixtureFolder[] = [
    'openai-chat',
    'groq',
    'openai-compatible',
    'openai-responses',
    'anthropic',
    'google',
  ];
  if (!known.includes(folder as FixtureFolder)) {
    throw new Error(`Unknown fixture folder "${folder}" in "${name}"; expected one of ${known.join(', ')}.`);
  }
  return folder as FixtureFolder;
}

/** Rebuilds the frames of a recording, exactly as the fixtures README describes. */
export function framesFromFixture(folder: FixtureFolder, lines: string[]): SseFrame[] {
  if (folder === 'openai-responses' || folder === 'anthropic') {
    return lines.map((line) => ({ event: (JSON.parse(line) as { type: string }).type, data: line }));
  }
  const frames: SseFrame[] = lines.map((line) => ({ data: line }));
  if (folder !== 'google') frames.push({ data: '[DONE]' });
  return frames;
}
