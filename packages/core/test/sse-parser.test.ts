/**
 * Core's own server-sent-event parser, checked against eventsource-parser (the parser it replaced)
 * on every recorded provider stream and on seeded random streams: both must report the same
 * messages however the bytes are cut and whatever the line endings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from '../src/stream/sse-parser.js';
import { prng } from './support/prng.js';

const streamsDir = fileURLToPath(new URL('../../../../shared/fixtures/provider-streams/', import.meta.url));

type Message = { event: string | undefined; data: string; id: string | undefined };
const plain = (message: SseMessage): Message => ({
  event: message.event,
  data: message.data,
  id: message.id,
});

/** Decodes `pieces` as runHttpStream does (streaming TextDecoder) and parses them with ours. */
function parseOurs(pieces: Uint8Array[], options: { keepBOM?: boolean } = {}): Message[] {
  const out: Message[] = [];
  const parser = createSseParser((message) => out.push(plain(message)));
  // keepBOM: the decoder passes a BOM through, so our parser is the one that must drop it.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: options.keepBOM === true });
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  parser.end();
  return out;
}

/** The same with eventsource-parser, ended the way runHttpStream ended it (a closing blank line). */
function parseReference(pieces: Uint8Array[]): Message[] {
  const out: Message[] = [];
  const parser = createParser({ onEvent: (message) => out.push(plain(message)) });
  const decoder = new TextDecoder();
  for (const piece of pieces) parser.feed(decoder.decode(piece, { stream: true }));
  parser.feed(decoder.decode());
  parser.feed('\n\n');
  return out;
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

/** The bytes each provider sent, framed as shared/fixtures/README.md says. */
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

describe('the SSE parser on every recorded provider stream', () => {
  it('finds the recordings', () => {
    expect(all.length).toBeGreaterThanOrEqual(19);
  });

  for (const { name, lines, body } of all) {
    describe(name, () => {
      for (const [ending, reframe] of Object.entries(endings)) {
        const bytes = encoder.encode(reframe(body));

        it(`reads every event's data, fed whole (${ending} line ends)`, () => {
          const ours = parseOurs([bytes]);
          expect(ours.map((message) => message.data)).toEqual(lines);
          expect(ours).toEqual(parseReference([bytes]));
        });

        it(`matches eventsource-parser when every byte arrives alone (${ending})`, () => {
          const pieces = oneBytePieces(bytes);
          const ours = parseOurs(pieces);
          expect(ours.map((message) => message.data)).toEqual(lines);
          expect(ours).toEqual(parseReference(pieces));
        });

        it(`matches eventsource-parser cut once at each position (${ending})`, () => {
          // Every position of short recordings; the long ones (70-290 KB, whose every position the
          // one-byte test above covers) at their first and last 40 bytes and 40 random places.
          const random = prng(bytes.length);
          const positions =
            bytes.length <= 12_000
              ? Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)
              : [
                  ...Array.from({ length: 40 }, (_, i) => i + 1),
                  ...Array.from({ length: 40 }, (_, i) => bytes.length - 1 - i),
                  ...randomCuts(random, bytes.length, 40),
                ];
          let mismatches = 0;
          const whole = parseReference([bytes]);
          for (const position of positions) {
            const pieces = cut(bytes, [position]);
            const ours = parseOurs(pieces);
            if (JSON.stringify(ours) !== JSON.stringify(parseReference(pieces))) mismatches++;
            if (ours.length !== whole.length) mismatches++;
          }
          expect(mismatches).toBe(0);
        });

        it(`matches eventsource-parser cut at random places (${ending})`, () => {
          const random = prng(bytes.length * 7 + ending.length);
          for (let round = 0; round < 20; round++) {
            const pieces = cut(bytes, randomCuts(random, bytes.length, 1 + Math.floor(random() * 200)));
            expect(parseOurs(pieces)).toEqual(parseReference(pieces));
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

describe('the SSE parser on seeded random streams', () => {
  it('reports the same messages as eventsource-parser for 3,000 streams cut at random', () => {
    let events = 0;
    for (let seed = 1; seed <= 3_000; seed++) {
      const random = prng(seed);
      const { text, bom } = randomStream(random);
      const bytes = encoder.encode(bom ? `\uFEFF${text}` : text);
      const at =
        random() < 0.2
          ? Array.from({ length: Math.max(0, bytes.length - 1) }, (_, i) => i + 1)
          : randomCuts(random, bytes.length, Math.floor(random() * 12));
      const pieces = cut(bytes, at);
      // The reference gets the BOM stripped by its decoder; ours sees it and must drop it itself.
      const expected = parseReference(pieces);
      const ours = parseOurs(pieces, { keepBOM: true });
      if (JSON.stringify(ours) !== JSON.stringify(expected)) {
        expect({ seed, text: JSON.stringify(text), bom, at, ours }).toEqual({
          seed,
          text: JSON.stringify(text),
          bom,
          at,
          ours: expected,
        });
      }
      events += ours.length;
    }
    // The streams really carry events, not only noise.
    expect(events).toBeGreaterThan(5_000);
  });
});

describe('the SSE parser, by rule', () => {
  const parse = (...slices: string[]) => {
    const out: Message[] = [];
    const parser = createSseParser((message) => out.push(plain(message)));
    for (const slice of slices) parser.feed(slice);
    return { out, parser };
  };

  it('drops a leading byte-order mark, and only a leading one', () => {
    expect(parse('\uFEFFdata: a\n\n', '\uFEFFdata: b\n\n').out.map((m) => m.data)).toEqual(['a']);
  });

  it('takes a CR at the end of one slice and a LF at the start of the next as one line end', () => {
    const { out } = parse('data: a\r', '\ndata: b\r', '\n\r', '\n');
    expect(out).toEqual([{ event: undefined, data: 'a\nb', id: undefined }]);
  });

  it('delivers an event as soon as its blank line arrives, before the next slice', () => {
    const { out } = parse('data: a\r\r');
    expect(out.map((m) => m.data)).toEqual(['a']);
  });

  it('joins data lines with \\n, drops one space after the colon and skips comments', () => {
    const { out } = parse(
      ': OPENROUTER PROCESSING\n\nevent: delta\nid: 7\ndata:  two\ndata\n: note\ndata:x\n\n',
    );
    expect(out).toEqual([{ event: 'delta', data: ' two\n\nx', id: '7' }]);
  });

  it('dispatches nothing for a blank line after an event without data', () => {
    expect(parse('event: ping\n\n: keep-alive\n\nretry: 100\n\n').out).toEqual([]);
  });

  it('delivers a last event that has no closing blank line when the body ends', () => {
    const { out, parser } = parse('data: {"done":true}');
    expect(out).toEqual([]);
    parser.end();
    expect(out.map((m) => m.data)).toEqual(['{"done":true}']);
  });

  it('joins a line that spans many slices', () => {
    const payload = 'x'.repeat(50_000);
    const slices = ['data: ', ...payload.match(/.{1,7}/g)!, '\n', '\n'];
    expect(parse(...slices).out.map((m) => m.data)).toEqual([payload]);
  });
});
