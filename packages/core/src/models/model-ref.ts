import { invalidRequest } from '../errors/trialogue-error.js';

/** A parsed model reference. */
export interface ModelRef {
  provider: string;
  modelId: string;
}

const providerPattern = /^[a-z][a-z0-9-]{0,39}$/;
// White space, control and invisible characters: never part of a real model id, often pasted in.
const notInModelIds = /[\s\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2028\u2029\ufeff]/;

/** Longest model id accepted (fine-tuned ids and ARNs are long; a pasted paragraph is not an id). */
export const MAX_MODEL_ID_LENGTH = 512;

/** Why `modelId` cannot be a model id, or undefined when it can. */
function modelIdProblem(modelId: string): string | undefined {
  if (!modelId) return 'no model id';
  if (notInModelIds.test(modelId)) return 'white space or a control character in the model id';
  if (modelId.length > MAX_MODEL_ID_LENGTH)
    return `a model id of ${modelId.length} characters (more than ${MAX_MODEL_ID_LENGTH})`;
  return undefined;
}

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
      `"${ref}" is not a model reference: write it as provider:model, such as openai:${/\s/.test(ref) ? 'gpt-4.1-mini' : ref}.`,
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
  const problem = modelIdProblem(modelId);
  if (problem) throw invalidRequest(`"${ref}" has ${problem} after "${provider}:".`, 'malformed-model-ref');
  return { provider, modelId };
}

/**
 * Checks a model id given straight to a provider (`openai().model(id)`): not empty, no white space
 * or control characters, not absurdly long. Throws an `invalid-request` `TrialogueError` with
 * code `malformed-model-id`, so a bad id never reaches the network as a puzzling 404.
 *
 * @example
 * ```ts
 * assertModelId('openai', 'gpt-4.1-mini'); // fine
 * assertModelId('openai', 'gpt 4');        // throws: "openai cannot use "gpt 4": white space ..."
 * ```
 */
export function assertModelId(provider: string, modelId: unknown): asserts modelId is string {
  const problem = typeof modelId === 'string' ? modelIdProblem(modelId) : 'a model id that is not a string';
  if (problem) {
    throw invalidRequest(
      `${provider} cannot use ${JSON.stringify(modelId) ?? String(modelId)}: ${problem}. Pass a model id such as the ones listModels() returns.`,
      'malformed-model-id',
      provider,
    );
  }
}

/**
 * Formats a reference back to `provider:model`.
 *
 * @example
 * ```ts
 * formatModelRef({ provider: 'ollama', modelId: 'llama3.2' }); // 'ollama:llama3.2'
 * ```
 */
export function formatModelRef(ref: ModelRef): string {
  return `${ref.provider}:${ref.modelId}`;
}
