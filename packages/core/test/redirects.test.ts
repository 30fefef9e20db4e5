/**
 * A request that carries a key never follows a redirect to another origin: a loopback server
 * answers 302 or 307 pointing at a second loopback origin, which must never see a request (so
 * never `x-api-key`, `x-goog-api-key`, `Authorization` or a caller's own key header). Redirects
 * within the origin are followed, a bounded number of times. Streams and `requestJson` alike.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestJson, runHttpStream, TrialogueError } from '@trialogue/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS } from '../src/http/redirects.js';
import { CANARY, collect, DONE, delta, fakeSpec, hello, stop, terminalOf } from './support/fake-fetch.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

async function loopback(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, seen };
}

let origin: Awaited<ReturnType<typeof loopback>>;
let elsewhere: Awaited<ReturnType<typeof loopback>>;

beforeAll(async () => {
  // The second origin answers like a provider would, so a followed redirect would succeed there.
  elsewhere = await loopback((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(delta('stolen') + stop + DONE);
  });
  origin = await loopback((req, res) => {
    const path = req.url ?? '/';
    const status = Number(/^\/(\d{3})/.exec(path)?.[1] ?? 0);
    if (path.startsWith('/same/')) {
      res.writeHead(307, { location: '/ok' }).end();
    } else if (path.startsWith('/see-other')) {
      res.writeHead(303, { location: '/models' }).end();
    } else if (path.startsWith('/loop')) {
      res.writeHead(307, { location: '/loop' }).end();
    } else if (status >= 300) {
      res.writeHead(status, { location: `${elsewhere.url}/v1/chat/completions` }).end('moved');
    } else if (path === '/models') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[{"id":"m"}]}');
    } else {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(delta('Hello') + stop + DONE);
    }
  });
});

afterAll(async () => {
  for (const { server } of [origin, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeEach(() => {
  origin.seen.length = 0;
  elsewhere.seen.length = 0;
});

/** Every header a provider or a caller may carry a key in. */
const keyHeaders = {
  'content-type': 'application/json',
  'x-api-key': CANARY,
  'x-goog-api-key': CANARY,
  authorization: `Bearer ${CANARY}`,
  'x-proxy-token': CANARY,
};

const streamTo = (path: string, extra: Parameters<typeof hello>[0] = {}) =>
  runHttpStream(
    fakeSpec(globalThis.fetch, {
      prepare: () => ({
        url: `${origin.url}${path}`,
        init: { method: 'POST', headers: keyHeaders, body: '{"stream":true}' },
      }),
    }),
    hello({ retry: { maxRetries: 2, initialDelayMs: 1 }, ...extra }),
  );

describe('a redirect to another origin', { timeout: 20_000 }, () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`is refused on a stream (${status}): the other origin sees nothing, and nothing is retried`, async () => {
      const events = await collect(streamTo(`/${status}/v1/chat/completions`));
      const terminal = terminalOf(events);
      expect(terminal.type).toBe('error');
      if (terminal.type !== 'error') return;
      expect(terminal.error).toBeInstanceOf(TrialogueError);
      expect(terminal.error).toMatchObject({
        kind: 'provider',
        code: 'cross-origin-redirect',
        status,
        retryable: false,
      });
      expect(terminal.error.message).toContain(elsewhere.url);
      expect(terminal.error.message).toMatch(/keys never leave http:\/\/127\.0\.0\.1/);
      expect(JSON.stringify(events)).not.toContain(CANARY);
      expect(events.some((event) => event.type === 'retry')).toBe(false);
      expect(elsewhere.seen).toEqual([]);
      expect(origin.seen).toHaveLength(1);
    });
  }

  for (const status of [302, 307]) {
    it(`is refused by requestJson (${status}), as used by validateKey and listModels`, async () => {
      const failure = requestJson({
        provider: 'fake',
        url: `${origin.url}/${status}/v1/models`,
        init: { headers: keyHeaders },
      });
      await expect(failure).rejects.toMatchObject({
        kind: 'provider',
        code: 'cross-origin-redirect',
        status,
      });
      expect(elsewhere.seen).toEqual([]);
    });
  }
});

describe('a redirect within the origin', { timeout: 20_000 }, () => {
  it('is followed on a stream, a 307 keeping the method, body and headers', async () => {
    const events = await collect(streamTo('/same/v1/chat/completions'));
    expect(terminalOf(events)).toMatchObject({ type: 'finish', text: 'Hello' });
    expect(origin.seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /same/v1/chat/completions',
      'POST /ok',
    ]);
    expect(origin.seen[1]!.body).toBe('{"stream":true}');
    expect(origin.seen[1]!.headers['x-api-key']).toBe(CANARY);
  });

  it('continues a 303 as a GET without a body, as fetch would', async () => {
    const list = await requestJson({
      provider: 'fake',
      url: `${origin.url}/see-other`,
      init: { method: 'POST', headers: keyHeaders, body: '{}' },
    });
    expect(list).toEqual({ data: [{ id: 'm' }] });
    expect(origin.seen.map(({ method, path }) => `${method} ${path}`)).toEqual([
      'POST /see-other',
      'GET /models',
    ]);
  });

  it(`stops after ${MAX_REDIRECTS} redirects with a clear error`, async () => {
    const events = await collect(streamTo('/loop'));
    expect(terminalOf(events)).toMatchObject({
      type: 'error',
      error: { kind: 'provider', code: 'too-many-redirects', retryable: false },
    });
    expect(origin.seen).toHaveLength(MAX_REDIRECTS + 1);
  });
});

describe('a browser, which hides where a redirect points', () => {
  it('refuses the opaque redirect with a clear error instead of reading it as an answer', async () => {
    const calls: RequestInit[] = [];
    // What a browser's fetch returns for `redirect: 'manual'` when the server redirects.
    const opaque = (async (_url: string, init: RequestInit) => {
      calls.push(init);
      const response = new Response(null, { status: 200 });
      Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(response, 'status', { value: 0 });
      Object.defineProperty(response, 'ok', { value: false });
      return response;
    }) as typeof fetch;
    const events = await collect(runHttpStream(fakeSpec(opaque), hello()));
    expect(calls[0]!.redirect).toBe('manual');
    expect(terminalOf(events)).toMatchObject({
      type: 'error',
      error: { kind: 'provider', code: 'redirect-not-followed', retryable: false },
    });
    await expect(
      requestJson({ provider: 'fake', url: 'https://api.fake.test/v1/models', fetch: opaque }),
    ).rejects.toMatchObject({ code: 'redirect-not-followed' });
  });
});
