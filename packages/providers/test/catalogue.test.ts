import { describe, expect, it } from 'vitest';
import { catalogue, catalogueEntries, costFor } from '../src/index.js';

const wanted: Record<string, string[]> = {
  openai: [
    'gpt-4.1',
    'gpt-4.1-mini',
    'gpt-4.1-nano',
    'gpt-4o',
    'gpt-4o-mini',
    'o4-mini',
    'gpt-5',
    'gpt-5-mini',
  ],
  anthropic: [
    'claude-opus-4-1',
    'claude-sonnet-4-5',
    'claude-haiku-4-5',
    'claude-3-5-haiku-latest',
    'claude-3-5-haiku-20241022',
  ],
  google: ['gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.0-flash'],
  groq: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b', 'qwen/qwen3-32b'],
  deepseek: ['deepseek-chat', 'deepseek-reasoner'],
  mistral: ['mistral-large-latest', 'mistral-small-latest'],
  xai: ['grok-4', 'grok-3-mini'],
};

describe('the model catalogue', () => {
  it('holds the models people use today, each dated, priced and with a context window', () => {
    for (const [provider, ids] of Object.entries(wanted)) {
      for (const id of ids) {
        const entry = catalogue.find(provider, id);
        expect(entry, `${provider}:${id}`).toBeDefined();
        expect(entry!.checkedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(entry!.contextWindow).toBeGreaterThan(0);
        expect(entry!.price!.outputPerMillion).toBeGreaterThan(0);
      }
    }
    expect(
      catalogueEntries.filter((e) => e.provider === 'openrouter' && e.modelId.endsWith(':free')).length,
    ).toBeGreaterThan(0);
  });

  it('finds dated model ids the providers echo back', () => {
    expect(catalogue.find('anthropic', 'claude-sonnet-4-5-20250929')?.modelId).toBe('claude-sonnet-4-5');
    expect(catalogue.find('openai', 'gpt-4.1-mini-2025-04-14')?.modelId).toBe('gpt-4.1-mini');
    expect(catalogue.find('google', 'gemini-2.5-flash-preview-05-20')?.modelId).toBe('gemini-2.5-flash');
  });

  it('flags browser use and free tiers', () => {
    expect(catalogue.find('openai', 'gpt-4.1-mini')).toMatchObject({ browserCors: true, freeTier: false });
    expect(catalogue.find('google', 'gemini-2.5-flash')).toMatchObject({ browserCors: true, freeTier: true });
    expect(catalogue.find('groq', 'llama-3.3-70b-versatile')).toMatchObject({
      browserCors: true,
      freeTier: true,
    });
    expect(catalogue.find('ollama', 'llama3.2')).toMatchObject({ browserCors: false, freeTier: true });
  });

  it('every entry is unique per provider and model', () => {
    const keys = catalogueEntries.map((e) => `${e.provider}:${e.modelId}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('costFor', () => {
  it('prices usage with the catalogue, cached input at its own rate', () => {
    // gpt-4.1-mini: $0.40 in, $0.10 cached in, $1.60 out per million.
    expect(
      costFor('openai', 'gpt-4.1-mini-2025-04-14', {
        inputTokens: 1_000_000,
        outputTokens: 1_000_000,
        totalTokens: 2_000_000,
      }),
    ).toBeCloseTo(2.0, 10);
    expect(
      costFor('openai', 'gpt-4.1-mini', {
        inputTokens: 1_000_000,
        cachedInputTokens: 500_000,
        outputTokens: 0,
        totalTokens: 1_000_000,
      }),
    ).toBeCloseTo(0.25, 10);
    // claude-sonnet-4-5 with the anthropic-text recording's usage: 12 in, 30 out.
    expect(
      costFor('anthropic', 'claude-sonnet-4-5-20250929', {
        inputTokens: 12,
        outputTokens: 30,
        totalTokens: 42,
      }),
    ).toBeCloseTo((12 * 3 + 30 * 15) / 1e6, 10);
  });

  it('is undefined for unknown models or missing usage, and zero for free models', () => {
    expect(
      costFor('openai', 'gpt-unknown', { inputTokens: 1, outputTokens: 1, totalTokens: 2 }),
    ).toBeUndefined();
    expect(costFor('openai', 'gpt-4.1', undefined)).toBeUndefined();
    expect(
      costFor('openrouter', 'qwen/qwen3-coder:free', {
        inputTokens: 500,
        outputTokens: 500,
        totalTokens: 1000,
      }),
    ).toBe(0);
  });
});
