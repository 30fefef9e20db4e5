/**
 * @trialogue/core: the provider-neutral streaming protocol of Trialogue.
 * Requests, stream events, errors, keys, fan-out, transcripts.
 * @packageDocumentation
 */

// Requests
export type {
  ChatMessage,
  ChatRequest,
  ReasoningOptions,
  RetryOptions,
  Role,
  TimeoutOptions,
} from './request/types.js';
export { MAX_MESSAGE_CHARS, MAX_REQUEST_CHARS, validateRequest } from './request/validate.js';

// Stream events
export type {
  ErrorEvent,
  FinishEvent,
  FinishReason,
  ReasoningDeltaEvent,
  RetryEvent,
  StartEvent,
  StreamEvent,
  TerminalEvent,
  TextDeltaEvent,
  Timings,
  UsageEvent,
} from './stream/events.js';
export { isTerminal } from './stream/events.js';

// Errors
export {
  ERROR_KINDS,
  type ErrorKind,
  type RateLimitSnapshot,
  TrialogueError,
  type TrialogueErrorInit,
  type TrialogueErrorJSON,
  invalidRequest,
  isRetryableKind,
} from './errors/trialogue-error.js';
export { REDACTED, redact, redactDeep, rememberSecret } from './errors/redact.js';
export {
  type HeaderSource,
  parseDuration,
  retryAfterFromHeaders,
  retryAfterFromRetryInfo,
  retryAfterFromText,
  retryAfterMs,
} from './errors/retry-after.js';
export {
  type HttpFailure,
  errorDetails,
  errorFromHttp,
  kindFromStatus,
  rateLimitFromHeaders,
} from './errors/http.js';

// HTTP machinery shared by every provider
export {
  type HttpModelSpec,
  type SseMessage,
  type StreamMapper,
  type StreamSink,
  backoffDelay,
  httpChatModel,
  runHttpStream,
  sleep,
  toTrialogueError,
} from './http/sse-request.js';
export { requestJson } from './http/request-json.js';

// Models, providers, registry
export {
  type ChatModel,
  type GenerateError,
  type GenerateResult,
  type KeyCheck,
  type ModelInfo,
  type Provider,
  type ProviderFactory,
  type ProviderOptions,
  type ProviderSettings,
  collectStream,
  defineChatModel,
} from './models/chat-model.js';
export {
  MAX_MODEL_ID_LENGTH,
  type ModelRef,
  assertModelId,
  formatModelRef,
  parseModelRef,
} from './models/model-ref.js';
export { type Registry, type RegistryOptions, createRegistry } from './models/registry.js';

// Keys
export type { KeyStore } from './keys/key-store.js';
export { MAX_KEY_LENGTH, assertKeyShape } from './keys/key-shape.js';

// Usage and cost
export { type Usage, addUsage, makeUsage } from './usage/usage.js';

// Transcripts
export {
  TRANSCRIPT_VERSION,
  type Transcript,
  type TranscriptOutcome,
  type TranscriptParticipant,
  type TranscriptTurn,
} from './transcript/types.js';

// --- exports added by the core-rest work (keys, fan-out, cost, transcripts, SSE codec) go below ---

// Key stores
export { type EnvKeyStoreOptions, ENV_KEY_NAMES, envKeyStore, envVarsFor } from './keys/env-store.js';
export { memoryKeyStore } from './keys/memory-store.js';
export { type BrowserSessionKeyStoreOptions, browserSessionKeyStore } from './keys/session-store.js';
export {
  DEFAULT_PBKDF2_ITERATIONS,
  type EncryptedKeyStoreOptions,
  encryptedKeyStore,
} from './keys/encrypted-store.js';
export { chainKeyStores } from './keys/chain-store.js';
export type { KeyValueStorage } from './keys/web-storage.js';

// Fan-out
export {
  type FanOut,
  type FanOutEvent,
  type FanOutModels,
  type FanOutOptions,
  fanOut,
} from './fanout/fan-out.js';

// Cost and catalogue
export { type ModelPrice, costOf, formatCost } from './usage/cost.js';
export { type CatalogueEntry, type ModelCatalogue, createCatalogue } from './usage/catalogue.js';

// Transcripts: JSON, Markdown, building, replay
export { transcriptSchema } from './transcript/schema.js';
export { parseTranscript, serializeTranscript } from './transcript/json.js';
export { type MarkdownOptions, toMarkdown } from './transcript/markdown.js';
export {
  type TranscriptBuilder,
  type TranscriptBuilderOptions,
  type TranscriptInit,
  type TurnInit,
  type TurnRecorder,
  applyTerminal,
  createTranscript,
  participantFromModel,
  recordTurn,
  transcriptBuilder,
  turnFromEvents,
} from './transcript/builder.js';
export { type ReplayOptions, replayModel, replayModels } from './transcript/replay.js';

// SSE relay
export { decodeEventStream, encodeEvent, encodeEventStream } from './stream/sse-codec.js';
