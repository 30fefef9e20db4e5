/**
 * `parseTranscript` runs a hand-written check (`findTranscriptProblem`); `transcriptSchema()` is the
 * same contract in zod. Thousands of generated transcripts (valid ones, and ones with one to three
 * fields set to odd values) must get the same verdict from both, and a refused transcript must be
 * refused at the same path with the same words.
 */

import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { findTranscriptProblem, parseTranscript, transcriptSchema } from '../src/index.js';
import { transcriptIssueText } from '../src/transcript/schema.js';
import { prng } from './support/prng.js';

/** Odd values, each made afresh per use (so a later fault never writes into a shared one). */
const ODD: (() => unknown)[] = [
  ...[
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -1,
    -0,
    0,
    0.5,
    1,
    2,
    -1.5,
    2 ** 53,
    2 ** 60,
    -(2 ** 60),
  ].map((v) => () => v),
  ...['', 'x', 'user', 'assistant', 'chat', 'stop', 'stream', 'TrialogueError', 'timeout', true, false].map(
    (v) => () => v,
  ),
  () => [],
  () => ['a'],
  () => [{}],
  () => ({}),
  () => ({ a: 1 }),
  () => ({ a: 'x' }),
  () => ({ [Symbol('s')]: 1 }),
  () => Object.defineProperty({ ok: 1 }, 'hidden', { value: 'x', enumerable: false }),
  () => JSON.parse('{"__proto__": "x"}'),
  () => Object.create(null),
  () => new Date(0),
  () => new Map(),
  () => runInNewContext('({ a: 1 })'), // a plain object from another realm
  () => new (class Options {})(),
  () => ({ constructor: 'not a function' }),
];

const usage = { inputTokens: 10, outputTokens: 5, totalTokens: 15 };
const error = {
  name: 'TrialogueError',
  kind: 'rate-limit',
  message: 'Too many requests',
  retryable: true,
  phase: 'request',
};

/** Where a value can go: a path and the values that are valid there. */
const SLOTS: { path: (string | number)[]; valid: unknown[] }[] = [
  { path: ['format'], valid: ['trialogue.transcript'] },
  { path: ['version'], valid: [1] },
  { path: ['id'], valid: ['t1'] },
  { path: ['kind'], valid: ['chat', 'debate'] },
  { path: ['createdAt'], valid: ['2026-01-01T00:00:00.000Z'] },
  { path: ['title'], valid: [undefined, 'A title'] },
  { path: ['mode'], valid: [undefined, 'roundtable'] },
  { path: ['participants'], valid: [[{ id: 'a', provider: 'openai', modelId: 'gpt' }]] },
  { path: ['participants', 0, 'id'], valid: ['a'] },
  { path: ['participants', 0, 'provider'], valid: ['openai'] },
  { path: ['participants', 0, 'modelId'], valid: ['gpt'] },
  { path: ['participants', 0, 'label'], valid: [undefined, 'GPT'] },
  { path: ['participants', 0, 'persona'], valid: [undefined, 'judge'] },
  { path: ['participants', 1], valid: [{ id: 'b', provider: 'anthropic', modelId: 'claude' }] },
  { path: ['turns'], valid: [[]] },
  { path: ['turns', 0], valid: [{ id: 'u1', participantId: 'user', role: 'user', text: 'hi' }] },
  { path: ['turns', 0, 'role'], valid: ['user', 'system'] },
  { path: ['turns', 0, 'text'], valid: ['', 'hello'] },
  { path: ['turns', 1], valid: [{ id: 'a1', participantId: 'a', role: 'assistant', text: 'yes' }] },
  { path: ['turns', 1, 'id'], valid: ['a1'] },
  { path: ['turns', 1, 'participantId'], valid: ['a'] },
  { path: ['turns', 1, 'reasoning'], valid: [undefined, 'because'] },
  { path: ['turns', 1, 'round'], valid: [undefined, 0, 3] },
  { path: ['turns', 1, 'phase'], valid: [undefined, 'answer'] },
  {
    path: ['turns', 1, 'prompt'],
    valid: [undefined, { messages: [] }, { system: 'Be brief.', messages: [] }],
  },
  { path: ['turns', 1, 'prompt', 'messages', 0], valid: [{ role: 'user', content: 'hi' }] },
  { path: ['turns', 1, 'prompt', 'messages', 0, 'role'], valid: ['system', 'assistant'] },
  { path: ['turns', 1, 'prompt', 'messages', 0, 'name'], valid: [undefined, 'claude'] },
  { path: ['turns', 1, 'usage'], valid: [undefined, usage] },
  { path: ['turns', 1, 'usage', 'outputTokens'], valid: [0, 7] },
  { path: ['turns', 1, 'usage', 'reasoningTokens'], valid: [undefined, 2] },
  { path: ['turns', 1, 'usage', 'cachedInputTokens'], valid: [undefined, 0] },
  { path: ['turns', 1, 'cost'], valid: [undefined, 0, 0.0012] },
  { path: ['turns', 1, 'timings'], valid: [undefined, { totalMs: 12 }] },
  { path: ['turns', 1, 'timings', 'timeToFirstTokenMs'], valid: [undefined, 3.5] },
  { path: ['turns', 1, 'finishReason'], valid: [undefined, 'stop', 'length', 'refusal'] },
  { path: ['turns', 1, 'error'], valid: [undefined, error] },
  { path: ['turns', 1, 'error', 'kind'], valid: ['auth', 'timeout'] },
  { path: ['turns', 1, 'error', 'retryable'], valid: [false] },
  { path: ['turns', 1, 'error', 'phase'], valid: ['stream'] },
  { path: ['turns', 1, 'error', 'status'], valid: [undefined, 429] },
  { path: ['turns', 1, 'error', 'retryAfterMs'], valid: [undefined, 1000] },
  { path: ['turns', 1, 'error', 'requestId'], valid: [undefined, 'req_1'] },
  { path: ['turns', 1, 'error', 'rateLimit'], valid: [undefined, {}, { remainingRequests: 0 }] },
  { path: ['turns', 1, 'error', 'rateLimit', 'limitTokens'], valid: [1000] },
  { path: ['turns', 1, 'startedAt'], valid: [undefined, '2026-01-01T00:00:01.000Z'] },
  { path: ['turns', 1, 'endedAt'], valid: [undefined, '2026-01-01T00:00:02.000Z'] },
  { path: ['turns', 1, 'extra'], valid: [undefined, { anything: [1, 'two'] }] },
  { path: ['outcome'], valid: [undefined, { stopReason: 'completed' }] },
  { path: ['outcome', 'answer'], valid: [undefined, '42'] },
  { path: ['outcome', 'decidedBy'], valid: [undefined, 'vote'] },
  { path: ['outcome', 'details'], valid: [undefined, {}, { votes: { a: 2 } }] },
  { path: ['totals'], valid: [undefined, {}, { usage, cost: 0.5, durationMs: 900 }] },
  { path: ['totals', 'usage', 'totalTokens'], valid: [15] },
  { path: ['totals', 'cost'], valid: [undefined, -1, 0.5] },
  { path: ['meta'], valid: [undefined, {}, { seed: 7, settings: { rounds: 2 } }] },
  { path: ['futureField'], valid: [undefined, 'kept'] },
];

/** Sets `value` at `path`, creating plain objects or arrays on the way. */
function setAt(target: Record<string | number, unknown>, path: (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = node[key];
    if (typeof next !== 'object' || next === null) node[key] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

/** Whether the object or array that would hold `path`'s last step is there. */
function hasParent(target: unknown, path: (string | number)[]): boolean {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return false;
    node = (node as Record<string | number, unknown>)[key];
  }
  return typeof node === 'object' && node !== null;
}

function generate(seed: number): unknown {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const transcript: Record<string, unknown> = {
    format: 'trialogue.transcript',
    version: 1,
    id: 't1',
    kind: 'chat',
    createdAt: '2026-01-01T00:00:00.000Z',
    participants: [{ id: 'a', provider: 'openai', modelId: 'gpt' }],
    turns: [
      { id: 'u1', participantId: 'user', role: 'user', text: 'hi' },
      { id: 'a1', participantId: 'a', role: 'assistant', text: 'hello' },
    ],
  };
  // A valid transcript with a random set of optional fields (a field only inside a present parent)…
  for (const slot of SLOTS)
    if (random() < 0.3 && hasParent(transcript, slot.path))
      setAt(transcript, slot.path, structuredClone(pick(slot.valid)));
  // …then zero to three fields set to odd values.
  const faults = Math.floor(random() * 4);
  for (let i = 0; i < faults; i++) setAt(transcript, pick(SLOTS).path, pick(ODD)());
  return transcript;
}

/** The same problem: both none, or the same message at the same path (keys compared by identity). */
const same = (a?: { path: PropertyKey[]; message: string }, b?: { path: PropertyKey[]; message: string }) =>
  a === undefined || b === undefined
    ? a === b
    : a.message === b.message &&
      a.path.length === b.path.length &&
      a.path.every((key, i) => Object.is(key, b.path[i]));

const describeValue = (value: unknown) =>
  JSON.stringify(value, (_key, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v === undefined ? '<undefined>' : v,
  );

describe('findTranscriptProblem against its zod contract', () => {
  const schema = transcriptSchema();

  it('gives the same verdict, path and message for 6,000 generated transcripts', () => {
    let refused = 0;
    const messages = new Set<string>();
    for (let seed = 1; seed <= 6000; seed++) {
      const transcript = generate(seed);
      const zod = schema.safeParse(transcript);
      const ours = findTranscriptProblem(transcript);
      const issue = zod.error?.issues[0];
      const expected = issue && { path: issue.path, message: transcriptIssueText(issue) };
      if (ours) {
        refused++;
        messages.add(ours.message);
      }
      // Compared whole only when they differ: the context (seed, transcript) is for the reader.
      if (!same(ours, expected)) {
        const context = { seed, transcript: describeValue(transcript) };
        expect({ ...context, ours }).toEqual({ ...context, ours: expected });
      }
    }
    // The generator must really exercise both sides, and many kinds of fault.
    expect(refused).toBeGreaterThan(2000);
    expect(refused).toBeLessThan(5500);
    expect(messages.size).toBeGreaterThan(15);
  }, 60_000);

  it('agrees on every odd value in every field of a transcript with every field set', () => {
    const full = generate(0) as Record<string, unknown>;
    for (const slot of SLOTS) {
      const last = slot.valid[slot.valid.length - 1];
      if (last !== undefined && hasParent(full, slot.path)) setAt(full, slot.path, structuredClone(last));
    }
    expect(findTranscriptProblem(full)).toBeUndefined();
    expect(schema.safeParse(full).success).toBe(true);
    let checked = 0;
    for (const slot of SLOTS) {
      for (const make of ODD) {
        const transcript = structuredClone(full);
        setAt(transcript, slot.path, make());
        const zod = schema.safeParse(transcript);
        const ours = findTranscriptProblem(transcript);
        const issue = zod.error?.issues[0];
        const expected = issue && { path: issue.path, message: transcriptIssueText(issue) };
        if (!same(ours, expected)) {
          const context = { field: slot.path, value: describeValue(make()) };
          expect({ ...context, ours }).toEqual({ ...context, ours: expected });
        }
        checked++;
      }
    }
    expect(checked).toBe(SLOTS.length * ODD.length);
  }, 60_000);

  it('agrees on every odd value given as the whole transcript', () => {
    for (const value of ODD.map((make) => make())) {
      const zod = schema.safeParse(value);
      const ours = findTranscriptProblem(value);
      expect(ours === undefined).toBe(zod.success);
      if (!zod.success) expect(ours?.message).toBe(transcriptIssueText(zod.error.issues[0]!));
    }
  });

  it('parseTranscript words a refused field as the contract does', () => {
    const transcript = {
      format: 'trialogue.transcript',
      version: 1,
      id: 't1',
      kind: 'chat',
      createdAt: '2026-01-01T00:00:00.000Z',
      participants: [{ id: 'a', provider: 'openai', modelId: 'gpt' }],
      turns: [
        { id: 'u1', participantId: 'user', role: 'user', text: 'hi' },
        { id: 'a1', participantId: 'a', role: 'assistant', text: 'hello' } as Record<string, unknown>,
      ],
    };
    expect(findTranscriptProblem(transcript)).toBeUndefined();
    expect(parseTranscript(transcript)).toBe(transcript);
    transcript.turns[1]!.usage = { inputTokens: 1.5, outputTokens: 0, totalTokens: 1 };
    const zodIssue = schema.safeParse(transcript).error!.issues[0]!;
    expect(() => parseTranscript(transcript)).toThrow(
      `The transcript field "turns[1].usage.inputTokens" is invalid: ${transcriptIssueText(zodIssue)}.`,
    );
    expect(transcriptIssueText(zodIssue)).toBe('expected a whole number');
  });
});
