import { invalidRequest } from '../errors/trialogue-error.js';
import { MAX_MESSAGE_CHARS, MAX_REQUEST_CHARS } from './limits.js';
import type { ChatRequest } from './types.js';

/** What is wrong with a request: where (as a path into it) and what. */
export interface RequestProblem {
  path: (string | number)[];
  message: string;
  /** Set when a text field is over {@link MAX_MESSAGE_CHARS}: its length. */
  tooLong?: number;
}

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isPlainObject = (value: unknown): value is Fields => {
  if (!isObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};
/**
 * Checks one optional number field: its type (finite, or a safe integer when `whole`), then each
 * bound in order. Returns the message of the first failure.
 */
function numberProblem(
  value: unknown,
  typeMessage: string,
  whole: boolean,
  bounds: Bound[],
): string | undefined {
  if (!(whole ? Number.isSafeInteger(value) : Number.isFinite(value))) return typeMessage;
  for (const [ok, message] of bounds) if (!ok(value as number)) return message;
  return undefined;
}

/** A bound on a number and the message when it is not met. */
type Bound = [ok: (n: number) => boolean, message: string];
const atLeast = (min: number, message: string): Bound => [(n) => n >= min, message];
const above = (min: number, message: string): Bound => [(n) => n > min, message];
const ROLES = ['system', 'user', 'assistant'];
const EFFORTS = ['minimal', 'low', 'medium', 'high'];

/**
 * Finds the first thing wrong with a request, field by field in the order of
 * {@link chatRequestSchema} (the zod contract it is tested against), or undefined when it is fine.
 * Extra fields are ignored. Does not check the overall size or the signal; {@link validateRequest} does.
 */
export function findRequestProblem(request: unknown): RequestProblem | undefined {
  if (!isObject(request)) return { path: [], message: 'expected an object with a messages array.' };
  const problem = (path: (string | number)[], message: string): RequestProblem => ({ path, message });

  const { messages } = request;
  if (!Array.isArray(messages))
    return problem(['messages'], 'messages must be an array of { role, content }');
  for (let i = 0; i < messages.length; i++) {
    const message: unknown = messages[i];
    if (!isObject(message))
      return problem(['messages', i], 'each message must be an object { role, content }');
    if (!ROLES.includes(message.role as string))
      return problem(['messages', i, 'role'], 'role must be "system", "user" or "assistant"');
    if (typeof message.content !== 'string')
      return problem(['messages', i, 'content'], 'content must be a string');
    if (message.content.length > MAX_MESSAGE_CHARS)
      return {
        ...problem(['messages', i, 'content'], 'content is too long'),
        tooLong: message.content.length,
      };
    if (message.name !== undefined) {
      if (typeof message.name !== 'string') return problem(['messages', i, 'name'], 'name must be a string');
      if (message.name.length > 200)
        return problem(['messages', i, 'name'], 'name is longer than 200 characters');
    }
  }
  if (messages.length === 0) return problem(['messages'], 'messages must hold at least one message');

  const { system } = request;
  if (system !== undefined) {
    if (typeof system !== 'string') return problem(['system'], 'system must be a string');
    if (system.length > MAX_MESSAGE_CHARS)
      return { ...problem(['system'], 'system is too long'), tooLong: system.length };
  }

  const numbers: [path: string[], whole: boolean, typeMessage: string, bounds: Bound[]][] = [
    [
      ['maxOutputTokens'],
      true,
      'maxOutputTokens must be a whole number',
      [above(0, 'maxOutputTokens must be at least 1')],
    ],
    [
      ['temperature'],
      false,
      'temperature must be a finite number',
      [atLeast(0, 'temperature must be 0 or more'), [(n) => n <= 2, 'temperature must be 2 or less']],
    ],
    [
      ['topP'],
      false,
      'topP must be a finite number',
      [atLeast(0, 'topP must be between 0 and 1'), [(n) => n <= 1, 'topP must be between 0 and 1']],
    ],
  ];
  for (const [path, whole, typeMessage, bounds] of numbers) {
    const value = request[path[0]!];
    const message = value === undefined ? undefined : numberProblem(value, typeMessage, whole, bounds);
    if (message) return problem(path, message);
  }

  const { stopSequences } = request;
  if (stopSequences !== undefined) {
    if (!Array.isArray(stopSequences))
      return problem(['stopSequences'], 'stopSequences must be an array of strings');
    const bad = stopSequences.findIndex((s) => typeof s !== 'string');
    if (bad >= 0) return problem(['stopSequences', bad], 'stopSequences must be an array of strings');
  }

  const { reasoning } = request;
  if (reasoning !== undefined) {
    if (!isObject(reasoning)) return problem(['reasoning'], 'reasoning must be an object');
    if (reasoning.effort !== undefined && !EFFORTS.includes(reasoning.effort as string))
      return problem(['reasoning', 'effort'], 'reasoning.effort must be minimal, low, medium or high');
    if (reasoning.budgetTokens !== undefined) {
      const message = numberProblem(
        reasoning.budgetTokens,
        'reasoning.budgetTokens must be a whole number',
        true,
        [atLeast(0, 'reasoning.budgetTokens must be 0 or more')],
      );
      if (message) return problem(['reasoning', 'budgetTokens'], message);
    }
    if (reasoning.includeText !== undefined && typeof reasoning.includeText !== 'boolean')
      return problem(['reasoning', 'includeText'], 'reasoning.includeText must be true or false');
  }

  const { providerOptions } = request;
  if (providerOptions !== undefined) {
    const shape = 'providerOptions must be { provider: { option: value } }';
    if (!isPlainObject(providerOptions)) return problem(['providerOptions'], shape);
    for (const key of Object.keys(providerOptions))
      if (!isPlainObject(providerOptions[key])) return problem(['providerOptions', key], shape);
  }

  const groups: [group: string, fields: string[], bound: (field: string) => Bound][] = [
    [
      'timeouts',
      ['firstByteMs', 'firstTokenMs', 'idleMs', 'totalMs'],
      () => above(0, 'timeouts must be positive'),
    ],
    [
      'retry',
      ['maxRetries', 'initialDelayMs', 'maxDelayMs', 'maxRetryAfterMs'],
      (field) =>
        atLeast(
          0,
          field === 'maxRetries' ? 'retry.maxRetries must be 0 or more' : 'retry delays must be 0 or more',
        ),
    ],
  ];
  for (const [group, fields, bound] of groups) {
    const value = request[group];
    if (value === undefined) continue;
    if (!isObject(value)) return problem([group], `${group} must be an object`);
    for (const field of fields) {
      if (value[field] === undefined) continue;
      const whole = field === 'maxRetries';
      const typeMessage = `${group}.${field} must be ${whole ? 'a whole number' : 'a finite number'}`;
      const message = numberProblem(value[field], typeMessage, whole, [bound(field)]);
      if (message) return problem([group, field], message);
    }
  }
  return undefined;
}

function pathText(path: readonly (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${part}`)).join('');
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
    const where = pathText(found.path);
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
