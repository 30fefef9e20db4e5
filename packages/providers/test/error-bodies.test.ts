/**
 * Error bodies through the providers, over a real loopback socket: a proxy's HTTP 200 with a JSON
 * error body is reported as that error (kind from the body, the provider's message kept), and an
 * endless error page ends `validateKey` and `listModels` after 64 KiB instead of hanging.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropic } from '@trialogue/providers/anthropic';
import { openai } from '@trialogue/providers/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CANARIES } from './support/server-helpers.js';

let answer: (res: ServerResponse) => void = (res) => res.end();
let requests = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const hi = {
  messages: [{ role: 'user' as const, content: 'Hi' }],
  retry: { maxRetries: 1, initialDelayMs: 1 },
};

describe('a proxy that answers HTTP 200 with a JSON error', { timeout: 20_000 }, () => {
  it("anthropic: an overload is reported as one, retried like HTTP 529, with Anthropic's message", async () => {
    requests = 0;
    answer = (res) =>
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }));
    const model = anthropic({ apiKey: CANARIES.anthropic, baseURL: `${url}/v1` }).model('claude-sonnet-4-5');
    const { error } = await model.generate(hi).then(
      () => ({ error: undefined }),
      (error) => ({ error }),
    );
    expect(error).toMatchObject({ kind: 'overloaded', provider: 'anthropic', status: 200 });
    expect(error.message).toContain('Overloaded');
    expect(requests).toBe(2);
  });

  it('openai: an unknown model is reported as not-found, once', async () => {
    requests = 0;
    answer = (res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          error: {
            message: 'The model `gpt-9` does not exist.',
            type: 'invalid_request_error',
            code: 'model_not_found',
          },
        }),
      );
    const model = openai({ apiKey: CANARIES.openai, baseURL: `${url}/v1` }).model('gpt-9');
    await expect(model.generate(hi)).rejects.toMatchObject({
      kind: 'not-found',
      message: expect.stringContaining('does not exist'),
    });
    expect(requests).toBe(1);
  });
});

describe('an endless error page', { timeout: 20_000 }, () => {
  it('ends validateKey and listModels after 64 KiB with the status error', async () => {
    let written = 0;
    answer = (res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      const page = `<p>${'x'.repeat(8 * 1024)}</p>`;
      const more = () => {
        while (!res.destroyed && written < 64 * 1024 * 1024) {
          written += page.length;
          if (!res.write(page)) return void res.once('drain', more);
        }
      };
      more();
    };
    const provider = openai({ apiKey: CANARIES.openai, baseURL: `${url}/v1` });
    await expect(provider.listModels()).rejects.toMatchObject({ kind: 'overloaded', status: 502 });
    await expect(provider.validateKey()).rejects.toMatchObject({ kind: 'overloaded', status: 502 });
    // The client stopped reading long before the server's 64 MiB were written.
    expect(written).toBeLessThan(16 * 1024 * 1024);
  });
});
