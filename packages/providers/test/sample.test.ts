import { collectStream, type StreamEvent, TrialogueError } from '@trialogue/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  composeAnswer,
  SAMPLE_LABEL,
  sample,
  sampleCatalogueEntries,
  samplePersonas,
} from '../src/sample/index.js';

const ask = (content: string) => ({ messages: [{ role: 'user' as const, content }] });
const fast = sample({ delayScale: 0 });

async function events(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

describe('sample provider', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('streams start, text deltas, usage and finish, and the finish text is the deltas joined', async () => {
    const list = await events(fast.model('ada').stream(ask('Why is the sky blue?')));
    expect(list[0]).toEqual({ type: 'start', provider: 'sample', modelId: 'ada' });
    const deltas = list.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(10);
    expect(list.at(-2)?.type).toBe('usage');
    const finish = list.at(-1);
    expect(finish?.type).toBe('finish');
    if (finish?.type !== 'finish') return;
    expect(finish.text).toBe(deltas.map((d) => (d.type === 'text-delta' ? d.text : '')).join(''));
    expect(finish.reason).toBe('stop');
    expect(finish.usage?.outputTokens).toBeGreaterThan(10);
    expect(finish.timings.timeToFirstTokenMs).toBeTypeOf('number');
  });

  it('answers in markdown with Final answer and Confidence lines, the same way every time', async () => {
    const first = await fast.model('basil').generate(ask('Why is the sky blue?'));
    const again = await fast.model('basil').generate(ask('Why is the sky blue?'));
    expect(again.text).toBe(first.text);
    expect(first.text).toMatch(/^\| Factor \| Weight \| Why \|$/m);
    expect(first.text).toMatch(/^Final answer: .+$/m);
    expect(first.text).toMatch(/^Confidence: 0\.\d+$/m);
  });

  it('every sample model carries the "offline sample, not a real model" label, as its catalogue entry and list do', async () => {
    const listed = await fast.listModels();
    for (const persona of samplePersonas) {
      const model = fast.model(persona.id);
      expect(model.label).toBe(`${persona.name} (offline sample, not a real model)`);
      expect(sampleCatalogueEntries.find((e) => e.modelId === persona.id)?.label).toBe(model.label);
      expect(listed.find((m) => m.id === persona.id)?.label).toBe(model.label);
    }
    expect(SAMPLE_LABEL).toBe('offline sample, not a real model');
  });

  it('gives each model its own voice', async () => {
    const texts = await Promise.all(
      samplePersonas.map(async (p) => (await fast.model(p.id).generate(ask('Is coffee good for you?'))).text),
    );
    expect(new Set(texts).size).toBe(samplePersonas.length);
    expect(texts[0]).toMatch(/^## Short answer/m);
    expect(texts[2]).toMatch(/^> A caveat first/m);
  });

  it('works out a simple sum, and the contrarian can slip so a debate has something to fix', async () => {
    const ada = await fast.model('ada').generate(ask('What is 17 * 23?'));
    expect(ada.text).toMatch(/^Final answer: 391$/m);
    const cleo = await fast.model('cleo').generate(ask('What is 17 * 23?'));
    expect(cleo.text).toMatch(/^Final answer: \d+$/m);
  });

  it('moves to the most common final answer among the responses it is shown', () => {
    const prompt = [
      'Question:\nWhat is 17 * 23?',
      '<participant_response from="Ada">\n...\nFinal answer: 391\n</participant_response>',
      '<participant_response from="Basil">\n...\nFinal answer: 391\n</participant_response>',
      'End your reply with a line "Final answer: <answer>"',
    ].join('\n\n');
    const cleo = samplePersonas.find((p) => p.id === 'cleo')!;
    expect(composeAnswer(cleo, ask(prompt))).toMatch(/^Final answer: 391$/m);
  });

  it('ranks the responses it is offered after FINAL RANKING, each once', () => {
    const prompt = [
      'Question:\nWhy?',
      'Responses:\n\n<participant_response from="Response A">x</participant_response>\n\n<participant_response from="Response C">y</participant_response>',
      'End with the line "FINAL RANKING:" followed by a numbered list, such as "1. Response B".',
    ].join('\n\n');
    const text = composeAnswer(samplePersonas[0]!, ask(prompt));
    const ranking = text.slice(text.indexOf('FINAL RANKING:'));
    expect([...ranking.matchAll(/Response ([A-Z])/g)].map((m) => m[1]).sort()).toEqual(['A', 'C']);
  });

  it('continues a conversation: a follow-up says so', async () => {
    const { text } = await fast.model('dara').generate({
      messages: [
        { role: 'user', content: 'Why is the sky blue?' },
        { role: 'assistant', content: 'Scattering.' },
        { role: 'user', content: 'And sunsets?' },
      ],
    });
    expect(text).toMatch(/^Following up/);
  });

  it('stops when the signal aborts, keeping the partial text', async () => {
    const controller = new AbortController();
    const slow = sample({ delayScale: 0.2 }).model('ada');
    const seen: StreamEvent[] = [];
    for await (const event of slow.stream({ ...ask('Why is the sky blue?'), signal: controller.signal })) {
      seen.push(event);
      if (seen.filter((e) => e.type === 'text-delta').length === 3) controller.abort();
    }
    const last = seen.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.kind).toBe('aborted');
    expect(last.text.length).toBeGreaterThan(0);
    expect(seen.filter((e) => e.type === 'error' || e.type === 'finish')).toHaveLength(1);
  });

  it('stops before the first token when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const list = await events(fast.model('ada').stream({ ...ask('Hi'), signal: controller.signal }));
    expect(list.at(-1)).toMatchObject({ type: 'error', text: '', error: { kind: 'aborted' } });
  });

  it('streams at a readable pace by default', async () => {
    const { timings } = await sample().model('basil').generate(ask('Hi there'));
    expect(timings.timeToFirstTokenMs).toBeGreaterThanOrEqual(150);
  });

  it('rejects a bad request with a typed error before streaming anything', async () => {
    const list = await events(fast.model('ada').stream({ messages: [] }));
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: 'error', error: { kind: 'invalid-request' } });
  });

  it('stops at maxOutputTokens with reason length', async () => {
    const result = await fast.model('ada').generate({ ...ask('Why is the sky blue?'), maxOutputTokens: 10 });
    expect(result.finishReason).toBe('length');
    expect(result.usage?.outputTokens).toBeLessThanOrEqual(10);
  });

  it('names the sample models when asked for one that does not exist', () => {
    expect(() => fast.model('gpt-5')).toThrow(TrialogueError);
    expect(() => fast.model('gpt-5')).toThrow(/ada, basil, cleo, dara/);
  });

  it('is labelled as an offline sample in its model list and catalogue entries', async () => {
    const models = await fast.listModels();
    expect(models.map((m) => m.id)).toEqual(['ada', 'basil', 'cleo', 'dara']);
    for (const m of models) expect(m.label).toContain(SAMPLE_LABEL);
    for (const e of sampleCatalogueEntries) expect(e.label).toContain('not a real model');
    expect(await fast.validateKey()).toMatchObject({ ok: true, provider: 'sample' });
    expect(sample.requiresKey).toBe(false);
  });

  it('never touches the network', async () => {
    const fetchSpy = vi.fn(() => Promise.reject(new Error('no network')));
    vi.stubGlobal('fetch', fetchSpy);
    await collectStream(fast.model('cleo').stream(ask('Write a function to reverse a string')));
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
