import { redactDeep } from '../errors/redact.js';
import { invalidRequest } from '../errors/trialogue-error.js';
import { findTranscriptProblem } from './check.js';
import { TRANSCRIPT_VERSION, type Transcript } from './types.js';

/**
 * Reads a transcript from JSON text or a parsed object, checking its version and shape (an object
 * is checked, not copied: the transcript returned is that object).
 * Throws an `invalid-request` {@link TrialogueError} with code `transcript-version` (naming the
 * version found and the one supported) or `transcript-shape` (naming the field path).
 *
 * @example
 * ```ts
 * const transcript = parseTranscript(await file.text());
 * ```
 */
export function parseTranscript(input: string | unknown): Transcript {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw invalidRequest(
        `This is not a transcript: the text is not valid JSON (${(error as Error).message}).`,
        'transcript-shape',
      );
    }
  }
  const head = value as { format?: unknown; version?: unknown } | null;
  if (!head || typeof head !== 'object' || Array.isArray(head) || head.format !== 'trialogue.transcript') {
    throw invalidRequest(
      'This is not a Trialogue transcript: field "format" should be "trialogue.transcript".',
      'transcript-shape',
    );
  }
  if (head.version !== TRANSCRIPT_VERSION) {
    const found =
      head.version === undefined ? 'has no version' : `is format version ${JSON.stringify(head.version)}`;
    throw invalidRequest(
      `This transcript ${found}; this version of Trialogue reads version ${TRANSCRIPT_VERSION}.${
        typeof head.version === 'number' && head.version > TRANSCRIPT_VERSION
          ? ' Update Trialogue to open it.'
          : ''
      }`,
      'transcript-version',
    );
  }
  const problem = findTranscriptProblem(value);
  if (problem) {
    throw invalidRequest(
      `The transcript field "${pathText(problem.path)}" is invalid: ${problem.message}.`,
      'transcript-shape',
    );
  }
  const transcript = value as Transcript;
  const ids = new Set(transcript.participants.map((p) => p.id));
  transcript.turns.forEach((turn, i) => {
    if (turn.role === 'assistant' && !ids.has(turn.participantId)) {
      throw invalidRequest(
        `The transcript field "turns[${i}].participantId" is invalid: "${turn.participantId}" is not a participant.`,
        'transcript-shape',
      );
    }
  });
  return transcript;
}

function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(root)';
}

// Field order in written transcripts: what a reader looks for first. Other keys follow, sorted.
const order = [
  'format',
  'version',
  'id',
  'kind',
  'title',
  'mode',
  'createdAt',
  'participants',
  'turns',
  'outcome',
  'totals',
  'participantId',
  'role',
  'provider',
  'modelId',
  'label',
  'persona',
  'round',
  'phase',
  'startedAt',
  'endedAt',
  'text',
  'reasoning',
  'finishReason',
  'error',
  'prompt',
  'usage',
  'cost',
  'timings',
  'stopReason',
  'answer',
  'decidedBy',
  'details',
  'system',
  'messages',
  'content',
  'name',
  'inputTokens',
  'outputTokens',
  'totalTokens',
  'reasoningTokens',
  'cachedInputTokens',
  'timeToFirstTokenMs',
  'totalMs',
  'durationMs',
  'meta',
];
// Built on first use: a module-level `new Map(...)` would stay in every bundle that imports core.
let rank: Map<string, number> | undefined;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const json =
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? (value as { toJSON(): unknown }).toJSON()
        : value;
    if (json !== value) return canonical(json);
    rank ??= new Map(order.map((key, i) => [key, i]));
    const ranks = rank;
    const keys = Object.keys(value).sort(
      (a, b) =>
        (ranks.get(a) ?? order.length) - (ranks.get(b) ?? order.length) || (a < b ? -1 : a > b ? 1 : 0),
    );
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/**
 * Writes a transcript as stable JSON: the same transcript always gives the same text (fields in a
 * fixed order, two-space indent), and `serializeTranscript(parseTranscript(text)) === text` for
 * any text it wrote. Every string is redacted as a last net against a key pasted into a label or
 * echoed in an error.
 *
 * @example
 * ```ts
 * await writeFile('debate.json', serializeTranscript(transcript));
 * ```
 */
export function serializeTranscript(transcript: Transcript): string {
  return JSON.stringify(redactDeep(canonical(transcript)), null, 2);
}
