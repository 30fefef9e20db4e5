import { formatCost, type Transcript } from '@trialogue/core';
import { defaultAnswer } from '@trialogue/debate';
import type { Context } from '../context.js';
import { table } from '../render/table.js';
import { sanitize, truncate } from '../render/text.js';

/** One question of a batch, as its results table shows it. */
export interface BatchRow {
  id: string;
  question: string;
  status: string;
  /** Each debater's last answer (its short answer, else the start of its text). */
  answers: Record<string, string>;
  /** The debate's answer (empty when it has none). */
  answer: string;
  /** Against the question's expected `answer`, when the questions give one. */
  correct?: boolean;
  cost?: number;
}

const ROLES = new Set(['judge', 'chair', 'moderator']);

/** A results line (a transcript with `meta.questionId`) as a row. */
export function batchRow(transcript: Transcript): BatchRow {
  const meta = transcript.meta ?? {};
  const debaters = transcript.participants.filter((p) => !ROLES.has(p.id));
  const answers: Record<string, string> = {};
  for (const participant of debaters) {
    const turns = transcript.turns.filter(
      (turn) => turn.participantId === participant.id && turn.role === 'assistant',
    );
    const last = turns.filter((turn) => !turn.error).at(-1);
    const text = last?.text ?? '';
    answers[participant.id] = !last
      ? turns.length
        ? 'failed'
        : ''
      : (defaultAnswer(text) ?? truncate(sanitize(text).replace(/\s+/g, ' ').trim(), 32));
  }
  const answer = transcript.outcome?.answer ?? '';
  const expected = meta.expected;
  const row: BatchRow = {
    id: String(meta.questionId ?? transcript.id),
    question: transcript.turns.find((turn) => turn.role === 'user')?.text ?? transcript.title ?? '',
    status: String(meta.status ?? ''),
    answers,
    answer: transcript.outcome?.stopReason === 'open-ended' && !answer ? '(open-ended)' : answer,
  };
  if (expected !== undefined && expected !== null) {
    const want = defaultAnswer(`Final answer: ${String(expected)}`);
    row.correct = answer !== '' && want !== undefined && defaultAnswer(`Final answer: ${answer}`) === want;
  }
  const cost = transcript.totals?.cost;
  if (cost !== undefined) row.cost = cost;
  return row;
}

/**
 * The results as a table: a row per question, a column per model (its answer), then the debate's
 * answer, whether it is correct (when the questions give answers) and the cost.
 */
export function resultsTable(rows: readonly BatchRow[], context: Pick<Context, 'width'>): string {
  const models = [...new Set(rows.flatMap((row) => Object.keys(row.answers)))];
  const scored = rows.some((row) => row.correct !== undefined);
  const header = ['ID', 'QUESTION', ...models, 'ANSWER', ...(scored ? ['CORRECT'] : []), 'COST'];
  const body = rows.map((row) => [
    row.id,
    truncate(sanitize(row.question).replace(/\s+/g, ' ').trim(), 40),
    ...models.map((model) => row.answers[model] ?? ''),
    row.status === 'failed' && !row.answer ? 'failed' : sanitize(row.answer),
    ...(scored ? [row.correct === undefined ? '' : row.correct ? 'yes' : 'no'] : []),
    row.cost !== undefined ? formatCost(row.cost) : '',
  ]);
  return table(header, body, context.width());
}
