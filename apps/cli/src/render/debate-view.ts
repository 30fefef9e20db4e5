import { costOf, formatCost, type ModelPrice, TrialogueError } from '@trialogue/core';
import { type DebateEvent, OPEN_ENDED, type RunEndEvent, type TurnDeltaEvent } from '@trialogue/debate';
import type { Context } from '../context.js';
import { AnswerView } from './answer-view.js';
import type { LineInput } from './live-region.js';
import { markdownEnabled, renderMarkdown } from './markdown.js';
import { formatMs, formatStats } from './stats.js';
import { sanitize, WordBuffers } from './text.js';

/** How a participant is shown. */
export interface Speaker {
  title: string;
  index: number;
  /** Its model's catalogue price: what a failed or stopped turn cost (a finished turn says itself). */
  price?: ModelPrice;
}

/**
 * Shows a debate as it happens: a header per round, that round's turns as live columns on a terminal
 * (blocks otherwise), then votes, rankings and consensus checks, then the outcome. With `--json`,
 * every debate event as one NDJSON line, unchanged.
 */
export class DebateView {
  private view: AnswerView | undefined;
  private readonly costs = new Map<string, number | undefined>();
  private notes: string[] = [];
  private roundPhase = '';
  private readonly words = new WordBuffers();
  private readonly heldDeltas = new Map<string, TurnDeltaEvent>();
  /** Finished texts by turn (a synthesis is shown again as the result). */
  private readonly texts = new Map<
    string,
    { text: string; participantId: string; round: number; phase: string }
  >();
  private format = '';
  private explainedAgreement = false;
  /** Each debater's side (adversarial, from its `sides` event) and the round it starts arguing it. */
  private sides = new Map<string, string>();
  private sidesFrom = Number.POSITIVE_INFINITY;
  /** Turns that failed (not counting stopped ones). */
  failedTurns = 0;

  constructor(
    private readonly context: Context,
    private readonly speakers: ReadonlyMap<string, Speaker>,
    private readonly options: {
      title?: string;
      /** A chat or ask played back: no answer to decide, only the exchanges. */
      chat?: boolean;
      input?: LineInput;
      /** Known costs by turn id (a replay's transcript), for turns whose events carry none. */
      turnCosts?: ReadonlyMap<string, number | undefined>;
    } = {},
  ) {}

  handle(event: DebateEvent): void {
    const { context } = this;
    const { style } = context;
    if (event.type === 'turn-error' && event.error.kind !== 'aborted') this.failedTurns++;
    if (context.json) {
      // Deltas regrouped into whole words, so a key a model echoes is whole when it is masked. The
      // rest goes out before the turn's end, under the seq of the last delta held back.
      if (event.type === 'turn-delta') {
        const stream = `${event.turnId}:${event.kind}`;
        this.heldDeltas.set(stream, event);
        const text = this.words.push(stream, event.text);
        if (text) context.emit({ ...event, text });
        return;
      }
      if (event.type === 'turn-end' || event.type === 'turn-error') {
        for (const kind of ['reasoning', 'text'] as const) {
          const stream = `${event.turnId}:${kind}`;
          const text = this.words.flush(stream);
          const last = this.heldDeltas.get(stream);
          this.heldDeltas.delete(stream);
          if (text && last) context.emit({ ...last, text });
        }
      }
      context.emit(event);
      return;
    }
    switch (event.type) {
      case 'run-start': {
        this.format = event.format;
        const title = this.options.title ?? 'Debate';
        // "Chat · chat" says nothing twice: the format only when it adds something.
        const heading =
          event.format.toLowerCase() === title.toLowerCase() ? title : `${title} · ${event.format}`;
        const count = event.participants.length;
        const who = this.options.chat ? 'model' : 'participant';
        context.out(`${context.fit(`${style.bold(heading)} · ${count} ${who}${count === 1 ? '' : 's'}`)}\n`);
        context.out(`${context.fit(`${style.dim('Question:')} ${sanitize(event.question)}`)}\n`);
        context.debug(`run ${event.runId}, seed ${event.seed}`);
        break;
      }
      case 'round-start':
        this.endRound();
        this.roundPhase = event.phase;
        context.out(`\n${style.bold(`── Round ${event.round} · ${event.phase} ──`)}\n`);
        this.ensureView();
        break;
      case 'turn-start': {
        const speaker = this.speakers.get(event.participantId);
        const side = event.round >= this.sidesFrom ? this.sides.get(event.participantId) : undefined;
        this.ensureView().add({
          id: event.turnId,
          title: `${speaker?.title ?? event.participantId}${side ? ` · ${sanitize(side)}` : ''}${event.phase && event.phase !== this.roundPhase ? ` · ${event.phase}` : ''}`,
          index: speaker?.index,
        });
        break;
      }
      case 'turn-delta':
        this.view?.push(event.turnId, {
          type: event.kind === 'text' ? 'text-delta' : 'reasoning-delta',
          text: event.text,
        });
        break;
      case 'turn-end':
        this.texts.set(event.turnId, event);
        this.costs.set(event.turnId, event.cost ?? this.options.turnCosts?.get(event.turnId));
        this.view?.push(event.turnId, {
          type: 'finish',
          reason: event.finishReason,
          text: event.text,
          reasoning: event.reasoning,
          usage: event.usage,
          timings: event.timings,
        });
        break;
      case 'turn-error': {
        const price = this.speakers.get(event.participantId)?.price;
        this.costs.set(
          event.turnId,
          this.options.turnCosts?.get(event.turnId) ??
            (event.usage && price ? costOf(event.usage, price) : undefined),
        );
        this.view?.push(event.turnId, {
          type: 'error',
          error: TrialogueError.fromJSON(event.error),
          text: event.text,
          usage: event.usage,
          timings: event.timings ?? { totalMs: 0 },
        });
        break;
      }
      case 'vote': {
        const tally = event.tally
          .map((entry) => `${sanitize(entry.answer)} (${entry.voters.length})`)
          .join(', ');
        const result =
          event.winner !== undefined
            ? `winner ${sanitize(event.winner)}`
            : event.tie
              ? `tie: ${event.tie.join(', ')}`
              : 'no answer';
        const none = event.ballots.length > 0 ? 'no short answer to count' : 'no ballots';
        this.notes.push(`${style.cyan('Vote')} round ${event.round}: ${tally || none} → ${result}`);
        break;
      }
      case 'ranking':
        if (event.scores) {
          const scores = Object.entries(event.scores)
            .map(([id, score]) => `${this.speakers.get(id)?.title ?? id} ${score}`)
            .join(', ');
          this.notes.push(`${style.cyan('Ranking')} (${event.method ?? 'aggregate'}): ${scores}`);
        }
        break;
      case 'consensus-check': {
        // Why the rounds go on after everyone agreed (once per run).
        let why = '';
        if (event.agreed && !event.stop && !this.explainedAgreement) {
          this.explainedAgreement = true;
          why =
            this.format === 'roundtable'
              ? ' · roundtable still plays its three rounds (answer, review, consensus: a review can find an error everyone shared); --option stopWhen=unanimity stops at agreement'
              : ` · ${this.format} plays its remaining rounds (it does not stop at agreement with these options)`;
        }
        const answers = Object.values(event.answers);
        const state = event.agreed
          ? style.green('agreed')
          : answers.length > 0 && answers.every((answer) => answer === null)
            ? 'no short answers to compare'
            : 'not yet';
        this.notes.push(
          `${style.cyan('Consensus')} after round ${event.round}: ${state}${event.stop ? ` (stop: ${event.stop})` : ''}${style.dim(why)}`,
        );
        break;
      }
      case 'sides':
        // Announced before the first argued round: every argument turn is labelled with its side.
        this.sidesFrom = event.round;
        this.sides = new Map(
          event.sides.map((side) => [side.participantId, `${side.letter}: ${sideName(side.position)}`]),
        );
        this.notes.push(
          `${style.cyan('Sides')}: ${event.sides.map((side) => `${side.letter} ${this.titleOf(side.participantId)} ${sanitize(sideName(side.position))}`).join(', ')}`,
        );
        break;
      case 'interjection':
        this.notes.push(`${style.bold('you')}: ${sanitize(event.text)}`);
        break;
      case 'run-end':
        this.endRound();
        this.showOutcome(event);
        break;
    }
  }

  private showOutcome(event: RunEndEvent): void {
    const { context } = this;
    const { style } = context;
    const { outcome } = event;
    const spent = `${event.calls} calls${event.usage ? ` · ${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens` : ''}${
      event.cost !== undefined ? ` · ${formatCost(event.cost)}` : ''
    } · ${formatMs(event.durationMs)}`;
    const out = (lines: string[]) => context.out(`${lines.map((line) => context.fit(line)).join('\n')}\n`);
    if (this.options.chat) {
      out(['', `${style.bold('── End ──')} ${style.dim(spent)}`]);
      return;
    }
    const lines = ['', style.bold('── Outcome ──')];
    const sides = outcome.details?.sides;
    if (sides && typeof sides === 'object') {
      const shown = Object.entries(sides as Record<string, unknown>)
        .map(([id, side]) => `${this.titleOf(id)} ${sideName(String(side))}`)
        .join(', ');
      lines.push(`Sides: ${shown}`);
    }
    const by = (id: string) => this.titleOf(id);
    const stopped = `Stopped: ${stopReasonText(event.stopReason)} · ${spent}`;
    if (outcome.answer === undefined && (outcome.stopReason === OPEN_ENDED || outcome.details?.openEnded)) {
      lines.push(
        `${style.bold('No short answer to vote on:')} the participants answered in prose (no "Final answer:" line), so nothing was counted.`,
      );
      const synthesis = this.texts.get(String(outcome.details?.synthesis ?? ''));
      if (synthesis) {
        out([...lines, `${style.bold(`The result, by ${by(synthesis.participantId)}:`)}`]);
        context.out(`${this.answerText(synthesis.text)}\n`);
        out([stopped]);
        return;
      }
      const finals = (outcome.details?.finalTurns as string[] | undefined)
        ?.map((id) => this.texts.get(id))
        .filter((turn) => turn !== undefined);
      const last = finals?.[0];
      lines.push(
        last
          ? `The result is the final round above (round ${last.round}${last.phase ? ` · ${last.phase}` : ''}): ${finals!.map((turn) => by(turn.participantId)).join(', ')}.`
          : 'The result is the final round above.',
      );
      out([...lines, stopped]);
      return;
    }
    lines.push(
      `Answer: ${outcome.answer !== undefined ? style.bold(sanitize(outcome.answer)) : style.dim('none')}${
        outcome.decidedBy ? ` ${style.dim(`(decided by ${by(outcome.decidedBy)})`)}` : ''
      }`,
      stopped,
    );
    out(lines);
  }

  private titleOf(id: string): string {
    if (id === 'vote') return 'vote';
    if (id === 'ranking') return 'ranking';
    return this.speakers.get(id)?.title ?? id;
  }

  /** A finished answer for the outcome: rendered Markdown on a terminal, else as written. */
  private answerText(text: string): string {
    if (!markdownEnabled(this.context)) return sanitize(text).trimEnd();
    return renderMarkdown(text, { width: this.context.width(), style: this.context.style }).join('\n');
  }

  /** Ends the live round (Ctrl-C, or the run ended without a run-end). */
  finish(): void {
    this.endRound();
  }

  private ensureView(): AnswerView {
    if (!this.view) {
      this.view = new AnswerView(this.context, [], {
        blocks: true,
        emitJson: false,
        input: this.options.input,
        statsFor: (turnId, terminal) =>
          formatStats({ usage: terminal.usage, cost: this.costs.get(turnId), timings: terminal.timings }),
      });
      this.view.start();
    }
    return this.view;
  }

  private endRound(): void {
    this.view?.finish();
    this.view = undefined;
    if (this.notes.length > 0)
      this.context.out(`${this.notes.map((note) => this.context.fit(note)).join('\n')}\n`);
    this.notes = [];
  }
}

/** A side's short name: "You are the PROPONENT. ..." is `proponent`; `defends "42".` stays as it is. */
export function sideName(side: string): string {
  const named = /you are the ([a-z][a-z -]{1,30}?)[.,:;]/i.exec(side);
  if (named) return named[1]!.trim().toLowerCase();
  const short = side.replace(/\.$/, '');
  return short.length > 60 ? `${short.slice(0, 59).trimEnd()}…` : short;
}

/** Stop reasons in words where the bare name could mislead. */
function stopReasonText(reason: string): string {
  switch (reason) {
    case 'deadlock':
      return 'deadlock (the vote was tied)';
    case OPEN_ENDED:
      return 'after the last round (open-ended)';
    case 'max-rounds':
      return 'max-rounds (the last round was played)';
    default:
      return reason;
  }
}
