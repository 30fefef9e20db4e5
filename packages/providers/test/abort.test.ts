/**
 * Aborting a call, or walking away from its stream, releases the connection at once: the fake
 * server sees the socket close long before its stall would end on its own.
 */

import type { StreamEvent } from '@trialogue/core';
import { type FakeProviderServer, fakeError, startFakeProviderServer } from '@trialogue/providers/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARIES, fixturesDir } from './support/server-helpers.js';
import { quickRequest, terminal, WIRES_UNDER_TEST } from './support/server-providers.js';

let server: FakeProviderServer;
beforeAll(async () => {
  // A stall that nobody ends lasts 60 s: far beyond the 5 s waitForClose allows.
  server = await startFakeProviderServer({ fixturesDir, maxStallMs: 60_000 });
});
afterAll(() => server.close());
afterEach(() => server.reset());

const ANSWER = 'alpha beta gamma delta epsilon zeta eta theta';

describe.each(WIRES_UNDER_TEST)('$wire', ({ wire, model }) => {
  const key = CANARIES[wire];

  it('abort mid-stream ends with an aborted error, keeps the partial text, and closes the connection', async () => {
    server.enqueue({ text: ANSWER, stallAfter: 6 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of model(server, key).stream(quickRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'text-delta') controller.abort();
    }
    const end = terminal(events);
    expect(end.type === 'error' && end.error.kind).toBe('aborted');
    expect(end.text.length).toBeGreaterThan(0);
    expect(ANSWER.startsWith(end.text)).toBe(true);
    await server.waitForClose({ timeoutMs: 4_000 });
  });

  it('abort while the server stalls before the first token closes the connection', async () => {
    server.enqueue({ text: ANSWER, stallAfter: 0 });
    const controller = new AbortController();
    const stream = model(server, key).stream(quickRequest({ signal: controller.signal }));
    const events: StreamEvent[] = [];
    const done = (async () => {
      for await (const event of stream) events.push(event);
    })();
    // Abort once the server has the request (its headers are out, the body never comes).
    await waitFor(() => server.requests.some((r) => r.route === 'generate'));
    controller.abort();
    await done;
    expect(terminal(events)).toMatchObject({ type: 'error', text: '' });
    expect(
      terminal(events).type === 'error' && (terminal(events) as { error: { kind: string } }).error.kind,
    ).toBe('aborted');
    await server.waitForClose({ timeoutMs: 4_000 });
  });

  it('breaking out of the loop releases the connection', async () => {
    server.enqueue({ text: ANSWER, stallAfter: 6 });
    for await (const event of model(server, key).stream(quickRequest())) {
      if (event.type === 'text-delta') break;
    }
    await server.waitForClose({ timeoutMs: 4_000 });
  });

  it('abort during a retry wait ends at once, with no second request', async () => {
    server.enqueue(fakeError(wire, 'rate-limit', { retryAfterSeconds: 30 }));
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of model(server, key).stream(quickRequest({ signal: controller.signal }))) {
      events.push(event);
      if (event.type === 'retry') controller.abort();
    }
    expect(events.some((e) => e.type === 'retry')).toBe(true);
    const end = terminal(events);
    expect(end.type === 'error' && end.error.kind).toBe('aborted');
    expect(server.requests.filter((r) => r.route === 'generate')).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
