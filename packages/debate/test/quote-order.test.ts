import type { ChatRequest } from '@trialogue/core';
import { describe, expect, it } from 'vitest';
import { type FormatName, runDebate } from '../src/index.js';
import { answer, lastUser, scripted } from './helpers.js';

/** Every prompt each participant received, by participant. */
async function prompts(format: FormatName, latencies: Record<string, number>, seed: number, extra = {}) {
  const participants = Object.entries(latencies).map(([id, delay]) =>
    scripted(id, (_request: ChatRequest, call: number) => ({
      text: answer(`${id}-${call}`),
      firstTokenDelayMs: delay,
    })),
  );
  await runDebate({ question: 'Q?', participants, format, seed, ...extra }).result;
  return Object.fromEntries(participants.map((p) => [p.id, p.model.calls.map(lastUser)]));
}

/** The order in which a prompt quotes the participants. */
const quotedOrder = (prompt: string) =>
  [...prompt.matchAll(/<participant_answer from="([^"]+)"/g)].map((m) => m[1]);

describe('other participants are quoted in an order fixed by the seed, never by finishing time', () => {
  const fastFirst = { a: 1, b: 12, c: 24, d: 36 };
  const slowFirst = { a: 36, b: 24, c: 12, d: 1 };

  it.each<[FormatName, Record<string, unknown>]>([
    ['society', { formatOptions: { rounds: 3, stopWhen: 'never' } }],
    ['society', { formatOptions: { rounds: 2, visibility: 'everything', stopWhen: 'never' } }],
    ['society', { formatOptions: { rounds: 2, visibility: 'summary', stopWhen: 'never' } }],
    ['roundtable', {}],
  ])('%s %j: the same seed gives the same prompts whatever the latencies', async (format, extra) => {
    const fast = await prompts(format, fastFirst, 3, extra);
    const slow = await prompts(format, slowFirst, 3, extra);
    expect(slow).toEqual(fast);
    // Someone was really quoted.
    expect(quotedOrder(fast.a!.at(-1)!).length).toBeGreaterThan(1);
  });

  it('puts the reader’s own turn first, then the others in an order that changes with the seed', async () => {
    const equal = { a: 0, b: 0, c: 0, d: 0 };
    const ordersOf: Record<string, Set<string>> = {};
    for (const seed of [1, 2, 3, 4]) {
      const byReader = await prompts('roundtable', equal, seed);
      for (const [reader, calls] of Object.entries(byReader)) {
        const order = quotedOrder(calls[1]!);
        expect(order[0]).toBe('you');
        expect([...order.slice(1)].sort()).toEqual(['a', 'b', 'c', 'd'].filter((id) => id !== reader));
        ordersOf[reader] ??= new Set();
        ordersOf[reader].add(order.slice(1).join(','));
      }
    }
    // Not one fixed order (participant order, or the fastest model first): the seed decides.
    for (const orders of Object.values(ordersOf)) expect(orders.size).toBeGreaterThan(1);
  });
});
