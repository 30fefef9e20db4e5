/**
 * Normalisers turn an answer as a model wrote it into a canonical string, so that answers that mean
 * the same thing compare equal when votes are counted.
 */

const NUMBER = /^[-+−]?\s*\$?\s*(?:\d{1,3}(?:[,_ ]\d{3})+|\d+)?(?:\.\d+)?\s*%?$/;

/**
 * Canonical form of a number written by a model: thousands separators, a leading `+`, a currency
 * sign, trailing zeros and a trailing full stop go; `1,234.0`, `$1234` and `1234.` all give `1234`.
 * Returns `undefined` when the text is not a single number.
 *
 * @example
 * ```ts
 * normaliseNumber('1,234.50'); // '1234.5'
 * ```
 */
export function normaliseNumber(text: string): string | undefined {
  const trimmed = text
    .trim()
    .replace(/^\*+|\*+$/g, '')
    .replace(/[.。]$/, '')
    .trim();
  if (!trimmed || !/\d/.test(trimmed) || !NUMBER.test(trimmed)) return undefined;
  const negative = /^[-−]/.test(trimmed);
  const percent = trimmed.endsWith('%');
  const digits = trimmed.replace(/[-+−$%,_\s]/g, '');
  const value = Number(digits);
  if (!Number.isFinite(value)) return undefined;
  const canonical = String(negative && value !== 0 ? -value : value);
  return percent ? `${canonical}%` : canonical;
}

/**
 * Canonical form of free text: markdown emphasis, surrounding quotes and final punctuation go,
 * case and whitespace are folded. `**Paris.**` and `paris` compare equal.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/[*_`]+/g, '')
    .trim()
    .replace(/^["'“‘([]+|["'”’)\]]+$/g, '')
    .replace(/[.!?;:,。]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** A number when the text is one, otherwise normalised text. The default for voting. */
export function normaliseAnswer(text: string): string | undefined {
  const number = normaliseNumber(text);
  if (number !== undefined) return number;
  const normalised = normaliseText(text);
  return normalised || undefined;
}
