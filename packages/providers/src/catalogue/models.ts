import type { CatalogueEntry } from '@trialogue/core';

/**
 * The models people use today, as published on each provider's pricing and model pages.
 * Prices are US dollars per million tokens at the standard (non-batch) tier, for prompts within the
 * base context tier; `checkedAt` says when they were read. Prices change: check before you budget.
 * Every `modelId` is one the provider's API accepts, so a model picker can offer these ids as they are.
 */
const checkedAt = '2025-10-20';

type Row = [
  modelId: string,
  label: string,
  contextWindow: number | undefined,
  maxOutputTokens: number | undefined,
  input: number,
  output: number,
  cachedInput?: number,
];

function rows(provider: string, common: Partial<CatalogueEntry>, list: Row[]): CatalogueEntry[] {
  return list.map(([modelId, label, contextWindow, maxOutputTokens, input, output, cachedInput]) => {
    const entry: CatalogueEntry = { provider, modelId, label, checkedAt, ...common };
    if (contextWindow) entry.contextWindow = contextWindow;
    if (maxOutputTokens) entry.maxOutputTokens = maxOutputTokens;
    entry.price =
      cachedInput === undefined
        ? { inputPerMillion: input, outputPerMillion: output }
        : { inputPerMillion: input, outputPerMillion: output, cachedInputPerMillion: cachedInput };
    return entry;
  });
}

/** Every catalogued model. */
export const catalogueEntries: CatalogueEntry[] = [
  // OpenAI allows browser calls (CORS); no free API tier.
  ...rows('openai', { freeTier: false, browserCors: true }, [
    ['gpt-5', 'GPT-5', 400_000, 128_000, 1.25, 10, 0.125],
    ['gpt-5-mini', 'GPT-5 mini', 400_000, 128_000, 0.25, 2, 0.025],
    ['gpt-5-nano', 'GPT-5 nano', 400_000, 128_000, 0.05, 0.4, 0.005],
    ['gpt-4.1', 'GPT-4.1', 1_047_576, 32_768, 2, 8, 0.5],
    ['gpt-4.1-mini', 'GPT-4.1 mini', 1_047_576, 32_768, 0.4, 1.6, 0.1],
    ['gpt-4.1-nano', 'GPT-4.1 nano', 1_047_576, 32_768, 0.1, 0.4, 0.025],
    ['gpt-4o', 'GPT-4o', 128_000, 16_384, 2.5, 10, 1.25],
    ['gpt-4o-mini', 'GPT-4o mini', 128_000, 16_384, 0.15, 0.6, 0.075],
    ['o4-mini', 'o4-mini', 200_000, 100_000, 1.1, 4.4, 0.275],
  ]),
  // Anthropic answers browsers only with the `anthropic-dangerous-direct-browser-access` opt-in header,
  // which this library sends when `dangerouslyAllowBrowser` is set. Cached input = cache reads.
  ...rows('anthropic', { freeTier: false, browserCors: true }, [
    ['claude-opus-4-1', 'Claude Opus 4.1', 200_000, 32_000, 15, 75, 1.5],
    ['claude-sonnet-4-5', 'Claude Sonnet 4.5', 200_000, 64_000, 3, 15, 0.3],
    ['claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, 64_000, 1, 5, 0.1],
    // Claude 3.5 Haiku has no bare alias: `-latest` or the dated id.
    ['claude-3-5-haiku-latest', 'Claude Haiku 3.5', 200_000, 8_192, 0.8, 4, 0.08],
    ['claude-3-5-haiku-20241022', 'Claude Haiku 3.5', 200_000, 8_192, 0.8, 4, 0.08],
  ]),
  // Gemini API: CORS allowed; a free tier with rate limits for these models.
  ...rows('google', { freeTier: true, browserCors: true }, [
    ['gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576, 65_536, 1.25, 10, 0.125],
    ['gemini-2.5-flash', 'Gemini 2.5 Flash', 1_048_576, 65_536, 0.3, 2.5, 0.03],
    ['gemini-2.5-flash-lite', 'Gemini 2.5 Flash-Lite', 1_048_576, 65_536, 0.1, 0.4, 0.01],
    ['gemini-2.0-flash', 'Gemini 2.0 Flash', 1_048_576, 8_192, 0.1, 0.4, 0.025],
  ]),
  // Groq: CORS allowed; free tier with rate limits on every model.
  ...rows('groq', { freeTier: true, browserCors: true }, [
    ['llama-3.3-70b-versatile', 'Llama 3.3 70B', 131_072, 32_768, 0.59, 0.79],
    ['llama-3.1-8b-instant', 'Llama 3.1 8B', 131_072, 131_072, 0.05, 0.08],
    ['openai/gpt-oss-120b', 'GPT-OSS 120B', 131_072, 65_536, 0.15, 0.75],
    ['qwen/qwen3-32b', 'Qwen3 32B', 131_072, 40_960, 0.29, 0.59],
  ]),
  // DeepSeek (V3.2 pricing): cache-hit input is a tenth of the price.
  ...rows('deepseek', { freeTier: false }, [
    ['deepseek-chat', 'DeepSeek V3.2 (chat)', 128_000, 8_192, 0.28, 0.42, 0.028],
    ['deepseek-reasoner', 'DeepSeek V3.2 (reasoner)', 128_000, 65_536, 0.28, 0.42, 0.028],
  ]),
  // Mistral: the free "Experiment" plan covers these models with low limits.
  ...rows('mistral', { freeTier: true }, [
    ['mistral-large-latest', 'Mistral Large', 128_000, undefined, 2, 6],
    ['mistral-small-latest', 'Mistral Small', 128_000, undefined, 0.1, 0.3],
  ]),
  ...rows('xai', { freeTier: false }, [
    ['grok-4', 'Grok 4', 256_000, undefined, 3, 15, 0.75],
    ['grok-3-mini', 'Grok 3 mini', 131_072, undefined, 0.3, 0.5, 0.075],
  ]),
  // OpenRouter: CORS allowed; `:free` variants cost nothing (with daily request limits).
  ...rows('openrouter', { freeTier: true, browserCors: true }, [
    ['meta-llama/llama-3.3-70b-instruct:free', 'Llama 3.3 70B (free)', 131_072, undefined, 0, 0],
    ['deepseek/deepseek-chat-v3.1:free', 'DeepSeek V3.1 (free)', 163_840, undefined, 0, 0],
    ['qwen/qwen3-coder:free', 'Qwen3 Coder (free)', 262_144, undefined, 0, 0],
  ]),
  // Local servers: free; a browser page may call Ollama only when OLLAMA_ORIGINS allows its origin.
  ...rows('ollama', { freeTier: true, browserCors: false }, [
    ['llama3.2', 'Llama 3.2 3B (local)', 131_072, undefined, 0, 0],
    ['qwen3', 'Qwen3 (local)', 40_960, undefined, 0, 0],
    ['gpt-oss:20b', 'GPT-OSS 20B (local)', 131_072, undefined, 0, 0],
  ]),
];
