/**
 * The loopback SSE server the benchmark streams from, run in its own process (so on a 2-core
 * machine the server and the client under test do not share an event loop).
 *
 * Two back ends:
 * - `shared`: `startFakeProviderServer` from `@trialogue/providers/testing` (the project's fake
 *   provider server), scripted with a `tokens`-word answer and no delay;
 * - `local`: a minimal HTTP/1.1 server in this file that answers every route with a pre-rendered
 *   response (see wires.ts; one HTTP chunk per event) in one write, so the server costs nothing per token.
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
async function localBackend(): Promise<Backend> {
  let tokens = 20;
  const responses = new Map<string, Buffer>();
  const response = (wire: Wire) => {
    const key = `${wire}:${tokens}`;
    let buffer = responses.get(key);
    if (!buffer) {
      const head =
        'HTTP/1.1 200 OK\r\ncontent-type: text/event-stream; charset=utf-8\r\ncache-control: no-cache\r\n' +
        'x-request-id: req_bench\r\nrequest-id: req_bench\r\nconnection: keep-alive\r\ntransfer-encoding: chunked\r\n\r\n';
      const chunks = wireEvents(wire, tokens).map(
        (event) => `${Buffer.byteLength(event).toString(16)}\r\n${event}\r\n`,
      );
      buffer = Buffer.from(`${head}${chunks.join('')}0\r\n\r\n`);
      responses.set(key, buffer);
    }
    return buffer;
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
        socket.write(wire ? response(wire) : notFound);
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

const wanted = process.argv[2] === 'shared' ? 'shared' : 'local';
const backend = wanted === 'shared' ? await sharedBackend() : await localBackend();
process.on('message', (message: Prepare) => {
  backend.prepare(message);
  process.send!({ id: message.id });
});
process.on('disconnect', () => process.exit(0));
process.send!({ url: backend.url, backend: wanted });
