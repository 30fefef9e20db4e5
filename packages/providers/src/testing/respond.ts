/**
 * The one place that decides what the fake answers: route, key rules, CORS, then the script turned
 * into a status, headers and a list of steps (bytes to write, a cut, a stall). The node server and
 * the msw handlers only carry these steps out.
 */
import { errorBody, type FakeErrorKind, fakeError, streamErrorPayloads } from './error-bodies.js';
import { fixtureFolder, framesFromFixture, readFixtureLines } from './fixtures.js';
import { modelBody, modelListBody, openRouterKeyBody } from './model-lists.js';
import type { FakeProviderOptions, FakeRoute, FakeScript, FakeWire, RecordedRequest } from './script.js';
import { WIRES } from './script.js';
import {
  anthropicFrames,
  anthropicJson,
  chatCompletionFrames,
  chatCompletionJson,
  fakeId,
  googleChunks,
  googleFrames,
  googleJson,
  responsesFrames,
  responsesJson,
  type ScriptedAnswer,
  type SseFrame,
  scriptedAnswer,
} from './wire-events.js';

/** One thing the adapter does, in order. */
export type FakeStep =
  | { kind: 'write'; text: string; delayMs?: number }
  /** Destroy the connection (socket.destroy() / a body stream error). */
  | { kind: 'cut'; delayMs?: number }
  /** Send nothing more and keep the connection open until the client goes away. */
  | { kind: 'stall' };

/** One answer the fake provider decided on for a request: status, headers and the steps of its body. */
export interface FakeReply {
  status: number;
  headers: Record<string, string>;
  steps: FakeStep[];
}

/** A request as the adapters hand it over. */
export interface FakeRequestInput {
  method: string;
  url: URL;
  /** Lowercased names. */
  headers: Record<string, string>;
  bodyText: string;
}

/** The record of one request, before it is routed. */
export function recordOf(input: FakeRequestInput): RecordedRequest {
  const record: RecordedRequest = {
    method: input.method,
    path: input.url.pathname,
    url: input.url.toString(),
    query: Object.fromEntries(input.url.searchParams),
    headers: input.headers,
    bodyText: input.bodyText,
    route: 'unknown',
  };
  try {
    if (input.bodyText) record.body = JSON.parse(input.bodyText);
  } catch {
    // Not JSON: bodyText keeps it.
  }
  return record;
}

/** Fills in what {@link decide} found out. */
export function completeRecord(record: RecordedRequest, decision: FakeDecision): void {
  if (decision.wire) record.wire = decision.wire;
  record.route = decision.route;
  record.status = decision.reply.status;
}

/** Where a wire lives for this adapter: the path prefix (server) or base URL (msw). */
export interface WireBase {
  wire: FakeWire;
  base: URL;
}

export interface FakeDecision {
  wire?: FakeWire;
  route: FakeRoute;
  reply: FakeReply;
}

type Endpoint =
  | {
      route: 'generate';
      api: 'chat' | 'responses' | 'anthropic' | 'google';
      model?: string;
      stream?: boolean;
    }
  | { route: 'models'; model?: string }
  | { route: 'key' }
  | { route: 'unknown' };

/** Finds the wire whose base the URL falls under (longest base first) and the path after it. */
export function matchWire(url: URL, bases: WireBase[]): { wire: FakeWire; rest: string } | undefined {
  let best: { wire: FakeWire; rest: string; length: number } | undefined;
  for (const { wire, base } of bases) {
    if (url.origin !== base.origin) continue;
    const prefix = base.pathname.replace(/\/+$/, '');
    if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) continue;
    if (!best || prefix.length > best.length)
      best = { wire, rest: url.pathname.slice(prefix.length), length: prefix.length };
  }
  return best && { wire: best.wire, rest: best.rest };
}

function endpointOf(wire: FakeWire, method: string, rest: string, url: URL, body: unknown): Endpoint {
  const family = WIRES[wire].family;
  const b = (body ?? {}) as { model?: unknown; stream?: unknown };
  const model = typeof b.model === 'string' ? b.model : undefined;
  if (method === 'GET' && rest === '/models') return { route: 'models' };
  if (method === 'GET' && rest.startsWith('/models/'))
    return { route: 'models', model: decodeURIComponent(rest.slice(8)) };
  if (method === 'GET' && wire === 'openrouter' && (rest === '/key' || rest === '/auth/key'))
    return { route: 'key' };
  if (method !== 'POST') return { route: 'unknown' };
  if (family === 'openai' && rest === '/chat/completions')
    return { route: 'generate', api: 'chat', model, stream: b.stream === true };
  if (family === 'openai' && rest === '/responses' && (wire === 'openai' || wire === 'openai-responses')) {
    return { route: 'generate', api: 'responses', model, stream: b.stream === true };
  }
  if (family === 'anthropic' && rest === '/messages')
    return { route: 'generate', api: 'anthropic', model, stream: b.stream === true };
  if (family === 'google') {
    const m = /^\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(rest);
    if (m) {
      return {
        route: 'generate',
        api: 'google',
        model: decodeURIComponent(m[1]!),
        stream: m[2] === 'streamGenerateContent' && url.searchParams.get('alt') === 'sse',
      };
    }
  }
  return { route: 'unknown' };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeReply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  steps: [{ kind: 'write', text: typeof body === 'string' ? body : JSON.stringify(body) }],
});

/** The CORS headers each provider sends to a browser (and on its preflight answer). */
export function corsHeaders(
  wire: FakeWire,
  origin: string,
  requestHeaders?: string,
): Record<string, string> | undefined {
  if (wire === 'ollama' && !/^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(origin))
    return undefined;
  const echoOrigin = wire === 'google' || wire === 'ollama' || wire === 'anthropic';
  const headers: Record<string, string> = {
    'access-control-allow-origin': echoOrigin ? origin : '*',
    'access-control-expose-headers': [
      'retry-after',
      'x-request-id',
      'request-id',
      'x-ratelimit-limit-requests',
      'x-ratelimit-remaining-requests',
      'x-ratelimit-reset-requests',
      'anthropic-ratelimit-requests-remaining',
    ].join(', '),
  };
  if (echoOrigin) headers.vary = 'Origin';
  if (requestHeaders !== undefined) {
    headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
    headers['access-control-allow-headers'] = requestHeaders || 'authorization, content-type';
    headers['access-control-max-age'] = '86400';
  }
  return headers;
}

function keyFrom(wire: FakeWire, headers: Record<string, string>): string | undefined {
  switch (WIRES[wire].auth) {
    case 'bearer': {
      const m = /^Bearer\s+(\S.*)$/i.exec(headers.authorization ?? '');
      return m?.[1]?.trim();
    }
    case 'x-api-key':
      return headers['x-api-key'] || undefined;
    case 'x-goog-api-key':
      return headers['x-goog-api-key'] || undefined;
    default:
      return undefined;
  }
}

/** An error reply in the wire's own shape. */
function failure(
  wire: FakeWire,
  kind: FakeErrorKind,
  extra: { key?: string; model?: string; message?: string; retryAfterSeconds?: number } = {},
): FakeReply {
  const script = fakeError(wire, kind, extra);
  return json(script.status!, script.body, script.headers);
}

/**
 * Decides the reply to one request. `nextScript` is called only when the request passed the key and
 * CORS rules (a rejected request consumes no script).
 */
export async function decide(
  input: FakeRequestInput,
  bases: WireBase[],
  nextScript: () => FakeScript | undefined,
  options: FakeProviderOptions = {},
): Promise<FakeDecision> {
  const match = matchWire(input.url, bases);
  if (!match) {
    return {
      route: 'unknown',
      reply: json(404, {
        error: {
          message: `No fake provider at ${input.url.pathname}.`,
          wires: bases.map((b) => b.base.pathname),
        },
      }),
    };
  }
  let body: unknown;
  try {
    body = input.bodyText ? JSON.parse(input.bodyText) : undefined;
  } catch {
    body = undefined;
  }
  const endpoint = endpointOf(match.wire, input.method, match.rest, input.url, body);
  const wire: FakeWire =
    endpoint.route === 'generate' && endpoint.api === 'responses' ? 'openai-responses' : match.wire;
  const origin = input.headers.origin;

  if (input.method === 'OPTIONS') {
    const cors = origin
      ? corsHeaders(wire, origin, input.headers['access-control-request-headers'] ?? '')
      : undefined;
    if (!cors) return { wire, route: 'preflight', reply: { status: 403, headers: {}, steps: [] } };
    return { wire, route: 'preflight', reply: { status: 204, headers: cors, steps: [] } };
  }
  const withCors = (decision: FakeDecision): FakeDecision => {
    if (!origin) return decision;
    const cors = corsHeaders(wire, origin);
    if (cors) Object.assign(decision.reply.headers, cors);
    return decision;
  };
  const route: FakeRoute = endpoint.route;

  if (origin && !corsHeaders(wire, origin)) {
    // Ollama refuses origins it was not told to trust (OLLAMA_ORIGINS).
    return { wire, route, reply: { status: 403, headers: {}, steps: [] } };
  }
  // No provider here takes a key in the URL; a key there would leak into logs and histories.
  if (input.url.searchParams.has('key') || input.url.searchParams.has('api_key')) {
    return withCors({ wire, route, reply: failure(wire, 'key-in-url') });
  }
  const unauthenticatedList = wire === 'openrouter' && endpoint.route === 'models';
  if (WIRES[wire].auth !== 'none' && !unauthenticatedList) {
    const key = keyFrom(wire, input.headers);
    if (!key) return withCors({ wire, route, reply: failure(wire, 'missing-key') });
    if (wire === 'anthropic') {
      if (!input.headers['anthropic-version']) {
        return withCors({
          wire,
          route,
          reply: failure(wire, 'bad-request', { message: 'anthropic-version: header is required' }),
        });
      }
      if (origin && input.headers['anthropic-dangerous-direct-browser-access'] !== 'true') {
        const message = "CORS requests must set 'anthropic-dangerous-direct-browser-access' header";
        const { body: errorJson } = errorBody(wire, 'auth', { message });
        return withCors({ wire, route, reply: json(401, errorJson) });
      }
    }
    if (options.rateLimitedKeys?.includes(key)) {
      return withCors({
        wire,
        route,
        reply: failure(wire, 'rate-limit', { retryAfterSeconds: options.rateLimitRetryAfterSeconds ?? 0 }),
      });
    }
    if (options.validKeys && !options.validKeys.includes(key)) {
      return withCors({ wire, route, reply: failure(wire, 'auth', { key }) });
    }
  }

  const script = nextScript() ?? {};
  const requestId = WIRES[wire].requestIdHeader;
  const idHeaders: Record<string, string> = requestId ? { [requestId]: fakeId('req_') } : {};
  // A status other than 200, or a body, is a plain answer; `{ status: 200, headers, text }` still streams.
  if (script.body !== undefined || (script.status !== undefined && script.status !== 200)) {
    const status = script.status ?? 200;
    const text =
      script.body === undefined
        ? ''
        : typeof script.body === 'string'
          ? script.body
          : JSON.stringify(script.body);
    const type = typeof script.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
    return withCors({
      wire,
      route,
      reply: {
        status,
        headers: { 'content-type': type, ...idHeaders, ...script.headers },
        steps: text ? [{ kind: 'write', text }] : [],
      },
    });
  }
  if (endpoint.route === 'models') {
    const reply = endpoint.model
      ? json(200, modelBody(match.wire, endpoint.model), idHeaders)
      : json(200, modelListBody(match.wire, script.models), idHeaders);
    return withCors({ wire, route, reply });
  }
  if (endpoint.route === 'key') return withCors({ wire, route, reply: json(200, openRouterKeyBody()) });
  if (endpoint.route === 'unknown') {
    const message = `Invalid URL (${input.method} ${input.url.pathname})`;
    return withCors({ wire, route, reply: failure(wire, 'not-found', { message }) });
  }

  const answer = scriptedAnswer(script, endpoint.model ?? WIRES[wire].defaultModel, wire);
  if (!endpoint.stream && !script.fixture) {
    const bodyJson =
      endpoint.api === 'chat'
        ? chatCompletionJson(answer, wire)
        : endpoint.api === 'responses'
          ? responsesJson(answer)
          : endpoint.api === 'anthropic'
            ? anthropicJson(answer)
            : input.url.pathname.endsWith(':streamGenerateContent')
              ? googleChunks(answer) // without alt=sse Gemini streams one JSON array
              : googleJson(answer);
    return withCors({ wire, route, reply: json(200, bodyJson, { ...idHeaders, ...script.headers }) });
  }

  const frames = script.fixture
    ? framesFromFixture(
        fixtureFolder(script.fixture),
        await readFixtureLines(script.fixture, options.fixturesDir),
      )
    : framesFor(endpoint.api, answer, wire);
  const googleFraming = script.fixture ? fixtureFolder(script.fixture) === 'google' : wire === 'google';
  const reply: FakeReply = {
    status: 200,
    headers: {
      'content-type': wire === 'google' ? 'text/event-stream' : 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      ...idHeaders,
      ...script.headers,
    },
    steps: planStream(frames, script, wire, googleFraming),
  };
  return withCors({ wire, route, reply });
}

function framesFor(
  api: 'chat' | 'responses' | 'anthropic' | 'google',
  answer: ScriptedAnswer,
  wire: FakeWire,
): SseFrame[] {
  if (api === 'chat') return chatCompletionFrames(answer, wire);
  if (api === 'responses') return responsesFrames(answer);
  if (api === 'anthropic') return anthropicFrames(answer);
  return googleFrames(answer);
}

/** Frames one event: `event:` when present, `data:`, blank line. Gemini ends events with CRLF. */
export function frameText(frame: SseFrame, eol: '\n' | '\r\n'): string {
  if ('comment' in frame) return `: ${frame.comment}${eol}${eol}`;
  return `${frame.event ? `event: ${frame.event}${eol}` : ''}data: ${frame.data}${eol}${eol}`;
}

/** Turns frames plus the script's faults into steps. */
export function planStream(
  frames: SseFrame[],
  script: FakeScript,
  wire: FakeWire,
  googleFraming = wire === 'google',
): FakeStep[] {
  const eol = script.crlf || googleFraming ? '\r\n' : '\n';
  const delayMs = script.tokenDelayMs;
  const steps: FakeStep[] = [];
  const write = (frame: SseFrame) =>
    steps.push({ kind: 'write', text: frameText(frame, eol), ...(delayMs ? { delayMs } : {}) });
  const comment = wire === 'openrouter' ? 'OPENROUTER PROCESSING' : 'keep-alive';
  const usesEventField = wire === 'anthropic' || wire === 'openai-responses';
  // A count past the end applies at the end.
  const at = (n: number | undefined) => (n === undefined ? undefined : Math.min(n, frames.length));
  const cutAfter = at(script.cutAfter);
  const stallAfter = at(script.stallAfter);
  const errorEventAfter = at(script.errorEventAfter);
  const malformedAfter = at(script.malformedAfter);
  for (let i = 0; i <= frames.length; i++) {
    if (cutAfter === i) {
      steps.push({ kind: 'cut', ...(delayMs ? { delayMs } : {}) });
      return steps;
    }
    if (stallAfter === i) {
      steps.push({ kind: 'stall' });
      return steps;
    }
    if (errorEventAfter === i) {
      const payloads = script.errorEvent
        ? [
            {
              event: usesEventField
                ? String((script.errorEvent as { type?: unknown }).type ?? 'error')
                : undefined,
              payload: script.errorEvent,
            },
          ]
        : streamErrorPayloads(wire);
      for (const { event, payload } of payloads)
        write(event ? { event, data: JSON.stringify(payload) } : { data: JSON.stringify(payload) });
      return steps;
    }
    if (malformedAfter === i) {
      write(
        usesEventField
          ? {
              event: 'content_block_delta',
              data: '{"type":"content_block_delta","delta":{"text":"unterminated',
            }
          : { data: '{"choices":[{"delta":{"content":"unterminated' },
      );
    }
    if (script.comments && i % 3 === 0) steps.push({ kind: 'write', text: `: ${comment}${eol}${eol}` });
    const frame = frames[i];
    if (frame) write(frame);
  }
  return steps;
}
