/**
 * Helpers for the fake-server tests: the recorded fixtures (read from `<repoRoot>/fixtures`), a
 * small SSE splitter for raw responses, and the canary keys.
 */
import {
  type Folder,
  fixtureJson as folderFixtureJson,
  fixtureLines as folderFixtureLines,
  streamsDir,
} from './replay-fixtures.js';

/** `<repoRoot>/fixtures/provider-streams/` (one definition, in replay-fixtures.ts). */
export const fixturesDir = streamsDir;

/** The payload lines of a recorded stream named `folder/name`, as the fake server's `fixture` option names it. */
export function fixtureLines(name: string): string[] {
  const slash = name.indexOf('/');
  return folderFixtureLines(name.slice(0, slash) as Folder, name.slice(slash + 1));
}

/** A JSON file of the recordings named `folder/file.json`. */
export function fixtureJson(name: string): unknown {
  const slash = name.indexOf('/');
  return folderFixtureJson(name.slice(0, slash) as Folder, name.slice(slash + 1));
}

export interface RawEvent {
  event?: string;
  data: string;
}

/** Splits an SSE body into events (comments dropped), accepting LF or CRLF. */
export function parseSse(body: string): RawEvent[] {
  const events: RawEvent[] = [];
  for (const block of body.split(/\r?\n\r?\n/)) {
    let event: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) events.push(event ? { event, data: data.join('\n') } : { data: data.join('\n') });
  }
  return events;
}

/** The JSON payloads of an SSE body, `[DONE]` left out. */
export function ssePayloads(body: string): Record<string, unknown>[] {
  return parseSse(body)
    .filter((e) => e.data !== '[DONE]')
    .map((e) => JSON.parse(e.data) as Record<string, unknown>);
}

/** Reads a body until it ends or breaks; returns what arrived and how it ended. */
export async function readUntilEnd(response: Response): Promise<{ text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text: text + decoder.decode() };
      text += decoder.decode(value, { stream: true });
    }
  } catch (error) {
    return { text, error };
  }
}

export { CANARY } from './replay-fixtures.js';
/** Canaries shaped like each provider's keys, so key-shape checks let them through. */
export const CANARIES = {
  openai: 'sk-proj-canary0123456789abcdefCANARY',
  'openai-responses': 'sk-proj-canary0123456789abcdefCANARY',
  anthropic: 'sk-ant-api03-canary0123456789abcdefCANARY',
  google: 'AIzaCANARY0123456789abcdefghijklmnopqr',
  groq: 'gsk_CANARY0123456789abcdefghijklmnopqrstuvwxyz',
  // Shaped like no known provider key: only the remembered-secret net of redaction can catch it.
  'openai-compatible': 'gateway-token.CANARY.0123456789abcdef',
  openrouter: 'sk-or-v1-canary0123456789abcdefCANARY',
  ollama: 'gateway-token.CANARY.0123456789abcdef',
} as const;

/** Provider JSON in assertions: deliberately loose, the assertions say what matters. */
// biome-ignore lint/suspicious/noExplicitAny: wire payloads are read ad hoc in tests
export type Json = any;
