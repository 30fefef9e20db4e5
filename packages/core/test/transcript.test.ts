import {
  type ChatModel,
  createCatalogue,
  createTranscript,
  memoryKeyStore,
  parseTranscript,
  participantFromModel,
  serializeTranscript,
  type Transcript,
  TrialogueError,
  toMarkdown,
  transcriptBuilder,
  turnFromEvents,
} from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { describe, expect, it } from 'vitest';
import { CANARY } from './support/canary.js';

const question = 'Tabs or spaces?';
const request = { messages: [{ role: 'user' as const, content: question }] };

/** A clock that moves one second per reading, so times in transcripts are fixed. */
function clock() {
  let t = Date.parse('2025-11-20T10:00:00.000Z');
  return () => {
    t += 1000;
    return new Date(t);
  };
}

const catalogue = createCatalogue([
  {
    provider: 'openai',
    modelId: 'gpt-4.1-mini',
    price: { inputPerMillion: 0.4, outputPerMillion: 1.6 },
    checkedAt: '2025-11-01',
  },
]);

async function record(
  builder: ReturnType<typeof transcriptBuilder>,
  id: string,
  model: ChatModel,
  round: number,
) {
  const recorder = builder.startTurn({
    participantId: id,
    round,
    phase: 'answer',
    prompt: { messages: request.messages },
  });
  for await (const event of model.stream(request)) recorder.push(event);
  return recorder.turn;
}

/** A small debate: one good answer with reasoning, one failed answer, an outcome. */
async function sampleTranscript(): Promise<Transcript> {
  const gpt = scriptedModel({
    provider: 'openai',
    modelId: 'gpt-4.1-mini',
    reply: {
      text: 'Spaces.\n\n```ts\nconst a = 1;\n```\n',
      reasoning: 'Consistency matters most.',
      usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500, reasoningTokens: 100 },
    },
  });
  const claude = scriptedModel({
    provider: 'anthropic',
    modelId: 'claude-sonnet-4-5',
    reply: {
      chunks: ['Tabs, ', 'because'],
      fail: { afterChunks: 2, error: { kind: 'rate-limit', message: 'Rate limited; try again in 2s.' } },
    },
  });
  const builder = transcriptBuilder({
    id: 'tr-1',
    kind: 'debate',
    mode: 'roundtable',
    title: question,
    catalogue,
    now: clock(),
  });
  builder.addParticipant(participantFromModel('gpt', gpt, { label: 'GPT' }));
  builder.addParticipant(participantFromModel('claude', claude, { label: 'Claude', persona: 'contrarian' }));
  builder.addUserTurn(question);
  await record(builder, 'gpt', gpt, 1);
  await record(builder, 'claude', claude, 1);
  return builder.finish({ stopReason: 'too-few-participants', answer: 'Spaces.', decidedBy: 'gpt' });
}

describe('transcript builder', () => {
  it('records turns from stream events with usage, cost, timings and errors', async () => {
    const t = await sampleTranscript();
    expect(t).toMatchObject({
      format: 'trialogue.transcript',
      version: 1,
      id: 'tr-1',
      kind: 'debate',
      createdAt: '2025-11-20T10:00:01.000Z',
    });
    expect(t.turns.map((turn) => turn.id)).toEqual(['t1', 't2', 't3']);
    const [user, gpt, claude] = t.turns;
    expect(user).toMatchObject({ participantId: 'user', role: 'user', text: question });
    expect(gpt).toMatchObject({
      participantId: 'gpt',
      role: 'assistant',
      text: 'Spaces.\n\n```ts\nconst a = 1;\n```\n',
      reasoning: 'Consistency matters most.',
      finishReason: 'stop',
      cost: 0.0012,
      round: 1,
      phase: 'answer',
      prompt: { messages: request.messages },
    });
    expect(gpt!.timings?.totalMs).toBeGreaterThanOrEqual(0);
    expect(claude).toMatchObject({
      text: 'Tabs, because',
      error: { kind: 'rate-limit', name: 'TrialogueError' },
    });
    expect(claude!.finishReason).toBeUndefined();
    expect(claude!.cost).toBeUndefined(); // no catalogue price for it
    expect(t.totals).toMatchObject({ cost: 0.0012, usage: { inputTokens: 1000, outputTokens: 500 } });
    expect(t.outcome).toEqual({ stopReason: 'too-few-participants', answer: 'Spaces.', decidedBy: 'gpt' });
  });

  it('keeps participants to provider, model, label and persona', () => {
    const builder = transcriptBuilder();
    const settings = { id: 'x', provider: 'openai', modelId: 'm', apiKey: CANARY } as never;
    expect(builder.addParticipant(settings)).toEqual({ id: 'x', provider: 'openai', modelId: 'm' });
    expect(() => builder.addParticipant({ id: 'x', provider: 'openai', modelId: 'm' })).toThrow(
      /already has a participant "x"/,
    );
  });

  it('refuses a turn for a participant it does not know', () => {
    expect(() => transcriptBuilder().startTurn({ participantId: 'ghost' })).toThrow(/no participant "ghost"/);
  });

  it('makes a turn from a collected list of events', async () => {
    const model = scriptedModel({ reply: { text: 'hello there', finishReason: 'length' } });
    const { events } = await model.generate(request);
    expect(turnFromEvents(events, { participantId: 'a', round: 2 })).toMatchObject({
      participantId: 'a',
      role: 'assistant',
      text: 'hello there',
      finishReason: 'length',
      round: 2,
    });
  });
});

describe('transcript JSON', () => {
  it('round-trips: JSON -> object -> identical JSON', async () => {
    const json = serializeTranscript(await sampleTranscript());
    const parsed = parseTranscript(json);
    expect(serializeTranscript(parsed)).toBe(json);
    expect(parseTranscript(JSON.parse(json))).toEqual(parsed);
    expect(json.startsWith('{\n  "format": "trialogue.transcript",\n  "version": 1,')).toBe(true);
  });

  it('writes the same text whatever order fields were set in', () => {
    const a = createTranscript({ id: 'x', createdAt: '2025-01-01T00:00:00Z', title: 'T', mode: 'm' });
    const b = {
      mode: 'm',
      turns: [],
      title: 'T',
      participants: [],
      createdAt: '2025-01-01T00:00:00Z',
      kind: 'chat',
      id: 'x',
      version: 1,
      format: 'trialogue.transcript',
    } as Transcript;
    expect(serializeTranscript(b)).toBe(serializeTranscript(a));
  });

  it('keeps fields it does not know (nothing is lost)', () => {
    const t = { ...createTranscript({ id: 'x' }), futureField: { a: 1 } };
    expect(parseTranscript(serializeTranscript(t))).toMatchObject({ futureField: { a: 1 } });
  });

  it('names the version found and the one supported', () => {
    const t = { ...createTranscript(), version: 2 };
    const error = catchError(() => parseTranscript(JSON.stringify(t)));
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'transcript-version' });
    expect(error.message).toMatch(/format version 2; this version of Trialogue reads version 1/);
    expect(catchError(() => parseTranscript({ format: 'trialogue.transcript' })).message).toMatch(
      /has no version/,
    );
  });

  it('names the path of a wrong field', async () => {
    const t = JSON.parse(serializeTranscript(await sampleTranscript()));
    t.turns[1].usage.inputTokens = 'many';
    const error = catchError(() => parseTranscript(t));
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'transcript-shape' });
    expect(error.message).toContain('"turns[1].usage.inputTokens"');
    expect(error.message).toContain('expected number');

    t.turns[1].usage.inputTokens = 1;
    t.turns[2].role = 'robot';
    expect(catchError(() => parseTranscript(t)).message).toMatch(/"turns\[2\]\.role".*"assistant"/);

    t.turns[2].role = 'assistant';
    t.turns[2].participantId = 'ghost';
    expect(catchError(() => parseTranscript(t)).message).toMatch(
      /"turns\[2\]\.participantId".*"ghost" is not a participant/,
    );
  });

  it('rejects text that is not a transcript', () => {
    expect(catchError(() => parseTranscript('{not json')).code).toBe('transcript-shape');
    expect(catchError(() => parseTranscript({ hello: 1 })).message).toMatch(/"format"/);
    expect(catchError(() => parseTranscript([])).code).toBe('transcript-shape');
  });

  it('never lets a key survive serialisation or export', async () => {
    const storeOnlySecret = 'org-gateway-secret-value-7f3a9';
    const keys = memoryKeyStore({ gateway: storeOnlySecret });
    await keys.get('gateway'); // a key store hands it out: from now on it is redacted everywhere
    const t = await sampleTranscript();
    t.participants[0]!.label = `GPT ${CANARY}`;
    t.participants[1]!.persona = `uses ${storeOnlySecret}`;
    t.turns[2]!.error!.message = `Bad key ${CANARY} and ${storeOnlySecret}`;
    t.meta = { headers: { authorization: `Bearer ${storeOnlySecret}` } };
    const json = serializeTranscript(t);
    const markdown = toMarkdown(t);
    for (const out of [json, markdown]) {
      expect(out).not.toContain(CANARY);
      expect(out).not.toContain(storeOnlySecret);
      expect(out).toContain('[redacted]');
    }
  });
});

describe('toMarkdown', () => {
  it('renders title, participants, turns, reasoning, stats, errors and outcome', async () => {
    const md = toMarkdown(await sampleTranscript());
    expect(md).toMatch(/^# Tabs or spaces\?\n\nDebate · roundtable · 2025-11-20T10:00:01.000Z\n/);
    expect(md).toContain('| Id | Label | Model | Persona |');
    expect(md).toContain('| gpt | GPT | openai:gpt-4.1-mini |  |');
    expect(md).toContain('| claude | Claude | anthropic:claude-sonnet-4-5 | contrarian |');
    expect(md).toContain('### User\n\nTabs or spaces?');
    expect(md).toContain('### Round 1 · answer — GPT (openai:gpt-4.1-mini)');
    expect(md).toContain(
      '<details>\n<summary>Reasoning</summary>\n\nConsistency matters most.\n\n</details>',
    );
    expect(md).toContain('Spaces.\n\n```ts\nconst a = 1;\n```');
    expect(md).toMatch(
      /<sub>1000 in · 500 out \(100 reasoning\) tokens · \$0\.0012 · \d+\.\d s, first token \d+\.\d s<\/sub>/,
    );
    expect(md).toContain('### Round 1 · answer — Claude (anthropic:claude-sonnet-4-5) — failed');
    expect(md).toContain(
      '> **Failed (rate-limit):** Rate limited; try again in 2s. The partial answer follows.\n\nTabs, because',
    );
    expect(md).toContain('## Outcome\n\n**Stopped:** too-few-participants · decided by GPT\n\nSpaces.');
    expect(md).toContain('**Totals:** 1000 in · 500 out tokens · $0.0012');
  });

  it('keeps model text from breaking the document structure', () => {
    const t = createTranscript({ id: 'x', title: 'Line one\n# Injected heading' });
    t.participants.push({ id: 'a', provider: 'p', modelId: 'm', label: 'A | B\nC' });
    t.turns.push({
      id: 't1',
      participantId: 'a',
      role: 'assistant',
      text: 'Look:\n```js\nunclosed code',
      reasoning: 'sneaky </details> escape',
      finishReason: 'stop',
    });
    t.outcome = { stopReason: 'completed' };
    const md = toMarkdown(t);
    expect(md.startsWith('# Line one # Injected heading\n')).toBe(true);
    expect(md).toContain('| a | A \\| B C | p:m |  |');
    expect(md).toContain('Look:\n```js\nunclosed code\n```\n\n## Outcome');
    expect(md.match(/<\/details>/g)).toHaveLength(1);
    expect(md).toContain('sneaky &lt;/details> escape');
  });
});

function catchError(fn: () => unknown): TrialogueError {
  try {
    fn();
  } catch (error) {
    expect(TrialogueError.is(error)).toBe(true);
    return error as TrialogueError;
  }
  throw new Error('expected an error');
}
