/**
 * The loopback fake provider server: node:http on 127.0.0.1, one path prefix per wire. It records
 * every request and socket, and carries out the steps {@link decide} plans.
 */
import type { Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { completeRecord, decide, type FakeStep, recordOf, type WireBase } from './respond.js';
import {
  FAKE_WIRES,
  type FakeProviderOptions,
  type FakeScript,
  type FakeWire,
  type RecordedRequest,
  WIRES,
} from './script.js';

/** Options of {@link startFakeProviderServer}: the fake provider's options plus where it listens. */
export interface FakeProviderServerOptions extends FakeProviderOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Host; default 127.0.0.1 (loopback only). */
  host?: string;
  /** A stall ends (the socket is destroyed) after this long, so no test hangs forever. Default 30 000 ms. */
  maxStallMs?: number;
  /**
   * Keep the process alive while the server listens (the CLI does). Default false: a test that
   * forgets `close()` cannot hold its worker open.
   */
  keepProcessAlive?: boolean;
  /** The script used when the queue is empty (default: a short scripted answer). */
  defaultScript?: FakeScript;
  /** Called for each request once recorded (the CLI logs with it). */
  onRequest?: (request: RecordedRequest) => void;
}

/** Socket bookkeeping, for abort tests. */
export interface FakeConnections {
  opened: number;
  closed: number;
  /** Sockets open right now. */
  readonly open: number;
}

/**
 * A running fake provider.
 *
 * @example
 * ```ts
 * const server = await startFakeProviderServer({ validKeys: ['sk-test'] });
 * server.enqueue({ text: 'Hello there' });
 * const provider = openai({ apiKey: 'sk-test', baseURL: server.baseURL('openai') });
 * const result = await provider.model('gpt-4.1-nano').generate({ messages: [{ role: 'user', content: 'Hi' }] });
 * await server.close();
 * ```
 */
export interface FakeProviderServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** What to pass as a provider's `baseURL` for this wire. */
  baseURL(wire: FakeWire): string;
  /** Queues the next responses (FIFO, whatever the route). When empty, a default scripted answer. */
  enqueue(...scripts: FakeScript[]): void;
  /** Scripts not yet used. */
  readonly pending: number;
  /** Every request, in arrival order (CORS preflights and rejected ones included). */
  readonly requests: RecordedRequest[];
  readonly connections: FakeConnections;
  /**
   * Resolves when the socket that carried request `index` (default: the latest) has closed; rejects
   * after `timeoutMs` (default 5 000).
   */
  waitForClose(options?: { index?: number; timeoutMs?: number }): Promise<void>;
  /** Clears recorded requests and queued scripts. */
  reset(): void;
  /** Stops listening and destroys every open socket. */
  close(): Promise<void>;
}

/**
 * Starts the fake provider server on 127.0.0.1 (a random port unless `port` is given).
 *
 * @example
 * ```ts
 * const server = await startFakeProviderServer();
 * server.enqueue({ fixture: 'anthropic/anthropic-text' });
 * const res = await fetch(`${server.baseURL('anthropic')}/messages`, { method: 'POST', headers: {
 *   'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' }, body: JSON.stringify({ stream: true }) });
 * ```
 */
export async function startFakeProviderServer(
  options: FakeProviderServerOptions = {},
): Promise<FakeProviderServer> {
  const { createServer } = await import('node:http');
  const host = options.host ?? '127.0.0.1';
  const maxStallMs = options.maxStallMs ?? 30_000;
  const queue: FakeScript[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const socketOf: Socket[] = []; // request index -> socket
  const closedSockets = new WeakSet<Socket>();
  const closeWaiters = new Map<Socket, (() => void)[]>();
  const connections = {
    opened: 0,
    closed: 0,
    get open() {
      return sockets.size;
    },
  };
  let bases: WireBase[] = [];

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const bodyText = Buffer.concat(chunks).toString('utf8');
        const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
          if (value !== undefined)
            headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        const input = { method: req.method ?? 'GET', url, headers, bodyText };
        const record = recordOf(input);
        const index = requests.push(record) - 1;
        socketOf[index] = req.socket;
        if (url.pathname === '/' && req.method === 'GET') {
          record.status = 200;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ fakeProviderServer: true, baseURLs: baseURLs() }));
          return;
        }
        let decision: Awaited<ReturnType<typeof decide>>;
        try {
          decision = await decide(
            { method: record.method, url, headers, bodyText },
            bases,
            () => queue.shift() ?? options.defaultScript,
            options,
          );
        } catch (error) {
          record.status = 500;
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: { message: `fake provider: ${error instanceof Error ? error.message : String(error)}` },
            }),
          );
          return;
        }
        completeRecord(record, decision);
        options.onRequest?.(record);
        res.writeHead(decision.reply.status, decision.reply.headers);
        await play(res, req.socket, decision.reply.steps);
      })();
    });
  });

  async function play(res: ServerResponse, socket: Socket, steps: FakeStep[]): Promise<void> {
    if (steps.length === 0) {
      res.end();
      return;
    }
    res.flushHeaders();
    for (const step of steps) {
      if ('delayMs' in step && step.delayMs) await delay(step.delayMs);
      if (res.destroyed || closedSockets.has(socket)) return;
      if (step.kind === 'write') {
        // Wait for the bytes to reach the socket, so a cut that follows never swallows them.
        await new Promise<void>((resolve) => res.write(step.text, () => resolve()));
      } else if (step.kind === 'cut') {
        await new Promise((resolve) => setTimeout(resolve, 10));
        socket.destroy();
        return;
      } else {
        // A stall: keep the socket, send nothing. Bounded so a forgotten test cannot hang.
        const timer = setTimeout(() => socket.destroy(), maxStallMs);
        timer.unref();
        socket.once('close', () => clearTimeout(timer));
        return;
      }
    }
    res.end();
  }

  server.on('connection', (socket: Socket) => {
    if (!options.keepProcessAlive) socket.unref();
    connections.opened++;
    sockets.add(socket);
    socket.on('close', () => {
      connections.closed++;
      sockets.delete(socket);
      closedSockets.add(socket);
      for (const resolve of closeWaiters.get(socket) ?? []) resolve();
      closeWaiters.delete(socket);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (!options.keepProcessAlive) server.unref();
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('fake provider server: no address');
  const url = `http://${host}:${address.port}`;
  const baseURL = (wire: FakeWire) => `${url}${WIRES[wire].prefix}`;
  const baseURLs = () => Object.fromEntries(FAKE_WIRES.map((wire) => [wire, baseURL(wire)]));
  // `openai-responses` shares the `openai` prefix; the `/responses` path picks the wire.
  bases = FAKE_WIRES.filter((wire) => wire !== 'openai-responses').map((wire) => ({
    wire,
    base: new URL(baseURL(wire)),
  }));

  return {
    url,
    baseURL,
    enqueue: (...scripts) => {
      queue.push(...scripts);
    },
    get pending() {
      return queue.length;
    },
    requests,
    connections,
    waitForClose({ index, timeoutMs = 5_000 } = {}) {
      const socket = socketOf[index ?? requests.length - 1];
      if (!socket) return Promise.reject(new Error('fake provider server: no such request'));
      if (closedSockets.has(socket) || socket.destroyed) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`fake provider server: the connection stayed open for ${timeoutMs} ms`)),
          timeoutMs,
        );
        const list = closeWaiters.get(socket) ?? [];
        list.push(() => {
          clearTimeout(timer);
          resolve();
        });
        closeWaiters.set(socket, list);
      });
    },
    reset() {
      requests.length = 0;
      socketOf.length = 0;
      queue.length = 0;
    },
    close() {
      return new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    },
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
