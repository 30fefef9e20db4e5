import { normaliseAnswer, normaliseNumber, normaliseText } from './normalise.js';

/**
 * Turns a participant's full text into a canonical answer for voting, or `undefined` when the text
 * holds none. Two answers are the same vote when their strings are equal.
 */
export type AnswerExtractor = (text: string) => string | undefined;

const FINAL_LINE = /^[\s>*_#-]*final\s+answer\s*[:：]\s*(.*)$/i;

/**
 * The text after the last `Final answer:` line (markdown decoration such as `**Final answer:**`
 * is allowed), or `undefined`. The prompts of every built-in format ask for this line.
 */
export function finalAnswerLine(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = FINAL_LINE.exec(lines[i]!.replace(/\*\*(final\s+answer\s*[:：]?)\*\*/i, '$1'));
    if (!match) continue;
    const rest = match[1]!.replace(/^\*+\s*/, '').trim();
    if (rest) return rest;
    // "Final answer:" alone on its line: the answer is on the next non-empty line.
    const next = lines.slice(i + 1).find((line) => line.trim());
    return next?.trim();
  }
  return undefined;
}

/** The content of the last `\boxed{...}` (nested braces allowed), or `undefined`. */
export function lastBoxed(text: string): string | undefined {
  const start = text.lastIndexOf('\\boxed{');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start + 6; i < text.length; i++) {
    const char = text[i];
    if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return text.slice(start + 7, i).trim();
  }
  return undefined;
}

/**
 * The default extractor: the `Final answer:` line (or else the last `\boxed{}`), as a number when it
 * is one, otherwise as normalised text.
 *
 * @example
 * ```ts
 * defaultAnswer('I think...\nFinal answer: 1,234.0'); // '1234'
 * ```
 */
export const defaultAnswer: AnswerExtractor = (text) => {
  const raw = finalAnswerLine(text) ?? lastBoxed(text);
  if (raw === undefined) return undefined;
  return normaliseAnswer(lastBoxed(raw) ?? raw);
};

/**
 * Numeric answers: the final answer line or `\boxed{}` when they hold a number, otherwise the last
 * number in the text. `"1,234.0"` and `"1234"` are the same vote.
 */
export const numberAnswer: AnswerExtractor = (text) => {
  for (const candidate of [finalAnswerLine(text), lastBoxed(text)]) {
    if (candidate === undefined) continue;
    const inner = lastBoxed(candidate) ?? candidate;
    const whole = normaliseNumber(inner);
    if (whole !== undefined) return whole;
    const last = lastNumber(inner);
    if (last !== undefined) return last;
  }
  return lastNumber(text);
};

function lastNumber(text: string): string | undefined {
  const matches = text.match(/[-−]?\$?\d[\d,]*(?:\.\d+)?%?/g);
  const last = matches?.at(-1);
  return last === undefined ? undefined : normaliseNumber(last.replace(/,$/, ''));
}

/** Answers in `\boxed{}` (maths benchmarks), normalised like the default. */
export const boxedAnswer: AnswerExtractor = (text) => {
  const boxed = lastBoxed(text);
  return boxed === undefined ? undefined : normaliseAnswer(boxed);
};

/**
 * Multiple-choice letters: `(B)`, `b.`, `B) Paris`, `Answer: B` all give `B`.
 *
 * @example
 * ```ts
 * choiceAnswer('ABCDE')('Final answer: (e) none of these'); // 'E'
 * ```
 */
export function choiceAnswer(letters = 'ABCD'): AnswerExtractor {
  const allowed = new Set(letters.toUpperCase().split(''));
  const pick = (candidate: string): string | undefined => {
    const match = /^[\s*_([]*([A-Za-z])(?:[\s)\].:,*_]|$)/.exec(candidate);
    const letter = match?.[1]?.toUpperCase();
    return letter && allowed.has(letter) ? letter : undefined;
  };
  return (text) => {
    const line = finalAnswerLine(text) ?? lastBoxed(text);
    if (line !== undefined) return pick(lastBoxed(line) ?? line);
    // Without a final answer line: "answer is (d)" or "answer: B", never the article in "answer is a ...".
    const answerLine = /[Aa]nswer\s*(?:is|IS)?\s*[:：]?\s*(?:\(([A-Za-z])\)|([A-Z])(?![A-Za-z]))/g;
    let found: string | undefined;
    for (const match of text.matchAll(answerLine)) {
      const letter = (match[1] ?? match[2])!.toUpperCase();
      if (allowed.has(letter)) found = letter;
    }
    return found;
  };
}

/**
 * A field of a JSON object in the text (a fenced block, or the last `{...}`), by dot path such as
 * `result.answer`. Without a path, the whole object, canonicalised (keys sorted).
 */
export function jsonAnswer(path?: string): AnswerExtractor {
  return (text) => {
    const value = lastJson(text);
    if (value === undefined) return undefined;
    let node: unknown = value;
    if (path) {
      for (const key of path.split('.')) {
        if (node === null || typeof node !== 'object') return undefined;
        node = (node as Record<string, unknown>)[key];
      }
    }
    if (node === undefined) return undefined;
    if (typeof node === 'string') return normaliseAnswer(node);
    if (typeof node === 'number') return normaliseNumber(String(node));
    return canonicalJson(node);
  };
}

function lastJson(text: string): unknown {
  const fenced = [...text.matchAll(/```(?:json)?\s*\n([\s\S]*?)```/g)].map((m) => m[1]!);
  for (const block of fenced.reverse()) {
    try {
      return JSON.parse(block);
    } catch {}
  }
  // The last balanced {...} that parses.
  for (let end = text.lastIndexOf('}'); end >= 0; end = text.lastIndexOf('}', end - 1)) {
    let depth = 0;
    for (let i = end; i >= 0; i--) {
      if (text[i] === '}') depth++;
      else if (text[i] === '{' && --depth === 0) {
        try {
          return JSON.parse(text.slice(i, end + 1));
        } catch {
          break;
        }
      }
    }
  }
  return undefined;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Free-text answers: the final answer line (or else the last non-empty line), normalised text. */
export const textAnswer: AnswerExtractor = (text) => {
  const line =
    finalAnswerLine(text) ??
    text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean)
      .at(-1);
  if (line === undefined) return undefined;
  return normaliseText(line) || undefined;
};

/**
 * Extracts the canonical answer of a text with an extractor (default: {@link defaultAnswer}).
 *
 * @example
 * ```ts
 * extractAnswer('Final answer: **Paris.**'); // 'paris'
 * extractAnswer('so \\boxed{42}', boxedAnswer); // '42'
 * ```
 */
export function extractAnswer(text: string, extractor: AnswerExtractor = defaultAnswer): string | undefined {
  return extractor(text);
}
