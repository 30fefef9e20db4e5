import {
  assertModelId,
  formatModelRef,
  MAX_MODEL_ID_LENGTH,
  parseModelRef,
  TrialogueError,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';

const refused = (ref: unknown): TrialogueError => {
  try {
    parseModelRef(ref as string);
  } catch (error) {
    expect(error).toBeInstanceOf(TrialogueError);
    return error as TrialogueError;
  }
  throw new Error(`expected "${String(ref)}" to be refused`);
};

describe('parseModelRef', () => {
  it.each([
    ['openai:gpt-4.1-mini', 'openai', 'gpt-4.1-mini'],
    ['anthropic:claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5'],
    ['ollama:llama3.2', 'ollama', 'llama3.2'],
    // Everything after the first colon is the model id: slashes and colons included.
    [
      'openrouter:meta-llama/llama-3.3-70b-instruct:free',
      'openrouter',
      'meta-llama/llama-3.3-70b-instruct:free',
    ],
    ['openai-compatible:qwen2.5:7b', 'openai-compatible', 'qwen2.5:7b'],
    ['  google:gemini-2.5-flash  ', 'google', 'gemini-2.5-flash'],
  ])('%s -> %s + %s', (ref, provider, modelId) => {
    expect(parseModelRef(ref)).toEqual({ provider, modelId });
    expect(formatModelRef(parseModelRef(ref))).toBe(ref.trim());
  });

  it.each([
    ['empty', '', /A model reference is empty\. Write it as provider:model/],
    ['blank', '   ', /A model reference is empty/],
    ['not a string', undefined, /A model reference is empty/],
    [
      'no colon',
      'gpt-4.1-mini',
      /^"gpt-4\.1-mini" is not a model reference: write it as provider:model, such as openai:gpt-4\.1-mini\.$/,
    ],
    [
      'an uppercase provider',
      'OpenAI:gpt-4.1',
      /malformed provider name "OpenAI".*Did you mean "openai:gpt-4\.1"\?/,
    ],
    [
      'an invalid provider',
      'open_ai!:gpt-4.1',
      /malformed provider name "open_ai!": use lowercase letters, digits and dashes\.$/,
    ],
    ['an empty provider', ':gpt-4.1', /malformed provider name ""/],
    [
      'a space instead of the colon',
      'openai gpt-4.1',
      /^"openai gpt-4\.1" is not a model reference: .* such as openai:gpt-4\.1-mini\.$/,
    ],
    ['an empty model', 'openai:', /^"openai:" has no model id after "openai:"\.$/],
    ['white space in the model', 'openai:gpt 4', /has white space or a control character in the model id/],
    ['a control character in the model', 'openai:gpt-4\u0000', /a control character in the model id/],
    ['an absurdly long model', `openai:${'x'.repeat(MAX_MODEL_ID_LENGTH + 1)}`, /more than 512/],
  ])('refuses %s with code malformed-model-ref', (_label, ref, message) => {
    const error = refused(ref);
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'malformed-model-ref', retryable: false });
    expect(error.message).toMatch(message);
  });
});

describe('assertModelId', () => {
  it('accepts the ids providers really use', () => {
    for (const id of [
      'gpt-4.1-mini',
      'models/gemini-2.5-flash',
      'meta-llama/llama-3.3-70b-instruct:free',
      'ft:gpt-4o-mini:acme::abc123',
    ])
      expect(() => assertModelId('openai', id)).not.toThrow();
  });

  it.each([
    ['empty', '', /no model id/],
    ['white space', 'gpt 4', /white space or a control character/],
    ['a pasted newline', 'gpt-4.1\n', /white space or a control character/],
    ['a zero-width space', 'gpt\u200b4', /white space or a control character/],
    ['absurdly long', 'x'.repeat(MAX_MODEL_ID_LENGTH + 1), /513 characters/],
    ['not a string', undefined, /not a string/],
  ])('refuses %s with invalid-request/malformed-model-id naming the provider', (_label, id, message) => {
    let error: unknown;
    try {
      assertModelId('openai', id);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrialogueError);
    expect(error).toMatchObject({
      kind: 'invalid-request',
      code: 'malformed-model-id',
      provider: 'openai',
      retryable: false,
    });
    expect((error as TrialogueError).message).toMatch(message);
  });
});
