/**
 * The msw handlers speak the same wire formats as the fake server (same code builds both), at the
 * real providers' URLs, so the real providers run unchanged against them.
 */

import type { StreamEvent } from '@trialogue/core';
import { anthropic } from '@trialogue/providers/anthropic';
import { google } from '@trialogue/providers/google';
import { groq } from '@trialogue/providers/groq';
import { openai } from '@trialogue/providers/openai';
import { deepseek, ollama, openrouter } from '@trialogue/providers/openai-compatible';
import { type FakeScript, fakeError, startFakeProviderServer } from '@trialogue/providers/testing';
import { providerHandlers } from '@trialogue/providers/testing/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CANARIES, fixtureLines, fixturesDir, parseSse, readUntilEnd } from './support/server-helpers.js';
import { eventsOf, quickRequest, terminal } from './support/server-providers.js';

let nextScript: FakeScript | undefined;
const handlers = providerHandlers({
  fixturesDir,
  validKeys: Object.values(CANARIES),
  rateLimitedKeys: ['sk-limited-0123456789abcdef'],
  script: () => nextScript,
});
const mock = setupServer(...handlers);
beforeAll(() =>
  mock.listen({
    // Only the loopback fake server (compared against below) may pass; anything else is a test bug.
    onUnhandledRequest(request, print) {
      if (new URL(request.url).hostname !== '127.0.0.1') print.error();
    },
  }),
);
afterEach(() => {
  nextScript = undefined;
  handlers.reset();
});
afterAll(() => mock.close());

const ask = quickRequest();

describe('the real providers at their real URLs', () => {
  const cases = [
    [
      'openai',
      () => openai({ apiKey: CANARIES.openai }).model('gpt-4.1-nano'),
      'https://api.openai.com/v1/chat/completions',
    ],
    [
      'openai responses',
      () => openai({ apiKey: CANARIES.openai }).responses('gpt-5-nano'),
      'https://api.openai.com/v1/responses',
    ],
    [
      'anthropic',
      () => anthropic({ apiKey: CANARIES.anthropic }).model('claude-sonnet-4-5'),
      'https://api.anthropic.com/v1/messages',
    ],
    [
      'google',
      () => google({ apiKey: CANARIES.google }).model('gemini-2.5-flash'),
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    ],
    [
      'groq',
      () => groq({ apiKey: CANARIES.groq }).model('llama-3.3-70b-versatile'),
      'https://api.groq.com/openai/v1/chat/completions',
    ],
    [
      'deepseek',
      () => deepseek({ apiKey: CANARIES['openai-compatible'] }).model('deepseek-chat'),
      'https://api.deepseek.com/v1/chat/completions',
    ],
    [
      'openrouter',
      () => openrouter({ apiKey: CANARIES.openrouter }).model('openai/gpt-4o-mini'),
      'https://openrouter.ai/api/v1/chat/completions',
    ],
    ['ollama', () => ollama().model('llama3.2'), 'http://127.0.0.1:11434/v1/chat/completions'],
  ] as const;

  it.each(cases)('%s: streams a scripted answer with reasoning', async (_name, make, url) => {
    nextScript = { text: 'Blue, mostly.', reasoning: 'Rayleigh scattering.', usage: { input: 8, output: 5 } };
    const end = terminal(await eventsOf(make().stream(ask)));
    expect(end).toMatchObject({ type: 'finish', reason: 'stop', text: 'Blue, mostly.' });
    if (!_name.startsWith('deepseek') && !_name.startsWith('ollama'))
      expect(end.reasoning).toBe('Rayleigh scattering.');
    expect(end.usage).toMatchObject({ inputTokens: 8, outputTokens: 5 });
    expect(handlers.requests.map((r) => r.url)).toEqual([url]);
  });

  it('replays a recorded Anthropic stream into the recorded text', async () => {
    nextScript = { fixture: 'anthropic/anthropic-text' };
    const end = terminal(
      await eventsOf(anthropic({ apiKey: CANARIES.anthropic }).model('claude-sonnet-4-5').stream(ask)),
    );
    const recorded = fixtureLines('anthropic/anthropic-text')
      .map((line) => JSON.parse(line))
      .filter((e) => e.delta?.type === 'text_delta')
      .map((e) => e.delta.text)
      .join('');
    expect(end).toMatchObject({ type: 'finish', text: recorded });
  });

  it('a 429 with retry-after 0 is retried, then the answer arrives', async () => {
    handlers.enqueue(fakeError('openai', 'rate-limit'), { text: 'second time lucky' });
    const events = await eventsOf(openai({ apiKey: CANARIES.openai }).model('gpt-4.1-nano').stream(ask));
    expect(terminal(events)).toMatchObject({ type: 'finish', text: 'second time lucky' });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(1);
    expect(handlers.requests).toHaveLength(2);
  });

  it('a cut mid-stream is a network error that keeps the partial text', async () => {
    handlers.enqueue({ text: 'one two three four', cutAfter: 5 });
    const end = terminal(
      await eventsOf(anthropic({ apiKey: CANARIES.anthropic }).model('claude-sonnet-4-5').stream(ask)),
    );
    expect(end.type === 'error' && end.error.kind).toBe('network');
    expect(end.text).toBe('one two');
    expect(handlers.requests).toHaveLength(1);
  });

  it('an abort during a stall ends the call', async () => {
    handlers.enqueue({ text: 'one two three', stallAfter: 2 });
    const controller = new AbortController();
    const events: StreamEvent[] = [];
    for await (const event of google({ apiKey: CANARIES.google })
      .model('gemini-2.5-flash')
      .stream({ ...ask, signal: controller.signal })) {
      events.push(event);
      if (event.type === 'text-delta' && event.text.includes('two')) controller.abort();
    }
    const end = terminal(events);
    expect(end.type === 'error' && end.error.kind).toBe('aborted');
    expect(end.text).toBe('one two');
  });

  it('an invalid key gets the provider 401, a rate-limited key a 429', async () => {
    const bad = await openai({ apiKey: 'sk-wrong-0123456789abcdef' }).validateKey();
    expect(!bad.ok && bad.error.kind).toBe('auth');
    const limited = await groq({ apiKey: 'sk-limited-0123456789abcdef' }).validateKey();
    expect(!limited.ok && limited.error.kind).toBe('rate-limit');
    expect(handlers.requests.every((r) => r.method === 'GET' && r.route === 'models')).toBe(true);
  });

  it('lists models in each provider shape', async () => {
    expect((await anthropic({ apiKey: CANARIES.anthropic }).listModels()).length).toBeGreaterThan(0);
    expect((await google({ apiKey: CANARIES.google }).listModels()).map((m) => m.id)).toContain(
      'gemini-2.5-flash',
    );
    expect(await openrouter({ apiKey: CANARIES.openrouter }).validateKey()).toMatchObject({ ok: true });
    expect(handlers.requests.map((r) => r.route)).toEqual(['models', 'models', 'key']);
  });
});

describe('same bytes as the fake server', () => {
  it.each([
    ['anthropic/anthropic-text', 'https://api.anthropic.com/v1/messages', 'anthropic'],
    [
      'google/google-text',
      'https://generativelanguage.googleapis.com/v1beta/models/g:streamGenerateContent?alt=sse',
      'google',
    ],
    ['openai-responses/openai-error.1', 'https://api.openai.com/v1/responses', 'openai'],
  ] as const)('replays %s identically through msw and the server', async (fixture, url, wire) => {
    const headers: Record<string, string> =
      wire === 'anthropic'
        ? { 'x-api-key': CANARIES.anthropic, 'anthropic-version': '2023-06-01' }
        : wire === 'google'
          ? { 'x-goog-api-key': CANARIES.google }
          : { authorization: `Bearer ${CANARIES.openai}` };
    const init = { method: 'POST', headers, body: JSON.stringify({ stream: true, model: 'm' }) };
    handlers.enqueue({ fixture });
    const viaMsw = await (await fetch(url, init)).text();

    const server = await startFakeProviderServer({ fixturesDir });
    try {
      server.enqueue({ fixture });
      const { pathname, search } = new URL(url);
      const path = pathname.replace(/^\/(v1beta|v1|openai\/v1)/, '') + search;
      const base = server.baseURL(wire === 'openai' ? 'openai' : wire);
      const viaServer = await (await fetch(`${base}${path}`, init)).text();
      expect(viaMsw).toBe(viaServer);
      expect(parseSse(viaMsw).length).toBe(fixtureLines(fixture).length);
    } finally {
      await server.close();
    }
  });
});

it('a cut right away is a network error at fetch time', async () => {
  handlers.enqueue({ cutAfter: 0 });
  await expect(
    fetch('https://api.groq.com/openai/v1/chat/completions', {
      method: 'POST',
      headers: { authorization: `Bearer ${CANARIES.groq}` },
      body: JSON.stringify({ stream: true }),
    }),
  ).rejects.toThrow();
  handlers.enqueue({ text: 'a b c', cutAfter: 2 });
  const response = await fetch('https://api.groq.com/openai/v1/chat/completions', {
    method: 'POST',
    headers: { authorization: `Bearer ${CANARIES.groq}` },
    body: JSON.stringify({ stream: true }),
  });
  const { text, error } = await readUntilEnd(response);
  expect(error).toBeDefined();
  expect(parseSse(text)).toHaveLength(2);
});
