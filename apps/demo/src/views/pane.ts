/**
 * One model's column: its name (or an anonymous letter in the arena), its thread, and per answer the
 * streaming text, the status, time to first token, tokens and cost, and a readable error that stays
 * in this column.
 */
import type { ChatModel, ChatRequest, StreamEvent, TerminalEvent } from '@trialogue/core';
import { costText, isSample, SAMPLE_LABEL } from '../models.js';
import { announce, button, h } from './dom.js';
import { messageView } from './message.js';

/** What the person can do with a pane. */
export interface PaneActions {
  onStop?: () => void;
  onRetry?: () => void;
  onRemove?: () => void;
}

/** A readable sentence for a failure: what happened, and what to do. */
export function errorText(error: {
  kind: string;
  message: string;
  provider?: string;
  code?: string;
}): string {
  if (error.code === 'missing-key') {
    return `No key for ${error.provider}. Add one on the Keys screen, or pick an offline sample model.`;
  }
  return error.message;
}

/**
 * What an anonymous (arena) answer shows when it fails, until the vote: the real message names its
 * provider ("No key for openai", "Anthropic is overloaded"), which would give the model away.
 */
export const ANONYMOUS_FAILURE =
  'This answer failed. What went wrong (and which model it was) is shown after your vote.';

/** One answer in a pane, fed with stream events. */
export class AnswerView {
  readonly element: HTMLElement;
  private readonly message = messageView();
  private readonly status = h('p', { class: 'status', role: 'status' });
  private readonly stats = h('p', { class: 'stats' });
  private readonly error = h('p', { class: 'error', role: 'alert' });
  private text = '';
  private scheduled = false;
  private ended: TerminalEvent | undefined;
  state: 'waiting' | 'streaming' | 'done' | 'stopped' | 'failed' = 'waiting';

  constructor(
    private readonly ref: string,
    private readonly name: () => string,
    /** Arena: no error message or cost that could tell the model, until `reveal()`. */
    private anonymous = false,
  ) {
    this.element = h('div', { class: 'answer', 'data-status': 'waiting', 'aria-busy': 'true' });
    this.element.append(this.status, this.message.element, this.stats, this.error);
    this.setStatus('waiting', 'Waiting…');
  }

  private setStatus(state: AnswerView['state'], text: string) {
    this.state = state;
    this.element.dataset.status = state;
    this.element.setAttribute('aria-busy', String(state === 'waiting' || state === 'streaming'));
    this.status.textContent = text;
  }

  private render() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.message.set(this.text, this.state === 'streaming');
    });
  }

  /** Applies one stream event. */
  apply(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        if (this.state === 'waiting') {
          this.setStatus('streaming', 'Answering…');
          announce(`${this.name()} started`);
        }
        break;
      case 'retry':
        this.setStatus(
          'waiting',
          `${event.error.kind === 'rate-limit' ? 'Rate limited' : 'Busy'}: retrying in ${Math.ceil(event.delayMs / 1000)} s (attempt ${event.attempt})…`,
        );
        break;
      case 'text-delta':
        if (this.state !== 'streaming') this.setStatus('streaming', 'Answering…');
        this.text += event.text;
        this.render();
        break;
      case 'finish':
      case 'error':
        this.end(event);
        break;
    }
  }

  /** The answer's end: final text, stats, and the error or stop. */
  end(event: TerminalEvent): void {
    this.ended = event;
    this.text = event.text;
    this.message.set(this.text, false);
    this.renderEnd();
    if (event.type === 'finish') announce(`${this.name()} finished`);
    else if (event.error.kind === 'aborted') announce(`${this.name()} stopped`);
    else announce(`${this.name()} failed: ${this.error.textContent}`, true);
  }

  /** After the arena's vote: the real error message and the cost. */
  reveal(): void {
    if (!this.anonymous) return;
    this.anonymous = false;
    if (this.ended) this.renderEnd();
  }

  private renderEnd(): void {
    const event = this.ended!;
    const parts: string[] = [];
    if (event.timings.timeToFirstTokenMs !== undefined)
      parts.push(`first token ${(event.timings.timeToFirstTokenMs / 1000).toFixed(2)} s`);
    parts.push(`${(event.timings.totalMs / 1000).toFixed(1)} s`);
    if (event.usage) {
      parts.push(`${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens`);
      const cost = this.anonymous ? '' : costText(this.ref, event.usage);
      if (cost) parts.push(cost);
    }
    this.stats.textContent = parts.join(' · ');
    if (event.type === 'finish') {
      this.setStatus('done', event.reason === 'length' ? 'Done (cut at the length limit)' : 'Done');
    } else if (event.error.kind === 'aborted') {
      this.setStatus('stopped', 'Stopped');
    } else {
      this.setStatus('failed', 'Failed');
      this.error.textContent = this.anonymous ? ANONYMOUS_FAILURE : errorText(event.error);
    }
  }
}

/** A pane: header, thread, actions. */
export class PaneView {
  readonly element: HTMLElement;
  private readonly title = h('h3', { class: 'pane-title' });
  private readonly badge = h('span', { class: 'badge' });
  // Focusable, so a keyboard can scroll a long answer.
  private readonly thread = h('div', { class: 'thread', role: 'log', 'aria-live': 'off', tabindex: '0' });
  private readonly actions = h('div', { class: 'pane-actions' });
  readonly stopButton: HTMLButtonElement;
  readonly retryButton: HTMLButtonElement;
  private shownName: string;
  private readonly answers: AnswerView[] = [];

  constructor(
    readonly id: string,
    private ref: string,
    name: string,
    actions: PaneActions,
  ) {
    this.shownName = name;
    this.element = h('article', { class: 'pane', 'data-pane': id, 'aria-label': name });
    this.stopButton = button('Stop', () => actions.onStop?.(), { class: 'stop', disabled: true });
    this.retryButton = button('Retry', () => actions.onRetry?.(), { class: 'retry', disabled: true });
    this.actions.append(this.stopButton, this.retryButton);
    if (actions.onRemove) this.actions.append(button('Remove', actions.onRemove, { class: 'remove' }));
    this.element.append(
      h('header', { class: 'pane-head' }, this.title, this.badge, this.actions),
      this.thread,
    );
    this.setName(name, ref);
  }

  /** Shows a (new) name: the arena reveals the model after the vote. */
  setName(name: string, ref: string): void {
    this.shownName = name;
    this.ref = ref;
    this.title.textContent = isSample(ref) ? name.replace(` (${SAMPLE_LABEL})`, '') : name;
    this.badge.textContent = isSample(ref) ? SAMPLE_LABEL : '';
    this.badge.hidden = !isSample(ref);
    this.element.dataset.model = ref;
    this.element.setAttribute('aria-label', name);
    this.thread.setAttribute('aria-label', `Messages of ${name}`);
  }

  get name(): string {
    return this.shownName;
  }

  addQuestion(text: string): void {
    this.thread.append(h('div', { class: 'question' }, h('span', { class: 'who' }, 'You'), h('p', {}, text)));
  }

  /** A new answer; `anonymous` (arena) hides what could tell the model until {@link reveal}. */
  startAnswer(options: { anonymous?: boolean } = {}): AnswerView {
    const answer = new AnswerView(this.ref, () => this.shownName, options.anonymous);
    this.answers.push(answer);
    this.thread.append(answer.element);
    return answer;
  }

  /** After the arena's vote: every answer shows its real error message and cost. */
  reveal(): void {
    for (const answer of this.answers) answer.reveal();
  }

  clear(): void {
    this.answers.length = 0;
    this.thread.replaceChildren();
  }

  /** Streams one request into a new answer; resolves with the terminal event (never rejects). */
  async run(
    model: ChatModel,
    request: ChatRequest,
    answer: AnswerView,
    onEvent?: (event: StreamEvent) => void,
  ): Promise<TerminalEvent> {
    this.stopButton.disabled = false;
    this.retryButton.disabled = true;
    let terminal: TerminalEvent | undefined;
    try {
      for await (const event of model.stream(request)) {
        answer.apply(event);
        onEvent?.(event);
        if (event.type === 'finish' || event.type === 'error') terminal = event;
      }
    } finally {
      this.stopButton.disabled = true;
      this.retryButton.disabled = false;
    }
    return terminal!;
  }
}
