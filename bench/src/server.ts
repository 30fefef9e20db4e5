/**
 * The loopback SSE server the benchmark streams from, run in its own process (so on a 2-core
 * machine the server and the client under test do not share an event loop).
 *
 * Three back ends:
 * - `shared`: `startFakeProviderServer` from `@trialogue/providers/testing` (the project's fake
 *   provider server), scripted with a `tokens`-word answer and no delay (one `res.write()` per event);
 * - `local`: a minimal HTTP/1.1 server in this file that answers every route with a pre-rendered
 *   response (see wires.ts; one HTTP chunk per event) in one write, so the server costs nothing per token;
 * - `slices`: the same pre-rendered body written in 64 KiB slices (one HTTP chunk and one socket
 *   write each, the next after the last was handed to the kernel), as a server that flushes a
 *   buffer at a time does: the client reads about 64 KiB at a time, whatever the events.
 *
 * Protocol with the parent (IPC): the child sends `{ url, backend }` when listening; the parent sends
 * `{ id, tokens, requests }` before each measured run and waits for `{ id }`.
 */
import { createServer as createNetServer } from 'node:net';
import { answerText, type Wire, wireEvents, wireOfPath } from './wires.js';

interface Prepare {
  id: number;
  tokens: number;
  requests: number;
}

type Backend = { url: string; prepare(message: Prepare): void };

/**
 * A minimal HTTP/1.1 server over `node:net` that answers with a pre-rendered response: status line,
 * headers and a chunked body with one HTTP chunk per server-sent event (as real providers flush),
 * written in one `socket.write`. The server spends no CPU per token, so the raw-fetch row measures
 * what it costs the client to receive the bytes, nothing else.
 */
async function localBackend(slices: boolean): Promise<Backend> {
  let tokens = 20;
  const responses = new Map<string, Buffer[]>();
  const head =
    'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n' +
    'x-request-id: req_bench\r\nrequest-id: req_bench\r\nconnection: keep-alive\r\ntransfer-encoding: chunked\r\n\r\n';
  const httpChunk = (bytes: Buffer) =>
    Buffer.concat([Buffer.from(`${bytes.byteLength.toString(16)}\r\n`), bytes, Buffer.from('\r\n')]);
  /** The response as the writes that send it: one, or one per 64 KiB slice of the body. */
  const response = (wire: Wire): Buffer[] => {
    const key = `${wire}:${tokens}`;
    let writes = responses.get(key);
    if (!writes) {
      const events = wireEvents(wire, tokens);
      if (slices) {
        const body = Buffer.from(events.join(''));
        writes = [];
        for (let at = 0; at < body.byteLength; at += SLICE)
          writes.push(httpChunk(body.subarray(at, at + SLICE)));
        writes[0] = Buffer.concat([Buffer.from(head), writes[0]!]);
        writes.push(Buffer.from('0\r\n\r\n'));
      } else {
        const chunks = events.map((event) => `${Buffer.byteLength(event).toString(16)}\r\n${event}\r\n`);
        writes = [Buffer.from(`${head}${chunks.join('')}0\r\n\r\n`)];
      }
      responses.set(key, writes);
    }
    return writes;
  };
  const notFound = Buffer.from(
    'HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}',
  );
  const server = createNetServer((socket) => {
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    socket.on('data', (data) => {
      pending = pending.length ? Buffer.concat([pending, data]) : data;
      // Answer every complete request in the buffer (headers + content-length body).
      for (;;) {
        const headerEnd = pending.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const head = pending.subarray(0, headerEnd).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headerEnd + 4 + length) return;
        pending = pending.subarray(headerEnd + 4 + length);
        const path = head.slice(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
        const wire = wireOfPath(path);
        const writes = wire ? response(wire) : [notFound];
        // Each slice goes out once the one before it was handed to the kernel.
        const send = (index: number) => {
          if (index < writes.length && !socket.destroyed) socket.write(writes[index]!, () => send(index + 1));
        };
        send(0);
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    prepare(message) {
      tokens = message.tokens;
    },
  };
}

async function sharedBackend(): Promise<Backend> {
  const testing = (await import('@trialogue/providers/testing')) as {
    startFakeProviderServer(options?: object): Promise<{ url: string; enqueue(...scripts: object[]): void }>;
  };
  const server = await testing.startFakeProviderServer();
  const texts = new Map<number, string>();
  return {
    url: server.url,
    prepare({ tokens, requests }) {
      let text = texts.get(tokens);
      if (text === undefined) {
        text = answerText(tokens);
        texts.set(tokens, text);
      }
      for (let i = 0; i < requests; i++) server.enqueue({ text, usage: { input: 16, output: tokens } });
    },
  };
}

/** The slice size of the `slices` back end. */
const SLICE = 64 * 1024;

const wanted = (['shared', 'slices'] as const).find((name) => name === process.argv[2]) ?? 'local';
const backend = wanted === 'shared' ? await sharedBackend() : await localBackend(wanted === 'slices');
process.on('message', (message: Prepare) => {
  backend.prepare(message);
  process.send!({ id: message.id });
});
process.on('disconnect', () => process.exit(0));
process.send!({ url: backend.url, backend: wanted });
