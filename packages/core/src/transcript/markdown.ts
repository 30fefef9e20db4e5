import { redact } from '../errors/redact.js';
import { formatCost } from '../usage/cost.js';
import type { Transcript, TranscriptParticipant, TranscriptTurn } from './types.js';

/** Options of {@link toMarkdown}. */
export interface MarkdownOptions {
  /** Include reasoning in collapsible `<details>` blocks; default true. */
  reasoning?: boolean;
  /** Include the usage, cost and timing line under each turn; default true. */
  stats?: boolean;
}

/**
 * Renders a transcript as Markdown: title, participants table, every turn (speaker, round and
 * phase, text, reasoning folded in `<details>`, a usage/cost/timing line, errors marked), then the
 * outcome. Model text is kept as written, except that a code fence it leaves open is closed and
 * `</details>` inside reasoning is neutralised, so one turn cannot swallow the rest of the document.
 *
 * @example
 * ```ts
 * await writeFile('debate.md', toMarkdown(transcript));
 * ```
 */
export function toMarkdown(transcript: Transcript, options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const participants = new Map(transcript.participants.map((p) => [p.id, p]));
  out.push(`# ${inline(transcript.title || (transcript.kind === 'debate' ? 'Debate' : 'Conversation'))}`);
  const kind = transcript.kind === 'debate' ? 'Debate' : 'Chat';
  // "Chat · chat" would say one thing twice: the mode only when it adds something.
  const mode = transcript.mode?.toLowerCase() === kind.toLowerCase() ? undefined : transcript.mode;
  const about = [kind, mode, transcript.createdAt].filter(Boolean);
  out.push(about.map((part) => inline(String(part))).join(' · '));

  if (transcript.participants.length) {
    out.push('## Participants');
    const rows = ['| Id | Label | Model | Persona |', '| --- | --- | --- | --- |'];
    for (const p of transcript.participants) {
      rows.push(
        `| ${cell(p.id)} | ${cell(p.label ?? '')} | ${cell(`${p.provider}:${p.modelId}`)} | ${cell(p.persona ?? '')} |`,
      );
    }
    out.push(rows.join('\n'));
  }

  if (transcript.turns.length) out.push('## Turns');
  for (const turn of transcript.turns) {
    out.push(`### ${turnHeading(turn, participants.get(turn.participantId))}`);
    if (turn.error) {
      const partial = turn.text ? ' The partial answer follows.' : '';
      out.push(`> **Failed (${turn.error.kind}):** ${inline(turn.error.message)}${partial}`);
    }
    if (options.reasoning !== false && turn.reasoning) {
      out.push(
        `<details>\n<summary>Reasoning</summary>\n\n${closeFences(turn.reasoning.replace(/<\/details/gi, '&lt;/details'))}\n\n</details>`,
      );
    }
    if (turn.text) out.push(closeFences(turn.text));
    else if (!turn.error) out.push('_(no text)_');
    const stats = options.stats !== false ? statsLine(turn) : '';
    if (stats) out.push(`<sub>${stats}</sub>`);
  }

  const { outcome, totals } = transcript;
  if (outcome || totals) out.push('## Outcome');
  if (outcome) {
    const decidedBy = outcome.decidedBy
      ? ` · decided by ${inline(speakerName(outcome.decidedBy, participants.get(outcome.decidedBy)))}`
      : '';
    out.push(`**Stopped:** ${inline(outcome.stopReason)}${decidedBy}`);
    if (outcome.answer) out.push(closeFences(outcome.answer));
  }
  if (totals) {
    const parts = [
      totals.usage ? `${totals.usage.inputTokens} in · ${totals.usage.outputTokens} out tokens` : '',
      totals.cost !== undefined ? formatCost(totals.cost) : '',
      totals.durationMs !== undefined ? seconds(totals.durationMs) : '',
    ].filter(Boolean);
    if (parts.length) out.push(`**Totals:** ${parts.join(' · ')}`);
  }
  return redact(`${out.join('\n\n')}\n`);
}

function speakerName(id: string, participant: TranscriptParticipant | undefined): string {
  if (participant) return participant.label || participant.id;
  return id === 'user' ? 'User' : id;
}

function turnHeading(turn: TranscriptTurn, participant: TranscriptParticipant | undefined): string {
  const name =
    turn.role === 'user' && !participant
      ? 'User'
      : turn.role === 'system'
        ? 'System'
        : speakerName(turn.participantId, participant);
  // A participant named by its model (`openai:gpt-4.1-mini`, `...#2`) is not followed by it again.
  const ref = participant ? `${participant.provider}:${participant.modelId}` : '';
  const model = participant && name !== ref && !name.startsWith(`${ref}#`) ? ` (${ref})` : '';
  const where = [turn.round !== undefined ? `Round ${turn.round}` : '', turn.phase ?? '']
    .filter(Boolean)
    .join(' · ');
  return inline(`${where ? `${where} — ` : ''}${name}${model}${turn.error ? ' — failed' : ''}`);
}

function statsLine(turn: TranscriptTurn): string {
  const parts: string[] = [];
  if (turn.usage) {
    const reasoning = turn.usage.reasoningTokens ? ` (${turn.usage.reasoningTokens} reasoning)` : '';
    parts.push(`${turn.usage.inputTokens} in · ${turn.usage.outputTokens} out${reasoning} tokens`);
  }
  if (turn.cost !== undefined) parts.push(formatCost(turn.cost));
  if (turn.timings) {
    const first =
      turn.timings.timeToFirstTokenMs !== undefined
        ? `, first token ${seconds(turn.timings.timeToFirstTokenMs)}`
        : '';
    parts.push(`${seconds(turn.timings.totalMs)}${first}`);
  }
  if (turn.finishReason && turn.finishReason !== 'stop') parts.push(`finished: ${turn.finishReason}`);
  return parts.join(' · ');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One line of text: newlines folded so a label cannot start a new block. */
function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** A table cell: one line, pipes escaped. */
function cell(text: string): string {
  return inline(text).replace(/\|/g, '\\|');
}

/** Closes a code fence the text leaves open (CommonMark: same character, at least as long). */
function closeFences(text: string): string {
  let open: string | undefined;
  for (const line of text.split('\n')) {
    const fence = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
    if (!fence) continue;
    const marks = fence[1]!;
    if (open === undefined) {
      if (!(marks[0] === '`' && fence[2]!.includes('`'))) open = marks;
    } else if (marks[0] === open[0] && marks.length >= open.length && fence[2]!.trim() === '') {
      open = undefined;
    }
  }
  return open === undefined ? text : `${text}\n${open}`;
}
