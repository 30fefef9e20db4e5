import * as z from 'zod/mini';
import { invalidRequest } from '../errors/trialogue-error.js';
import type { ChatRequest } from './types.js';

/** Largest single message accepted, in characters (about 250k tokens). */
export const MAX_MESSAGE_CHARS = 1_000_000;
/** Largest whole conversation accepted, in characters. */
export const MAX_REQUEST_CHARS = 4_000_000;

// Built on first use, not at import: an app that never validates (it only reads errors, keys or
// fan-out) keeps zod out of its bundle, and importing core runs no zod code at all.
function buildRequestSchema() {
  // zod 4 numbers refuse NaN and Infinity already; this only words the message.
  const finite = (name: string) => z.number({ error: `${name} must be a finite number` });

  const messageSchema = z.object({
    role: z.enum(['system', 'user', 'assistant'], { error: 'role must be "system", "user" or "assistant"' }),
    content: z
      .string({ error: 'content must be a string' })
      .check(
        z.maxLength(
          MAX_MESSAGE_CHARS,
          `content is longer than ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters`,
        ),
      ),
    name: z.optional(
      z
        .string({ error: 'name must be a string' })
        .check(z.maxLength(200, 'name is longer than 200 characters')),
    ),
  });

  return z.object({
    messages: z
      .array(messageSchema, { error: 'messages must be an array of { role, content }' })
      .check(z.minLength(1, 'messages must hold at least one message')),
    system: z.optional(
      z
        .string({ error: 'system must be a string' })
        .check(z.maxLength(MAX_MESSAGE_CHARS, 'system is too long')),
    ),
    maxOutputTokens: z.optional(
      z
        .int({ error: 'maxOutputTokens must be a whole number' })
        .check(z.positive('maxOutputTokens must be at least 1')),
    ),
    temperature: z.optional(
      finite('temperature').check(
        z.gte(0, 'temperature must be 0 or more'),
        z.lte(2, 'temperature must be 2 or less'),
      ),
    ),
    topP: z.optional(
      finite('topP').check(
        z.gte(0, 'topP must be between 0 and 1'),
        z.lte(1, 'topP must be between 0 and 1'),
      ),
    ),
    stopSequences: z.optional(z.array(z.string(), { error: 'stopSequences must be an array of strings' })),
    reasoning: z.optional(
      z.object({
        effort: z.optional(
          z.enum(['minimal', 'low', 'medium', 'high'], {
            error: 'reasoning.effort must be minimal, low, medium or high',
          }),
        ),
        budgetTokens: z.optional(
          z
            .int({ error: 'reasoning.budgetTokens must be a whole number' })
            .check(z.nonnegative('reasoning.budgetTokens must be 0 or more')),
        ),
        includeText: z.optional(z.boolean()),
      }),
    ),
    providerOptions: z.optional(
      z.record(z.string(), z.record(z.string(), z.unknown()), {
        error: 'providerOptions must be { provider: { option: value } }',
      }),
    ),
    timeouts: z.optional(
      z.object({
        firstByteMs: z.optional(
          finite('timeouts.firstByteMs').check(z.positive('timeouts must be positive')),
        ),
        firstTokenMs: z.optional(
          finite('timeouts.firstTokenMs').check(z.positive('timeouts must be positive')),
        ),
        idleMs: z.optional(finite('timeouts.idleMs').check(z.positive('timeouts must be positive'))),
        totalMs: z.optional(finite('timeouts.totalMs').check(z.positive('timeouts must be positive'))),
      }),
    ),
    retry: z.optional(
      z.object({
        maxRetries: z.optional(z.int().check(z.nonnegative('retry.maxRetries must be 0 or more'))),
        initialDelayMs: z.optional(
          finite('retry.initialDelayMs').check(z.nonnegative('retry delays must be 0 or more')),
        ),
        maxDelayMs: z.optional(
          finite('retry.maxDelayMs').check(z.nonnegative('retry delays must be 0 or more')),
        ),
        maxRetryAfterMs: z.optional(
          finite('retry.maxRetryAfterMs').check(z.nonnegative('retry delays must be 0 or more')),
        ),
      }),
    ),
  });
}
let requestSchema: ReturnType<typeof buildRequestSchema> | undefined;

function path(issuePath: readonly PropertyKey[]): string {
  return issuePath
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/**
 * Checks a request before any network call, throwing an `invalid-request` {@link TrialogueError}
 * whose message names the field and says what is wrong.
 *
 * @example
 * ```ts
 * validateRequest({ messages: [] }); // throws: "Invalid request: messages must hold at least one message"
 * ```
 */
export function validateRequest(request: ChatRequest, provider?: string): ChatRequest {
  if (!request || typeof request !== 'object') {
    throw invalidRequest(
      'Invalid request: expected an object with a messages array.',
      'invalid-request',
      provider,
    );
  }
  requestSchema ??= buildRequestSchema();
  const result = z.safeParse(requestSchema, request);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = path(issue.path);
    const field = issue.path[issue.path.length - 1];
    if (issue.code === 'too_big' && (field === 'content' || field === 'system')) {
      let value: unknown = request;
      for (const key of issue.path) value = (value as Record<PropertyKey, unknown> | undefined)?.[key];
      const length = typeof value === 'string' ? value.length : undefined;
      throw invalidRequest(
        `Invalid request: ${where} is ${length === undefined ? 'too long' : `${length.toLocaleString('en')} characters`}, over the ${MAX_MESSAGE_CHARS.toLocaleString('en')} limit for one message. Shorten it or split it.`,
        'message-too-large',
        provider,
      );
    }
    const message =
      issue.message.startsWith(where.split('[')[0] ?? '\u0000') || !where
        ? issue.message
        : `${where}: ${issue.message}`;
    throw invalidRequest(`Invalid request: ${message}`, 'invalid-request', provider);
  }
  let total = request.system?.length ?? 0;
  for (const message of request.messages) total += message.content.length;
  if (total > MAX_REQUEST_CHARS) {
    throw invalidRequest(
      `Invalid request: the conversation is ${total.toLocaleString('en')} characters, over the ${MAX_REQUEST_CHARS.toLocaleString('en')} limit. Shorten it or start a new one.`,
      'message-too-large',
      provider,
    );
  }
  if (request.signal !== undefined && !(request.signal instanceof AbortSignal)) {
    throw invalidRequest('Invalid request: signal must be an AbortSignal.', 'invalid-request', provider);
  }
  return request;
}
