import { TrialogueError, type TrialogueErrorInit } from '../errors/trialogue-error.js';
import { sleep } from '../http/sse-request.js';
import { type ChatModel, defineChatModel } from '../models/chat-model.js';
import type { ChatRequest } from '../request/types.js';
import { validateRequest } from '../request/validate.js';
import type { FinishReason, StreamEvent, Timings } from '../stream/events.js';
import { makeUsage, type Usage } from '../usage/usage.js';

/** What a scripted model does for one call. */
export interface Script {
  /** The answer. Split into `chunks` or chunks of `chunkSize` characters (default: word by word). */
  text?: string;
  /** Explicit text deltas (overrides `text`). */
  chunks?: string[];
  chunkSize?: number;
  /** Visible reasoning, streamed before the text. */
  reasoning?: string;
  /** Wait before the first token. */
  firstTokenDelayMs?: number;
  /** Wait between deltas. */
  delayMs?: number;
  /** Usage to report; default: an estimate of 1 token per 4 characters. */
  usage?: Usage;
  finishReason?: FinishReason;
  /** Fail after this many text deltas (0: before any token), keeping the partial text. */
  fail?: { afterChunks: number; error: TrialogueError | Omit<TrialogueErrorInit, 'provider'> };
}

/** Options of {@link scriptedModel}. */
export interface ScriptedModelOptions {
  provider?: string;
  modelId?: string;
  /** A fixed answer, a script, or a function of the request and the call index (0-based). */
  reply:
    | string
    | Script
    | ((request: ChatRequest, call: number) => string | Script | Promise<string | Script>);
}

/** A {@link ChatModel} that also records what it was asked. */
export interface ScriptedModel extends ChatModel {
  /** Every request received, in order (check prompts in tests). */
  readonly calls: ChatRequest[];
}

const estimateTokens = (s: string) => Math.max(1, Math.ceil(s.length / 4));

function split(script: Script): string[] {
  if (script.chunks) return script.chunks;
  const text = script.text ?? '';
  if (script.chunkSize) {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += script.chunkSize) out.push(text.slice(i, i + script.chunkSize));
    return out;
  }
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * A model for tests and demos: fixed or computed answers, chunking, delays, reasoning, usage and
 * scripted failures at any point. It honours `signal` (ending with an `aborted` error that keeps the
 * partial text) and validates requests like a real provider.
 *
 * @example
 * ```ts
 * const model = scriptedModel({ modelId: 'echo', reply: (req) => `You said: ${req.messages.at(-1)?.content}` });
 * const { text } = await model.generate({ messages: [{ role: 'user', content: 'hi' }] });
 * ```
 */
export function scriptedModel(options: ScriptedModelOptions): ScriptedModel {
  const provider = options.provider ?? 'scripted';
  const modelId = options.modelId ?? 'scripted';
  const calls: ChatRequest[] = [];

  async function* stream(request: ChatRequest): AsyncGenerator<StreamEvent> {
    const startedAt = Date.now();
    let text = '';
    let reasoning = '';
    let firstTokenAt: number | undefined;
    const timings = (): Timings =>
      firstTokenAt === undefined
        ? { totalMs: Date.now() - startedAt }
        : { totalMs: Date.now() - startedAt, timeToFirstTokenMs: firstTokenAt - startedAt };
    const failed = (error: TrialogueError): StreamEvent => ({
      type: 'error',
      error,
      text,
      ...(reasoning ? { reasoning } : {}),
      timings: timings(),
    });
    const aborted = () =>
      new TrialogueError({
        kind: 'aborted',
        provider,
        phase: text ? 'stream' : 'request',
        message: `The call to ${provider} was aborted.`,
      });

    try {
      validateRequest(request, provider);
    } catch (error) {
      yield failed(error as TrialogueError);
      return;
    }
    const index = calls.length;
    calls.push(request);
    const { reply } = options;
    const resolved = typeof reply === 'function' ? await reply(request, index) : reply;
    const script: Script = typeof resolved === 'string' ? { text: resolved } : resolved;
    const signal = request.signal;

    yield { type: 'start', provider, modelId };
    if (script.firstTokenDelayMs && !(await sleep(script.firstTokenDelayMs, signal))) {
      yield failed(aborted());
      return;
    }
    if (signal?.aborted) {
      yield failed(aborted());
      return;
    }
    if (script.reasoning) {
      firstTokenAt ??= Date.now();
      reasoning = script.reasoning;
      yield { type: 'reasoning-delta', text: script.reasoning };
    }
    const chunks = split(script);
    for (let i = 0; i <= chunks.length; i++) {
      if (script.fail && script.fail.afterChunks === i) {
        const e = script.fail.error;
        const error = TrialogueError.is(e)
          ? e
          : new TrialogueError({ ...e, provider, phase: i > 0 ? 'stream' : e.phase });
        yield failed(error);
        return;
      }
      if (i === chunks.length) break;
      if (i > 0 && script.delayMs && !(await sleep(script.delayMs, signal))) {
        yield failed(aborted());
        return;
      }
      if (signal?.aborted) {
        yield failed(aborted());
        return;
      }
      const delta = chunks[i]!;
      firstTokenAt ??= Date.now();
      text += delta;
      yield { type: 'text-delta', text: delta };
    }
    const inputTokens = estimateTokens(
      (request.system ?? '') + request.messages.map((m) => m.content).join('\n'),
    );
    const usage =
      script.usage ??
      makeUsage({
        inputTokens,
        outputTokens: estimateTokens(text + reasoning),
        reasoningTokens: reasoning ? estimateTokens(reasoning) : undefined,
      });
    yield { type: 'usage', usage };
    yield {
      type: 'finish',
      reason: script.finishReason ?? 'stop',
      text,
      ...(reasoning ? { reasoning } : {}),
      usage,
      timings: timings(),
    };
  }

  return Object.assign(defineChatModel({ provider, modelId, stream }), { calls });
}
