import { ERROR_KINDS } from '../errors/trialogue-error.js';

// The transcript check that runs: hand-written, so reading a transcript bundles no zod (about
// 7 KB gzip, a tenth of a chat element's budget). `transcriptSchema()` is the contract; a
// differential test (test/transcript.differential.test.ts) holds the two to the same verdict, path
// and message on thousands of generated transcripts. Both follow the field order of types.ts.

/** What is wrong with a transcript: where (a path into it) and what. */
export interface TranscriptProblem {
  path: PropertyKey[];
  /** What was expected there, e.g. `expected number` or `expected one of "chat", "debate"`. */
  message: string;
}

/** The value sets of the transcript format. @internal Shared with {@link transcriptSchema}. */
export const TRANSCRIPT_VALUES = {
  kinds: ['chat', 'debate'],
  turnRoles: ['user', 'assistant', 'system'],
  messageRoles: ['system', 'user', 'assistant'],
  errorPhases: ['request', 'stream'],
  finishReasons: ['stop', 'length', 'content-filter', 'refusal', 'other'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

/**
 * The words for a value set, as {@link findTranscriptProblem} and the zod issues both give them.
 * @internal
 */
export const oneOf = (values: readonly unknown[]): string =>
  `expected one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;

type Check = (value: unknown, path: PropertyKey[]) => TranscriptProblem | undefined;
type Fields = Record<PropertyKey, unknown>;

const fail = (path: PropertyKey[], message: string): TranscriptProblem => ({ path, message });
const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
// zod's record test: a plain object from any realm (its constructor's prototype owns `isPrototypeOf`).
const isRecord = (value: unknown): value is Fields => {
  if (!isObject(value)) return false;
  const ctor = value.constructor;
  if (typeof ctor !== 'function') return true;
  const proto: unknown = ctor.prototype;
  return isObject(proto) && Object.hasOwn(proto, 'isPrototypeOf');
};

const string: Check = (v, p) => (typeof v === 'string' ? undefined : fail(p, 'expected string'));
const nonEmpty: Check = (v, p) =>
  string(v, p) ?? ((v as string).length ? undefined : fail(p, 'expected at least 1 character'));
const number: Check = (v, p) => (Number.isFinite(v) ? undefined : fail(p, 'expected number'));
const atLeastZero: Check = (v, p) =>
  number(v, p) ?? ((v as number) >= 0 ? undefined : fail(p, 'expected at least 0'));
const count: Check = (v, p) =>
  number(v, p) ??
  (!Number.isInteger(v)
    ? fail(p, 'expected a whole number')
    : (v as number) > Number.MAX_SAFE_INTEGER
      ? fail(p, `expected at most ${Number.MAX_SAFE_INTEGER}`)
      : (v as number) < Number.MIN_SAFE_INTEGER
        ? fail(p, `expected at least ${Number.MIN_SAFE_INTEGER}`)
        : atLeastZero(v, p));
const boolean: Check = (v, p) => (typeof v === 'boolean' ? undefined : fail(p, 'expected boolean'));
const among =
  (values: readonly unknown[]): Check =>
  (v, p) =>
    values.includes(v) ? undefined : fail(p, oneOf(values));
const optional =
  (check: Check): Check =>
  (v, p) =>
    v === undefined ? undefined : check(v, p);
const array =
  (check: Check): Check =>
  (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'expected array');
    for (let i = 0; i < v.length; i++) {
      const found = check(v[i], [...p, i]);
      if (found) return found;
    }
    return undefined;
  };
/** An object with these fields in this order; other fields are allowed (a newer release's survive). */
const object =
  (shape: Record<string, Check>): Check =>
  (v, p) => {
    if (!isObject(v)) return fail(p, 'expected object');
    for (const key in shape) {
      const found = shape[key]!(v[key], [...p, key]);
      if (found) return found;
    }
    return undefined;
  };
/** A plain object with string keys (own, enumerable, `__proto__` skipped as zod does) and checked values. */
const record =
  (check?: Check): Check =>
  (v, p) => {
    if (!isRecord(v)) return fail(p, 'expected object');
    for (const key of Reflect.ownKeys(v)) {
      if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(v, key)) continue;
      const found =
        typeof key !== 'string' ? fail([...p, key], 'expected string keys') : check?.(v[key], [...p, key]);
      if (found) return found;
    }
    return undefined;
  };

// Built on first use: module-level calls would stay in every bundle that imports core.
function buildTranscriptCheck(): Check {
  const text = optional(string);
  const usage = object({
    inputTokens: count,
    outputTokens: count,
    totalTokens: count,
    reasoningTokens: optional(count),
    cachedInputTokens: optional(count),
  });
  const participant = object({
    id: nonEmpty,
    provider: string,
    modelId: string,
    label: text,
    persona: text,
  });
  const error = object({
    name: among(['TrialogueError']),
    kind: among(ERROR_KINDS),
    message: string,
    retryable: boolean,
    phase: among(TRANSCRIPT_VALUES.errorPhases),
    provider: text,
    status: optional(number),
    retryAfterMs: optional(number),
    requestId: text,
    code: text,
    providerCode: text,
    rateLimit: optional(record(number)),
  });
  const turn = object({
    id: nonEmpty,
    participantId: nonEmpty,
    role: among(TRANSCRIPT_VALUES.turnRoles),
    text: string,
    reasoning: text,
    round: optional(count),
    phase: text,
    prompt: optional(
      object({
        system: text,
        messages: array(object({ role: among(TRANSCRIPT_VALUES.messageRoles), content: string, name: text })),
      }),
    ),
    usage: optional(usage),
    cost: optional(atLeastZero),
    timings: optional(object({ timeToFirstTokenMs: optional(atLeastZero), totalMs: atLeastZero })),
    finishReason: optional(among(TRANSCRIPT_VALUES.finishReasons)),
    error: optional(error),
    startedAt: text,
    endedAt: text,
  });
  return object({
    format: among(['trialogue.transcript']),
    version: among([1]),
    id: nonEmpty,
    kind: among(TRANSCRIPT_VALUES.kinds),
    createdAt: string,
    title: text,
    mode: text,
    participants: array(participant),
    turns: array(turn),
    outcome: optional(
      object({ stopReason: string, answer: text, decidedBy: text, details: optional(record()) }),
    ),
    totals: optional(
      object({ usage: optional(usage), cost: optional(number), durationMs: optional(number) }),
    ),
    meta: optional(record()),
  });
}
let check: Check | undefined;

/**
 * Finds the first thing wrong with a transcript's shape, field by field in the order of
 * {@link transcriptSchema} (the zod contract it is tested against), or undefined when it is fine.
 * Unknown fields are allowed. Whether each assistant turn names a participant is
 * {@link parseTranscript}'s to check.
 *
 * @example
 * ```ts
 * findTranscriptProblem({ format: 'trialogue.transcript', version: 1 });
 * // { path: ['id'], message: 'expected string' }
 * ```
 */
export function findTranscriptProblem(value: unknown): TranscriptProblem | undefined {
  check ??= buildTranscriptCheck();
  return check(value, []);
}
