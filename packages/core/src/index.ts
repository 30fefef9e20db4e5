/**
 * @trialogue/core: the provider-neutral streaming protocol of Trialogue.
 * Requests, stream events, errors, keys, fan-out, transcripts.
 * @packageDocumentation
 */

export {
  errorDetails,
  errorFromHttp,
  type HttpFailure,
  kindFromStatus,
  rateLimitFromHeaders,
} from './errors/http.js';
export { MIN_SECRET_RUN, REDACTED, redact, redactDeep, rememberSecret } from './errors/redact.js';
export {
  type HeaderSource,
  parseDuration,
  retryAfterFromHeaders,
  retryAfterFromRetryInfo,
  retryAfterFromText,
  retryAfterMs,
} from './errors/retry-after.js';
// Errors
export {
  ERROR_KINDS,
  type ErrorKind,
  invalidRequest,
  isRetryableKind,
  type RateLimitSnapshot,
  TrialogueError,
  type TrialogueErrorInit,
  type TrialogueErrorJSON,
} from './errors/trialogue-error.js';
export { MAX_SSE_LINE_BYTES } from './http/body-reader.js';
export { requestJson } from './http/request-json.js';
// HTTP machinery shared by every provider
export {
  backoffDelay,
  type HttpModelSpec,
  httpChatModel,
  runHttpStream,
  type SseMessage,
  type StreamMapper,
  type StreamSink,
  sleep,
  toTrialogueError,
} from './http/sse-request.js';
export { assertKeyShape, MAX_KEY_LENGTH } from './keys/key-shape.js';
// Keys
export { guardKeyStore, type KeyStore } from './keys/key-store.js';
// Models, providers, registry
export {
  type ChatModel,
  collectStream,
  defineChatModel,
  type GenerateError,
  type GenerateResult,
  type KeyCheck,
  type ModelInfo,
  type Provider,
  type ProviderFactory,
  type ProviderOptions,
  type ProviderSettings,
} from './models/chat-model.js';
export {
  assertModelId,
  formatModelRef,
  MAX_MODEL_ID_LENGTH,
  type ModelRef,
  parseModelRef,
} from './models/model-ref.js';
export { createRegistry, type Registry, type RegistryOptions } from './models/registry.js';
export { MAX_MESSAGE_CHARS, MAX_REQUEST_CHARS } from './request/limits.js';
export { chatRequestSchema } from './request/schema.js';
// Requests
export type {
  ChatMessage,
  ChatRequest,
  ReasoningOptions,
  RetryOptions,
  Role,
  TimeoutOptions,
} from './request/types.js';
export { findRequestProblem, type RequestProblem, validateRequest } from './request/validate.js';
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
// Transcripts
export {
  TRANSCRIPT_VERSION,
  type Transcript,
  type TranscriptOutcome,
  type TranscriptParticipant,
  type TranscriptTurn,
} from './transcript/types.js';
// Usage and cost
export { addUsage, makeUsage, type Usage } from './usage/usage.js';

// --- exports added by the core-rest work (keys, fan-out, cost, transcripts, SSE codec) go below ---

// Fan-out
export {
  type FanOut,
  type FanOutEvent,
  type FanOutModels,
  type FanOutOptions,
  fanOut,
} from './fanout/fan-out.js';
export { chainKeyStores } from './keys/chain-store.js';
export {
  DEFAULT_PBKDF2_ITERATIONS,
  type EncryptedKeyStoreOptions,
  encryptedKeyStore,
} from './keys/encrypted-store.js';
// Key stores
export { ENV_KEY_NAMES, type EnvKeyStoreOptions, envKeyStore, envVarsFor } from './keys/env-store.js';
export { memoryKeyStore } from './keys/memory-store.js';
export { type BrowserSessionKeyStoreOptions, browserSessionKeyStore } from './keys/session-store.js';
export type { KeyValueStorage } from './keys/web-storage.js';
// SSE relay
export { decodeEventStream, encodeEvent, encodeEventStream } from './stream/sse-codec.js';
export {
  applyTerminal,
  createTranscript,
  participantFromModel,
  recordTurn,
  type TranscriptBuilder,
  type TranscriptBuilderOptions,
  type TranscriptInit,
  type TurnInit,
  type TurnRecorder,
  transcriptBuilder,
  turnFromEvents,
} from './transcript/builder.js';
export { findTranscriptProblem, type TranscriptProblem } from './transcript/check.js';
export { parseTranscript, serializeTranscript } from './transcript/json.js';
export { type MarkdownOptions, toMarkdown } from './transcript/markdown.js';
export { type ReplayOptions, replayModel, replayModels } from './transcript/replay.js';
// Transcripts: JSON, Markdown, building, replay
export { transcriptSchema } from './transcript/schema.js';
export { type CatalogueEntry, createCatalogue, type ModelCatalogue } from './usage/catalogue.js';
// Cost and catalogue
export { costOf, formatCost, type ModelPrice } from './usage/cost.js';
