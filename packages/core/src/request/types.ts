import type { ProviderOptions } from '../models/chat-model.js';

/** Who speaks a message. */
export type Role = 'system' | 'user' | 'assistant';

/** One message of a conversation. `name` labels the speaker in multi-party transcripts. */
export interface ChatMessage {
  role: Role;
  content: string;
  name?: string;
}

/** Reasoning ("thinking") controls; each provider maps what it supports. */
export interface ReasoningOptions {
  /** Relative effort, for providers that take one (OpenAI, Groq, Gemini 3). */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Token budget, for providers that take one (Anthropic, Gemini 2.5). */
  budgetTokens?: number;
  /** Stream the visible reasoning text as `reasoning-delta` events where the provider offers it. Default true. */
  includeText?: boolean;
}

/** Time limits for one call, in milliseconds. Each is off when absent. */
export interface TimeoutOptions {
  /** From sending the request to the response headers. */
  firstByteMs?: number;
  /** From sending the request to the first text or reasoning token (pings do not count). */
  firstTokenMs?: number;
  /** Longest silence between two chunks once the body flows (pings and comments do count). */
  idleMs?: number;
  /** The whole call, retries included. */
  totalMs?: number;
}

/** Retry policy. Retries only ever happen before the first token. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay. Default 500 ms; doubles each attempt, with jitter. */
  initialDelayMs?: number;
  /** Largest backoff delay. Default 8 000 ms. */
  maxDelayMs?: number;
  /** Largest server-asked delay (retry-after) honoured; beyond it the error is returned instead. Default 60 000 ms. */
  maxRetryAfterMs?: number;
}

/** A provider-neutral chat request. Validated by {@link validateRequest} before any network call. */
export interface ChatRequest {
  messages: ChatMessage[];
  /** System prompt; joined before any `system` messages. */
  system?: string;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
  reasoning?: ReasoningOptions;
  /** Per-provider escape hatch, keyed by provider id: merged into that provider's request body. */
  providerOptions?: ProviderOptions;
  signal?: AbortSignal;
  timeouts?: TimeoutOptions;
  retry?: RetryOptions;
}
