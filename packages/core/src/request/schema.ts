import * as z from 'zod/mini';
import { MAX_MESSAGE_CHARS } from './limits.js';

/**
 * The request contract as a zod schema: what {@link validateRequest} accepts, written once as data.
 * `validateRequest` itself is hand-written (a zod runtime is about 7 KB gzip, most of a browser
 * bundle's budget); a differential test holds the two in agreement on thousands of generated
 * requests. Use this schema to validate requests you load from files, or to derive JSON Schema
 * (`z.toJSONSchema`). Built on each call: keep the result.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const schema = chatRequestSchema();
 * z.safeParse(schema, { messages: [] }).success; // false
 * ```
 */
export function chatRequestSchema() {
  return buildRequestSchema();
}

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
