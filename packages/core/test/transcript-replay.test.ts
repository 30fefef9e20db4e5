import {
  createTranscript,
  fanOut,
  parseTranscript,
  replayModel,
  replayModels,
  type StreamEvent,
  serializeTranscript,
  type Transcript,
  TrialogueError,
} from '@trialogue/core';
import { afterEach, describe, expect, it, vi } from 'vitest';

const request = { messages: [{ role: 'user' as const, content: 'Replay, please.' }] };

/** A recorded two-round chat: gpt answers twice (with reasoning), claude answers then fails. */
function recorded(): Transcript {
  const t = createTranscript({ id: 'rec', kind: 'debate', createdAt: '2025-11-20T10:00:00.000Z' });
  t.participants.push(
    { id: 'gpt', provider: 'openai', modelId: 'gpt-4.1-mini' },
    { id: 'claude', provider: 'anthropic', modelId: 'claude-sonnet-4-5' },
  );
  const usage = { inputTokens: 12, outputTokens: 8, totalTokens: 20 };
  t.turns.push(
    { id: 't1', participantId: 'user', role: 'user', text: 'Tabs or spaces?' },
    {
      id: 't2',
      participantId: 'gpt',
      role: 'assistant',
      round: 1,
      text: 'Spaces, for consistency.',
      reasoning: 'Think first.',
      usage,
      finishReason: 'stop',
      timings: { totalMs: 900, timeToFirstTokenMs: 300 },
    },
    {
      id: 't3',
      participantId: 'claude',
      role: 'assistant',
      round: 1,
      text: 'Tabs are',
      finishReason: undefined,
      timings: { totalMs: 400 },
      error: new TrialogueError({
        kind: 'overloaded',
        provider: 'anthropic',
        phase: 'stream',
        message: 'Overloaded.',
      }).toJSON(),
    },
    {
      id: 't4',
      participantId: 'gpt',
      role: 'assistant',
      round: 2,
      text: 'Still spaces.',
      finishReason: 'length',
      timings: { totalMs: 500 },
    },
  );
  return parseTranscript(serializeTranscript(t));
}

const collect = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};
const plain = (events: StreamEvent[]) => JSON.parse(JSON.stringify(events));

afterEach(() => vi.useRealTimers());

describe('replayModel', () => {
  it("plays a participant's turns back in order, with the recorded reason, usage and timings", async () => {
    const gpt = replayModel(recorded(), { participantId: 'gpt' });
    expect([gpt.provider, gpt.modelId]).toEqual(['openai', 'gpt-4.1-mini']);
    const first = await collect(gpt.stream(request));
    expect(first).toEqual([
      { type: 'start', provider: 'openai', modelId: 'gpt-4.1-mini' },
      { type: 'reasoning-delta', text: 'Think ' },
      { type: 'reasoning-delta', text: 'first.' },
      { type: 'text-delta', text: 'Spaces, ' },
      { type: 'text-delta', text: 'for ' },
      { type: 'text-delta', text: 'consistency.' },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 } },
      {
        type: 'finish',
        reason: 'stop',
        text: 'Spaces, for consistency.',
        reasoning: 'Think first.',
        usage: { inputTokens: 12, outputTokens: 8, totalTokens: 20 },
        timings: { totalMs: 900, timeToFirstTokenMs: 300 },
      },
    ]);
    const second = await gpt.generate(request);
    expect([second.text, second.finishReason]).toEqual(['Still spaces.', 'length']);
  });

  it('is deterministic: two replays give the same events', async () => {
    const a = replayModels(recorded(), { chunkSize: 4 });
    const b = replayModels(recorded(), { chunkSize: 4 });
    for (const id of ['gpt', 'claude']) {
      expect(plain(await collect(a[id]!.stream(request)))).toEqual(
        plain(await collect(b[id]!.stream(request))),
      );
    }
  });

  it('replays a failed turn as an error event with its partial text', async () => {
    const claude = replayModel(recorded(), { participantId: 'claude', chunkSize: 3 });
    const events = await collect(claude.stream(request));
    expect(events.filter((e) => e.type === 'text-delta').map((e) => (e as { text: string }).text)).toEqual([
      'Tab',
      's a',
      're',
    ]);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'error', text: 'Tabs are', timings: { totalMs: 400 } });
    const error = (last as { error: TrialogueError }).error;
    expect(error).toBeInstanceOf(TrialogueError);
    expect(error).toMatchObject({ kind: 'overloaded', provider: 'anthropic', message: 'Overloaded.' });
    await expect(
      replayModel(recorded(), { participantId: 'claude' }).generate(request),
    ).rejects.toMatchObject({ kind: 'overloaded' });
  });

  it('ends with a clear error once the recorded turns run out', async () => {
    const claude = replayModel(recorded(), { participantId: 'claude' });
    await collect(claude.stream(request));
    const events = await collect(claude.stream(request));
    expect(events).toHaveLength(1);
    expect((events[0] as { error: TrialogueError }).error).toMatchObject({
      code: 'replay-exhausted',
      kind: 'invalid-request',
    });
  });

  it('rejects an unknown participant', () => {
    expect(() => replayModel(recorded(), { participantId: 'nobody' })).toThrow(
      /no participant "nobody".*gpt, claude/,
    );
  });

  it('plays with delays and stops when aborted, keeping the partial text', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const gpt = replayModel(recorded(), { participantId: 'gpt', delayMs: 50 });
    const events: StreamEvent[] = [];
    const done = (async () => {
      for await (const event of gpt.stream({ ...request, signal: controller.signal })) {
        events.push(event);
        if (event.type === 'text-delta') controller.abort();
      }
    })();
    await vi.runAllTimersAsync();
    await done;
    expect(events.at(-1)).toMatchObject({ type: 'error', text: 'Spaces, ', reasoning: 'Think first.' });
    expect((events.at(-1) as { error: TrialogueError }).error.kind).toBe('aborted');
  });

  it('replays a whole debate round side by side through fanOut', async () => {
    const results = await fanOut(replayModels(recorded()), request).results;
    expect(results.gpt).toMatchObject({ type: 'finish', text: 'Spaces, for consistency.' });
    expect(results.claude).toMatchObject({ type: 'error', text: 'Tabs are' });
  });
});
