/**
 * No provider request carrying a key follows a redirect to another origin: a loopback base URL
 * answers every request with a 302 or 307 to a second loopback origin, which must never see a
 * request, so never the key in `Authorization`, `x-api-key`, `x-goog-api-key` or a caller's own
 * header. Streaming, `validateKey` and `listModels` alike.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Provider, StreamEvent } from '@trialogue/core';
import { anthropic } from '@trialogue/providers/anthropic';
import { google } from '@trialogue/providers/google';
import { groq } from '@trialogue/providers/groq';
import { openai } from '@trialogue/providers/openai';
import { openaiCompatible } from '@trialogue/providers/openai-compatible';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANARIES } from './support/server-helpers.js';

let redirectStatus = 302;
const seenElsewhere: IncomingHttpHeaders[] = [];
const seenAtBase: IncomingHttpHeaders[] = [];
let base: Server;
let elsewhere: Server;
let baseURL: string;
let elsewhereURL: string;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  // Answers like any provider would, so a followed redirect would succeed.
  elsewhere = createServer((req, res) => {
    seenElsewhere.push(req.headers);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"models":[]}');
  });
  elsewhereURL = await listen(elsewhere);
  base = createServer((req, res) => {
    seenAtBase.push(req.headers);
    res.writeHead(redirectStatus, { location: `${elsewhereURL}${req.url}` }).end();
  });
  baseURL = await listen(base);
});

afterAll(async () => {
  for (const server of [base, elsewhere]) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

beforeEach(() => {
  seenElsewhere.length = 0;
  seenAtBase.length = 0;
});

const CUSTOM = 'x-proxy-token';
const cases: { name: string; header: string; key: string; make: () => Provider; model: string }[] = [
  {
    name: 'openai',
    header: 'authorization',
    key: CANARIES.openai,
    make: () => openai({ apiKey: CANARIES.openai, baseURL: `${baseURL}/v1` }),
    model: 'gpt-4.1-nano',
  },
  {
    name: 'anthropic',
    header: 'x-api-key',
    key: CANARIES.anthropic,
    make: () => anthropic({ apiKey: CANARIES.anthropic, baseURL: `${baseURL}/v1` }),
    model: 'claude-sonnet-4-5',
  },
  {
    name: 'google',
    header: 'x-goog-api-key',
    key: CANARIES.google,
    make: () => google({ apiKey: CANARIES.google, baseURL: `${baseURL}/v1beta` }),
    model: 'gemini-2.5-flash',
  },
  {
    name: 'groq',
    header: 'authorization',
    key: CANARIES.groq,
    make: () => groq({ apiKey: CANARIES.groq, baseURL: `${baseURL}/openai/v1` }),
    model: 'llama-3.3-70b-versatile',
  },
  {
    name: "openai-compatible with the caller's own key header",
    header: CUSTOM,
    key: CANARIES['openai-compatible'],
    make: () =>
      openaiCompatible({
        id: 'gateway',
        baseURL: `${baseURL}/v1`,
        headers: { [CUSTOM]: CANARIES['openai-compatible'] },
      }),
    model: 'any-model',
  },
];

const refused = { kind: 'provider', code: 'cross-origin-redirect', retryable: false };

describe.each([302, 307])('a base URL that redirects (%i) to another origin', (status) => {
  beforeEach(() => {
    redirectStatus = status;
  });

  for (const { name, header, key, make, model } of cases) {
    it(`${name}: a stream, validateKey and listModels never reach the other origin`, async () => {
      const provider = make();
      const events: StreamEvent[] = [];
      for await (const event of provider.model(model).stream({ messages: [{ role: 'user', content: 'Hi' }] }))
        events.push(event);
      expect(events.at(-1)).toMatchObject({ type: 'error', error: { ...refused, status } });
      await expect(provider.validateKey()).rejects.toMatchObject(refused);
      await expect(provider.listModels()).rejects.toMatchObject(refused);

      // The configured origin saw the key, in its header (so the test really carried one) ...
      expect(seenAtBase).toHaveLength(3);
      for (const headers of seenAtBase) expect(String(headers[header])).toContain(key);
      // ... and the other origin saw nothing at all.
      expect(seenElsewhere).toEqual([]);
      expect(JSON.stringify(events)).not.toContain(key);
    });
  }
});
