import { invalidRequest } from '../errors/trialogue-error.js';

/** A parsed model reference. */
export interface ModelRef {
  provider: string;
  modelId: string;
}

const providerPattern = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * Parses `provider:model` (`anthropic:claude-sonnet-4-5`, `ollama:llama3.2`,
 * `openrouter:meta-llama/llama-3.3-70b-instruct:free`). Everything after the first colon is the
 * model id, so model ids may hold colons and slashes.
 *
 * @example
 * ```ts
 * parseModelRef('openai:gpt-4.1-mini'); // { provider: 'openai', modelId: 'gpt-4.1-mini' }
 * ```
 */
export function parseModelRef(ref: string): ModelRef {
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw invalidRequest(
      'A model reference is empty. Write it as provider:model, such as openai:gpt-4.1-mini.',
      'malformed-model-ref',
    );
  }
  const colon = ref.indexOf(':');
  if (colon < 0) {
    throw invalidRequest(
      `"${ref}" is not a model reference: write it as provider:model, such as openai:${ref}.`,
      'malformed-model-ref',
    );
  }
  const provider = ref.slice(0, colon).trim();
  const modelId = ref.slice(colon + 1).trim();
  if (!providerPattern.test(provider)) {
    // Provider ids are exact: `OpenAI:` is refused (with a hint) rather than guessed.
    const lower = provider.toLowerCase();
    const hint = providerPattern.test(lower) ? ` Did you mean "${lower}:${modelId}"?` : '';
    throw invalidRequest(
      `"${ref}" has a malformed provider name "${provider}": use lowercase letters, digits and dashes.${hint}`,
      'malformed-model-ref',
    );
  }
  if (!modelId || /\s/.test(modelId)) {
    throw invalidRequest(
      `"${ref}" has ${modelId ? 'white space in' : 'no'} model id after "${provider}:".`,
      'malformed-model-ref',
    );
  }
  return { provider, modelId };
}

/** Formats a reference back to `provider:model`. */
export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}:${ref.modelId}`;
}
