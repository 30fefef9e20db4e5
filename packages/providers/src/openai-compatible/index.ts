/**
 * Any server that speaks OpenAI Chat Completions, and presets for the popular ones:
 * OpenRouter, Ollama, LM Studio, DeepSeek, Mistral, xAI, Together, Fireworks, Cerebras.
 * @packageDocumentation
 */
import {
  type ChatRequest,
  invalidRequest,
  type Provider,
  type ProviderFactory,
  type ProviderSettings,
} from '@trialogue/core';
import type { ChatDialect } from '../openai-format/chat-body.js';
import { bearerAuth, chatProvider } from '../openai-format/provider.js';
import { checkKeyWith, defineFactory } from '../provider/define-provider.js';
import { effortOf, showsReasoning } from '../wire/reasoning.js';

/**
 * The portable dialect: `max_tokens`, speakers as a `Name: ` prefix, `reasoning_effort` only
 * when the request sets an effort. Strict servers (Mistral) reject any field they do not know.
 */
export const compatibleDialect: ChatDialect = {
  names: false,
  streamUsage: true,
  maxTokensField: 'max_tokens',
  reasoning(request, body) {
    if (request.reasoning?.effort) body.reasoning_effort = request.reasoning.effort;
  },
};

/** Settings of {@link openaiCompatible}. */
export interface OpenAICompatibleSettings extends ProviderSettings {
  /** The server's base URL, such as `https://my-gateway.example/v1` (the `/chat/completions` path is appended). */
  baseURL: string;
  /** Provider id in events and errors. Default `openai-compatible`. */
  id?: string;
  /** Whether to ask for `stream_options.include_usage`. Default true; turn off for servers that reject it. */
  streamUsage?: boolean;
}

/**
 * Any OpenAI-compatible server. The key (optional) travels only in `Authorization: Bearer`.
 *
 * @example
 * ```ts
 * import { openaiCompatible } from '@trialogue/providers/openai-compatible';
 * const local = openaiCompatible({ id: 'vllm', baseURL: 'http://127.0.0.1:8000/v1' }).model('qwen3-8b');
 * ```
 */
export const openaiCompatible = /* @__PURE__ */ defineFactory<Provider, OpenAICompatibleSettings>(
  'openai-compatible',
  false,
  (s) => {
    if (!s.baseURL) {
      throw invalidRequest(
        'openaiCompatible needs a baseURL, such as http://127.0.0.1:8000/v1 (the /chat/completions path is appended).',
        'missing-base-url',
        s.id ?? 'openai-compatible',
      );
    }
    const dialect =
      s.streamUsage === false ? { ...compatibleDialect, streamUsage: false } : compatibleDialect;
    return chatProvider(s.id ?? 'openai-compatible', s, bearerAuth(s.baseURL, false), dialect);
  },
);

/** One preset: where the server lives and how its dialect differs. */
interface Preset {
  id: string;
  baseURL: string;
  requiresKey: boolean;
  dialect?: Partial<ChatDialect>;
  overrides?: Parameters<typeof chatProvider>[4];
}

function preset(p: Preset): ((settings?: ProviderSettings) => Provider) & ProviderFactory {
  const dialect = { ...compatibleDialect, ...p.dialect };
  return defineFactory<Provider>(p.id, p.requiresKey, (settings) =>
    chatProvider(p.id, settings, bearerAuth(p.baseURL, p.requiresKey), dialect, p.overrides),
  );
}

/**
 * OpenRouter: one key, hundreds of models (`openrouter:meta-llama/llama-3.3-70b-instruct:free`).
 * Keep-alive comments are ignored by the parser but count as liveness; 402 is `quota`; keys are
 * checked with `GET /key` (free, no generation).
 *
 * @example
 * ```ts
 * import { openrouter } from '@trialogue/providers/openai-compatible';
 * const llama = openrouter({ apiKey: process.env.OPENROUTER_API_KEY }).model('meta-llama/llama-3.3-70b-instruct:free');
 * ```
 */
export const openrouter = /* @__PURE__ */ preset({
  id: 'openrouter',
  baseURL: 'https://openrouter.ai/api/v1',
  requiresKey: true,
  dialect: {
    names: true,
    reasoning(request: ChatRequest, body) {
      const r = request.reasoning;
      const effort = r?.effort;
      const budget = r?.budgetTokens;
      const reasoning: Record<string, unknown> =
        budget !== undefined ? { max_tokens: budget } : effort ? { effort } : {};
      if (!showsReasoning(r)) reasoning.exclude = true;
      body.reasoning = reasoning;
    },
  },
  overrides: (context) => ({
    validateKey: (options) =>
      checkKeyWith(
        context,
        async (o) => {
          await context.getJson('/key', o);
          return undefined;
        },
        options,
      ),
  }),
});

/**
 * Ollama on this machine (no key). Browsers need `OLLAMA_ORIGINS` set to the page's origin.
 *
 * @example
 * ```ts
 * import { ollama } from '@trialogue/providers/openai-compatible';
 * const local = ollama().model('llama3.2'); // or ollama({ baseURL: 'http://gpu-box:11434/v1' })
 * ```
 */
export const ollama = /* @__PURE__ */ preset({
  id: 'ollama',
  baseURL: 'http://127.0.0.1:11434/v1',
  requiresKey: false,
});

/** LM Studio's local server (no key). */
export const lmstudio = /* @__PURE__ */ preset({
  id: 'lmstudio',
  baseURL: 'http://127.0.0.1:1234/v1',
  requiresKey: false,
});

/** DeepSeek: `deepseek-reasoner` streams `reasoning_content`; usage always arrives in the last chunk. */
export const deepseek = /* @__PURE__ */ preset({
  id: 'deepseek',
  baseURL: 'https://api.deepseek.com/v1',
  requiresKey: true,
});

/** Mistral: strict about unknown fields, so no `stream_options` (usage comes anyway) and no names. */
export const mistral = /* @__PURE__ */ preset({
  id: 'mistral',
  baseURL: 'https://api.mistral.ai/v1',
  requiresKey: true,
  dialect: { streamUsage: false, reasoning: undefined },
});

/** xAI Grok: `reasoning_content`; `reasoning_effort` low/high on grok-3-mini. */
export const xai = /* @__PURE__ */ preset({
  id: 'xai',
  baseURL: 'https://api.x.ai/v1',
  requiresKey: true,
  dialect: {
    reasoning(request, body) {
      const effort = effortOf(request.reasoning);
      if (effort) body.reasoning_effort = effort === 'high' || effort === 'medium' ? 'high' : 'low';
    },
  },
});

/** Together AI. */
export const together = /* @__PURE__ */ preset({
  id: 'together',
  baseURL: 'https://api.together.xyz/v1',
  requiresKey: true,
});

/** Fireworks AI. */
export const fireworks = /* @__PURE__ */ preset({
  id: 'fireworks',
  baseURL: 'https://api.fireworks.ai/inference/v1',
  requiresKey: true,
});

/** Cerebras. */
export const cerebras = /* @__PURE__ */ preset({
  id: 'cerebras',
  baseURL: 'https://api.cerebras.ai/v1',
  requiresKey: true,
});

/** Every preset, in a stable order. */
export const presets = [
  openrouter,
  ollama,
  lmstudio,
  deepseek,
  mistral,
  xai,
  together,
  fireworks,
  cerebras,
] as const;
