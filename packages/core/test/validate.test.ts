import {
  type ChatRequest,
  MAX_MESSAGE_CHARS,
  MAX_REQUEST_CHARS,
  TrialogueError,
  validateRequest,
} from '@trialogue/core';
import { describe, expect, it } from 'vitest';

const invalid = (request: unknown, provider?: string): TrialogueError => {
  try {
    validateRequest(request as ChatRequest, provider);
  } catch (error) {
    expect(error).toBeInstanceOf(TrialogueError);
    return error as TrialogueError;
  }
  throw new Error('expected the request to be refused');
};
const user = (content: string) => ({ role: 'user' as const, content });

describe('validateRequest', () => {
  it('accepts a full, valid request and returns it', () => {
    const request: ChatRequest = {
      messages: [
        { role: 'system', content: 'Be brief.' },
        user('Hi'),
        { role: 'assistant', content: 'Hello', name: 'claude' },
      ],
      system: 'You are helpful.',
      maxOutputTokens: 256,
      temperature: 0.7,
      topP: 0.9,
      stopSequences: ['\n\n'],
      reasoning: { effort: 'low', budgetTokens: 1024, includeText: true },
      providerOptions: { openai: { seed: 1 } },
      signal: new AbortController().signal,
      timeouts: { firstByteMs: 10_000, firstTokenMs: 30_000, idleMs: 15_000, totalMs: 120_000 },
      retry: { maxRetries: 0, initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    };
    expect(validateRequest(request)).toBe(request);
  });

  it.each([
    ['not an object', null, 'Invalid request: expected an object with a messages array.'],
    ['no messages', {}, 'Invalid request: messages must be an array of { role, content }'],
    ['empty messages', { messages: [] }, 'Invalid request: messages must hold at least one message'],
    [
      'a bad role',
      { messages: [{ role: 'tool', content: 'x' }] },
      'Invalid request: messages[0].role: role must be "system", "user" or "assistant"',
    ],
    [
      'content that is not text',
      { messages: [user('a'), { role: 'user', content: 42 }] },
      'Invalid request: messages[1].content: content must be a string',
    ],
    [
      'temperature above range',
      { messages: [user('a')], temperature: 2.5 },
      'Invalid request: temperature must be a number from 0 to 2',
    ],
    [
      'temperature below range',
      { messages: [user('a')], temperature: -0.1 },
      'Invalid request: temperature must be a number from 0 to 2',
    ],
    [
      'temperature NaN',
      { messages: [user('a')], temperature: Number.NaN },
      'Invalid request: temperature must be a number from 0 to 2',
    ],
    [
      'an infinite timeout',
      { messages: [user('a')], timeouts: { totalMs: Number.POSITIVE_INFINITY } },
      'Invalid request: timeouts.totalMs must be a number above 0',
    ],
    [
      'topP out of range',
      { messages: [user('a')], topP: 1.5 },
      'Invalid request: topP must be a number from 0 to 1',
    ],
    [
      'maxOutputTokens 0',
      { messages: [user('a')], maxOutputTokens: 0 },
      'Invalid request: maxOutputTokens must be a whole number of 1 or more',
    ],
    [
      'a fractional maxOutputTokens',
      { messages: [user('a')], maxOutputTokens: 1.5 },
      'Invalid request: maxOutputTokens must be a whole number of 1 or more',
    ],
    [
      'a bad reasoning effort',
      { messages: [user('a')], reasoning: { effort: 'max' } },
      'Invalid request: reasoning.effort must be minimal, low, medium or high',
    ],
    [
      'a negative timeout',
      { messages: [user('a')], timeouts: { idleMs: -1 } },
      'Invalid request: timeouts.idleMs must be a number above 0',
    ],
    [
      'a negative retry count',
      { messages: [user('a')], retry: { maxRetries: -1 } },
      'Invalid request: retry.maxRetries must be a whole number of 0 or more',
    ],
    [
      'a signal that is not an AbortSignal',
      { messages: [user('a')], signal: { aborted: false } },
      'Invalid request: signal must be an AbortSignal.',
    ],
  ])('refuses %s with a clear message', (_label, request, message) => {
    const error = invalid(request, 'openai');
    expect(error.message).toBe(message);
    expect(error).toMatchObject({
      kind: 'invalid-request',
      code: 'invalid-request',
      provider: 'openai',
      retryable: false,
      phase: 'request',
    });
  });

  it('refuses one oversized message with code message-too-large, naming it', () => {
    const error = invalid({ messages: [user('short'), user('x'.repeat(MAX_MESSAGE_CHARS + 1))] });
    expect(error).toMatchObject({ kind: 'invalid-request', code: 'message-too-large' });
    expect(error.message).toBe(
      'Invalid request: messages[1].content is 1,000,001 characters, over the 1,000,000 limit for one message. Shorten it or split it.',
    );
  });

  it('refuses an oversized system prompt with code message-too-large', () => {
    expect(invalid({ messages: [user('a')], system: 'y'.repeat(MAX_MESSAGE_CHARS + 5) }).code).toBe(
      'message-too-large',
    );
  });

  it('accepts a message of exactly the limit, and refuses a conversation over the total limit', () => {
    expect(() => validateRequest({ messages: [user('x'.repeat(MAX_MESSAGE_CHARS))] })).not.toThrow();
    const many = Array.from({ length: MAX_REQUEST_CHARS / MAX_MESSAGE_CHARS + 1 }, () =>
      user('x'.repeat(MAX_MESSAGE_CHARS)),
    );
    const error = invalid({ messages: many });
    expect(error.code).toBe('message-too-large');
    expect(error.message).toMatch(/the conversation is 5,000,000 characters, over the 4,000,000 limit/);
  });
});
