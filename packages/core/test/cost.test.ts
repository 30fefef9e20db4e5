import { type CatalogueEntry, costOf, createCatalogue, formatCost, makeUsage } from '@trialogue/core';
import { describe, expect, it } from 'vitest';

describe('costOf', () => {
  const price = { inputPerMillion: 2, outputPerMillion: 8 };

  it('bills input and output per million tokens', () => {
    expect(
      costOf(makeUsage({ inputTokens: 1000, outputTokens: 500 }), {
        inputPerMillion: 0.4,
        outputPerMillion: 1.6,
      }),
    ).toBe(0.0012);
    expect(costOf(makeUsage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }), price)).toBe(10);
    expect(costOf(makeUsage({}), price)).toBe(0);
  });

  it('bills cached input at the cached rate and the rest at the input rate', () => {
    const usage = makeUsage({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 500 });
    // 600 x $2 + 400 x $0.5 + 500 x $8 per million
    expect(costOf(usage, { ...price, cachedInputPerMillion: 0.5 })).toBe(0.0054);
  });

  it('bills cached input as ordinary input when the price has no cached rate', () => {
    const usage = makeUsage({ inputTokens: 1000, cachedInputTokens: 400, outputTokens: 500 });
    expect(costOf(usage, price)).toBe(0.006);
  });

  it('does not bill reasoning tokens twice: they are part of the output', () => {
    const usage = makeUsage({ inputTokens: 1000, outputTokens: 500, reasoningTokens: 200 });
    expect(costOf(usage, price)).toBe(0.006);
    // A distinct reasoning rate replaces the output rate for those tokens only: 300 x $8 + 200 x $10.
    expect(costOf(usage, { ...price, reasoningPerMillion: 10 })).toBe(0.0064);
  });

  it('shows no float noise', () => {
    const usage = makeUsage({ inputTokens: 3, outputTokens: 7 });
    expect(costOf(usage, { inputPerMillion: 0.1, outputPerMillion: 0.7 })).toBe(0.0000052);
  });
});

describe('formatCost', () => {
  it('formats costs for display', () => {
    expect(formatCost(0.00123)).toBe('$0.0012');
    expect(formatCost(0.0123)).toBe('$0.012');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(12.345)).toBe('$12.35');
    expect(formatCost(0.00001)).toBe('<$0.0001');
    expect(formatCost(0)).toBe('$0');
    expect(formatCost(Number.NaN)).toBe('');
  });
});

describe('createCatalogue', () => {
  const entry = (provider: string, modelId: string, inputPerMillion: number): CatalogueEntry => ({
    provider,
    modelId,
    price: { inputPerMillion, outputPerMillion: inputPerMillion * 4 },
    checkedAt: '2025-11-01',
  });
  const catalogue = createCatalogue([
    entry('openai', 'gpt-4.1', 2),
    entry('openai', 'gpt-4.1-mini', 0.4),
    entry('anthropic', 'claude-sonnet-4-5', 3),
    entry('google', 'gemini-2.5-flash', 0.3),
  ]);

  it('finds a model by its exact id and provider', () => {
    expect(catalogue.find('openai', 'gpt-4.1-mini')?.price?.inputPerMillion).toBe(0.4);
    expect(catalogue.find('groq', 'gpt-4.1-mini')).toBeUndefined();
  });

  it('finds dated and versioned variants by their longest base id', () => {
    expect(catalogue.find('openai', 'gpt-4.1-mini-2025-04-14')?.modelId).toBe('gpt-4.1-mini');
    expect(catalogue.find('openai', 'gpt-4.1-2025-04-14')?.modelId).toBe('gpt-4.1');
    expect(catalogue.find('anthropic', 'claude-sonnet-4-5-20250929')?.modelId).toBe('claude-sonnet-4-5');
    expect(catalogue.find('google', 'gemini-2.5-flash-001')?.modelId).toBe('gemini-2.5-flash');
    expect(catalogue.find('google', 'gemini-2.5-flash-latest')?.modelId).toBe('gemini-2.5-flash');
  });

  it('does not mistake a different model for a variant', () => {
    expect(catalogue.find('openai', 'gpt-4.1-nano')).toBeUndefined();
    expect(catalogue.find('google', 'gemini-2.5-flash-lite')).toBeUndefined();
  });

  it('lets a later entry replace an earlier one', () => {
    const custom = createCatalogue([...catalogue.entries, entry('openai', 'gpt-4.1', 1)]);
    expect(custom.find('openai', 'gpt-4.1')?.price?.inputPerMillion).toBe(1);
    expect(custom.entries).toHaveLength(4);
  });
});
