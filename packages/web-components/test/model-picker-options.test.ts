import { createCatalogue } from '@trialogue/core';
import { catalogue } from '@trialogue/providers';
import { describe, expect, it } from 'vitest';
import {
  buildModelOptions,
  filterModelOptions,
  formatPrice,
  formatTokens,
} from '../src/model-picker/options.js';

describe("the model picker's options", () => {
  const options = buildModelOptions(
    catalogue,
    [
      { provider: 'openai', id: 'gpt-4.1-mini-2025-04-14' },
      { provider: 'openai', id: 'gpt-4.1-mini' },
      { provider: 'openai', id: 'ft:custom', contextWindow: 4096 },
    ],
    new Set(['openai']),
  );
  const byRef = (ref: string) => options.find((o) => o.ref === ref);

  it('marks price, context window, free tier, local and missing keys', () => {
    expect(byRef('openai:gpt-4.1-mini')).toMatchObject({
      price: { input: 0.4, output: 1.6 },
      keyMissing: false,
      listed: true,
      freeTier: false,
    });
    expect(byRef('anthropic:claude-sonnet-4-5')).toMatchObject({
      contextWindow: 200_000,
      keyMissing: true,
      listed: false,
    });
    expect(byRef('groq:llama-3.3-70b-versatile')).toMatchObject({ freeTier: true, keyMissing: true });
    expect(byRef('ollama:llama3.2')).toMatchObject({ local: true, freeTier: true, keyMissing: false });
  });

  it('never marks a keyless provider (the sample by default, or those given) as key missing', () => {
    const entries = createCatalogue([
      {
        provider: 'sample',
        modelId: 'ada',
        label: 'Ada (offline sample, not a real model)',
        checkedAt: '2026-12-06',
      },
      { provider: 'acme', modelId: 'house', checkedAt: '2026-12-06' },
    ]);
    const byDefault = buildModelOptions(entries, [], new Set());
    expect(byDefault.map((o) => [o.ref, o.keyMissing])).toEqual([
      ['sample:ada', false],
      ['acme:house', true],
    ]);
    const given = buildModelOptions(entries, [], new Set(), new Set(['acme']));
    expect(given.map((o) => [o.ref, o.keyMissing])).toEqual([
      ['sample:ada', true],
      ['acme:house', false],
    ]);
  });

  it('adds listed models once, a dated variant with the price of the model it extends', () => {
    expect(options.filter((o) => o.ref === 'openai:gpt-4.1-mini')).toHaveLength(1);
    expect(byRef('openai:gpt-4.1-mini-2025-04-14')).toMatchObject({
      listed: true,
      price: { input: 0.4, output: 1.6 },
    });
    expect(byRef('openai:ft:custom')).toMatchObject({ label: 'ft:custom', contextWindow: 4096 });
    expect(byRef('openai:ft:custom')?.price).toBeUndefined();
  });

  it('searches every word over names, ids, providers and marks', () => {
    const refs = (query: string) => filterModelOptions(options, query).map((o) => o.ref);
    expect(refs('groq free').every((r) => r.startsWith('groq:'))).toBe(true);
    expect(refs('groq free').length).toBeGreaterThan(0);
    expect(refs('CLAUDE haiku 4.5')).toEqual(['anthropic:claude-haiku-4-5']);
    expect(refs('local')).toEqual(options.filter((o) => o.local).map((o) => o.ref));
    expect(refs('listed')).toContain('openai:ft:custom');
    expect(refs('no such model')).toEqual([]);
    expect(refs('  ')).toHaveLength(options.length);
  });

  it('takes a custom catalogue', () => {
    const own = buildModelOptions(
      createCatalogue([{ provider: 'acme', modelId: 'm1', checkedAt: '2026-01-01' }]),
      [],
      new Set(),
    );
    expect(own).toEqual([
      {
        ref: 'acme:m1',
        provider: 'acme',
        modelId: 'm1',
        label: 'm1',
        freeTier: false,
        local: false,
        keyMissing: true,
        listed: false,
      },
    ]);
  });

  it('formats prices and context windows as people read them', () => {
    expect([0, 0.05, 0.075, 0.4, 1.25, 15].map(formatPrice)).toEqual([
      '$0',
      '$0.05',
      '$0.075',
      '$0.40',
      '$1.25',
      '$15',
    ]);
    expect([512, 8192, 200_000, 1_047_576].map(formatTokens)).toEqual(['512', '8K', '200K', '1M']);
  });
});
