/**
 * Test helpers for code that talks to LLM providers: a loopback fake provider server and msw
 * handlers that speak each provider's real wire format (OpenAI Chat Completions and Responses,
 * Anthropic Messages, Gemini `streamGenerateContent?alt=sse`, Groq, OpenAI-compatible, OpenRouter,
 * Ollama), with fault injection. The msw handlers live in `@trialogue/providers/testing/msw`, so the
 * loopback server needs no msw installed; Node's `http` and `fs` load lazily, so the msw handlers
 * also run in a browser (scripted answers only; recorded fixtures need `fs`).
 *
 * @example
 * ```ts
 * import { startFakeProviderServer, fakeError } from '@trialogue/providers/testing';
 * import { anthropic } from '@trialogue/providers/anthropic';
 *
 * const server = await startFakeProviderServer();
 * server.enqueue(fakeError('anthropic', 'overloaded'), { text: 'Hello after a retry' });
 * const model = anthropic({ apiKey: 'sk-ant-test', baseURL: server.baseURL('anthropic') }).model('claude-sonnet-4-5');
 * const { text } = await model.generate({ messages: [{ role: 'user', content: 'Hi' }], retry: { initialDelayMs: 1 } });
 * await server.close();
 * ```
 * @packageDocumentation
 */

export {
  errorBody,
  type FakeErrorKind,
  type FakeErrorOptions,
  fakeError,
  streamErrorPayloads,
} from './error-bodies.js';
export { type FixtureFolder, findFixturesDir, framesFromFixture, readFixtureLines } from './fixtures.js';
export { DEFAULT_MODELS, modelListBody, openRouterKeyBody } from './model-lists.js';
export { type FakeReply, type FakeStep, frameText } from './respond.js';
export {
  type AuthStyle,
  FAKE_WIRES,
  type FakeFinishReason,
  type FakeProviderOptions,
  type FakeRoute,
  type FakeScript,
  type FakeWire,
  type RecordedRequest,
  WIRES,
  type WireFamily,
  type WireInfo,
} from './script.js';
export {
  type FakeConnections,
  type FakeProviderServer,
  type FakeProviderServerOptions,
  startFakeProviderServer,
} from './server.js';
export { type SseFrame, toDeltas } from './wire-events.js';
