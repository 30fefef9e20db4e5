/**
 * Server-sent events through the whole streaming path: bytes in a fetch body, read by
 * `runHttpStream`, decoded, parsed by `eventsource-parser`, handed to a provider mapper, merged into
 * events and handed out one by one. Every recorded provider stream (four line-ending variants, fed
 * whole, byte by byte, cut at every position or at random) and 3,000 seeded random streams must
 * reach the mapper as the same messages, and the answer as the same text, however the bytes are cut.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type HttpModelSpec, runHttpStream, type SseMessage, type StreamEvent } from '@trialogue/core';
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { prng } from './support/prng.js';

const streamsDir = fileURLToPath(new URL('../../../fixtures/provider-streams/', import.meta.url));

type Message = { event: string | undefined; data: string; id: string | undefined };
const plain = (message: SseMessage): Message => ({
  event: message.event,
  data: message.data,
  id: message.id,
});

/** A response body that hands out `pieces`, one per read, as a network would. */
function bodyOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  let next = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (next < pieces.length) controller.enqueue(pieces[next++]!);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Streams `pieces` through `runHttpStream` with a mapper that records every message and writes its
 * data (and a newline) as answer text; the body ends without an end marker, so the mapper's
 * `onEnd` finishes the answer.
 */
async function throughPath(pieces: Uint8Array[]): Promise<{ messages: Message[]; events: StreamEvent[] }> {
  const messages: Message[] = [];
  const spec: HttpModelSpec = {
    provider: 'fake',
    modelId: 'fake-model',
    fetch: async () =>
      new Response(bodyOf(pieces), { status: 200, headers: { 'content-type': 'text/event-stream' } }),
    prepare: () => ({ url: 'https://api.fake.test/v1/stream', init: { method: 'POST', body: '{}' } }),
    createMapper: () => ({
      onMessage(message, sink) {
        messages.push(plain(message));
        sink.text(`${message.data}\n`);
      },
      onEnd: (sink) => sink.finish('stop'),
    }),
  };
  const events: StreamEvent[] = [];
  for await (const event of runHttpStream(spec, { messages: [{ role: 'user', content: 'Hi' }] }))
    events.push(event);
  return { messages, events };
}

/** What the path must deliver: eventsource-parser fed the whole text at once, ended by a blank line. */
function reference(bytes: Uint8Array): Message[] {
  const out: Message[] = [];
  const parser = createParser({ onEvent: (message) => out.push(plain(message)) });
  parser.feed(`${new TextDecoder().decode(bytes)}\n\n`);
  return out;
}

/** Runs `pieces` through the path and checks messages, events and the answer text against `expected`. */
async function check(pieces: Uint8Array[], expected: Message[]): Promise<string | undefined> {
  const { messages, events } = await throughPath(pieces);
  const text = expected.map((message) => `${message.data}\n`).join('');
  const terminal = events.at(-1);
  const deltas = events
    .filter((event) => event.type === 'text-delta')
    .map((event) => event.text)
    .join('');
  if (JSON.stringify(messages) !== JSON.stringify(expected)) return 'messages differ';
  if (terminal?.type !== 'finish' || terminal.text !== text) return `terminal ${JSON.stringify(terminal)}`;
  if (deltas !== text) return 'deltas differ from the text';
  if (events.filter((event) => event.type === 'finish' || event.type === 'error').length !== 1)
    return 'not exactly one terminal event';
  return undefined;
}

function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (const position of [...at, bytes.length]) {
    out.push(bytes.subarray(from, position));
    from = position;
  }
  return out;
}

const oneBytePieces = (bytes: Uint8Array) =>
  cut(
    bytes,
    Array.from({ length: bytes.length - 1 }, (_, i) => i + 1),
  );

function randomCuts(random: () => number, length: number, count: number): number[] {
  const at = new Set<number>();
  for (let i = 0; i < count && length > 1; i++) at.add(1 + Math.floor(random() * (length - 1)));
  return [...at].sort((a, b) => a - b);
}

/** The bytes each provider sent, framed as fixtures/provider-streams/README.md says. */
function recordings() {
  const out: { name: string; lines: string[]; body: string }[] = [];
  for (const folder of readdirSync(streamsDir).sort()) {
    for (const file of readdirSync(`${streamsDir}${folder}`).sort()) {
      if (!file.endsWith('.chunks.txt')) continue;
      const lines = readFileSync(`${streamsDir}${folder}/${file}`, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '');
      let body: string;
      if (folder === 'openai-responses' || folder === 'anthropic') {
        body = lines
          .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
          .join('');
      } else if (folder === 'google') {
        body = lines.map((line) => `data: ${line}\r\n\r\n`).join('');
      } else {
        body = `${lines.map((line) => `data: ${line}\n\n`).join('')}data: [DONE]\n\n`;
        lines.push('[DONE]');
      }
      out.push({ name: `${folder}/${file}`, lines, body });
    }
  }
  return out;
}

const encoder = new TextEncoder();
const endings = {
  as: (body: string) => body,
  LF: (body: string) => body.replace(/\r\n/g, '\n'),
  CRLF: (body: string) => body.replace(/\r?\n/g, '\r\n'),
  CR: (body: string) => body.replace(/\r?\n/g, '\r'),
};
const all = recordings();

describe('every recorded provider stream through the whole path', { timeout: 120_000 }, () => {
  it('finds the recordings', () => {
    expect(all.length).toBeGreaterThanOrEqual(19);
  });

  for (const { name, lines, body } of all) {
    describe(name, () => {
      for (const [ending, reframe] of Object.entries(endings)) {
        const bytes = encoder.encode(reframe(body));
        const expected = reference(bytes);

        it(`reads every event's data, fed whole (${ending} line ends)`, async () => {
          expect(expected.map((message) => message.data)).toEqual(lines);
          expect(await check([bytes], expected)).toBeUndefined();
        });

        it(`reads the same when every byte arrives alone (${ending})`, async () => {
          expect(await check(oneBytePieces(bytes), expected)).toBeUndefined();
        });

        it(`reads the same cut once at each position (${ending})`, async () => {
          // Every position of short recordings; the long ones (whose every position the one-byte
          // test above covers) at their first and last 40 bytes and 40 random places.
          const random = prng(bytes.length);
          const positions =
            bytes.length <= 3_000
              ? Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
              : [
                  ...Array.from({ length: 40 }, (_, i) => i + 1),
                  ...Array.from({ length: 40 }, (_, i) => bytes.length - 1 - i),
                  ...randomCuts(random, bytes.length, 40),
                ];
          const mismatches: string[] = [];
          for (const position of positions) {
            const problem = await check(cut(bytes, [position]), expected);
            if (problem) mismatches.push(`${position}: ${problem}`);
          }
          expect(mismatches).toEqual([]);
        });

        it(`reads the same cut at random places (${ending})`, async () => {
          const random = prng(bytes.length * 7 + ending.length);
          for (let round = 0; round < 20; round++) {
            const pieces = cut(bytes, randomCuts(random, bytes.length, 1 + Math.floor(random() * 200)));
            expect(await check(pieces, expected)).toBeUndefined();
          }
        });
      }
    });
  }
});

/** A random event stream with the odd corners of the format. */
function randomStream(random: () => number): { text: string; bom: boolean } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const values = [
    '',
    ' ',
    'x',
    '{"a":1}',
    'a:b',
    ' leading',
    'two  spaces ',
    'Grüße',
    '🌍 world',
    'in\uFEFFside',
    '[DONE]',
    'tab\there',
  ];
  const lines: string[] = [];
  const count = Math.floor(random() * 40);
  for (let i = 0; i < count; i++) {
    const value = pick(values);
    lines.push(
      pick([
        `data: ${value}`,
        `data: ${value}`,
        `data:${value}`,
        `data:  ${value}`,
        'data',
        'data:',
        `event: ${value}`,
        `event:${value}`,
        'event',
        `id: ${value}`,
        'id: has\0null',
        'id',
        `retry: ${pick(['1000', 'soon', ''])}`,
        `: ${value}`,
        ':',
        `foo: ${value}`,
        'foo',
        `Data: ${value}`,
        ' data: indented',
        '',
        '',
        '',
      ]),
    );
  }
  let text = '';
  for (const line of lines) text += line + pick(['\n', '\n', '\r\n', '\r']);
  if (random() < 0.7) text += pick(['\n', '\r\n', '\r', '\n\n']);
  return { text, bom: random() < 0.3 };
}

describe('seeded random streams through the whole path', () => {
  it('delivers the same messages as the whole text parsed at once, for 3,000 streams cut at random', async () => {
    let events = 0;
    for (let seed = 1; seed <= 3_000; seed++) {
      const random = prng(seed);
      const { text, bom } = randomStream(random);
      const bytes = encoder.encode(bom ? `\uFEFF${text}` : text);
      const at =
        random() < 0.2
          ? Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)
          : randomCuts(random, bytes.length, Math.floor(random() * 12));
      const expected = reference(bytes);
      const problem = await check(cut(bytes, at), expected);
      if (problem) expect({ seed, text: JSON.stringify(text), bom, at, problem }).toBeUndefined();
      events += expected.length;
    }
    // The streams really carry events, not only noise.
    expect(events).toBeGreaterThan(5_000);
  }, 120_000);
});

describe('the path, by rule', () => {
  const run = async (...slices: string[]) =>
    (await throughPath(slices.map((slice) => encoder.encode(slice)))).messages;

  it('drops a leading byte-order mark, and only a leading one', async () => {
    // Past the start, a BOM is part of the line: `\uFEFFdata` is an unknown field, ignored.
    expect((await run('\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n')).map((m) => m.data)).toEqual(['a']);
  });

  it('takes a CR at the end of one read and a LF at the start of the next as one line end', async () => {
    expect(await run('data: a\r', '\ndata: b\r', '\n\r', '\n')).toEqual([
      { event: undefined, data: 'a\nb', id: undefined },
    ]);
  });

  it('joins data lines with \\n, drops one space after the colon and skips comments', async () => {
    expect(
      await run(': OPENROUTER PROCESSING\n\nevent: delta\nid: 7\ndata:  two\ndata\n: note\ndata:x\n\n'),
    ).toEqual([{ event: 'delta', data: ' two\n\nx', id: '7' }]);
  });

  it('dispatches nothing for a blank line after an event without data', async () => {
    expect(await run('event: ping\n\n: keep-alive\n\nretry: 100\n\n')).toEqual([]);
  });

  it('delivers a last event that has no closing blank line when the body ends', async () => {
    expect((await run('data: {"done":true}')).map((m) => m.data)).toEqual(['{"done":true}']);
  });

  it('joins a line that spans many reads', async () => {
    const payload = 'x'.repeat(50_000);
    const slices = ['data: ', ...payload.match(/.{1,7}/g)!, '\n', '\n'];
    expect((await run(...slices)).map((m) => m.data)).toEqual([payload]);
  });

  it('merges the deltas of one read into one event, and hands out each read as it arrives', async () => {
    const { events } = await throughPath(
      ['data: a\n\ndata: b\n\ndata: c\n\n', 'data: d\n\n'].map((slice) => encoder.encode(slice)),
    );
    expect(events.filter((event) => event.type === 'text-delta')).toEqual([
      { type: 'text-delta', text: 'a\nb\nc\n' },
      { type: 'text-delta', text: 'd\n' },
    ]);
  });
});
