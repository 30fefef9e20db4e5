import * as z from 'zod/mini';
import { MAX_MESSAGE_CHARS } from './limits.js';
import { EFFORTS, GROUP_FIELDS, MESSAGES, NUMBER_FIELDS, numberRule, ROLES } from './validate.js';

/**
 * The request contract as a zod schema: what {@link validateRequest} accepts, with the same messages.
 * `validateRequest` itself is hand-written (a zod runtime is about 7 KB gzip, most of a browser
 * bundle's budget); a differential test holds the two in agreement, field and message, on thousands
 * of generated requests. Use this schema to validate requests loaded from files, or to derive JSON
 * Schema (`z.toJSONSchema`). Built on each call: keep the result.
 *
 * @example
 * ```ts
 * import * as z from 'zod/mini';
 * const schema = chatRequestSchema();
 * z.safeParse(schema, { messages: [] }).error?.issues[0]?.message; // 'messages must hold at least one message'
 * ```
 */
export function chatRequestSchema() {
  const text = (name: string, max: number) =>
    z
      .string({ error: `${name} must be a string` })
      .check(z.maxLength(max, `${name} is longer than ${max.toLocaleString('en')} characters`));
  const number = (path: string, whole: boolean, min: number, above: boolean, max?: number) => {
    const error = numberRule(path, whole, min, above, max);
    const base = whole ? z.int({ error }) : z.number({ error });
    const lowest = above ? z.gt(min, error) : z.gte(min, error);
    return z.optional(max === undefined ? base.check(lowest) : base.check(lowest, z.lte(max, error)));
  };
  const group = (name: string, fields: string[], above: boolean) =>
    z.optional(
      z.object(
        Object.fromEntries(
          fields.map((field) => [field, number(`${name}.${field}`, field === 'maxRetries', 0, above)]),
        ),
        { error: `${name} must be an object` },
      ),
    );

  return z.object({
    messages: z
      .array(
        z.object(
          {
            role: z.enum(ROLES, { error: MESSAGES.role }),
            content: text('content', MAX_MESSAGE_CHARS),
            name: z.optional(text('name', 200)),
          },
          { error: MESSAGES.message },
        ),
        { error: MESSAGES.messages },
      )
      .check(z.minLength(1, MESSAGES.empty)),
    system: z.optional(text('system', MAX_MESSAGE_CHARS)),
    ...Object.fromEntries(NUMBER_FIELDS.map(([path, ...rule]) => [path, number(path, ...rule)])),
    stopSequences: z.optional(z.array(z.string({ error: MESSAGES.stop }), { error: MESSAGES.stop })),
    reasoning: z.optional(
      z.object(
        {
          effort: z.optional(z.enum(EFFORTS, { error: MESSAGES.effort })),
          budgetTokens: number('reasoning.budgetTokens', true, 0, false),
          includeText: z.optional(z.boolean({ error: 'reasoning.includeText must be true or false' })),
        },
        { error: 'reasoning must be an object' },
      ),
    ),
    providerOptions: z.optional(
      z.record(z.string(), z.record(z.string(), z.unknown(), { error: MESSAGES.options }), {
        error: MESSAGES.options,
      }),
    ),
    ...Object.fromEntries(GROUP_FIELDS.map(([name, fields, above]) => [name, group(name, fields, above)])),
  });
}
