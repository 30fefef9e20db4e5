/**
 * Turns a scripted answer into the event sequence each wire really sends (shapes taken from the
 * recorded streams in `fixtures/provider-streams`), and into the matching non-streaming JSON.
 */
import type { FakeFinishReason, FakeScript, FakeWire } from './script.js';

/** One server-sent event before framing. `event` is the SSE `event:` field when the wire uses one. */
export type SseFrame = { event?: string; data: string } | { comment: string };

/** What a scripted answer is made of, once resolved against the request. */
export interface ScriptedAnswer {
  model: string;
  text: string;
  reasoning: string;
  usage: { input: number; output: number };
  finishReason: FakeFinishReason;
}

/** Splits text into word-sized deltas the way tokenizers do (leading space kept on the word). */
export function toDeltas(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** Resolves a script's answer: defaults for text, usage and finish reason. */
export function scriptedAnswer(script: FakeScript, model: string, wire: FakeWire): ScriptedAnswer {
  const text = script.text ?? `Hello from the fake ${wire} server.`;
  const reasoning = script.reasoning ?? '';
  const output = toDeltas(text).length + toDeltas(reasoning).length;
  return {
    model,
    text,
    reasoning,
    usage: script.usage ?? { input: 12, output },
    finishReason: script.finishReason ?? 'stop',
  };
}

const data = (payload: unknown, event?: string): SseFrame =>
  event ? { event, data: JSON.stringify(payload) } : { data: JSON.stringify(payload) };

let counter = 0;
/** A provider-looking id (`chatcmpl-…`, `msg_…`): unique per call, stable in shape. */
export function fakeId(prefix: string): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}FAKE`;
}

const now = () => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------- OpenAI chat completions family

type ChatFlavour = 'openai' | 'groq' | 'deepseek' | 'openrouter' | 'ollama';

const chatFlavour: Record<FakeWire, ChatFlavour> = {
  openai: 'openai',
  'openai-responses': 'openai',
  groq: 'groq',
  'openai-compatible': 'deepseek',
  openrouter: 'openrouter',
  ollama: 'ollama',
  anthropic: 'openai',
  google: 'openai',
};

/** Where each flavour puts streamed reasoning. */
const reasoningField: Record<ChatFlavour, string> = {
  openai: 'reasoning_content',
  groq: 'reasoning',
  deepseek: 'reasoning_content',
  openrouter: 'reasoning',
  ollama: 'reasoning',
};

const openaiFinish: Record<FakeFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'content-filter': 'content_filter',
};

function chatUsage(answer: ScriptedAnswer) {
  const { input, output } = answer.usage;
  return {
    prompt_tokens: input,
    completion_tokens: output,
    total_tokens: input + output,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: answer.reasoning ? toDeltas(answer.reasoning).length : 0 },
  };
}

/** Chat Completions stream: role chunk, deltas, finish chunk, usage chunk, `[DONE]`. */
export function chatCompletionFrames(answer: ScriptedAnswer, wire: FakeWire): SseFrame[] {
  const flavour = chatFlavour[wire];
  const id = flavour === 'groq' ? `chatcmpl-${fakeId('')}` : fakeId('chatcmpl-');
  const created = now();
  const chunk = (delta: object, finish: string | null, extra: object = {}) => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: answer.model,
    system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...extra,
  });
  const frames: SseFrame[] = [];
  const first = flavour === 'groq' ? { x_groq: { id: fakeId('req_') } } : {};
  frames.push(data(chunk({ role: 'assistant', content: '' }, null, first)));
  for (const delta of toDeltas(answer.reasoning)) {
    frames.push(data(chunk({ content: null, [reasoningField[flavour]]: delta }, null)));
  }
  for (const delta of toDeltas(answer.text)) frames.push(data(chunk({ content: delta }, null)));
  const usage = chatUsage(answer);
  const finish = openaiFinish[answer.finishReason];
  if (flavour === 'groq') {
    // Groq reports usage on the finish chunk, under `x_groq.usage` and (newer) top-level `usage`.
    frames.push(data(chunk({}, finish, { x_groq: { id: fakeId('req_'), usage }, usage })));
  } else if (flavour === 'ollama' || flavour === 'deepseek') {
    frames.push(data(chunk({ content: '' }, finish, { usage })));
  } else {
    // OpenAI: finish reason on an empty delta, then a `choices: []` chunk with usage.
    frames.push(data(chunk({}, finish)));
    frames.push(
      data({ id, object: 'chat.completion.chunk', created, model: answer.model, choices: [], usage }),
    );
  }
  frames.push({ data: '[DONE]' });
  return frames;
}

export function chatCompletionJson(answer: ScriptedAnswer, wire: FakeWire): object {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.text, refusal: null };
  if (answer.reasoning) message[reasoningField[chatFlavour[wire]]] = answer.reasoning;
  return {
    id: fakeId('chatcmpl-'),
    object: 'chat.completion',
    created: now(),
    model: answer.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: openaiFinish[answer.finishReason] }],
    usage: chatUsage(answer),
  };
}

// ---------------------------------------------------------------- OpenAI Responses

function responseObject(
  answer: ScriptedAnswer,
  id: string,
  status: string,
  output: object[],
  withUsage: boolean,
) {
  const { input, output: out } = answer.usage;
  return {
    id,
    object: 'response',
    created_at: now(),
    status,
    background: false,
    error: null,
    incomplete_details:
      status === 'incomplete'
        ? { reason: answer.finishReason === 'length' ? 'max_output_tokens' : 'content_filter' }
        : null,
    model: answer.model,
    output,
    usage: withUsage
      ? {
          input_tokens: input,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens: out,
          output_tokens_details: {
            reasoning_tokens: answer.reasoning ? toDeltas(answer.reasoning).length : 0,
          },
          total_tokens: input + out,
        }
      : null,
  };
}

function responsesOutput(answer: ScriptedAnswer, reasoningId: string, messageId: string) {
  const output: object[] = [];
  if (answer.reasoning) {
    output.push({
      id: reasoningId,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: answer.reasoning }],
    });
  }
  output.push({
    id: messageId,
    type: 'message',
    status: 'completed',
    content: [{ type: 'output_text', annotations: [], logprobs: [], text: answer.text }],
    role: 'assistant',
  });
  return output;
}

/** Responses stream: created, in_progress, (reasoning summary), message item, text deltas, completed. */
export function responsesFrames(answer: ScriptedAnswer): SseFrame[] {
  const id = fakeId('resp_');
  const reasoningId = fakeId('rs_');
  const messageId = fakeId('msg_');
  let seq = 0;
  const frames: SseFrame[] = [];
  const push = (payload: Record<string, unknown>) => {
    const type = payload.type as string;
    frames.push(data({ type, sequence_number: seq++, ...payload }, type));
  };
  push({ type: 'response.created', response: responseObject(answer, id, 'in_progress', [], false) });
  push({ type: 'response.in_progress', response: responseObject(answer, id, 'in_progress', [], false) });
  let outputIndex = 0;
  if (answer.reasoning) {
    const item = { id: reasoningId, type: 'reasoning', summary: [] as object[] };
    push({ type: 'response.output_item.added', output_index: outputIndex, item });
    const part = { item_id: reasoningId, output_index: outputIndex, summary_index: 0 };
    push({
      type: 'response.reasoning_summary_part.added',
      ...part,
      part: { type: 'summary_text', text: '' },
    });
    for (const delta of toDeltas(answer.reasoning))
      push({ type: 'response.reasoning_summary_text.delta', ...part, delta });
    push({ type: 'response.reasoning_summary_text.done', ...part, text: answer.reasoning });
    push({
      type: 'response.reasoning_summary_part.done',
      ...part,
      part: { type: 'summary_text', text: answer.reasoning },
    });
    push({
      type: 'response.output_item.done',
      output_index: outputIndex,
      item: { ...item, summary: [{ type: 'summary_text', text: answer.reasoning }] },
    });
    outputIndex++;
  }
  const message = { id: messageId, type: 'message', status: 'in_progress', content: [], role: 'assistant' };
  push({ type: 'response.output_item.added', output_index: outputIndex, item: message });
  const at = { item_id: messageId, output_index: outputIndex, content_index: 0 };
  const emptyPart = { type: 'output_text', annotations: [], logprobs: [], text: '' };
  push({ type: 'response.content_part.added', ...at, part: emptyPart });
  for (const delta of toDeltas(answer.text))
    push({ type: 'response.output_text.delta', ...at, delta, logprobs: [] });
  push({ type: 'response.output_text.done', ...at, text: answer.text, logprobs: [] });
  push({ type: 'response.content_part.done', ...at, part: { ...emptyPart, text: answer.text } });
  const output = responsesOutput(answer, reasoningId, messageId);
  push({ type: 'response.output_item.done', output_index: outputIndex, item: output[output.length - 1] });
  const complete = answer.finishReason === 'stop';
  push({
    type: complete ? 'response.completed' : 'response.incomplete',
    response: responseObject(answer, id, complete ? 'completed' : 'incomplete', output, true),
  });
  return frames;
}

export function responsesJson(answer: ScriptedAnswer): object {
  const complete = answer.finishReason === 'stop';
  return responseObject(
    answer,
    fakeId('resp_'),
    complete ? 'completed' : 'incomplete',
    responsesOutput(answer, fakeId('rs_'), fakeId('msg_')),
    true,
  );
}

// ---------------------------------------------------------------- Anthropic Messages

const anthropicStop: Record<FakeFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'content-filter': 'refusal',
};

function anthropicUsage(input: number, output: number) {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
  };
}

/** Messages stream: message_start, blocks (thinking then text) with a ping, message_delta, message_stop. */
export function anthropicFrames(answer: ScriptedAnswer): SseFrame[] {
  const frames: SseFrame[] = [];
  const push = (payload: { type: string } & Record<string, unknown>) =>
    frames.push(data(payload, payload.type));
  push({
    type: 'message_start',
    message: {
      model: answer.model,
      id: fakeId('msg_01'),
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...anthropicUsage(answer.usage.input, 1), service_tier: 'standard' },
    },
  });
  let index = 0;
  if (answer.reasoning) {
    push({
      type: 'content_block_start',
      index,
      content_block: { type: 'thinking', thinking: '', signature: '' },
    });
    push({ type: 'ping' });
    for (const thinking of toDeltas(answer.reasoning)) {
      push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
    }
    push({
      type: 'content_block_delta',
      index,
      delta: { type: 'signature_delta', signature: 'RmFrZVNpZ25hdHVyZQ==' },
    });
    push({ type: 'content_block_stop', index });
    index++;
  }
  push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
  if (!answer.reasoning) push({ type: 'ping' });
  for (const text of toDeltas(answer.text))
    push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
  push({ type: 'content_block_stop', index });
  push({
    type: 'message_delta',
    delta: { stop_reason: anthropicStop[answer.finishReason], stop_sequence: null },
    usage: anthropicUsage(answer.usage.input, answer.usage.output),
  });
  push({ type: 'message_stop' });
  return frames;
}

export function anthropicJson(answer: ScriptedAnswer): object {
  const content: object[] = [];
  if (answer.reasoning)
    content.push({ type: 'thinking', thinking: answer.reasoning, signature: 'RmFrZVNpZ25hdHVyZQ==' });
  content.push({ type: 'text', text: answer.text });
  return {
    model: answer.model,
    id: fakeId('msg_01'),
    type: 'message',
    role: 'assistant',
    content,
    stop_reason: anthropicStop[answer.finishReason],
    stop_sequence: null,
    usage: anthropicUsage(answer.usage.input, answer.usage.output),
  };
}

// ---------------------------------------------------------------- Gemini

const googleFinish: Record<FakeFinishReason, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  'content-filter': 'SAFETY',
};

/** Gemini chunks: thought parts first, text parts, running-total `usageMetadata`, `finishReason` on the last. */
export function googleChunks(answer: ScriptedAnswer): object[] {
  const responseId = fakeId('');
  const thoughts = toDeltas(answer.reasoning);
  const texts = toDeltas(answer.text);
  const parts: { text: string; thought?: boolean }[] = [
    ...thoughts.map((text) => ({ text, thought: true })),
    ...texts.map((text) => ({ text })),
  ];
  if (parts.length === 0) parts.push({ text: '' });
  const thoughtsTokenCount = thoughts.length;
  let sentText = 0;
  return parts.map((part, i) => {
    if (!part.thought) sentText++;
    const last = i === parts.length - 1;
    // Running totals; the last chunk carries the scripted usage exactly.
    const candidatesTokenCount = last ? answer.usage.output - thoughtsTokenCount : sentText;
    const usageMetadata: Record<string, unknown> = {
      promptTokenCount: answer.usage.input,
      candidatesTokenCount: Math.max(0, candidatesTokenCount),
      totalTokenCount: answer.usage.input + Math.max(0, candidatesTokenCount) + thoughtsTokenCount,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: answer.usage.input }],
    };
    if (thoughtsTokenCount) usageMetadata.thoughtsTokenCount = thoughtsTokenCount;
    const candidate: Record<string, unknown> = { content: { parts: [part], role: 'model' }, index: 0 };
    if (last) candidate.finishReason = googleFinish[answer.finishReason];
    return { candidates: [candidate], usageMetadata, modelVersion: answer.model, responseId };
  });
}

export function googleFrames(answer: ScriptedAnswer): SseFrame[] {
  return googleChunks(answer).map((chunk) => data(chunk));
}

export function googleJson(answer: ScriptedAnswer): object {
  const chunks = googleChunks(answer) as { candidates: { content: { parts: object[] } }[] }[];
  const last = chunks[chunks.length - 1] as Record<string, unknown> & {
    candidates: Record<string, unknown>[];
  };
  const parts: object[] = [];
  if (answer.reasoning) parts.push({ text: answer.reasoning, thought: true });
  parts.push({ text: answer.text });
  return { ...last, candidates: [{ ...last.candidates[0], content: { parts, role: 'model' } }] };
}
