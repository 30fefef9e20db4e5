import type { FinishReason, StreamMapper } from '@trialogue/core';
import { streamError } from '../wire/stream-error.js';
import { kindOfCode } from './error-codes.js';
import { type ChatUsage, chatUsage } from './usage.js';

/** Chat Completions `finish_reason` onto the neutral reasons. */
export function chatFinish(reason: string): FinishReason {
  if (reason === 'stop' || reason === 'end_turn' || reason === 'eos') return 'stop';
  if (reason === 'length' || reason === 'model_length') return 'length';
  if (reason === 'content_filter') return 'content-filter';
  return 'other';
}

interface ChatChunk {
  choices?: {
    delta?: {
      content?: string | null;
      refusal?: string | null;
      reasoning?: string | null;
      reasoning_content?: string | null;
    };
    finish_reason?: string | null;
  }[];
  usage?: ChatUsage | null;
  x_groq?: { usage?: ChatUsage | null };
  error?: { message?: string; code?: string | number | null; type?: string | null };
}

/**
 * Maps a Chat Completions stream: `content` to text; `reasoning_content` (DeepSeek, xAI) and
 * `reasoning` (Groq, OpenRouter, Ollama) to reasoning; the usage chunk (or Groq's `x_groq.usage`);
 * an `error` chunk (OpenRouter, OpenAI mid-stream failures); `[DONE]`.
 */
export function chatMapper(provider: string, showReasoning: boolean): StreamMapper {
  let refused = false;
  return {
    onMessage({ data }, sink) {
      if (data === '[DONE]') return sink.done();
      const chunk = JSON.parse(data) as ChatChunk;
      if (chunk.error) {
        const { code, message, type } = chunk.error;
        const status = typeof code === 'number' ? code : undefined;
        const name = typeof code === 'string' ? code : (type ?? undefined);
        return sink.fail(
          streamError(provider, {
            status,
            kind: kindOfCode(name),
            message,
            code: name ?? (status !== undefined ? String(status) : undefined),
          }),
        );
      }
      const choice = chunk.choices?.[0];
      if (choice) {
        const delta = choice.delta;
        if (delta) {
          const thought = delta.reasoning_content ?? delta.reasoning;
          if (thought && showReasoning) sink.reasoning(thought);
          if (delta.content) sink.text(delta.content);
          if (delta.refusal) {
            refused = true;
            sink.text(delta.refusal);
          }
        }
        const reason = choice.finish_reason;
        if (reason) sink.finish(refused ? 'refusal' : chatFinish(reason), reason);
      }
      const usage = chunk.usage ?? chunk.x_groq?.usage;
      if (usage) sink.usage(chatUsage(usage));
    },
  };
}
