import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChatRequest, StreamEvent } from '@trialogue/core';

/** The recordings, in the repository's `fixtures/provider-streams/` (this file is `packages/providers/test/support/`). */
export const streamsDir = fileURLToPath(new URL('../../../../fixtures/provider-streams/', import.meta.url));

export type Folder =
  | 'openai-chat'
  | 'openai-responses'
  | 'anthropic'
  | 'google'
  | 'groq'
  | 'openai-compatible';

/** The JSON payload lines of a `*.chunks.txt` recording. */
export function fixtureLines(folder: Folder, name: string): string[] {
  return readFileSync(`${streamsDir}${folder}/${name}.chunks.txt`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A JSON file from the recordings (non-streaming answers, error bodies). */
export function fixtureJson<T = unknown>(folder: Folder, name: string): T {
  return JSON.parse(readFileSync(`${streamsDir}${folder}/${name}`, 'utf8')) as T;
}

/** Rebuilds the bytes the provider sent, with the framing from `fixtures/README.md`. */
export function frame(folder: Folder, lines: string[], options: { crlf?: boolean } = {}): string {
  let body: string;
  if (folder === 'openai-responses' || folder === 'anthropic') {
    body = lines
      .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
      .join('');
  } else if (folder === 'google') {
    body = lines.map((line) => `data: ${line}\r\n\r\n`).join('');
  } else {
    body = `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`;
  }
  if (options.crlf === true) body = body.replace(/\r?\n/g, '\r\n');
  if (options.crlf === false) body = body.replace(/\r\n/g, '\n');
  return body;
}

/** How to cut the body into chunks: at these byte offsets, or into pieces of this many bytes. */
export type Split = { at: number[] } | { every: number } | undefined;

function pieces(bytes: Uint8Array, split: Split): Uint8Array[] {
  if (!split) return [bytes];
  const cuts = 'at' in split ? split.at : [];
  if ('every' in split) for (let i = split.every; i < bytes.length; i += split.every) cuts.push(i);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  return out;
}

/** One request the fake fetch received. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  json: Record<string, unknown>;
}

/** A planned answer: a streamed body (split as asked) or any status with a body. */
export interface Answer {
  status?: number;
  body?: string;
  split?: Split;
  headers?: Record<string, string>;
}

/**
 * A `fetch` for `settings.fetch` that answers with the planned responses in order (the last one
 * repeats) and records every request. Bodies stream as `new Response(ReadableStream)`.
 */
export function replayFetch(...answers: Answer[]): typeof fetch & { requests: SeenRequest[] } {
  const requests: SeenRequest[] = [];
  const fn = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    const body = typeof init.body === 'string' ? init.body : '';
    requests.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body,
      json: body ? (JSON.parse(body) as Record<string, unknown>) : {},
    });
    const answer = answers[Math.min(requests.length - 1, answers.length - 1)] ?? {};
    const chunks = pieces(new TextEncoder().encode(answer.body ?? ''), answer.split);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return new Response(stream, {
      status: answer.status ?? 200,
      headers: {
        'content-type': answer.status && answer.status >= 400 ? 'application/json' : 'text/event-stream',
        ...answer.headers,
      },
    });
  };
  return Object.assign(fn, { requests }) as typeof fetch & { requests: SeenRequest[] };
}

/** Collects every event of a stream. */
export async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The terminal event (asserting there is exactly one, last). */
export function terminal(events: StreamEvent[]) {
  const last = events[events.length - 1];
  const terminals = events.filter((e) => e.type === 'finish' || e.type === 'error');
  if (terminals.length !== 1 || terminals[0] !== last)
    throw new Error(`expected exactly one terminal event, last; got ${events.map((e) => e.type).join(',')}`);
  return last as Extract<StreamEvent, { type: 'finish' | 'error' }>;
}

/** A minimal request. */
export const hello: ChatRequest = { messages: [{ role: 'user', content: 'Hello' }] };

/** A canary key: must never show up in a URL, message, or event. */
export const CANARY = 'sk-canary-0123456789abcdefCANARY';
