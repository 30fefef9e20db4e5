import type { ChatMessage, ChatRequest } from '@trialogue/core';

/** The system prompt: `request.system` first, then every `system` message, joined by blank lines. */
export function systemPrompt(request: ChatRequest): string | undefined {
  const parts: string[] = [];
  if (request.system) parts.push(request.system);
  for (const message of request.messages)
    if (message.role === 'system' && message.content) parts.push(message.content);
  return parts.length ? parts.join('\n\n') : undefined;
}

/** The conversation without its system messages. */
export function turns(request: ChatRequest): ChatMessage[] {
  return request.messages.filter((message) => message.role !== 'system');
}

/**
 * The message text with its speaker in front (`Alice: ...`), for wires without a `name` field,
 * so multi-party transcripts keep who said what.
 */
export function speakerText(message: ChatMessage): string {
  return message.name ? `${message.name}: ${message.content}` : message.content;
}

/**
 * Joins consecutive messages of the same role (after mapping roles), for wires that want
 * alternating turns (Anthropic, Gemini). Speakers stay visible through {@link speakerText}.
 */
export function alternating<R extends string>(
  messages: ChatMessage[],
  role: (message: ChatMessage) => R,
): { role: R; text: string }[] {
  const out: { role: R; text: string }[] = [];
  for (const message of messages) {
    const r = role(message);
    const text = speakerText(message);
    const last = out[out.length - 1];
    if (last && last.role === r) last.text += `\n\n${text}`;
    else out.push({ role: r, text });
  }
  return out;
}

/** Adds `providerOptions[providerId]` to a body, last, so callers can override anything. */
export function withProviderOptions<T extends Record<string, unknown>>(
  body: T,
  request: ChatRequest,
  providerId: string,
): T {
  const extra = request.providerOptions?.[providerId];
  return extra ? { ...body, ...extra } : body;
}

/** Sets `body[key] = value` only when value is defined (keeps bodies minimal and strict servers happy). */
export function put(body: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) body[key] = value;
}
