/**
 * Error bodies: a proxy's HTTP 200 with a JSON error body is the error it reports (kind from the
 * body), not a connection that closed early; and error bodies are read at most 64 KiB deep, by
 * streams and by `requestJson` (what `validateKey` and `listModels` use) alike.
 */
import { requestJson, type StreamEvent } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { MAX_ERROR_BODY_CHARS, statusOfErrorBody } from '../src/http/error-body.js';
import { collect, fakeFetch, hello, run, terminalOf } from './support/fake-fetch.js';

const json = { 'content-type': 'application/json; charset=utf-8' };
const quick = hello({ retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 2 } });

describe('HTTP 200 with a JSON error body, where a stream was asked for', () => {
  const cases: { name: string; body: object; kind: string; providerCode?: string; retried: boolean }[] = [
    {
      name: "OpenAI's unknown model",
      body: {
        error: {
          message: 'The model `gpt-9` does not exist or you do not have access to it.',
          type: 'invalid_request_error',
          code: 'model_not_found',
        },
      },
      kind: 'not-found',
      providerCode: 'model_not_found',
      retried: false,
    },
    {
      name: "OpenAI's bad key",
      body: {
        error: {
          message: 'Incorrect API key provided.',
          type: 'invalid_request_error',
          code: 'invalid_api_key',
        },
      },
      kind: 'auth',
      retried: false,
    },
    {
      name: "Anthropic's overload",
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      kind: 'overloaded',
      retried: true,
    },
    {
      name: "Gemini's quota, with a numeric code",
      body: {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
      kind: 'rate-limit',
      retried: true,
    },
    {
      name: 'exhausted billing',
      body: {
        error: {
          message: 'You exceeded your current quota.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
      kind: 'quota',
      retried: false,
    },
    {
      name: "a gateway's own wording",
      body: { error: { message: 'upstream failed' } },
      kind: 'provider',
      retried: true,
    },
  ];

  for (const { name, body, kind, providerCode, retried } of cases) {
    it(`reports ${name} as a ${kind} error with its message${retried ? ', retried like HTTP' : ', not retried'}`, async () => {
      const { fetch, calls } = fakeFetch((call) => call.reply(200, body, json));
      const events = await collect(run(fetch, quick));
      const terminal = terminalOf(events);
      expect(terminal.type).toBe('error');
      if (terminal.type !== 'error') return;
      const message = (body as { error: { message: string } }).error.message;
      expect(terminal.error).toMatchObject({ kind, status: 200, phase: 'request' });
      if (providerCode) expect(terminal.error.providerCode).toBe(providerCode);
      expect(terminal.error.message).toContain(message);
      expect(terminal.error.message).toContain('HTTP 200 with an error body');
      expect(terminal.error.message).not.toMatch(/closed before the answer was complete/);
      expect(terminal.error.code).not.toBe('incomplete-stream');
      expect(calls).toHaveLength(retried ? 3 : 1);
      expect(events.filter((event: StreamEvent) => event.type === 'retry')).toHaveLength(retried ? 2 : 0);
      expect(events.some((event) => event.type === 'start')).toBe(false);
    });
  }

  it('reports JSON that is no error as "not a stream", once, never as a closed connection', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.reply(200, { choices: [{ message: { content: 'Hi' } }] }, json),
    );
    const terminal = terminalOf(await collect(run(fetch, quick)));
    expect(terminal).toMatchObject({ type: 'error', error: { kind: 'provider', code: 'not-a-stream' } });
    expect(calls).toHaveLength(1);
  });

  it('still streams an event stream mislabelled as JSON (it opens with data:, not a JSON object)', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond(200, { 'content-type': 'application/json' });
      call.body.push('data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n');
      call.body.push('data: {"choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}]}\n\n').end();
    });
    expect(terminalOf(await collect(run(fetch)))).toMatchObject({ type: 'finish', text: 'Hello' });
  });

  it('reads a JSON error body that arrives in pieces', async () => {
    const { fetch, calls } = fakeFetch((call) => {
      call.respond(200, { 'content-type': 'application/json' });
      call.body
        .push('  {"error": {"message": "The model does not ')
        .push('exist.", "code": "model_not_found"}}')
        .end();
    });
    const terminal = terminalOf(await collect(run(fetch, quick)));
    expect(terminal).toMatchObject({ type: 'error', error: { kind: 'not-found', status: 200 } });
    expect(calls).toHaveLength(1);
  });

  it('still streams an event stream whose content type is missing', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond(200, {});
      call.body.push('data: {"choices":[{"delta":{"content":"Hi"},"finish_reason":"stop"}]}\n\n').end();
    });
    expect(terminalOf(await collect(run(fetch)))).toMatchObject({ type: 'finish', text: 'Hi' });
  });

  it('makes requestJson throw the error a 200 body reports', async () => {
    const { fetch } = fakeFetch((call) =>
      call.reply(200, {
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      }),
    );
    await expect(
      requestJson({ provider: 'anthropic', url: 'https://api.fake.test/v1/models', fetch }),
    ).rejects.toMatchObject({
      kind: 'auth',
      status: 200,
      message: expect.stringContaining('invalid x-api-key'),
    });
  });

  it('reads the status an error body stands for', () => {
    expect(statusOfErrorBody({ data: [] })).toBeUndefined();
    expect(statusOfErrorBody({ error: null })).toBeUndefined();
    expect(statusOfErrorBody([{ error: { code: 503, status: 'UNAVAILABLE' } }])).toBe(503);
    expect(statusOfErrorBody({ error: { type: 'permission_error' } })).toBe(403);
    expect(statusOfErrorBody({ error: 'bad' })).toBe(500);
  });
});

/** A body that never ends (a proxy streaming an endless error page), counting what was read from it. */
function endlessBody(opening = '') {
  const state = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(`<p>${'x'.repeat(16 * 1024 - 7)}</p>`);
  let opened = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = opened ? chunk : new TextEncoder().encode(opening + new TextDecoder().decode(chunk));
      opened = true;
      state.pulled += next.byteLength;
      controller.enqueue(next);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('error bodies are read at most 64 KiB deep', () => {
  it('by requestJson (validateKey, listModels): an endless error page still ends in an error', async () => {
    const { stream, state } = endlessBody();
    const fetch = (async () =>
      new Response(stream, {
        status: 502,
        headers: { 'content-type': 'text/html' },
      })) as typeof globalThis.fetch;
    const failure = requestJson({ provider: 'gateway', url: 'https://api.fake.test/v1/models', fetch });
    await expect(failure).rejects.toMatchObject({ kind: 'overloaded', status: 502 });
    expect(state.pulled).toBeGreaterThan(MAX_ERROR_BODY_CHARS);
    expect(state.pulled).toBeLessThan(MAX_ERROR_BODY_CHARS + 64 * 1024);
    expect(state.cancelled).toBe(true);
  });

  it('by streams, for an error status and for a 200 JSON error body', async () => {
    for (const [status, type, opening] of [
      [500, 'text/html', ''],
      [200, 'application/json', '{"error": {"message": "'],
    ] as const) {
      const { stream, state } = endlessBody(opening);
      const fetch = (async () =>
        new Response(stream, { status, headers: { 'content-type': type } })) as typeof globalThis.fetch;
      const terminal = terminalOf(await collect(run(fetch, hello({ retry: { maxRetries: 0 } }))));
      expect(terminal.type).toBe('error');
      expect(state.pulled).toBeLessThan(MAX_ERROR_BODY_CHARS + 64 * 1024);
      expect(state.cancelled).toBe(true);
    }
  });
});
