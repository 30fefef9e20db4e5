import type { DebateContext } from '../formats/types.js';
import type { Participant } from '../run/options.js';
import { UNTRUSTED_NOTE } from './quote.js';

/** Asked of every turn whose answer is counted. */
export const FINAL_ANSWER_RULE =
  'End your reply with a line "Final answer: <answer>" giving only the answer (a number, a letter or a ' +
  'few words, no explanation), then a line "Confidence: <a number from 0 to 1>".';

/**
 * The system prompt of a debater: who it is (by name unless `anonymous`), its persona, the task of
 * the phase, and the untrusted-data rule when it reads other participants' text.
 */
export function systemPrompt(
  ctx: DebateContext,
  participant: Participant,
  options: { task: string; readsOthers: boolean; anonymous?: boolean; role?: string },
): string {
  const who = options.role
    ? `You are the ${options.role} of a panel of AI models answering a user's question.`
    : options.anonymous
      ? `You are one of ${ctx.participants.length} AI models on a panel answering a user's question together.`
      : `You are "${ctx.label(participant)}", one of ${ctx.participants.length} AI models on a panel answering a user's question together.`;
  return [who, participant.persona, options.task, options.readsOthers ? UNTRUSTED_NOTE : undefined]
    .filter(Boolean)
    .join('\n\n');
}

/** The question as the head of a turn's prompt. */
export function questionBlock(question: string): string {
  return `Question:\n${question}`;
}

/** Prompt sections joined by blank lines, dropping empty ones. */
export function sections(...parts: (string | undefined | false)[]): string {
  return parts.filter(Boolean).join('\n\n');
}
