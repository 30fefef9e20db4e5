/**
 * Recorded provider streams (`fixtures/provider-streams/<folder>/<name>.chunks.txt` in the
 * repository, one JSON payload per line) turned back into the frames the provider sent. Node's `fs`
 * is imported lazily so the msw handlers still load in a browser (where only scripted answers work).
 *
 * The recordings are not shipped in the npm package (third-party data, about 1 MB): inside the
 * repository they are found on their own; anywhere else a script that names a `fixture` needs
 * `fixturesDir` (a folder laid out like the repository's `fixtures/provider-streams`).
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

/** Where this module is on disk (ESM or the CJS build), or undefined in a browser bundle. */
function moduleDir(): string | undefined {
  // ESM first: `node -e` defines a global `__dirname` of '.', which an ES module would see.
  // The CJS build has an empty `import.meta` (esbuild) and its own `__dirname`.
  const url = (import.meta as { url?: string }).url;
  if (url?.startsWith('file:')) return decodeURIComponent(new URL('.', url).pathname);
  return typeof __dirname === 'string' ? __dirname : undefined;
}

/**
 * Finds the repository's `fixtures/provider-streams`: walks up from `start` when given, else from
 * this module (inside the repository: `packages/providers/...`), then from the working directory.
 * Throws a typed `Error` that says to pass `fixturesDir` when none is found (the published package
 * carries no recordings).
 */
export async function findFixturesDir(start?: string): Promise<string> {
  const { existsSync } = await import('node:fs');
  const path = await import('node:path');
  const origins = start === undefined ? [moduleDir(), process.cwd()] : [start];
  for (const origin of origins) {
    if (origin === undefined) continue;
    let dir = path.resolve(origin);
    for (;;) {
      const candidate = path.join(dir, 'fixtures', 'provider-streams');
      if (existsSync(candidate)) return candidate;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  throw new Error(
    'Could not find fixtures/provider-streams (the recorded streams are not in the npm package): ' +
      "pass `fixturesDir` to the fake provider, pointing at a folder laid out like the Trialogue repository's fixtures/provider-streams.",
  );
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
