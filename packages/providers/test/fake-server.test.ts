import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  FAKE_WIRES,
  type FakeProviderServer,
  type FakeWire,
  startFakeProviderServer,
} from '@trialogue/providers/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureJson,
  fixtureLines,
  fixturesDir,
  type Json,
  parseSse,
  readUntilEnd,
  ssePayloads,
} from './support/server-helpers.js';

let server: FakeProviderServer;
beforeAll(async () => {
  server = await startFakeProviderServer({ fixturesDir });
});
afterAll(() => server.close());
afterEach(() => server.reset());

const authHeaders: Record<FakeWire, Record<string, string>> = {
  openai: { authorization: 'Bearer sk-test' },
  'openai-responses': { authorization: 'Bearer sk-test' },
  anthropic: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
  google: { 'x-goog-api-key': 'AIza-test' },
  groq: { authorization: 'Bearer gsk_test' },
  'openai-compatible': { authorization: 'Bearer sk-test' },
  openrouter: { authorization: 'Bearer sk-or-v1-test' },
  ollama: {},
};

/** POSTs a streaming generation request the way each wire's client does. */
function generate(
  wire: FakeWire,
  init: { headers?: Record<string, string>; query?: string; model?: string } = {},
) {
  const base = server.baseURL(wire);
  const model = init.model ?? 'test-model';
  const url =
    wire === 'google'
      ? `${base}/models/${model}:streamGenerateContent?alt=sse${init.query ?? ''}`
      : wire === 'anthropic'
        ? `${base}/messages${init.query ?? ''}`
        : wire === 'openai-responses'
          ? `${base}/responses${init.query ?? ''}`
          : `${base}/chat/completions${init.query ?? ''}`;
  const body =
    wire === 'google'
      ? { contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] }
      : { model, stream: true, messages: [{ role: 'user', content: 'Hi' }] };
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...authHeaders[wire], ...init.headers },
    body: JSON.stringify(body),
  });
}

/** The text a wire's events carry, read the way a client reads it. */
function textOf(wire: FakeWire, body: string): { text: string; reasoning: string } {
  let text = '';
  let reasoning = '';
  for (const p of ssePayloads(body) as Json[]) {
    if (wire === 'anthropic') {
      if (p.delta?.type === 'text_delta') text += p.delta.text;
      if (p.delta?.type === 'thinking_delta') reasoning += p.delta.thinking;
    } else if (wire === 'openai-responses') {
      if (p.type === 'response.output_text.delta') text += p.delta;
      if (p.type === 'response.reasoning_summary_text.delta') reasoning += p.delta;
    } else if (wire === 'google') {
      for (const part of p.candidates?.[0]?.content?.parts ?? []) {
        if (part.thought) reasoning += part.text;
        else text += part.text;
      }
    } else {
      const delta = p.choices?.[0]?.delta ?? {};
      text += delta.content ?? '';
      reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
    }
  }
  return { text, reasoning };
}

describe('recorded fixtures', () => {
  it('replays an Anthropic recording with event: and data: lines, byte for byte', async () => {
    server.enqueue({ fixture: 'anthropic/anthropic-text' });
    const response = await generate('anthropic');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const expected = fixtureLines('anthropic/anthropic-text')
      .map((line) => `event: ${JSON.parse(line).type}\ndata: ${line}\n\n`)
      .join('');
    expect(await response.text()).toBe(expected);
  });

  it('replays an OpenAI chat recording as data: lines ending in [DONE]', async () => {
    server.enqueue({ fixture: 'openai-chat/openai-text' });
    const body = await (await generate('openai')).text();
    const expected = `${fixtureLines('openai-chat/openai-text')
      .map((line) => `data: ${line}\n\n`)
      .join('')}data: [DONE]\n\n`;
    expect(body).toBe(expected);
  });

  it('replays a Gemini recording with CRLF separators and no end marker', async () => {
    server.enqueue({ fixture: 'google/google-text' });
    const body = await (await generate('google')).text();
    expect(body).toBe(
      fixtureLines('google/google-text')
        .map((line) => `data: ${line}\r\n\r\n`)
        .join(''),
    );
  });

  it('replays the Responses insufficient_quota recording with event names from each payload type', async () => {
    server.enqueue({ fixture: 'openai-responses/openai-error.1' });
    const events = parseSse(await (await generate('openai-responses')).text());
    expect(events.map((e) => e.event)).toEqual([
      'response.created',
      'response.in_progress',
      'error',
      'response.failed',
    ]);
  });

  it('replays Groq and OpenAI-compatible recordings with [DONE]', async () => {
    server.enqueue({ fixture: 'groq/groq-text' }, { fixture: 'openai-compatible/deepseek-reasoning' });
    for (const [wire, name] of [
      ['groq', 'groq/groq-text'],
      ['openai-compatible', 'openai-compatible/deepseek-reasoning'],
    ] as const) {
      const events = parseSse(await (await generate(wire)).text());
      expect(events.length).toBe(fixtureLines(name).length + 1);
      expect(events.at(-1)?.data).toBe('[DONE]');
    }
  });
});

describe('scripted answers in each wire format', () => {
  it.each(FAKE_WIRES)('%s: streams the scripted text and reasoning word by word', async (wire) => {
    server.enqueue({
      text: 'The sky is blue.',
      reasoning: 'Think about light.',
      usage: { input: 7, output: 9 },
    });
    const response = await generate(wire);
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(textOf(wire, body)).toEqual({ text: 'The sky is blue.', reasoning: 'Think about light.' });
    // More than one delta: a client sees a stream, not one blob.
    expect(parseSse(body).length).toBeGreaterThan(5);
  });

  it('OpenAI chat: finish_reason on an empty delta, then a choices: [] usage chunk, then [DONE]', async () => {
    server.enqueue({ text: 'Hi there', usage: { input: 16, output: 2 } });
    const events = parseSse(await (await generate('openai')).text());
    expect(events.at(-1)?.data).toBe('[DONE]');
    const [finish, usage] = events.slice(-3, -1).map((e) => JSON.parse(e.data));
    expect(finish.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(usage).toMatchObject({
      choices: [],
      usage: { prompt_tokens: 16, completion_tokens: 2, total_tokens: 18 },
    });
  });

  it('Groq: usage under x_groq.usage on the finish chunk, as recorded', async () => {
    server.enqueue({ text: 'Hi', usage: { input: 45, output: 1 }, finishReason: 'length' });
    const payloads = ssePayloads(await (await generate('groq')).text()) as Json[];
    const last = payloads.at(-1);
    expect(last.choices[0].finish_reason).toBe('length');
    expect(last.x_groq.usage).toMatchObject({ prompt_tokens: 45, completion_tokens: 1 });
    // Same shape as the recording's last chunk.
    const recorded = JSON.parse(fixtureLines('groq/groq-text').at(-1)!);
    expect(Object.keys(last.x_groq).sort()).toEqual(Object.keys(recorded.x_groq).sort());
  });

  it('Anthropic: the recorded event sequence, stop reason and usage in message_delta', async () => {
    server.enqueue({ text: 'Hello! I am fine.', usage: { input: 12, output: 30 } });
    const events = parseSse(await (await generate('anthropic')).text());
    const recordedTypes = [
      ...new Set(fixtureLines('anthropic/anthropic-text').map((l) => JSON.parse(l).type)),
    ];
    expect([...new Set(events.map((e) => e.event))]).toEqual(recordedTypes);
    const delta = JSON.parse(events.at(-2)!.data);
    expect(delta).toMatchObject({
      delta: { stop_reason: 'end_turn' },
      usage: { input_tokens: 12, output_tokens: 30 },
    });
  });

  it('Anthropic: maps finish reasons onto stop_reason (length -> max_tokens)', async () => {
    server.enqueue({ text: 'cut', finishReason: 'length' });
    const events = parseSse(await (await generate('anthropic')).text());
    expect(JSON.parse(events.at(-2)!.data).delta.stop_reason).toBe('max_tokens');
  });

  it('Gemini: running-total usageMetadata and finishReason on the last chunk, thoughts as thought parts', async () => {
    server.enqueue({ text: 'Three r.', reasoning: 'Count letters.', usage: { input: 9, output: 6 } });
    const chunks = ssePayloads(await (await generate('google')).text()) as Json[];
    expect(chunks[0].candidates[0].content.parts[0]).toEqual({ text: 'Count', thought: true });
    const last = chunks.at(-1);
    expect(last.candidates[0].finishReason).toBe('STOP');
    expect(last.usageMetadata).toMatchObject({
      promptTokenCount: 9,
      thoughtsTokenCount: 2,
      candidatesTokenCount: 4,
    });
    const counts = chunks.map((c) => c.usageMetadata.candidatesTokenCount);
    expect([...counts].sort((a, b) => a - b)).toEqual(counts);
  });

  it('Responses: reasoning summary, text deltas and response.completed with usage', async () => {
    server.enqueue({ text: 'Answer', reasoning: 'Why', usage: { input: 299, output: 12 } });
    const events = parseSse(await (await generate('openai-responses')).text());
    expect(events[0]!.event).toBe('response.created');
    const done = JSON.parse(events.at(-1)!.data);
    expect(done.type).toBe('response.completed');
    expect(done.response.usage).toMatchObject({ input_tokens: 299, output_tokens: 12 });
    const seq = events.map((e) => JSON.parse(e.data).sequence_number);
    expect(seq).toEqual(seq.map((_, i) => i));
  });

  it('answers stream:false requests with the non-streaming JSON body', async () => {
    const response = await fetch(`${server.baseURL('anthropic')}/messages`, {
      method: 'POST',
      headers: { ...authHeaders.anthropic, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-x', messages: [] }),
    });
    const body = (await response.json()) as Json;
    const recorded = fixtureJson('anthropic/anthropic-text.json') as Json;
    expect(Object.keys(body).sort()).toEqual(
      expect.arrayContaining(['content', 'id', 'model', 'role', 'stop_reason', 'type', 'usage']),
    );
    expect(body.type).toBe(recorded.type);
    expect(body.content[0].type).toBe('text');
  });

  it('serves a default answer when nothing is queued', async () => {
    const body = await (await generate('openai')).text();
    expect(textOf('openai', body).text).toBe('Hello from the fake openai server.');
  });
});

describe('faults', () => {
  it('answers Json status with Json body and headers, without streaming', async () => {
    server.enqueue({ status: 418, headers: { 'x-custom': 'yes' }, body: { teapot: true } });
    const response = await generate('openai');
    expect(response.status).toBe(418);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.json()).toEqual({ teapot: true });
  });

  it('streams with extra headers when the script gives status 200 and no body', async () => {
    server.enqueue({
      status: 200,
      headers: { 'x-ratelimit-remaining-requests': '5' },
      text: 'still streams',
    });
    const response = await generate('openai');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('5');
    expect(textOf('openai', await response.text()).text).toBe('still streams');
  });

  it('cuts the connection after N events (the client sees a network error, with the first N events)', async () => {
    server.enqueue({ text: 'one two three four five', cutAfter: 3 });
    const response = await generate('openai');
    const { text, error } = await readUntilEnd(response);
    expect(error).toBeDefined();
    expect(parseSse(text)).toHaveLength(3);
    await server.waitForClose();
  });

  it('stalls after N events: the socket stays open until the client gives up', async () => {
    server.enqueue({ text: 'one two three', stallAfter: 2 });
    const response = await generate('anthropic');
    const reader = response.body!.getReader();
    let received = '';
    while (parseSse(received).length < 2) received += new TextDecoder().decode((await reader.read()).value);
    const next = reader.read();
    const outcome = await Promise.race([
      next.then(() => 'data'),
      new Promise((r) => setTimeout(() => r('silence'), 200)),
    ]);
    expect(outcome).toBe('silence');
    expect(server.connections.open).toBeGreaterThan(0);
    await reader.cancel();
    await server.waitForClose();
  });

  it('sends a malformed data line after N events, then the rest', async () => {
    server.enqueue({ text: 'a b', malformedAfter: 2 });
    const events = parseSse(await (await generate('openai')).text());
    expect(() => JSON.parse(events[2]!.data)).toThrow();
    expect(events.at(-1)?.data).toBe('[DONE]');
  });

  it.each([
    ['anthropic', 'error', 'overloaded_error'],
    ['openai-responses', 'error', 'insufficient_quota'],
    ['openai', undefined, 'server_error'],
    ['google', undefined, 'UNAVAILABLE'],
  ] as const)('%s: an error event after HTTP 200 in the wire format', async (wire, event, marker) => {
    server.enqueue({ text: 'partial answer here', errorEventAfter: 3 });
    const response = await generate(wire);
    expect(response.status).toBe(200);
    const events = parseSse(await response.text());
    const errorEvent = events[3]!;
    expect(errorEvent.event).toBe(event);
    expect(errorEvent.data).toContain(marker);
    if (wire === 'openai-responses') expect(events.at(-1)?.event).toBe('response.failed');
  });

  it('uses a custom error event payload', async () => {
    server.enqueue({
      text: 'x',
      errorEventAfter: 1,
      errorEvent: { type: 'error', error: { type: 'api_error', message: 'boom' } },
    });
    const events = parseSse(await (await generate('anthropic')).text());
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual({
      event: 'error',
      data: '{"type":"error","error":{"type":"api_error","message":"boom"}}',
    });
  });

  it('uses CRLF line endings when asked', async () => {
    server.enqueue({ text: 'a b', crlf: true });
    const body = await (await generate('openai')).text();
    expect(body).toMatch(/^data: .*\r\n\r\n/);
    expect(body.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('sends SSE comments (OpenRouter processing keep-alives) that are not events', async () => {
    server.enqueue({ text: 'a b', comments: true });
    const body = await (await generate('openrouter')).text();
    expect(body).toContain(': OPENROUTER PROCESSING\n\n');
    expect(textOf('openrouter', body).text).toBe('a b');
  });

  it('waits tokenDelayMs between events', async () => {
    server.enqueue({ text: 'a b c', tokenDelayMs: 30 });
    const started = Date.now();
    await (await generate('openai')).text();
    // 7 events x 30 ms; a generous lower bound only (a slow machine is slower, never faster).
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});

describe('keys', () => {
  it.each([
    ['openai', 401, 'authorization'],
    ['anthropic', 401, 'x-api-key'],
    ['google', 403, 'x-goog-api-key'],
    ['groq', 401, 'authorization'],
    ['openrouter', 401, 'authorization'],
  ] as const)('%s: rejects a request without its auth header (%i)', async (wire, status, header) => {
    const headers = { ...authHeaders[wire] };
    delete (headers as Record<string, string>)[header];
    const response = await fetch(
      `${server.baseURL(wire)}${wire === 'google' ? '/models/x:streamGenerateContent?alt=sse' : wire === 'anthropic' ? '/messages' : '/chat/completions'}`,
      {
        method: 'POST',
        headers,
        body: '{}',
      },
    );
    expect(response.status).toBe(status);
    expect(server.pending).toBe(0);
  });

  it('Anthropic: requires anthropic-version', async () => {
    const response = await generate('anthropic', { headers: { 'anthropic-version': '' } });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it.each(FAKE_WIRES)('%s: rejects a key in the URL with 400 and records the request', async (wire) => {
    const response = await generate(wire, {
      query: wire === 'google' ? '&key=AIza-in-url' : '?key=sk-in-url',
    });
    expect(response.status).toBe(400);
    expect(server.requests.at(-1)?.query.key).toMatch(/in-url/);
    expect(server.requests.at(-1)?.status).toBe(400);
  });

  it('records method, path, query, lowercased headers and the JSON body', async () => {
    await generate('google', { model: 'gemini-2.5-flash', headers: { 'X-Custom-Header': 'A' } });
    const request = server.requests.at(-1)!;
    expect(request).toMatchObject({
      method: 'POST',
      path: '/google/v1beta/models/gemini-2.5-flash:streamGenerateContent',
      query: { alt: 'sse' },
      wire: 'google',
      route: 'generate',
      status: 200,
    });
    expect(request.headers['x-custom-header']).toBe('A');
    expect(request.body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  });

  describe('validKeys and rateLimitedKeys', () => {
    let strict: FakeProviderServer;
    beforeAll(async () => {
      strict = await startFakeProviderServer({
        validKeys: ['good', 'limited'],
        rateLimitedKeys: ['limited'],
        rateLimitRetryAfterSeconds: 3,
      });
    });
    afterAll(() => strict.close());
    const call = (wire: FakeWire, key: string) => {
      const headers: Record<string, string> =
        wire === 'anthropic'
          ? { 'x-api-key': key, 'anthropic-version': '2023-06-01' }
          : wire === 'google'
            ? { 'x-goog-api-key': key }
            : { authorization: `Bearer ${key}` };
      return fetch(`${strict.baseURL(wire)}/models`, { headers });
    };

    it('OpenAI: an unknown key gets 401 invalid_api_key with the key masked, as OpenAI does', async () => {
      const response = await call('openai', 'sk-wrong-0123456789SECRET');
      expect(response.status).toBe(401);
      const body = (await response.json()) as Json;
      expect(body.error.code).toBe('invalid_api_key');
      expect(body.error.message).not.toContain('sk-wrong-0123456789SECRET');
    });

    it('Anthropic: an unknown key gets 401 authentication_error', async () => {
      const response = await call('anthropic', 'bad');
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({
        type: 'error',
        error: { type: 'authentication_error', message: 'invalid x-api-key' },
      });
    });

    it('Google: an unknown key gets 400 API_KEY_INVALID (Google does not use 401)', async () => {
      const response = await call('google', 'bad');
      expect(response.status).toBe(400);
      expect(((await response.json()) as Json).error.details[0].reason).toBe('API_KEY_INVALID');
    });

    it('a rate-limited key gets 429 with retry-after', async () => {
      const response = await call('groq', 'limited');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(((await response.json()) as Json).error.code).toBe('rate_limit_exceeded');
    });

    it('Google rate limit carries RetryInfo like the recorded 429', async () => {
      const response = await call('google', 'limited');
      const body = (await response.json()) as Json;
      const recorded = fixtureJson('google/google-429-retry-info.json') as Json;
      expect(body.error.status).toBe(recorded.error.status);
      expect(body.error.details.map((d: Json) => d['@type'])).toEqual(
        recorded.error.details.map((d: Json) => d['@type']),
      );
      expect(body.error.details[1].retryDelay).toBe('3s');
    });

    it('a valid key passes', async () => {
      expect((await call('anthropic', 'good')).status).toBe(200);
    });
  });
});

describe('model lists and key info', () => {
  it.each([
    ['openai', (b: Json) => b.object === 'list' && b.data[0].object === 'model'],
    [
      'anthropic',
      (b: Json) =>
        b.has_more === false && b.data[0].type === 'model' && typeof b.data[0].display_name === 'string',
    ],
    [
      'google',
      (b: Json) =>
        b.models[0].name.startsWith('models/') &&
        b.models[0].supportedGenerationMethods.includes('streamGenerateContent'),
    ],
    ['groq', (b: Json) => b.data[0].context_window > 0 && b.data[0].active === true],
    ['openrouter', (b: Json) => typeof b.data[0].pricing.prompt === 'string' && b.data[0].context_length > 0],
    ['ollama', (b: Json) => b.data[0].owned_by === 'library'],
  ] as const)('%s: GET /models in the provider shape', async (wire, check) => {
    const response = await fetch(`${server.baseURL(wire)}/models`, { headers: authHeaders[wire] });
    expect(response.status).toBe(200);
    expect(check(await response.json())).toBe(true);
    expect(server.requests.at(-1)?.route).toBe('models');
  });

  it('lists the models a script names', async () => {
    server.enqueue({ models: ['only-one'] });
    const body = (await (
      await fetch(`${server.baseURL('openai')}/models`, { headers: authHeaders.openai })
    ).json()) as Json;
    expect(body.data.map((m: Json) => m.id)).toEqual(['only-one']);
  });

  it('OpenRouter: GET /key answers the key info', async () => {
    const response = await fetch(`${server.baseURL('openrouter')}/key`, { headers: authHeaders.openrouter });
    expect(((await response.json()) as Json).data).toHaveProperty('rate_limit');
    expect(server.requests.at(-1)?.route).toBe('key');
  });
});

describe('CORS', () => {
  it.each(FAKE_WIRES)('%s: answers the preflight', async (wire) => {
    const response = await fetch(`${server.baseURL(wire)}/models`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:5173)$/);
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(server.requests.at(-1)?.route).toBe('preflight');
  });

  it('adds CORS headers to a browser request, exposing retry-after', async () => {
    const response = await generate('openai', { headers: { origin: 'http://localhost:5173' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
    await response.text();
  });

  it('Anthropic: a browser request without anthropic-dangerous-direct-browser-access is refused', async () => {
    const refused = await generate('anthropic', { headers: { origin: 'http://localhost:5173' } });
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as Json).error.message).toContain(
      'anthropic-dangerous-direct-browser-access',
    );
    const allowed = await generate('anthropic', {
      headers: { origin: 'http://localhost:5173', 'anthropic-dangerous-direct-browser-access': 'true' },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    await allowed.text();
  });

  it('Ollama: refuses origins other than localhost, as OLLAMA_ORIGINS does by default', async () => {
    const response = await generate('ollama', { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(403);
  });
});

describe('standalone CLI', () => {
  it('prints the URL and per-wire base URLs, and serves requests', async () => {
    const cli = fileURLToPath(new URL('../src/testing/cli.ts', import.meta.url));
    const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
    const child = spawn(
      tsx,
      [cli, '--port', '0', '--fixtures-dir', fixturesDir, '--text', 'Served from the CLI'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no banner: ${text}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('ollama')) {
            clearTimeout(timer);
            resolve(text);
          }
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${text}`)));
      });
      const url = /fake provider server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      expect(url).toBeDefined();
      expect(output).toContain(`${url}/anthropic/v1`);
      const response = await fetch(`${url}/openai/v1/models`, { headers: { authorization: 'Bearer sk-x' } });
      expect(response.status).toBe(200);
      const chat = await fetch(`${url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-x' },
        body: JSON.stringify({ model: 'm', stream: true }),
      });
      const content = ssePayloads(await chat.text())
        .map((p: Json) => p.choices[0]?.delta?.content ?? '')
        .join('');
      expect(content).toBe('Served from the CLI');
    } finally {
      child.kill('SIGTERM');
    }
  }, 30_000);
});
