import { readdirSync } from 'node:fs';
import type { ChatModel, FinishReason, Usage } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { anthropic } from '../src/anthropic/index.js';
import { google } from '../src/google/index.js';
import { groq } from '../src/groq/index.js';
import { openai } from '../src/openai/index.js';
import { deepseek, mistral, xai } from '../src/openai-compatible/index.js';
import {
  CANARY,
  collect,
  type Folder,
  fixtureLines,
  frame,
  hello,
  replayFetch,
  type Split,
  streamsDir,
  terminal,
} from './support/replay-fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: recordings are read loosely on purpose, as plain JSON.
type Json = Record<string, any>;

/** What a recording must replay to, read from the recording itself. */
interface Expected {
  text: string;
  reasoning: string;
  reason: FinishReason;
  providerReason: string;
  usage: Usage;
}

// Independent readings of each wire format, written as plainly as possible, to compare against.
function chatDeltas(lines: string[]) {
  let text = '';
  let reasoning = '';
  for (const line of lines) {
    const delta = (JSON.parse(line) as Json).choices?.[0]?.delta ?? {};
    text += delta.content ?? '';
    reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
  }
  return { text, reasoning };
}
function anthropicDeltas(lines: string[]) {
  let text = '';
  let reasoning = '';
  for (const line of lines) {
    const e = JSON.parse(line) as Json;
    if (e.delta?.type === 'text_delta') text += e.delta.text;
    if (e.delta?.type === 'thinking_delta') reasoning += e.delta.thinking;
  }
  return { text, reasoning };
}
function googleDeltas(lines: string[]) {
  let text = '';
  let reasoning = '';
  for (const line of lines) {
    for (const part of (JSON.parse(line) as Json).candidates?.[0]?.content?.parts ?? []) {
      if (part.thought) reasoning += part.text ?? '';
      else text += part.text ?? '';
    }
  }
  return { text, reasoning };
}
/** Responses deltas grouped per output item (items are joined by a blank line). */
function responsesDeltas(lines: string[]) {
  const text = new Map<string, string>();
  const reasoning = new Map<string, string>();
  for (const line of lines) {
    const e = JSON.parse(line) as Json;
    if (e.type === 'response.output_text.delta') text.set(e.item_id, (text.get(e.item_id) ?? '') + e.delta);
    if (e.type === 'response.reasoning_summary_text.delta') {
      const key = `${e.item_id}:${e.summary_index}`;
      reasoning.set(key, (reasoning.get(key) ?? '') + e.delta);
    }
  }
  return { text: [...text.values()].join('\n\n'), reasoning: [...reasoning.values()].join('\n\n') };
}

const usage = (inputTokens: number, outputTokens: number, extra: Partial<Usage> = {}): Usage => ({
  inputTokens,
  outputTokens,
  totalTokens: inputTokens + outputTokens,
  ...extra,
});

interface Case {
  folder: Folder;
  name: string;
  model: (fetch: typeof globalThis.fetch) => ChatModel;
  /** For recordings holding several responses back to back: which one. */
  segment?: number;
  expected: (lines: string[]) => Expected;
  /** A literal glimpse of the text, so a wrong reading of both sides cannot agree. */
  startsWith: string;
}

const key = { apiKey: CANARY };
const cases: Case[] = [
  {
    folder: 'openai-chat',
    name: 'openai-text',
    model: (fetch) => openai({ ...key, fetch }).model('gpt-4.1-nano'),
    startsWith: '**',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(16, 300, { reasoningTokens: 0, cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'openai-chat',
    name: 'azure-model-router.1',
    model: (fetch) => openai({ ...key, fetch }).model('model-router'),
    startsWith: '',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(15, 78, { reasoningTokens: 64, cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'groq',
    name: 'groq-text',
    model: (fetch) => groq({ ...key, fetch }).model('llama-3.3-70b-versatile'),
    startsWith: 'Int',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(45, 662),
    }),
  },
  {
    folder: 'groq',
    name: 'groq-reasoning',
    model: (fetch) => groq({ ...key, fetch }).model('qwen/qwen3-32b'),
    startsWith: '',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(17, 1107, { reasoningTokens: 963 }),
    }),
  },
  {
    folder: 'openai-compatible',
    name: 'deepseek-text',
    model: (fetch) => deepseek({ ...key, fetch }).model('deepseek-chat'),
    startsWith: '##',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'length',
      providerReason: 'length',
      usage: usage(13, 400, { cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'openai-compatible',
    name: 'deepseek-reasoning',
    model: (fetch) => deepseek({ ...key, fetch }).model('deepseek-reasoner'),
    startsWith: '',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(18, 219, { reasoningTokens: 205, cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'openai-compatible',
    name: 'mistral-text',
    model: (fetch) => mistral({ ...key, fetch }).model('mistral-small-latest'),
    startsWith: 'Hello, world! This is a test response.',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(13, 8),
    }),
  },
  {
    // xAI counts reasoning outside completion_tokens (2 + 340 = 354 - 12): output adds it back.
    folder: 'openai-compatible',
    name: 'xai-text',
    model: (fetch) => xai({ ...key, fetch }).model('grok-3-mini'),
    startsWith: '',
    expected: (lines) => ({
      ...chatDeltas(lines),
      reason: 'stop',
      providerReason: 'stop',
      usage: usage(12, 342, { reasoningTokens: 340, cachedInputTokens: 11 }),
    }),
  },
  {
    folder: 'anthropic',
    name: 'anthropic-text',
    model: (fetch) => anthropic({ ...key, fetch }).model('claude-sonnet-4-5'),
    startsWith:
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    expected: (lines) => ({
      ...anthropicDeltas(lines),
      reason: 'stop',
      providerReason: 'end_turn',
      usage: usage(12, 30, { cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'anthropic',
    name: 'anthropic-clear-thinking.1',
    model: (fetch) => anthropic({ ...key, fetch }).model('claude-sonnet-4-5'),
    startsWith: '925 ÷ 5 = 185',
    expected: (lines) => ({
      ...anthropicDeltas(lines),
      reason: 'stop',
      providerReason: 'end_turn',
      usage: usage(69, 53, { cachedInputTokens: 0 }),
    }),
  },
  {
    // message_start says 43 input tokens, message_delta corrects it to 61.
    folder: 'anthropic',
    name: 'anthropic-message-delta-input-tokens',
    model: (fetch) => anthropic({ ...key, fetch }).model('claude-opus-4-5'),
    startsWith: 'pong',
    expected: (lines) => ({
      ...anthropicDeltas(lines),
      reason: 'stop',
      providerReason: 'end_turn',
      usage: usage(61, 2),
    }),
  },
  {
    folder: 'anthropic',
    name: 'anthropic-refusal',
    model: (fetch) => anthropic({ ...key, fetch }).model('claude-sonnet-4-5'),
    startsWith: '',
    expected: (lines) => ({
      ...anthropicDeltas(lines),
      reason: 'refusal',
      providerReason: 'refusal',
      usage: usage(18, 5, { cachedInputTokens: 0 }),
    }),
  },
  {
    // Two message_start events with 17 input tokens: 17, not 34.
    folder: 'anthropic',
    name: 'duplicate-message-start',
    model: (fetch) => anthropic({ ...key, fetch }).model('claude-3-haiku-20240307'),
    startsWith: 'Hello, World!',
    expected: (lines) => ({
      ...anthropicDeltas(lines),
      reason: 'stop',
      providerReason: 'end_turn',
      usage: usage(17, 227),
    }),
  },
  {
    // Output = candidates + thoughts (23 + 185); the last running total wins.
    folder: 'google',
    name: 'google-text',
    model: (fetch) => google({ ...key, fetch }).model('gemini-3-pro-preview'),
    startsWith: 'There are **3** "r"s in strawberry.',
    expected: (lines) => ({
      ...googleDeltas(lines),
      reason: 'stop',
      providerReason: 'STOP',
      usage: usage(9, 208, { reasoningTokens: 185 }),
    }),
  },
  {
    folder: 'google',
    name: 'google-reasoning',
    model: (fetch) => google({ ...key, fetch }).model('gemini-3-pro-preview'),
    startsWith: 'There are **3** "r"s in strawberry.',
    expected: (lines) => ({
      ...googleDeltas(lines),
      reason: 'stop',
      providerReason: 'STOP',
      usage: usage(9, 285, { reasoningTokens: 256 }),
    }),
  },
  {
    folder: 'google',
    name: 'google-reasoning-gemini3',
    model: (fetch) => google({ ...key, fetch }).model('gemini-3-pro-preview'),
    startsWith: 'There are **3** "r"s in strawberry.',
    expected: (lines) => ({
      ...googleDeltas(lines),
      reason: 'stop',
      providerReason: 'STOP',
      usage: usage(9, 325, { reasoningTokens: 302 }),
    }),
  },
  {
    // Two message items (commentary, then the final answer) joined by a blank line.
    folder: 'openai-responses',
    name: 'openai-phase.1',
    model: (fetch) => openai({ ...key, fetch }).responses('gpt-5.3-codex'),
    startsWith: 'Got it\n\nHere are a few **AI',
    expected: (lines) => ({
      ...responsesDeltas(lines),
      reason: 'stop',
      providerReason: 'completed',
      usage: usage(7112, 463, { reasoningTokens: 64, cachedInputTokens: 3072 }),
    }),
  },
  {
    // The recording holds four responses of a tool loop; the first streams a reasoning summary and a tool call.
    folder: 'openai-responses',
    name: 'openai-reasoning-encrypted-content.1',
    segment: 0,
    model: (fetch) => openai({ ...key, fetch }).responses('gpt-5.1-codex-max'),
    startsWith: '',
    expected: (lines) => ({
      ...responsesDeltas(lines),
      reason: 'other',
      providerReason: 'completed',
      usage: usage(134, 28, { reasoningTokens: 0, cachedInputTokens: 0 }),
    }),
  },
  {
    folder: 'openai-responses',
    name: 'openai-reasoning-encrypted-content.1',
    segment: 3,
    model: (fetch) => openai({ ...key, fetch }).responses('gpt-5.1-codex-max'),
    startsWith: 'The final result is **570**.',
    expected: (lines) => ({
      ...responsesDeltas(lines),
      reason: 'stop',
      providerReason: 'completed',
      usage: usage(299, 12, { reasoningTokens: 0, cachedInputTokens: 0 }),
    }),
  },
];

/** The lines of one response in a recording of several (each starts with `response.created`). */
function segmentOf(lines: string[], segment: number | undefined): string[] {
  if (segment === undefined) return lines;
  const starts = lines.flatMap((line, i) =>
    (JSON.parse(line) as Json).type === 'response.created' ? [i] : [],
  );
  return lines.slice(starts[segment], starts[segment + 1]);
}

/**
 * Cut positions: every byte of short recordings. Long ones (100-300 KB, where a read per byte takes
 * too long for a test) are cut at every byte of their first and last 4 KB and within 600 bytes of
 * every multi-byte character, and every 97 bytes elsewhere.
 */
function everyByte(body: string): Split {
  const bytes = new TextEncoder().encode(body);
  if (bytes.length < 40_000) return { every: 1 };
  const near = (i: number) => {
    if (i < 4000 || i > bytes.length - 4000 || i % 97 === 0) return true;
    for (let j = Math.max(0, i - 600); j < Math.min(bytes.length, i + 600); j++)
      if (bytes[j]! >= 0x80) return true;
    return false;
  };
  const at: number[] = [];
  for (let i = 1; i < bytes.length; i++) if (near(i)) at.push(i);
  return { at };
}

async function replay(c: Case, body: string, split: Split) {
  const fetch = replayFetch({ body, split });
  const events = await collect(c.model(fetch).stream(hello));
  return { events, end: terminal(events) };
}

it('has a case for every recorded stream in the shared fixtures', () => {
  const folders: Folder[] = [
    'openai-chat',
    'openai-responses',
    'anthropic',
    'google',
    'groq',
    'openai-compatible',
  ];
  const recorded = folders.flatMap((folder) =>
    readdirSync(`${streamsDir}${folder}`)
      .filter((file) => file.endsWith('.chunks.txt'))
      .map((file) => `${folder}/${file.replace(/\.chunks\.txt$/, '')}`),
  );
  // The one recording that holds no answer: its error event is replayed in openai-responses.test.ts.
  const errorOnly = ['openai-responses/openai-error.1'];
  const covered = new Set(cases.map((c) => `${c.folder}/${c.name}`));
  expect(recorded.filter((name) => !covered.has(name) && !errorOnly.includes(name))).toEqual([]);
  expect(recorded.length).toBeGreaterThanOrEqual(19);
});

describe.each(cases)('replaying $folder/$name', (c) => {
  const lines = segmentOf(fixtureLines(c.folder, c.name), c.segment);
  const want = c.expected(lines);
  const body = frame(c.folder, lines);

  it('yields the recorded text, reasoning, usage and finish reason', async () => {
    const { events, end } = await replay(c, body, undefined);
    expect(end.type).toBe('finish');
    if (end.type !== 'finish') return;
    expect(end.text).toBe(want.text);
    expect(end.text.startsWith(c.startsWith)).toBe(true);
    expect(end.reasoning ?? '').toBe(want.reasoning);
    expect(end.reason).toBe(want.reason);
    expect(end.providerReason).toBe(want.providerReason);
    expect(end.usage).toEqual(want.usage);
    // The deltas add up to the final text, and the last usage event is the final usage.
    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(deltas.join('')).toBe(want.text);
    const usages = events.flatMap((e) => (e.type === 'usage' ? [e.usage] : []));
    expect(usages.at(-1)).toEqual(want.usage);
    expect(events[0]).toMatchObject({ type: 'start' });
  });

  it('yields the same when cut at every byte (inside multi-byte characters too)', async () => {
    const { end } = await replay(c, body, everyByte(body));
    expect(end).toMatchObject({ type: 'finish', text: want.text, reason: want.reason, usage: want.usage });
    expect((end.type === 'finish' && end.reasoning) || '').toBe(want.reasoning);
  });

  it('yields the same with CRLF line endings and with LF line endings', async () => {
    for (const crlf of [true, false]) {
      const { end } = await replay(c, frame(c.folder, lines, { crlf }), { every: 97 });
      expect(end).toMatchObject({ type: 'finish', text: want.text, reason: want.reason, usage: want.usage });
    }
  });

  const bytes = new TextEncoder().encode(body).length;
  if (bytes < 4000)
    it(`yields the same when cut in two at each of its ${bytes} byte positions`, async () => {
      for (let at = 1; at < bytes; at++) {
        const { end } = await replay(c, body, { at: [at] });
        if (end.type !== 'finish' || end.text !== want.text || (end.reasoning ?? '') !== want.reasoning) {
          throw new Error(`cut at byte ${at} changed the result: ${JSON.stringify(end)}`);
        }
        expect(end.usage).toEqual(want.usage);
      }
    });
});

describe('multi-byte UTF-8 split across chunks', () => {
  // Synthetic: the recordings hold few multi-byte characters, so this one is all of them.
  const pieces = ['Grüße ', '日本語の', 'テキスト ', '🧠🦀', ' ç’est ', 'fini — 👋🏽'];
  const lines = [
    ...pieces.map((content) =>
      JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] }),
    ),
    JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }),
    JSON.stringify({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 12, total_tokens: 17 } }),
  ];
  const body = frame('openai-chat', lines);
  const bytes = new TextEncoder().encode(body);

  it('rebuilds every character whichever byte the stream is cut at', async () => {
    expect(bytes.length).toBeGreaterThan(body.length); // really multi-byte
    for (let at = 1; at < bytes.length; at++) {
      const fetch = replayFetch({
        body,
        split: { at: [at, Math.min(at + 3, bytes.length - 1)].filter((n, i, a) => a.indexOf(n) === i) },
      });
      const end = terminal(
        await collect(openai({ apiKey: CANARY, fetch }).model('gpt-4.1-mini').stream(hello)),
      );
      expect(end).toMatchObject({ type: 'finish', text: pieces.join(''), reason: 'stop' });
    }
  });
});
