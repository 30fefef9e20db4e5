import { invalidRequest } from '../errors/trialogue-error.js';
import { MAX_MESSAGE_CHARS, MAX_REQUEST_CHARS } from './limits.js';
import type { ChatRequest } from './types.js';

/** What is wrong with a request: where (a path into it) and what. */
export interface RequestProblem {
  path: (string | number)[];
  message: string;
  /** Set when a text field is over {@link MAX_MESSAGE_CHARS}: its length. */
  tooLong?: number;
}

/**
 * The numeric fields, in the contract's order: path, whole number or not, lowest value, whether the
 * lowest value itself is refused, highest value. {@link numberRule} words each one's message.
 * @internal Shared with {@link chatRequestSchema}.
 */
export const NUMBER_FIELDS: [path: string, whole: boolean, min: number, above: boolean, max?: number][] = [
  ['maxOutputTokens', true, 1, false],
  ['temperature', false, 0, false, 2],
  ['topP', false, 0, false, 1],
];
/** The numeric fields inside `timeouts` and `retry`, and whether 0 is refused. @internal Shared with {@link chatRequestSchema}. */
export const GROUP_FIELDS: [group: 'timeouts' | 'retry', fields: string[], above: boolean][] = [
  ['timeouts', ['firstByteMs', 'firstTokenMs', 'idleMs', 'totalMs'], true],
  ['retry', ['maxRetries', 'initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'], false],
];

/** The message for one numeric field, e.g. "temperature must be a number from 0 to 2". @internal */
export function numberRule(path: string, whole: boolean, min: number, above: boolean, max?: number): string {
  const range = max !== undefined ? `from ${min} to ${max}` : above ? `above ${min}` : `of ${min} or more`;
  return `${path} must be a ${whole ? 'whole ' : ''}number ${range}`;
}

/** The roles a message may have. @internal Shared with {@link chatRequestSchema}. */
export const ROLES = ['system', 'user', 'assistant'] as const;
/** The reasoning efforts a request may ask for. @internal Shared with {@link chatRequestSchema}. */
export const EFFORTS = ['minimal', 'low', 'medium', 'high'] as const;
/** The fixed messages of the request checks. @internal Shared with {@link chatRequestSchema}. */
export const MESSAGES = {
  request: 'expected an object with a messages array.',
  messages: 'messages must be an array of { role, content }',
  message: 'each message must be an object { role, content }',
  empty: 'messages must hold at least one message',
  role: 'role must be "system", "user" or "assistant"',
  effort: 'reasoning.effort must be minimal, low, medium or high',
  stop: 'stopSequences must be an array of strings',
  options: 'providerOptions must be { provider: { option: value } }',
} as const;

type Fields = Record<string, unknown>;
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
// A plain object from any realm (an iframe, a worker's structured clone, node:vm): its constructor's
// prototype is some realm's Object.prototype, the only prototype with its own `isPrototypeOf`.
const isPlainObject = (value: unknown): value is Fields => {
  if (!isObject(value)) return false;
  const ctor = value.constructor;
  if (ctor === undefined) return true;
  const proto: unknown = (ctor as { prototype?: unknown }).prototype;
  return isObject(proto) && Object.hasOwn(proto, 'isPrototypeOf');
};

/**
 * Finds the first thing wrong with a request, field by field in the order of
 * {@link chatRequestSchema} (the zod contract it is tested against), or undefined when it is fine.
 * Extra fields are ignored. The overall size and the signal are {@link validateRequest}'s to check.
 */
export function findRequestProblem(request: unknown): RequestProblem | undefined {
  const problem = (path: (string | number)[], message: string, tooLong?: number): RequestProblem =>
    tooLong === undefined ? { path, message } : { path, message, tooLong };
  const text = (path: (string | number)[], value: unknown, name: string, max: number) =>
    typeof value !== 'string'
      ? problem(path, `${name} must be a string`)
      : value.length > max
        ? problem(path, `${name} is longer than ${max.toLocaleString('en')} characters`, value.length)
        : undefined;
  const number = (
    path: (string | number)[],
    value: unknown,
    whole: boolean,
    min: number,
    above: boolean,
    max?: number,
  ) =>
    (whole ? Number.isSafeInteger(value) : Number.isFinite(value)) &&
    (above ? (value as number) > min : (value as number) >= min) &&
    (max === undefined || (value as number) <= max)
      ? undefined
      : problem(path, numberRule(path.join('.'), whole, min, above, max));

  if (!isObject(request)) return problem([], MESSAGES.request);
  const { messages, system, stopSequences, reasoning, providerOptions } = request;
  if (!Array.isArray(messages)) return problem(['messages'], MESSAGES.messages);
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message)) return problem(['messages', i], MESSAGES.message);
    if (!ROLES.includes(message.role as never)) return problem(['messages', i, 'role'], MESSAGES.role);
    const found =
      text(['messages', i, 'content'], message.content, 'content', MAX_MESSAGE_CHARS) ??
      (message.name === undefined ? undefined : text(['messages', i, 'name'], message.name, 'name', 200));
    if (found) return found;
  }
  if (!messages.length) return problem(['messages'], MESSAGES.empty);
  if (system !== undefined) {
    const found = text(['system'], system, 'system', MAX_MESSAGE_CHARS);
    if (found) return found;
  }
  for (const [path, whole, min, above, max] of NUMBER_FIELDS) {
    const found =
      request[path] === undefined ? undefined : number([path], request[path], whole, min, above, max);
    if (found) return found;
  }
  if (stopSequences !== undefined) {
    if (!Array.isArray(stopSequences)) return problem(['stopSequences'], MESSAGES.stop);
    const bad = stopSequences.findIndex((s) => typeof s !== 'string');
    if (bad >= 0) return problem(['stopSequences', bad], MESSAGES.stop);
  }
  if (reasoning !== undefined) {
    if (!isObject(reasoning)) return problem(['reasoning'], 'reasoning must be an object');
    const { effort, budgetTokens, includeText } = reasoning;
    if (effort !== undefined && !EFFORTS.includes(effort as never))
      return problem(['reasoning', 'effort'], MESSAGES.effort);
    const found =
      budgetTokens === undefined
        ? undefined
        : number(['reasoning', 'budgetTokens'], budgetTokens, true, 0, false);
    if (found) return found;
    if (includeText !== undefined && typeof includeText !== 'boolean')
      return problem(['reasoning', 'includeText'], 'reasoning.includeText must be true or false');
  }
  if (providerOptions !== undefined) {
    if (!isPlainObject(providerOptions)) return problem(['providerOptions'], MESSAGES.options);
    for (const key of Object.keys(providerOptions))
      if (!isPlainObject(providerOptions[key])) return problem(['providerOptions', key], MESSAGES.options);
  }
  for (const [group, fields, above] of GROUP_FIELDS) {
    const value = request[group];
    if (value === undefined) continue;
    if (!isObject(value)) return problem([group], `${group} must be an object`);
    for (const field of fields) {
      const found =
        value[field] === undefined
          ? undefined
          : number([group, field], value[field], field === 'maxRetries', 0, above);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Checks a request before any network call, throwing an `invalid-request` {@link TrialogueError}
 * whose message names the field and says what is wrong (code `message-too-large` for a message or
 * conversation over the limits).
 *
 * @example
 * ```ts
 * validateRequest({ messages: [] }); // throws: "Invalid request: messages must hold at least one message"
 * ```
 */
export function validateRequest(request: ChatRequest, provider?: string): ChatRequest {
  const found = findRequestProblem(request);
  if (found) {
    const where = found.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${part}`))
      .join('');
    if (found.tooLong !== undefined) {
      throw invalidRequest(
        `Invalid request: ${where} is ${found.tooLong.toLocaleString('en')} characters, over the ${MAX_MESSAGE_CHARS.toLocaleString('en')} limit for one message. Shorten it or split it.`,
        'message-too-large',
        provider,
      );
    }
    // "temperature must be…" already names its field; "role must be…" gets its place in front.
    const named = !where || found.message.startsWith(where.split('[')[0]!);
    throw invalidRequest(
      `Invalid request: ${named ? found.message : `${where}: ${found.message}`}`,
      'invalid-request',
      provider,
    );
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
