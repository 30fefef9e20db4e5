import { createCatalogue, memoryKeyStore, parseTranscript, TrialogueError } from '@trialogue/core';
import { scriptedModel } from '@trialogue/core/testing';
import { createRegistry } from '@trialogue/providers';
import { startFakeProviderServer } from '@trialogue/providers/testing';
import { describe, expect, it } from 'vitest';
import { ChatController, type ChatControllerEvent } from '../src/chat/controller.js';

const echo = (modelId: string, provider = 'openai') =>
  scriptedModel({
    provider,
    modelId,
    reply: (request) => ({
      text: `${modelId} heard ${request.messages.length} messages: ${request.messages.at(-1)?.content}`,
      usage: { inputTokens: 1000, outputTokens: 500, totalTokens: 1500 },
    }),
  });

const slow = (modelId: string) =>
  scriptedModel({
    provider: 'anthropic',
    modelId,
    reply: { text: 'one two three four five six', delayMs: 40 },
  });

function chat(extra: ConstructorParameters<typeof ChatController>[0] = {}) {
  const events: ChatControllerEvent[] = [];
  const controller = new ChatController({ ...extra, onEvent: (event) => events.push(event) });
  return { controller, events };
}

const answers = (c: ChatController, paneId: string) =>
  c.pane(paneId).turns.filter((turn) => turn.role === 'assistant');

describe('ChatController', () => {
  it('sends one message to every pane; each pane streams its own answer with usage and cost', async () => {
    const { controller, events } = chat();
    controller.setModels([echo('gpt-4.1-mini'), echo('gpt-4.1-nano')]);
    await controller.send('Hello');
    const [a, b] = controller.panes;
    expect(answers(controller, a!.id)[0]).toMatchObject({
      status: 'done',
      text: 'gpt-4.1-mini heard 1 messages: Hello',
      cost: 0.0012,
    });
    expect(answers(controller, b!.id)[0]!.text).toBe('gpt-4.1-nano heard 1 messages: Hello');
    expect(events.filter((e) => e.type === 'turn-start')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'turn-end').map((e) => (e as { status: string }).status)).toEqual([
      'done',
      'done',
    ]);
    expect(events.some((e) => e.type === 'turn-delta')).toBe(true);
  });

  it('prices answers from a catalogue given to it (a private model), none when the model is not listed', async () => {
    const { controller } = chat();
    controller.catalogue = createCatalogue([
      {
        provider: 'acme',
        modelId: 'house-model',
        price: { inputPerMillion: 2, outputPerMillion: 10 },
        checkedAt: '2026-12-01',
      },
    ]);
    controller.setModels([echo('house-model', 'acme'), echo('gpt-4.1-mini')]);
    await controller.send('Hi');
    expect(answers(controller, 'p1')[0]!.cost).toBe(0.007); // 1000 x 2 + 500 x 10 per million
    expect(answers(controller, 'p2')[0]!.cost).toBeUndefined();
  });

  it('a follow-up to one pane continues that thread only', async () => {
    const { controller } = chat();
    controller.setModels([echo('gpt-4.1-mini'), echo('gpt-4.1-nano')]);
    await controller.send('First');
    await controller.send('Second', { to: ['p2'] });
    expect(answers(controller, 'p1')).toHaveLength(1);
    expect(answers(controller, 'p2')[1]!.text).toBe('gpt-4.1-nano heard 3 messages: Second');
  });

  it('the same model twice is two panes, labelled #2', () => {
    const { controller } = chat();
    controller.setModels(['openai:gpt-4.1-mini', 'openai:gpt-4.1-mini', 'anthropic:claude-haiku-4-5']);
    expect(controller.panes.map((p) => p.label)).toEqual([
      'gpt-4.1-mini',
      'gpt-4.1-mini #2',
      'claude-haiku-4-5',
    ]);
    expect(new Set(controller.panes.map((p) => p.id)).size).toBe(3);
  });

  it("a pane shows the model's label: describe first, then the ChatModel's label (also once a reference resolves), else the id", async () => {
    const { sample } = await import('@trialogue/providers/sample');
    const samples = sample({ delayScale: 0 });
    const { controller } = chat({ resolve: async (ref) => samples.model(ref.split(':')[1]!) });
    controller.setModels([
      'sample:ada',
      samples.model('basil'),
      samples.model('basil'),
      echo('gpt-4.1-mini'),
    ]);
    expect(controller.panes.map((pane) => pane.label)).toEqual([
      'ada',
      'Basil (offline sample, not a real model)',
      'Basil (offline sample, not a real model) #2',
      'gpt-4.1-mini',
    ]);
    await controller.send('Hi', { to: ['p1'] });
    expect(controller.pane('p1').label).toBe('Ada (offline sample, not a real model)');
    // The label travels into the transcript and comes back with an import.
    const json = controller.exportJson();
    expect(parseTranscript(json).participants.map((p) => p.label)).toEqual(
      controller.panes.map((p) => p.label),
    );
    const again = chat().controller;
    again.importTranscript(json);
    expect(again.panes.map((pane) => pane.label)).toEqual(controller.panes.map((pane) => pane.label));
    // A describe hook wins.
    controller.describe = (ref) => (ref === 'openai:gpt-4.1-mini' ? 'House GPT' : undefined);
    expect(controller.panes.at(-1)!.label).toBe('House GPT');
    expect(controller.panes[0]!.label).toBe('Ada (offline sample, not a real model)');
  });

  it('tells its host at once when the panes change (an import), and only per frame for tokens', async () => {
    const changes: boolean[] = [];
    const controller = new ChatController({ onChange: (change) => changes.push(change.structural) });
    controller.setModels([echo('gpt-4.1-mini')]);
    expect(changes).toEqual([true]);
    const json = controller.exportJson();
    changes.length = 0;
    controller.importTranscript(json);
    expect(changes).toEqual([true]);
    changes.length = 0;
    await controller.send('Hello');
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((structural) => !structural)).toBe(true);
  });

  it('stopping one pane shows it as stopped with its partial text; the other finishes', async () => {
    const { controller, events } = chat();
    controller.setModels([slow('claude-haiku-4-5'), echo('gpt-4.1-mini')]);
    const sent = controller.send('Go');
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.stop('p1');
    await sent;
    const stopped = answers(controller, 'p1')[0]!;
    expect(stopped.status).toBe('stopped');
    expect(stopped.text.length).toBeGreaterThan(0);
    expect(stopped.text.length).toBeLessThan('one two three four five six'.length);
    expect(answers(controller, 'p2')[0]!.status).toBe('done');
    expect(events.some((e) => e.type === 'error')).toBe(false);
    expect(events).toContainEqual({ type: 'stop', paneIds: ['p1'] });
  });

  it('a failure stays in its pane with its partial text; retry replaces the answer', async () => {
    let calls = 0;
    const flaky = scriptedModel({
      provider: 'anthropic',
      modelId: 'claude-haiku-4-5',
      reply: () =>
        calls++ === 0
          ? {
              text: 'partial answer here',
              fail: { afterChunks: 2, error: { kind: 'network', message: 'cut' } },
            }
          : 'whole answer',
    });
    const { controller, events } = chat();
    controller.setModels([flaky, echo('gpt-4.1-mini')]);
    await controller.send('Hi');
    expect(answers(controller, 'p1')[0]).toMatchObject({ status: 'failed', text: 'partial answer ' });
    expect(answers(controller, 'p1')[0]!.error!.kind).toBe('network');
    expect(answers(controller, 'p2')[0]!.status).toBe('done');
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    await controller.retry('p1');
    expect(answers(controller, 'p1')).toHaveLength(1);
    expect(answers(controller, 'p1')[0]).toMatchObject({ status: 'done', text: 'whole answer' });
  });

  it('rejects bad input with a typed error before any call', async () => {
    const model = echo('gpt-4.1-mini');
    const { controller } = chat();
    controller.setModels([model]);
    await expect(controller.send('   ')).rejects.toMatchObject({
      kind: 'invalid-request',
      code: 'empty-message',
    });
    await expect(controller.send('x', { to: ['p9'] })).rejects.toMatchObject({ code: 'unknown-pane' });
    expect(() => controller.setModels(Array(7).fill(model))).toThrow(TrialogueError);
    expect(() => controller.setModels(['openai'])).toThrow(/provider:model/);
    expect(controller.panes).toHaveLength(1);
    expect(model.calls).toHaveLength(0);
    const busy = chat().controller;
    busy.setModels([slow('claude-haiku-4-5')]);
    const first = busy.send('a');
    await expect(busy.send('b')).rejects.toMatchObject({ code: 'pane-busy' });
    busy.stopAll();
    await first;
  });

  it('a model reference without a key fails in its pane with the registry error; others answer', async () => {
    const registry = createRegistry({ keys: memoryKeyStore({}) });
    const { controller } = chat({ resolve: (ref) => registry.resolve(ref) });
    controller.setModels(['anthropic:claude-haiku-4-5', echo('gpt-4.1-mini')]);
    await controller.send('Hi');
    expect(answers(controller, 'p1')[0]!.error).toMatchObject({ kind: 'auth', code: 'missing-key' });
    expect(answers(controller, 'p2')[0]!.status).toBe('done');
  });

  it('as a Lit controller: an element moved in the page keeps streaming, one removed for good stops', async () => {
    const { controller } = chat();
    controller.setModels([slow('claude-haiku-4-5')]);
    const sent = controller.send('Go');
    controller.hostDisconnected();
    controller.hostConnected(); // moved: reconnected in the same task
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(controller.isBusy('p1')).toBe(true);
    controller.hostDisconnected(); // removed
    await sent;
    expect(answers(controller, 'p1')[0]!.status).toBe('stopped');
  });

  it('exports a transcript (JSON and Markdown) without the key, and imports it back into the same threads', async () => {
    const canary = 'sk-canary-0123456789abcdefghijklmnop';
    const server = await startFakeProviderServer();
    try {
      server.enqueue(
        { text: 'Blue light scatters more.' },
        { text: 'Because of Rayleigh.' },
        { text: 'Shorter: scattering.' },
      );
      const registry = createRegistry({
        keys: memoryKeyStore({ openai: canary }),
        settings: { openai: { baseURL: server.baseURL('openai') } },
      });
      const { controller } = chat({ resolve: (ref) => registry.resolve(ref) });
      controller.setModels(['openai:gpt-4.1-mini', 'openai:gpt-4.1-mini']);
      await controller.send('Why is the sky blue?');
      await controller.send('Shorter?', { to: ['p2'] });
      expect(server.requests.at(-1)!.body).toMatchObject({
        messages: [
          { role: 'user', content: 'Why is the sky blue?' },
          { role: 'assistant' },
          { role: 'user', content: 'Shorter?' },
        ],
      });
      const json = controller.exportJson();
      const markdown = controller.exportMarkdown();
      expect(json).not.toContain(canary);
      expect(markdown).not.toContain(canary);
      expect(markdown).toContain('Why is the sky blue?');
      const transcript = parseTranscript(json);
      expect(transcript.participants.map((p) => p.label)).toEqual(['gpt-4.1-mini', 'gpt-4.1-mini #2']);
      // The shared question is one turn, not one per pane.
      expect(transcript.turns.filter((t) => t.text === 'Why is the sky blue?')).toHaveLength(1);

      const copy = chat({ resolve: (ref) => registry.resolve(ref) }).controller;
      copy.importTranscript(json);
      expect(copy.panes.map((p) => p.turns.map((t) => t.text))).toEqual(
        controller.panes.map((p) => p.turns.map((t) => t.text)),
      );
      await copy.send('And at sunset?', { to: ['p1'] });
      expect(answers(copy, 'p1')).toHaveLength(2);
      expect(server.requests.at(-1)!.body).toMatchObject({ messages: { length: 3 } });
      expect(() => copy.importTranscript('{"format":"nope"}')).toThrow(/not a Trialogue transcript/);
      expect(copy.panes).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
