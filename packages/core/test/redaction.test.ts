import { inspect } from 'node:util';
import {
  type HttpModelSpec,
  REDACTED,
  redact,
  redactDeep,
  rememberSecret,
  requestJson,
  type StreamEvent,
  TrialogueError,
} from '@trialogue/core';
import { longestSecretRun } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { CANARY, collect, delta, fakeFetch, hello, run } from './support/fake-fetch.js';

/** A secret of no known shape: only remembering it can mask it. */
const REMEMBERED = 'gateway.Secret/0123+canary=42';
/** Key-shaped but never remembered: the shape net must catch it. */
const UNREMEMBERED = 'sk-proj-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1JkLCANARY';

rememberSecret(CANARY);
rememberSecret(REMEMBERED);

const secrets = [
  ['the canary key', CANARY],
  ['a remembered secret of no known shape', REMEMBERED],
  ['an unremembered sk-proj- key', UNREMEMBERED],
] as const;

/** Every place a secret could leak from a failed stream. */
function leaks(events: StreamEvent[], secret: string): string[] {
  const places: string[] = [];
  const variants = [secret, encodeURIComponent(secret)];
  const check = (where: string, text: string | undefined) => {
    if (text && variants.some((v) => text.includes(v))) places.push(where);
  };
  events.forEach((event, i) => {
    check(`JSON.stringify(events[${i}])`, JSON.stringify(event));
    if (event.type === 'error' || event.type === 'retry') {
      const { error } = event;
      check('error.message', error.message);
      check('error.stack', error.stack);
      check('JSON.stringify(error)', JSON.stringify(error));
      check('String(error.cause)', String(error.cause));
      check('inspect(error)', inspect(error, { depth: 5 }));
      check('String(error)', String(error));
    }
  });
  return places;
}

const failing = (events: StreamEvent[]) => {
  const last = events.at(-1);
  expect(last?.type).toBe('error');
  return last as Extract<StreamEvent, { type: 'error' }>;
};

describe.each(secrets)('%s never leaks from an error path', (_label, secret) => {
  it('in the URL query of a fetch that fails (real fetch, unparsable URL)', async () => {
    const spec: Partial<HttpModelSpec> = {
      fetch: globalThis.fetch,
      prepare: () => ({
        url: `http://bad host.invalid/v1?key=${encodeURIComponent(secret)}&raw=${secret}`,
        init: {},
      }),
    };
    const events = await collect(
      run(globalThis.fetch, hello({ retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 } }), spec),
    );
    expect(failing(events).error.kind).toBe('network');
    expect(failing(events).error.message).toMatch(/Failed to parse URL/);
    expect(leaks(events, secret)).toEqual([]);
  });

  it('in an error body and headers that echo the key', async () => {
    const { fetch } = fakeFetch((call) =>
      call.reply(
        401,
        {
          error: {
            message: `Incorrect API key provided: ${secret}.`,
            type: 'invalid_request_error',
            code: secret,
          },
        },
        { 'content-type': 'application/json', 'x-request-id': `req-${secret}`, 'retry-after': '1' },
      ),
    );
    const events = await collect(run(fetch));
    expect(failing(events).error).toMatchObject({ kind: 'auth', status: 401 });
    expect(failing(events).error.message).toContain(`Incorrect API key provided: ${REDACTED}`);
    expect(leaks(events, secret)).toEqual([]);
  });

  it('in a retried error and its retry event', async () => {
    const { fetch } = fakeFetch((call) => call.reply(503, `upstream said: Bearer ${secret}`));
    const events = await collect(
      run(fetch, hello({ retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0 } })),
    );
    expect(events.some((e) => e.type === 'retry')).toBe(true);
    expect(leaks(events, secret)).toEqual([]);
  });

  it('in a network error message and its cause', async () => {
    const { fetch } = fakeFetch((call) =>
      call.fail(
        new TypeError(`fetch failed for ${secret}`, {
          cause: new Error(`connect ECONNREFUSED (x-api-key: ${secret})`),
        }),
      ),
    );
    const events = await collect(run(fetch, hello({ retry: { maxRetries: 0 } })));
    expect(failing(events).error.message).toMatch(/ECONNREFUSED/);
    expect(leaks(events, secret)).toEqual([]);
  });

  it('in a connection cut mid-stream', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('partial'));
      setTimeout(() => call.body.cut(new TypeError(`terminated: socket for ${secret}`)), 0);
    });
    const events = await collect(run(fetch));
    expect(failing(events).text).toBe('partial');
    expect(leaks(events, secret)).toEqual([]);
  });

  it('in an error thrown by a mapper, by prepare, and sent as a stream error', async () => {
    const { fetch } = fakeFetch((call) => {
      call.respond();
      call.body.push(delta('x')).end();
    });
    const thrownByMapper = await collect(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage() {
            throw new Error(`cannot map chunk sent with key ${secret}`);
          },
        }),
      }),
    );
    expect(failing(thrownByMapper).error.kind).toBe('parse');
    expect(leaks(thrownByMapper, secret)).toEqual([]);

    const thrownByPrepare = await collect(
      run(fetch, hello(), {
        prepare: () => {
          throw new Error(`headers { authorization: ${secret} } refused`);
        },
      }),
    );
    expect(leaks(thrownByPrepare, secret)).toEqual([]);

    const inStream = await collect(
      run(fetch, hello(), {
        createMapper: () => ({
          onMessage: (_m, sink) =>
            sink.fail(
              new TrialogueError({
                kind: 'provider',
                message: `provider echoed ${secret}`,
                providerCode: secret,
              }),
            ),
        }),
      }),
    );
    expect(leaks(inStream, secret)).toEqual([]);
  });

  it('in requestJson failures', async () => {
    const down = fakeFetch((call) =>
      call.fail(new TypeError('fetch failed', { cause: new Error(`bad ${secret}`) })),
    );
    const error = await requestJson({
      provider: 'openai',
      url: 'https://api.fake.test/',
      fetch: down.fetch,
    }).catch((e: TrialogueError) => e);
    const echo = fakeFetch((call) => call.reply(403, { error: { message: `key ${secret} may not` } }));
    const error2 = await requestJson({
      provider: 'openai',
      url: 'https://api.fake.test/',
      fetch: echo.fetch,
    }).catch((e: TrialogueError) => e);
    for (const e of [error, error2] as TrialogueError[]) {
      expect(TrialogueError.is(e)).toBe(true);
      const text = [e.message, e.stack, JSON.stringify(e), String(e.cause), inspect(e)].join('\n');
      expect(text).not.toContain(secret);
    }
  });
});

describe('the leak check itself', () => {
  it('finds a key in an event, in an error field, and URL-encoded', () => {
    expect(leaks([{ type: 'text-delta', text: `echo ${CANARY}` }], CANARY)).toEqual([
      'JSON.stringify(events[0])',
    ]);
    const raw = Object.assign(new Error('x'), { cause: `${REMEMBERED}` }) as unknown as TrialogueError;
    expect(leaks([{ type: 'error', error: raw, text: '', timings: { totalMs: 0 } }], REMEMBERED)).toContain(
      'String(error.cause)',
    );
    expect(leaks([{ type: 'text-delta', text: encodeURIComponent(REMEMBERED) }], REMEMBERED)).toHaveLength(1);
  });
});

describe('redact', () => {
  it('masks remembered secrets, their URL-encoded form, and key shapes it never saw', () => {
    expect(redact(`a ${CANARY} b`)).toBe(`a ${REDACTED} b`);
    expect(redact(`?key=${encodeURIComponent(REMEMBERED)}`)).toBe(`?key=${REDACTED}`);
    for (const key of [
      UNREMEMBERED,
      'sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345',
      'AIzaSyA1234567890abcdefghijklmnopqrstu',
      'gsk_abcdefghijklmnopqrstuvwxyz0123',
      'sk-or-v1-0123456789abcdef0123456789abcdef',
      'xai-abcdefghijklmnopqrstuvwxyz',
    ]) {
      expect(redact(`key: ${key}!`)).not.toContain(key);
    }
  });

  it('masks auth header values of any shape', () => {
    expect(redact('Authorization: Bearer abc.def.ghi-jkl_mno')).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(redact('{"x-api-key":"weird-but-secret-value"}')).toBe(`{"x-api-key":"${REDACTED}"}`);
  });

  it('masks values after key-ish names in headers, JSON and queries', () => {
    expect(redact('x-goog-api-key: abcdefghijklmnopqrst')).toBe(`x-goog-api-key: ${REDACTED}`);
    expect(redact('GET /v1/models?key=AbCdEf0123456789xyz')).toBe(`GET /v1/models?key=${REDACTED}`);
    expect(redact('{"api_key": "plainlettersbutsecret"}')).toBe(`{"api_key": "${REDACTED}"}`);
    expect(redact('Authorization: Basic dXNlcjpwYXNzd29yZA==')).toBe(`Authorization: Basic ${REDACTED}`);
  });

  it('leaves model prose that merely uses the words key and bearer intact (the CLI redacts answers too)', () => {
    for (const prose of [
      'The key responsibilities include planning and review.',
      'A primary key constraint_violation occurred',
      'Three key differentiators: price, speed, trust.',
      'Use the Bearer authentication scheme for this API.',
      'Key: considerations for the migration',
    ]) {
      expect(redact(prose)).toBe(prose);
    }
  });

  it('leaves ordinary text alone and ignores secrets too short to mask safely', () => {
    rememberSecret('abc');
    expect(redact('abc is fine; sk-short too')).toBe('abc is fine; sk-short too');
  });

  it('redactDeep masks strings inside plain objects and arrays', () => {
    expect(redactDeep({ a: [CANARY, { b: `x ${CANARY}` }], n: 1 })).toEqual({
      a: [REDACTED, { b: `x ${REDACTED}` }],
      n: 1,
    });
  });
});

describe('redact masks any run of 12 or more characters of a remembered secret', () => {
  // Canary keys of several shapes, none of which the shape net alone would catch in a cut echo.
  const canaries = [
    ['an OpenAI project key', 'sk-proj-Qm7TcY2vLr9pWn4KxZ8bHs3JdF6gA1uE5oR0iNyC'],
    ['an Anthropic key', 'sk-ant-api03-Hq2Wv8Nx4Lc7Rt1Zp9Ky5Mb3Jd6Fs0Ga-AAAA'],
    ['a Gemini key', 'AIzaSyB4dE7gH1jK3mN5pQ8rT0vW2xZ6bC9fLsQ'],
    ['a gateway token', 'gw_live.4f8a2c91e7b3d5f0a6c8'],
    ["a caller's own header value", 'Tenant=acme;Sig=9c1f4e7a2b5d8e0f3a6c'],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ0cmlhbG9ndWUifQ.c2lnbmF0dXJlLWNhbmFyeQ'],
  ] as const;
  for (const [, key] of canaries) rememberSecret(key);

  describe.each(canaries)('%s', (_label, key) => {
    it('masks a cut echo of its start and of its end ("Incorrect API key provided: sk-abc...xyz")', () => {
      const echo = `Incorrect API key provided: ${key.slice(0, 16)}...${key.slice(-14)}. Check your dashboard.`;
      const out = redact(echo);
      expect(longestSecretRun(out, key)).toBeLessThan(12);
      expect(out).toMatch(/^Incorrect API key provided: .*\[redacted\].*\. Check your dashboard\.$/);
    });

    it('masks exactly 12 characters cut from its middle, in prose, JSON and a URL', () => {
      const piece = key.slice(7, 19);
      for (const text of [
        `token ${piece} expired`,
        JSON.stringify({ error: { message: `bad credential ${piece}` } }),
        `https://gw.example/v1?sig=${encodeURIComponent(piece)}&x=1`,
      ]) {
        expect(longestSecretRun(redact(text), key)).toBeLessThan(12);
      }
    });

    it('masks the whole key and a key glued to other text as one [redacted]', () => {
      expect(redact(`a ${key} b`)).toBe(`a ${REDACTED} b`);
      expect(redact(`xx${key}yy`)).toBe(`xx${REDACTED}yy`);
    });

    it('leaves 11 characters of it alone (a short piece gives nothing away)', () => {
      const piece = key.slice(3, 14);
      expect(redact(`id ${piece} ok`)).toBe(`id ${piece} ok`);
    });
  });

  it('masks a short Gemini-style echo that no key shape matches', () => {
    const gemini = canaries[2][1];
    const echo = `API key not valid: "${gemini.slice(0, 12)}". Please pass a valid API key.`;
    expect(redact(echo)).toBe(`API key not valid: "${REDACTED}". Please pass a valid API key.`);
  });

  it('masks pieces inside error messages, stacks and causes built by core', () => {
    const token = canaries[3][1];
    const error = new TrialogueError({
      kind: 'auth',
      provider: 'openai-compatible',
      message: `gateway refused ${token.slice(2)}`,
      cause: new Error(`upstream echoed ${token.slice(0, 13)}`),
    });
    const text = [
      error.message,
      error.stack,
      JSON.stringify(error),
      String(error.cause),
      inspect(error),
    ].join('\n');
    expect(longestSecretRun(text, token)).toBeLessThan(12);
  });

  it('stays linear: a 1 MB text with 500 remembered secrets takes well under a second', () => {
    const secrets = Array.from(
      { length: 500 },
      (_, i) => `perf-secret-${i}-${'x'.repeat(40 + (i % 60))}-${i * 7919}`,
    );
    for (const secret of secrets) rememberSecret(secret);
    const chunk = 'The model wrote a long answer about keys, tokens and secrets. ';
    const text = `${chunk.repeat(Math.ceil(1_000_000 / chunk.length))}${secrets[321]!.slice(5, 40)} end`;
    const started = performance.now();
    const out = redact(text);
    const elapsed = performance.now() - started;
    expect(out.endsWith(`${REDACTED} end`)).toBe(true);
    expect(out.length).toBeLessThan(text.length);
    expect(elapsed).toBeLessThan(1000);
  });
});
