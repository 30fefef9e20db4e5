import {
  type ChatRequest,
  errorFromHttp,
  type FinishReason,
  type HttpFailure,
  makeUsage,
  type StreamMapper,
  type StreamSink,
  TrialogueError,
} from '@trialogue/core';
import { alternating, put, systemPrompt, turns, withProviderOptions } from '../wire/conversation.js';
import { budgetOf, effortOf, showsReasoning } from '../wire/reasoning.js';
import { streamError } from '../wire/stream-error.js';

/**
 * The `generateContent` body. Gemini 3 models take a `thinkingLevel`; earlier ones a
 * `thinkingBudget`. An explicit budget always wins.
 */
export function geminiBody(modelId: string, request: ChatRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    contents: alternating(turns(request), (m) => (m.role === 'assistant' ? 'model' : 'user')).map((m) => ({
      role: m.role,
      parts: [{ text: m.text }],
    })),
  };
  const system = systemPrompt(request);
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  const config: Record<string, unknown> = {};
  put(config, 'maxOutputTokens', request.maxOutputTokens);
  put(config, 'temperature', request.temperature);
  put(config, 'topP', request.topP);
  if (request.stopSequences?.length) config.stopSequences = request.stopSequences;
  const reasoning = request.reasoning;
  // Gemini 1.x and 2.0 cannot think and reject a thinkingConfig: they are asked without one.
  if (reasoning && !/^gemini-(1\.|2\.0)/.test(modelId)) {
    const thinking: Record<string, unknown> = { includeThoughts: showsReasoning(reasoning) };
    const effort = effortOf(reasoning);
    if (reasoning.budgetTokens === undefined && effort && /^gemini-3/.test(modelId)) {
      thinking.thinkingLevel = effort === 'minimal' || effort === 'low' ? 'low' : 'high';
    } else {
      put(thinking, 'thinkingBudget', budgetOf(reasoning));
    }
    config.thinkingConfig = thinking;
  }
  if (Object.keys(config).length) body.generationConfig = config;
  return withProviderOptions(body, request, 'google');
}

const filtered = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

/** Gemini `finishReason` onto the neutral reasons. */
export function geminiFinish(reason: string): FinishReason {
  if (reason === 'STOP') return 'stop';
  if (reason === 'MAX_TOKENS') return 'length';
  if (filtered.has(reason)) return 'content-filter';
  return 'other';
}

interface GeminiError {
  code?: number;
  message?: string;
  status?: string;
  details?: { '@type'?: string; reason?: string }[];
}

/**
 * Core's HTTP mapping with Gemini's quirks: 429 `RESOURCE_EXHAUSTED` is always a per-minute or
 * per-day limit (Gemini bills nothing through 429), so it stays a retryable `rate-limit` even when
 * it says "quota" without a `RetryInfo`; an unsupported location (`FAILED_PRECONDITION`) is `permission`.
 */
export function geminiHttpError(failure: HttpFailure): TrialogueError {
  const error = errorFromHttp(failure);
  // Gemini sometimes wraps the error in a one-element array.
  const raw = Array.isArray(failure.body) ? failure.body[0] : failure.body;
  const body = (raw as { error?: GeminiError } | undefined)?.error;
  const said = `${failure.provider} returned HTTP ${failure.status}: ${body?.message ?? failure.bodyText.slice(0, 300)}`;
  const reasons = (body?.details ?? []).map((d) => d.reason);
  if (reasons.includes('API_KEY_INVALID') || /API key not valid/i.test(body?.message ?? '')) {
    return error.with({
      kind: 'auth',
      retryable: false,
      message: `${said} Check that the API key is correct and active.`,
    });
  }
  if (failure.status === 429) {
    return error.with({
      kind: 'rate-limit',
      retryable: true,
      message: `${said} Gemini's per-minute or per-day limit was reached; wait before retrying.`,
    });
  }
  if (body?.status === 'FAILED_PRECONDITION') {
    return error.with({
      kind: 'permission',
      retryable: false,
      message: `${said} The key cannot use Gemini from here.`,
    });
  }
  return error;
}

interface GeminiChunk {
  candidates?: { content?: { parts?: { text?: string; thought?: boolean }[] }; finishReason?: string }[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: {
    promptTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    cachedContentTokenCount?: number;
  };
  error?: GeminiError;
}

/**
 * Maps a `streamGenerateContent?alt=sse` stream. `usageMetadata` is a running total (the last
 * one wins); output is candidates plus thoughts. A blocked prompt fails as `content-filter`.
 * The stream has no end marker: it ends with the body.
 *
 * @example
 * ```ts
 * // Gemini through a proxy: core's streaming machine with this body, mapper and error mapping.
 * import { httpChatModel } from '@trialogue/core';
 * import { geminiBody, geminiHttpError, geminiMapper } from '@trialogue/providers/google';
 *
 * const gemini = httpChatModel({
 *   provider: 'google',
 *   modelId: 'gemini-2.5-flash',
 *   prepare: (request) => ({
 *     url: 'https://proxy.example/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
 *     init: {
 *       method: 'POST',
 *       headers: { 'content-type': 'application/json', 'x-goog-api-key': key },
 *       body: JSON.stringify(geminiBody('gemini-2.5-flash', request)),
 *     },
 *   }),
 *   createMapper: () => geminiMapper('google', true),
 *   mapHttpError: geminiHttpError,
 * });
 * ```
 */
export function geminiMapper(provider: string, showReasoning: boolean): StreamMapper {
  // Gemini repeats a running usage total in every chunk. Passing each on would double the events
  // per token, so usage goes out when it first arrives (the input count), with the chunk that
  // finishes, and at the end if it moved since.
  let latest: GeminiChunk['usageMetadata'];
  let sent: GeminiChunk['usageMetadata'];
  const sendUsage = (sink: StreamSink) => {
    if (!latest || latest === sent) return;
    sent = latest;
    const thoughts = latest.thoughtsTokenCount;
    sink.usage(
      makeUsage({
        inputTokens: latest.promptTokenCount,
        outputTokens: (latest.candidatesTokenCount ?? 0) + (thoughts ?? 0),
        reasoningTokens: thoughts,
        cachedInputTokens: latest.cachedContentTokenCount,
      }),
    );
  };
  return {
    onMessage({ data }, sink) {
      const chunk = JSON.parse(data) as GeminiChunk;
      if (chunk.error) {
        const { code, message, status } = chunk.error;
        return sink.fail(streamError(provider, { status: code, message, code: status }));
      }
      if (chunk.usageMetadata) {
        latest = chunk.usageMetadata;
        if (!sent) sendUsage(sink);
      }
      const blocked = chunk.promptFeedback?.blockReason;
      if (blocked) {
        return sink.fail(
          new TrialogueError({
            kind: 'content-filter',
            provider,
            phase: 'stream',
            retryable: false,
            providerCode: blocked,
            message: `${provider} blocked the prompt (${blocked})${chunk.promptFeedback?.blockReasonMessage ? `: ${chunk.promptFeedback.blockReasonMessage}` : ''}. Rephrase it and try again.`,
          }),
        );
      }
      const candidate = chunk.candidates?.[0];
      if (!candidate) return;
      const parts = candidate.content?.parts;
      if (parts) {
        for (const part of parts) {
          if (!part.text) continue;
          if (part.thought) {
            if (showReasoning) sink.reasoning(part.text);
          } else sink.text(part.text);
        }
      }
      if (candidate.finishReason) {
        sendUsage(sink);
        sink.finish(geminiFinish(candidate.finishReason), candidate.finishReason);
      }
    },
    onEnd: sendUsage,
  };
}
