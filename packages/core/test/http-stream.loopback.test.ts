/**
 * The streaming machine over a real socket: Node's fetch (undici) against a loopback HTTP server,
 * to prove that abort really closes the connection and a cut connection keeps the partial text.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runHttpStream, type StreamEvent } from '@trialogue/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, DONE, delta, errorOf, fakeSpec, hello, stop, terminalOf } from './support/fake-fetch.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let base: string;
const routes = new Map<string, Handler>();
/** Per path: how many requests came, and a promise per request that resolves when its socket closed. */
const seen = new Map<string, { count: number; closed: Promise<void>[] }>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    const entry = seen.get(path) ?? { count: 0, closed: [] };
    entry.count++;
    entry.closed.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
    seen.set(path, entry);
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const sseHead = (res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req_loop' });
const stream = (path: string, extra: Parameters<typeof hello>[0] = {}) =>
  runHttpStream(
    fakeSpec(globalThis.fetch, {
      prepare: () => ({ url: `${base}${path}`, init: { method: 'POST', body: '{}' } }),
    }),
    hello(extra),
  );
/** Resolves with true when `promise` settles within `ms` (generous: other work shares the machine). */
const within = (promise: Promise<unknown>, ms = 10_000) =>
  Promise.race([promise.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), ms))]);

describe('over a real loopback socket', { timeout: 20_000 }, () => {
  it('streams an answer to the finish', async () => {
    routes.set('/ok', (_req, res) => {
      sseHead(res);
      res.write(delta('Hello'));
      res.write(delta(' loopback'));
      res.end(stop + DONE);
    });
    const events = await collect(stream('/ok'));
    expect(events[0]).toMatchObject({ type: 'start', requestId: 'req_loop' });
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'Hello loopback' });
  });

  it('abort mid-stream closes the socket (the server sees close) and ends with aborted + partial text', async () => {
    routes.set('/slow', (_req, res) => {
      sseHead(res);
      res.write(delta('Partial '));
      res.write(delta('answer'));
      // ...and then nothing: the model "thinks" forever.
    });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    let text = '';
    for await (const event of stream('/slow', { signal: controller.signal })) {
      events.push(event);
      // The two writes may arrive in one read (one merged delta) or two.
      if (event.type !== 'text-delta') continue;
      text += event.text;
      if (text === 'Partial answer') controller.abort();
    }
    expect(errorOf(events)).toMatchObject({
      text: 'Partial answer',
      error: { kind: 'aborted', phase: 'stream' },
    });
    expect(await within(seen.get('/slow')!.closed[0]!)).toBe(true);
  });

  it('a consumer that stops iterating closes the socket too', async () => {
    routes.set('/endless', (_req, res) => {
      sseHead(res);
      res.write(delta('first'));
    });
    for await (const event of stream('/endless')) if (event.type === 'text-delta') break;
    expect(await within(seen.get('/endless')!.closed[0]!)).toBe(true);
  });

  it('a connection cut mid-body ends with a network error carrying the partial text, without a retry', async () => {
    routes.set('/cut', (req, res) => {
      sseHead(res);
      res.write(delta('Cut '));
      res.write(delta('short'), () => setTimeout(() => req.socket.destroy(), 20));
    });
    const events = await collect(stream('/cut'));
    const error = errorOf(events);
    expect(error.error).toMatchObject({
      kind: 'network',
      phase: 'stream',
      retryable: false,
      requestId: 'req_loop',
    });
    expect(error.text).toBe('Cut short');
    expect(seen.get('/cut')!.count).toBe(1);
  });

  it('retries a 429 with retry-after-ms on the wire, then streams', async () => {
    let calls = 0;
    routes.set('/busy', (_req, res) => {
      if (calls++ === 0) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after-ms': '30' });
        res.end(JSON.stringify({ error: { message: 'Rate limit reached.', code: 'rate_limit_exceeded' } }));
        return;
      }
      sseHead(res);
      res.end(delta('second try') + stop + DONE);
    });
    const events = await collect(stream('/busy'));
    expect(events.map((e) => e.type)).toEqual(['retry', 'start', 'text-delta', 'finish']);
    expect(events[0]).toMatchObject({ type: 'retry', attempt: 2, delayMs: 30 });
    expect(seen.get('/busy')!.count).toBe(2);
  });

  it('a server that never sends headers hits the first-byte timeout and its socket is closed', async () => {
    routes.set('/silent', () => {});
    const events = await collect(stream('/silent', { timeouts: { firstByteMs: 200 } }));
    expect(errorOf(events).error).toMatchObject({ kind: 'timeout', code: 'first-byte-timeout' });
    expect(await within(seen.get('/silent')!.closed[0]!)).toBe(true);
  });

  it('a refused connection is a network error, retried, then reported', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const events = await collect(
      runHttpStream(
        fakeSpec(globalThis.fetch, { prepare: () => ({ url: `http://127.0.0.1:${port}/`, init: {} }) }),
        hello({ retry: { maxRetries: 1, initialDelayMs: 10, maxDelayMs: 10 } }),
      ),
    );
    expect(events.map((e) => e.type)).toEqual(['retry', 'error']);
    expect(errorOf(events).error.message).toMatch(
      /^Could not reach fake: fetch failed \(connect ECONNREFUSED/,
    );
  });
});
