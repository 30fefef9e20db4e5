/**
 * A server that sends one endless line (no LF or CR) must not grow memory until the process dies:
 * past MAX_SSE_LINE_BYTES the stream fails with a typed `parse` error, keeps the text so far and
 * releases the connection.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MAX_SSE_LINE_BYTES, runHttpStream } from '@trialogue/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, DONE, delta, errorOf, fakeSpec, hello, stop, terminalOf } from './support/fake-fetch.js';

const KIB = 1024;
const encoder = new TextEncoder();
const sseHeaders = { 'content-type': 'text/event-stream' };

/** A body pulled chunk by chunk (as a socket is read): `chunks(i)` gives the i-th, or null to end. */
function pulledBody(chunks: (index: number) => Uint8Array | null) {
  const seen = { bytes: 0, pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const chunk = chunks(seen.pulls++);
        if (!chunk) return controller.close();
        seen.bytes += chunk.length;
        controller.enqueue(chunk);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const streamOver = (body: ReadableStream<Uint8Array>) =>
  runHttpStream(
    fakeSpec(async () => new Response(body, { headers: sseHeaders })),
    hello({ retry: { maxRetries: 0 } }),
  );

describe('a stream line without an end', () => {
  it('a line that does not end fails with a parse error after about 1 MiB, keeps the partial text and cancels the body', async () => {
    const slice = encoder.encode('a'.repeat(64 * KIB));
    const head = encoder.encode(`${delta('Partial answer')}data: {"choices":[{"delta":{"content":"`);
    // 8 MiB on one line before the body would end (the test stays finite without the cap too).
    const { stream, seen } = pulledBody((i) => (i === 0 ? head : i <= 128 ? slice : null));
    const events = await collect(streamOver(stream));
    expect(errorOf(events)).toMatchObject({
      text: 'Partial answer',
      error: { kind: 'parse', code: 'line-too-long', phase: 'stream', retryable: false },
    });
    expect(errorOf(events).error.message).toBe(
      'fake sent a stream line over 1 MiB long; the stream was stopped to bound memory.',
    );
    // Bounded: what was read (and so could be buffered) is the cap and at most one more slice.
    expect(seen.bytes).toBeGreaterThan(MAX_SSE_LINE_BYTES);
    expect(seen.bytes).toBeLessThanOrEqual(MAX_SSE_LINE_BYTES + head.length + slice.length);
    expect(seen.cancelled).toBe(true);
  });

  it('long lines under the cap and more than 1 MiB of ended lines (LF, CRLF or CR) stream as usual', async () => {
    const long = 'x'.repeat(900 * KIB);
    const small = Array.from({ length: 3000 }, (_, i) => delta(`token ${i} ${'y'.repeat(400)} `)).join('');
    for (const end of ['\n', '\r\n', '\r']) {
      const text = (delta(long) + small + stop + DONE).replace(/\n/g, end);
      const bytes = encoder.encode(text);
      expect(bytes.length).toBeGreaterThan(2 * MAX_SSE_LINE_BYTES);
      // Sliced at 100 KiB: the long line spans many reads without a line end.
      const { stream } = pulledBody((i) =>
        i * 100 * KIB < bytes.length ? bytes.subarray(i * 100 * KIB, (i + 1) * 100 * KIB) : null,
      );
      const finish = terminalOf(await collect(streamOver(stream)));
      expect(finish.type).toBe('finish');
      expect(finish.type === 'finish' && finish.text.startsWith(long)).toBe(true);
    }
  });
});

describe('over a loopback socket', { timeout: 20_000 }, () => {
  let server: Server;
  let base: string;
  let closed: Promise<void>;
  let written = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      closed = new Promise((resolve) => req.socket.once('close', () => resolve()));
      res.writeHead(200, sseHeaders);
      res.write(`${delta('Kept ')}${delta('text')}data: `);
      // 2 MiB on one line, then nothing: no newline, no end.
      const slice = 'z'.repeat(64 * KIB);
      const more = () => {
        while (written < 2 * 1024 * KIB) {
          written += slice.length;
          if (!res.write(slice)) return void res.once('drain', more);
        }
      };
      res.on('close', () => res.off('drain', more));
      more();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('a 2 MiB line without a newline ends with the parse error, the partial text, and a closed socket', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const events = await collect(
      runHttpStream(
        fakeSpec(globalThis.fetch, {
          prepare: () => ({ url: `${base}/line`, init: { method: 'POST', body: '{}' } }),
        }),
        hello(),
      ),
    );
    expect(errorOf(events)).toMatchObject({
      text: 'Kept text',
      error: { kind: 'parse', code: 'line-too-long', provider: 'fake' },
    });
    const released = await Promise.race([
      closed.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 10_000)),
    ]);
    expect(released).toBe(true);
    // Loose, as the heap is shared with the test runner: far below what 2 MiB of text held twice
    // (bytes and UTF-16 string) plus a growing parser buffer would leave.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * KIB);
  });
});
