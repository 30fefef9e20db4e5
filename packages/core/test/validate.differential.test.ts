/**
 * `validateRequest` is hand-written; `chatRequestSchema()` is the same contract in zod. Thousands of
 * generated requests (valid ones, and ones with one to three fields set to odd values) must get the
 * same verdict from both, and a refused request must be refused at the same field with the same words.
 */

import { runInNewContext } from 'node:vm';
import { chatRequestSchema, findRequestProblem, MAX_MESSAGE_CHARS } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { prng } from './support/prng.js';

const tooLong = 'x'.repeat(MAX_MESSAGE_CHARS + 1);
/** Odd values, each made afresh per use (so a later fault never writes into a shared one). */
const ODD: (() => unknown)[] = [
  ...[
    undefined,
    null,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    0,
    0.5,
    1,
    1.5,
    2,
    2.5,
    7,
    2 ** 53,
    -(2 ** 60),
  ].map((v) => () => v),
  ...['', '1', 'user', 'low', true, false].map((v) => () => v),
  () => [],
  () => ['a'],
  () => [1],
  () => ({}),
  () => ({ a: 1 }),
  () => ({ seed: 1 }),
  () => Object.create(null),
  () => new Date(0),
  () => runInNewContext('({ seed: 1 })'), // a plain object from another realm
  () => new (class Options {})(),
  () => tooLong,
  () => 'n'.repeat(201),
];

/** Where a value can go: a path and the values that are valid there. */
const SLOTS: { path: (string | number)[]; valid: unknown[] }[] = [
  { path: ['messages'], valid: [[{ role: 'user', content: 'hi' }]] },
  { path: ['messages', 0], valid: [{ role: 'user', content: 'hi' }] },
  { path: ['messages', 0, 'role'], valid: ['system', 'user', 'assistant'] },
  { path: ['messages', 0, 'content'], valid: ['', 'hello'] },
  { path: ['messages', 0, 'name'], valid: [undefined, 'claude'] },
  { path: ['messages', 1], valid: [{ role: 'assistant', content: 'yes' }] },
  { path: ['messages', 1, 'role'], valid: ['assistant'] },
  { path: ['messages', 1, 'content'], valid: ['ok'] },
  { path: ['system'], valid: [undefined, 'Be brief.'] },
  { path: ['maxOutputTokens'], valid: [undefined, 1, 4096] },
  { path: ['temperature'], valid: [undefined, 0, 0.7, 2] },
  { path: ['topP'], valid: [undefined, 0, 1] },
  { path: ['stopSequences'], valid: [undefined, [], ['\n']] },
  { path: ['stopSequences', 0], valid: ['END'] },
  { path: ['reasoning'], valid: [undefined, {}, { effort: 'low' }] },
  { path: ['reasoning', 'effort'], valid: ['minimal', 'high'] },
  { path: ['reasoning', 'budgetTokens'], valid: [0, 1024] },
  { path: ['reasoning', 'includeText'], valid: [true, false] },
  { path: ['providerOptions'], valid: [undefined, {}, { openai: { seed: 1 } }] },
  { path: ['providerOptions', 'anthropic'], valid: [{}, { top_k: 5 }] },
  { path: ['timeouts'], valid: [undefined, {}] },
  ...['firstByteMs', 'firstTokenMs', 'idleMs', 'totalMs'].map((f) => ({
    path: ['timeouts', f],
    valid: [1, 30_000],
  })),
  { path: ['retry'], valid: [undefined, {}] },
  ...['maxRetries', 'initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'].map((f) => ({
    path: ['retry', f],
    valid: [0, 2],
  })),
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

function generate(seed: number): unknown {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const request: Record<string, unknown> = { messages: [{ role: 'user', content: 'hi' }] };
  // A valid request with a random set of optional fields…
  for (const slot of SLOTS) if (random() < 0.3) setAt(request, slot.path, structuredClone(pick(slot.valid)));
  // …then zero to three fields set to odd values.
  const faults = Math.floor(random() * 4);
  for (let i = 0; i < faults; i++) setAt(request, pick(SLOTS).path, pick(ODD)());
  return request;
}

describe('validateRequest against its zod contract', () => {
  const schema = chatRequestSchema();

  it('gives the same verdict, field and message for 5,000 generated requests', () => {
    let refused = 0;
    for (let seed = 1; seed <= 5000; seed++) {
      const request = generate(seed);
      const zod = z.safeParse(schema, request);
      const ours = findRequestProblem(request);
      const context = {
        seed,
        request: JSON.stringify(request, (_k, v) => (v === tooLong ? '<too long>' : v)),
      };
      expect({ ...context, ok: ours === undefined }).toEqual({ ...context, ok: zod.success });
      if (!zod.success && ours) {
        refused++;
        const issue = zod.error.issues[0]!;
        expect({ ...context, path: ours.path, message: ours.message }).toEqual({
          ...context,
          path: issue.path,
          message: issue.message,
        });
      }
    }
    // The generator must really exercise both sides.
    expect(refused).toBeGreaterThan(1000);
    expect(refused).toBeLessThan(4500);
  });

  it('agrees on every odd value given as the whole request', () => {
    for (const value of ODD.map((make) => make())) {
      expect(findRequestProblem(value) === undefined).toBe(z.safeParse(schema, value).success);
    }
  });
});
