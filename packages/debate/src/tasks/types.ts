/**
 * How a task's answers are compared: the model's reply is reduced to this kind of answer, and so is
 * the expected answer, before an exact match.
 *
 * - `number`: a number (`1,234.50` and `1234.5` match);
 * - `boxed`: the content of the last `\boxed{...}`;
 * - `choice`: a multiple-choice letter;
 * - `json`: a JSON object, compared structurally (key order aside);
 * - `text`: trimmed, case- and whitespace-insensitive text.
 */
export type NormaliserName = 'number' | 'boxed' | 'choice' | 'json' | 'text';

/** The normalisers a task may name, in a stable order. */
export const NORMALISER_NAMES: readonly NormaliserName[] = ['number', 'boxed', 'choice', 'json', 'text'];

/** One item of an evaluation: a question with a known answer. JSON only. */
export interface Task {
  /** Unique within a task set; shown in reports. */
  id: string;
  /** The full prompt put to the models (for multiple choice, with the options listed). */
  question: string;
  /** The expected answer, before normalisation (`"42"`, `"B"`, `"{\"x\":1}"`). */
  answer: string;
  /** How answers are compared. */
  normaliser: NormaliserName;
  /** Multiple-choice options, in order; option `i` has the letter `A + i`. */
  choices?: string[];
}
