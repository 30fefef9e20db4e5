/**
 * What the fake provider speaks: the wires, the scripts that drive one response, and what it
 * records. Shared by the loopback server and the msw handlers.
 */

/** A provider wire format the fake speaks. The prefix of the fake's URL picks it. */
export type FakeWire =
  | 'openai'
  | 'openai-responses'
  | 'anthropic'
  | 'google'
  | 'groq'
  | 'openai-compatible'
  | 'openrouter'
  | 'ollama';

/** Every wire, in a stable order (handy for `describe.each`). */
export const FAKE_WIRES: readonly FakeWire[] = [
  'openai',
  'openai-responses',
  'anthropic',
  'google',
  'groq',
  'openai-compatible',
  'openrouter',
  'ollama',
];

/** How a wire authenticates. */
export type AuthStyle = 'bearer' | 'x-api-key' | 'x-goog-api-key' | 'none';

/** The OpenAI-format family (chat completions) versus the others. */
export type WireFamily = 'openai' | 'anthropic' | 'google';

/** What the fake provider knows about one wire format: its family, paths, auth and real base URL. */
export interface WireInfo {
  family: WireFamily;
  /** Path prefix on the fake server; the provider appends its own paths (`/chat/completions`...). */
  prefix: string;
  /** The real provider's default base URL (what msw intercepts by default). */
  realBaseURL: string;
  auth: AuthStyle;
  /** Response header carrying the request id, when the provider sends one. */
  requestIdHeader?: string;
  /** A model id used when the request names none. */
  defaultModel: string;
}

/** The table every adapter reads. */
export const WIRES: Record<FakeWire, WireInfo> = {
  openai: {
    family: 'openai',
    prefix: '/openai/v1',
    realBaseURL: 'https://api.openai.com/v1',
    auth: 'bearer',
    requestIdHeader: 'x-request-id',
    defaultModel: 'gpt-4.1-nano',
  },
  // Same host and prefix as `openai`: the Responses API is the `/responses` path.
  'openai-responses': {
    family: 'openai',
    prefix: '/openai/v1',
    realBaseURL: 'https://api.openai.com/v1',
    auth: 'bearer',
    requestIdHeader: 'x-request-id',
    defaultModel: 'gpt-5-nano',
  },
  anthropic: {
    family: 'anthropic',
    prefix: '/anthropic/v1',
    realBaseURL: 'https://api.anthropic.com/v1',
    auth: 'x-api-key',
    requestIdHeader: 'request-id',
    defaultModel: 'claude-sonnet-4-5',
  },
  google: {
    family: 'google',
    prefix: '/google/v1beta',
    realBaseURL: 'https://generativelanguage.googleapis.com/v1beta',
    auth: 'x-goog-api-key',
    defaultModel: 'gemini-2.5-flash',
  },
  groq: {
    family: 'openai',
    prefix: '/groq/openai/v1',
    realBaseURL: 'https://api.groq.com/openai/v1',
    auth: 'bearer',
    requestIdHeader: 'x-request-id',
    defaultModel: 'llama-3.3-70b-versatile',
  },
  'openai-compatible': {
    family: 'openai',
    prefix: '/openai-compatible/v1',
    realBaseURL: 'https://api.deepseek.com/v1',
    auth: 'bearer',
    defaultModel: 'deepseek-chat',
  },
  openrouter: {
    family: 'openai',
    prefix: '/openrouter/v1',
    realBaseURL: 'https://openrouter.ai/api/v1',
    auth: 'bearer',
    defaultModel: 'openai/gpt-4o-mini',
  },
  ollama: {
    family: 'openai',
    prefix: '/ollama/v1',
    realBaseURL: 'http://127.0.0.1:11434/v1',
    auth: 'none',
    defaultModel: 'llama3.2',
  },
};

/** Why a scripted answer ended, in provider-neutral words; each wire sends its own spelling. */
export type FakeFinishReason = 'stop' | 'length' | 'content-filter';

/**
 * One response of the fake. Leave everything out for a default scripted answer. Counts such as
 * `cutAfter` are in server-sent events (frames) as the wire sends them, preamble events included
 * (Anthropic's `message_start`, a Responses `response.created`, ...), the end marker too.
 *
 * @example
 * ```ts
 * server.enqueue(
 *   { status: 429, headers: { 'retry-after': '0' } },   // first call: rate limited
 *   { text: 'Hello there', cutAfter: 4 },               // retry: cut mid-stream
 * );
 * ```
 */
export interface FakeScript {
  /** The answer, sent word by word as the wire's real deltas. */
  text?: string;
  /** Visible reasoning sent before the answer (thinking_delta, reasoning_content, thought parts...). */
  reasoning?: string;
  /** A recorded stream, such as `'anthropic/anthropic-text'`, replayed with the wire's framing. */
  fixture?: string;
  /** Delay before each event, in ms. */
  tokenDelayMs?: number;
  /** Answer with this status and `body`, no stream: any error response. `status: 200` without a body still streams. */
  status?: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Send an error event in the wire's format after this many events (after HTTP 200), then end. */
  errorEventAfter?: number;
  /** The error event's payload (the `data:` JSON); default: the wire's usual mid-stream error. */
  errorEvent?: object;
  /** Destroy the socket after this many events. */
  cutAfter?: number;
  /** Send a line of broken JSON after this many events (the stream then goes on). */
  malformedAfter?: number;
  /** Stop sending after this many events but keep the connection open. */
  stallAfter?: number;
  /** CRLF line endings. */
  crlf?: boolean;
  /** SSE comments (keep-alives, OpenRouter's `: OPENROUTER PROCESSING`) between events; not counted. */
  comments?: boolean;
  /** Token counts reported in the wire's usage fields. Default: input 12, output = number of deltas. */
  usage?: { input: number; output: number };
  /** Default `stop`. */
  finishReason?: FakeFinishReason;
  /** For model-list routes: the model ids to list. */
  models?: string[];
}

/** One request the fake received. */
export interface RecordedRequest {
  method: string;
  /** The path, without the query. */
  path: string;
  /** The full URL as received. */
  url: string;
  query: Record<string, string>;
  /** Header names lowercased. */
  headers: Record<string, string>;
  /** The body text ('' when none). */
  bodyText: string;
  /** The body parsed as JSON, when it was JSON. */
  body?: unknown;
  /** Which wire the path belonged to, when it matched one. */
  wire?: FakeWire;
  /** What the route was: a generation, a model list, a key check, a CORS preflight, or unknown. */
  route: FakeRoute;
  /** The status the fake answered with. */
  status?: number;
}

/** Which endpoint a recorded request hit: a generation, the model list, the key check, a CORS preflight, or none. */
export type FakeRoute = 'generate' | 'models' | 'key' | 'preflight' | 'unknown';

/** Options shared by the server and the msw handlers. */
export interface FakeProviderOptions {
  /** When set, any other key gets the provider's real "invalid key" answer. */
  validKeys?: string[];
  /** These keys get the provider's 429 with a `retry-after` (seconds, default 0). */
  rateLimitedKeys?: string[];
  /** The `retry-after` sent to rate-limited keys, in seconds. Default 0 (tests stay fast). */
  rateLimitRetryAfterSeconds?: number;
  /**
   * Where recorded streams live (needed only by scripts that name a `fixture`). Default: the
   * repository's `fixtures/provider-streams`, found upward from the package or the working directory;
   * the npm package ships no recordings, so outside the repository pass a folder laid out the same way.
   */
  fixturesDir?: string;
}
