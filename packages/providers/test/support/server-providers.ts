/**
 * The real providers, pointed at the fake server: one entry per wire the fake speaks.
 */
import type { ChatModel, ChatRequest, Provider, StreamEvent } from '@trialogue/core';
import { anthropic } from '@trialogue/providers/anthropic';
import { google } from '@trialogue/providers/google';
import { groq } from '@trialogue/providers/groq';
import { type OpenAIProvider, openai } from '@trialogue/providers/openai';
import { ollama, openaiCompatible, openrouter } from '@trialogue/providers/openai-compatible';
import type { FakeProviderServer, FakeWire } from '@trialogue/providers/testing';

export interface WireUnderTest {
  wire: FakeWire;
  /** The provider id events and errors carry. */
  providerId: string;
  provider(server: FakeProviderServer, apiKey: string | undefined): Provider;
  model(server: FakeProviderServer, apiKey: string | undefined): ChatModel;
  /** Whether the wire takes a key at all. */
  keyed: boolean;
}

const entry = (
  wire: FakeWire,
  providerId: string,
  make: (baseURL: string, apiKey: string | undefined) => Provider,
  modelId: string,
  modelOf: (provider: Provider, modelId: string) => ChatModel = (p, id) => p.model(id),
  keyed = true,
): WireUnderTest => ({
  wire,
  providerId,
  keyed,
  provider: (server, apiKey) => make(server.baseURL(wire), apiKey),
  model: (server, apiKey) => modelOf(make(server.baseURL(wire), apiKey), modelId),
});

export const WIRES_UNDER_TEST: WireUnderTest[] = [
  entry('openai', 'openai', (baseURL, apiKey) => openai({ apiKey, baseURL }), 'gpt-4.1-nano'),
  entry(
    'openai-responses',
    'openai',
    (baseURL, apiKey) => openai({ apiKey, baseURL }),
    'gpt-5-nano',
    (p, id) => (p as OpenAIProvider).responses(id),
  ),
  entry('anthropic', 'anthropic', (baseURL, apiKey) => anthropic({ apiKey, baseURL }), 'claude-sonnet-4-5'),
  entry('google', 'google', (baseURL, apiKey) => google({ apiKey, baseURL }), 'gemini-2.5-flash'),
  entry('groq', 'groq', (baseURL, apiKey) => groq({ apiKey, baseURL }), 'llama-3.3-70b-versatile'),
  entry(
    'openai-compatible',
    'openai-compatible',
    (baseURL, apiKey) => openaiCompatible({ apiKey, baseURL }),
    'deepseek-chat',
  ),
  entry(
    'openrouter',
    'openrouter',
    (baseURL, apiKey) => openrouter({ apiKey, baseURL }),
    'openai/gpt-4o-mini',
  ),
  entry('ollama', 'ollama', (baseURL, apiKey) => ollama({ apiKey, baseURL }), 'llama3.2', undefined, false),
];

export const byWire = (wire: FakeWire): WireUnderTest => WIRES_UNDER_TEST.find((w) => w.wire === wire)!;

/** A request that retries at once (retry-after 0 or a 1 ms backoff), so fault tests stay quick. */
export function quickRequest(extra: Partial<ChatRequest> = {}): ChatRequest {
  return {
    messages: [{ role: 'user', content: 'Say hello' }],
    retry: { initialDelayMs: 1, maxDelayMs: 5, maxRetries: 2 },
    ...extra,
  };
}

/** Collects every event of a stream. */
export async function eventsOf(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

/** The terminal event (always the last). */
export function terminal(events: StreamEvent[]) {
  const last = events.at(-1);
  if (!last || (last.type !== 'finish' && last.type !== 'error'))
    throw new Error('stream ended without a terminal event');
  return last;
}
