import type { ChatRequest } from '@trialogue/core';
import { put, speakerText, systemPrompt, turns, withProviderOptions } from '../wire/conversation.js';

/** How one server speaks the Chat Completions dialect. */
export interface ChatDialect {
  /** Send the speaker as the message `name` (OpenAI, Groq) rather than a `Name: ` prefix. */
  names: boolean;
  /** Ask for a final usage chunk with `stream_options.include_usage`. Off for servers that reject it. */
  streamUsage: boolean;
  /** `max_completion_tokens` (OpenAI, Groq: required by reasoning models) or the older, portable `max_tokens`. */
  maxTokensField: 'max_tokens' | 'max_completion_tokens';
  /** Adds this server's reasoning controls to the body when the request asks for reasoning. */
  reasoning?(request: ChatRequest, body: Record<string, unknown>, modelId: string): void;
}

// OpenAI accepts names without white space or <|\/>; keep to the portable subset.
const cleanName = (name: string) => name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 64);

/** The Chat Completions request body. `providerOptions[providerId]` is merged last. */
export function chatBody(
  providerId: string,
  modelId: string,
  request: ChatRequest,
  dialect: ChatDialect,
): Record<string, unknown> {
  const messages: Record<string, unknown>[] = [];
  const system = systemPrompt(request);
  if (system) messages.push({ role: 'system', content: system });
  for (const message of turns(request)) {
    if (dialect.names && message.name) {
      messages.push({ role: message.role, content: message.content, name: cleanName(message.name) });
    } else {
      messages.push({ role: message.role, content: speakerText(message) });
    }
  }
  const body: Record<string, unknown> = { model: modelId, messages, stream: true };
  if (dialect.streamUsage) body.stream_options = { include_usage: true };
  put(body, dialect.maxTokensField, request.maxOutputTokens);
  put(body, 'temperature', request.temperature);
  put(body, 'top_p', request.topP);
  if (request.stopSequences?.length) body.stop = request.stopSequences;
  if (request.reasoning) dialect.reasoning?.(request, body, modelId);
  return withProviderOptions(body, request, providerId);
}
