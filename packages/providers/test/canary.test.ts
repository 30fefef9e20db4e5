/**
 * A canary key goes to the fake server in its provider's auth header and nowhere else: never in a
 * URL, a request body, another header, an event, an error (message, stack, JSON, inspect), or the
 * console, whatever the server answers, even when the server echoes the key back.
 */
import { inspect } from 'node:util';
import {
  type FakeProviderServer,
  type FakeScript,
  type FakeWire,
  fakeError,
  startFakeProviderServer,
  WIRES,
} from '@trialogue/providers/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CANARIES, CANARY, fixturesDir } from './support/server-helpers.js';
import { eventsOf, quickRequest, terminal, WIRES_UNDER_TEST } from './support/server-providers.js';

let server: FakeProviderServer;
const logged: string[] = [];
beforeAll(async () => {
  server = await startFakeProviderServer({ fixturesDir });
});
afterAll(() => server.close());
beforeEach(() => {
  logged.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => inspect(a, { depth: 10 })).join(' '));
    });
  }
});
afterEach(() => {
  vi.restoreAllMocks();
  server.reset();
});

/** Where the key is allowed to be: its one auth header. */
const authHeader: Record<FakeWire, string> = {
  openai: 'authorization',
  'openai-responses': 'authorization',
  anthropic: 'x-api-key',
  google: 'x-goog-api-key',
  groq: 'authorization',
  'openai-compatible': 'authorization',
  openrouter: 'authorization',
  ollama: 'authorization',
};

function assertNoLeak(wire: FakeWire, key: string, seen: unknown[]) {
  const fragments = [key, CANARY, 'CANARY0123456789abcdef'.slice(0, 14)];
  for (const value of seen) {
    const text =
      typeof value === 'string' ? value : `${inspect(value, { depth: 12 })}\n${JSON.stringify(value)}`;
    for (const fragment of fragments) expect(text).not.toContain(fragment);
  }
  for (const line of logged) expect(line).not.toContain(key);
  for (const request of server.requests) {
    expect(request.url).not.toContain(key);
    expect(request.url).not.toMatch(/CANARY/i);
    expect(request.bodyText).not.toContain(key);
    for (const [name, value] of Object.entries(request.headers)) {
      if (name !== authHeader[wire]) expect(value, `header ${name}`).not.toContain(key);
    }
  }
}

/** Server answers that tempt a leak, including servers that echo the key back. */
function faults(wire: FakeWire, key: string): [string, FakeScript][] {
  const echo = `Incorrect API key provided: ${key}. You can find your API key at https://platform.example/keys.`;
  const echoEvent =
    wire === 'anthropic'
      ? { type: 'error', error: { type: 'api_error', message: echo } }
      : wire === 'openai-responses'
        ? { type: 'error', error: { type: 'server_error', code: 'server_error', message: echo } }
        : { error: { message: echo, type: 'server_error', code: 500 } };
  return [
    ['a success', { text: 'all good' }],
    ['a 401 in the provider shape', fakeError(wire, 'auth', { key })],
    [
      'a 401 that echoes the key',
      { status: 401, body: { error: { message: echo, type: 'invalid_request_error' } } },
    ],
    ['a 400 with the key in plain text', { status: 400, body: `bad key ${key}` }],
    ['a 429 with retry-after', fakeError(wire, 'rate-limit')],
    ['a 500', fakeError(wire, 'server')],
    [
      'an error event that echoes the key',
      { text: 'one two three', errorEventAfter: 2, errorEvent: echoEvent },
    ],
    ['a cut mid-stream', { text: 'one two three', cutAfter: 2 }],
    ['a malformed line', { text: 'one two three', malformedAfter: 2 }],
  ];
}

describe.each(WIRES_UNDER_TEST)('$wire', ({ wire, model, provider }) => {
  const key = CANARIES[wire];

  it.each(faults(wire, key))('never leaks the key after %s', async (_name, script) => {
    // Keep the same script for every retry, so retries see the same answer.
    server.enqueue(script, script, script);
    const events = await eventsOf(
      model(server, key).stream(
        quickRequest({ retry: { maxRetries: 1, initialDelayMs: 1 }, timeouts: { idleMs: 2_000 } }),
      ),
    );
    const end = terminal(events);
    // The script was served (not a blanket rejection): a success finishes, everything else fails.
    expect(end.type).toBe(
      script.status === undefined &&
        script.errorEventAfter === undefined &&
        script.cutAfter === undefined &&
        script.malformedAfter === undefined
        ? 'finish'
        : 'error',
    );
    const seen: unknown[] = [...events, JSON.stringify(events)];
    if (end.type === 'error') {
      seen.push(
        end.error.message,
        end.error.stack,
        String(end.error),
        end.error.toJSON(),
        inspect(end.error, { depth: 12 }),
      );
    }
    assertNoLeak(wire, key, seen);
    // The key did go where it belongs (the wire has an auth header), and only there.
    const generate = server.requests.find((r) => r.route === 'generate' || r.status === 401);
    if (WIRES[wire].auth !== 'none') expect(generate?.headers[authHeader[wire]]).toContain(key);
  });

  it('never leaks the key from listModels() or validateKey() failures', async () => {
    const p = provider(server, key);
    const failures: unknown[] = [];
    server.enqueue(fakeError(wire, 'auth', { key }));
    await p
      .listModels()
      .catch((error: unknown) => failures.push(error, (error as Error).stack, String(error)));
    server.enqueue({ status: 401, body: { error: { message: `Incorrect API key provided: ${key}` } } });
    const check = await p.validateKey();
    if (wire !== 'ollama') expect(check.ok).toBe(false);
    failures.push(check, JSON.stringify(check));
    if (!check.ok) failures.push(check.error.stack, check.error.message);
    server.enqueue({ status: 500, body: `internal error for key ${key}` });
    await p
      .listModels()
      .catch((error: unknown) => failures.push(error, (error as Error).stack, String(error)));
    assertNoLeak(wire, key, failures);
  });
});

it('the generic canary never leaks through an OpenAI-compatible server either', async () => {
  const { model } = WIRES_UNDER_TEST.find((w) => w.wire === 'openai-compatible')!;
  server.enqueue({ status: 401, body: { error: { message: `bad key ${CANARY}` } } });
  const events = await eventsOf(model(server, CANARY).stream(quickRequest()));
  expect(JSON.stringify(events)).not.toContain(CANARY);
  expect(inspect(events, { depth: 12 })).not.toContain(CANARY);
  expect(server.requests.every((r) => !r.url.includes(CANARY))).toBe(true);
});
